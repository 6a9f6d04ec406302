import { Option, type Command } from 'commander';
import type { CharsetOption } from '../marc/charset/charset';
import { MARC_FORMATS, type MarcFormat } from '../marc/detect';
import type { ReadMarcOptions } from '../marc/formats';

/** The reading options every command that takes MARC input shares. */
export interface ReadFlags {
  from: MarcFormat | 'auto';
  charset: CharsetOption;
  strict?: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

export function readOptionsFrom(flags: ReadFlags): ReadMarcOptions {
  return { format: flags.from, charset: flags.charset, strict: Boolean(flags.strict) };
}

/** --from, --charset and --strict: how every command that reads MARC files reads them. */
export function addReadOptions(command: Command): Command {
  return command
    .addOption(
      new Option('-f, --from <format>', 'input format').choices(['auto', ...MARC_FORMATS]).default('auto'),
    )
    .addOption(
      new Option('--charset <charset>', 'ISO 2709 input charset')
        .choices(['auto', 'utf8', 'marc8', 'latin1'])
        .default('auto'),
    )
    .option('--strict', 'stop at the first damaged record');
}
