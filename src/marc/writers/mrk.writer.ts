import { AppError } from '../../errors/app-error';
import { encodeMnemonics } from '../charset/mnemonics';
import { isControlField, isWritableTag, type DataField, type MarcRecord } from '../record';
import type { MarcWriter } from './writer';

/**
 * MARC mnemonic text as MarcEdit writes `.mrk8`: UTF-8 with literal characters, `\` for blanks
 * in the leader, control fields and indicators, `$` before each subfield code, and mnemonics only
 * where a literal character would be ambiguous (`{dollar}`, `{lcub}`, `{rcub}`, `{bsol}`, control
 * characters). Leader/09 says `a`, since the text is Unicode. Records end with a blank line.
 */
export function toMrk(record: MarcRecord): string {
  const leader = (record.leader + ' '.repeat(24)).slice(0, 24);
  const lines = [`=LDR  ${encodeMnemonics(`${leader.slice(0, 9)}a${leader.slice(10)}`, true)}`];
  for (const field of record.fields) {
    checkTag(field.tag);
    if (isControlField(field)) lines.push(`=${field.tag}  ${encodeMnemonics(field.value, true)}`);
    else lines.push(`=${field.tag}  ${indicators(field)}${subfields(field)}`);
  }
  return `${lines.join('\n')}\n\n`;
}

function checkTag(tag: string): void {
  if (!isWritableTag(tag)) throw unencodable(`tag "${tag}" is not three letters or digits`);
}

function indicators(field: DataField): string {
  const inds = field.ind3 === undefined ? [field.ind1, field.ind2] : [field.ind1, field.ind2, field.ind3];
  return inds
    .map((ind) => {
      if (ind === ' ' || ind === '') return '\\';
      if (ind.length !== 1 || '$\\{}'.includes(ind) || ind < ' ') {
        throw unencodable(`field ${field.tag}: indicator ${JSON.stringify(ind)} cannot be written in .mrk`);
      }
      return ind;
    })
    .join('');
}

function subfields(field: DataField): string {
  let out = '';
  for (const sf of field.subfields) {
    if ([...sf.code].length !== 1)
      throw unencodable(`field ${field.tag}: subfield code ${JSON.stringify(sf.code)}`);
    out += `$${encodeMnemonics(sf.code)}${encodeMnemonics(sf.value)}`;
  }
  return out;
}

function unencodable(message: string): AppError {
  return new AppError('marc_unencodable', message, { format: 'mrk' });
}

/** The .mrk writer: records one after another, each closed by a blank line. */
export function mrkWriter(): MarcWriter {
  return {
    mediaType: 'text/plain; charset=utf-8',
    extension: 'mrk',
    begin: () => '',
    write: toMrk,
    end: () => '',
  };
}
