import { isControlField, type DataField, type MarcRecord } from '../record';
import type { MarcWriter } from './writer';

/** A data field as MARC-in-JSON writes it. */
export interface MarcInJsonDataField {
  ind1: string;
  ind2: string;
  ind3?: string;
  subfields: Array<Record<string, string>>;
}

export interface MarcInJson {
  leader: string;
  fields: Array<Record<string, string | MarcInJsonDataField>>;
}

/** The code4lib MARC-in-JSON object for a record, fields in record order. */
export function toMarcInJson(record: MarcRecord): MarcInJson {
  return {
    leader: record.leader,
    fields: record.fields.map((field) =>
      isControlField(field) ? { [field.tag]: field.value } : { [field.tag]: dataBody(field) },
    ),
  };
}

function dataBody(field: DataField): MarcInJsonDataField {
  const subfields = field.subfields.map((sf) => ({ [sf.code]: sf.value }));
  if (field.ind3 === undefined) return { ind1: field.ind1, ind2: field.ind2, subfields };
  return { ind1: field.ind1, ind2: field.ind2, ind3: field.ind3, subfields };
}

const q = JSON.stringify;

/**
 * The same JSON text as `JSON.stringify(toMarcInJson(record))`, built directly: objects keyed by
 * numeric-looking tags ("245") are slow for V8 to create and to stringify (about 4x here).
 */
export function marcInJsonText(record: MarcRecord): string {
  let out = `{"leader":${q(record.leader)},"fields":[`;
  record.fields.forEach((field, i) => {
    out += `${i === 0 ? '' : ','}{${q(field.tag)}:`;
    if (isControlField(field)) {
      out += `${q(field.value)}}`;
      return;
    }
    const ind3 = field.ind3 === undefined ? '' : `,"ind3":${q(field.ind3)}`;
    out += `{"ind1":${q(field.ind1)},"ind2":${q(field.ind2)}${ind3},"subfields":[`;
    field.subfields.forEach((sf, k) => {
      out += `${k === 0 ? '' : ','}{${q(sf.code)}:${q(sf.value)}}`;
    });
    out += ']}}';
  });
  return `${out}]}`;
}

export interface MijWriterOptions {
  /** One compact object per line (JSON lines) instead of one JSON array. */
  lines: boolean;
}

/**
 * MARC-in-JSON output. As an array, each record sits compact on its own line between `[` and
 * `]`, so the output is both valid JSON and cheap to split again.
 */
export function mijWriter(options: MijWriterOptions = { lines: false }): MarcWriter {
  if (options.lines) {
    return {
      mediaType: 'application/x-ndjson',
      extension: 'jsonl',
      begin: () => '',
      write: (record) => `${marcInJsonText(record)}\n`,
      end: () => '',
    };
  }
  let first = true;
  return {
    mediaType: 'application/json',
    extension: 'json',
    begin: () => {
      first = true;
      return '[';
    },
    write: (record) => {
      const text = `${first ? '\n' : ',\n'}${marcInJsonText(record)}`;
      first = false;
      return text;
    },
    end: () => (first ? ']\n' : '\n]\n'),
  };
}
