import { Option, type Command } from 'commander';
import type { CharsetOption } from '../marc/charset/charset';
import { MARC_FORMATS, type MarcFormat } from '../marc/detect';
import type { ReadMarcOptions } from '../marc/formats';
import { addAlias } from './option-aliases';

/** The reading options every command that takes MARC input shares. */
export interface ReadFlags {
  format: MarcFormat | 'auto';
  charset: CharsetOption;
  strict?: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

export function readOptionsFrom(flags: ReadFlags): ReadMarcOptions {
  return { format: flags.format, charset: flags.charset, strict: Boolean(flags.strict) };
}

/** --format, --charset and --strict: how every command that reads MARC files reads them. */
export function addReadOptions(command: Command): Command {
  command.addOption(formatOption());
  addAlias(command, '--from <format>', 'format');
  return command
    .addOption(
      new Option('--charset <charset>', 'ISO 2709 input charset')
        .choices(['auto', 'utf8', 'marc8', 'latin1'])
        .default('auto'),
    )
    .option('--strict', 'stop at the first damaged record');
}

/** `-f, --format`: the input format, as `format` in POST /ingest. */
export function formatOption(): Option {
  return new Option('-f, --format <format>', 'input format')
    .choices(['auto', ...MARC_FORMATS])
    .default('auto');
}
