import { AppError } from '../../errors/app-error';
import type { MarcWriter } from '../../marc/writers/writer';
import type { ExportRun } from './export.service';

/**
 * Where an export's bytes go: a file or stdout (the CLI's sink), an HTTP response. `write`
 * gathers; `drain` hands a full buffer on and waits when the other end is slower, so an export
 * holds about one page in memory whatever its size.
 */
export interface ExportSink {
  write(chunk: string | Uint8Array): void;
  drain(): Promise<void>;
}

export interface ExportTally {
  written: number;
  /** Records the format cannot hold (ISO 2709's 99,999 bytes), skipped and named. */
  skipped: { id: string; reason: string }[];
  /** The id of the last record written: where a resumed export picks up (`after`). */
  lastId?: string;
}

export interface ExportHooks {
  /** After each page, with the records written so far. */
  progress?(tally: ExportTally): void;
  /** A record skipped because the format cannot hold it. */
  skipped?(id: string, reason: string): void;
}

const SKIPPED_KEPT = 100;

/**
 * Writes every record of the run in one format: the writer's frame (an XML root, a JSON array),
 * then each record. A record the format cannot encode is skipped rather than ending the export
 * half written: every record in the output then reads back as the store holds it.
 */
export async function writeExport(
  run: ExportRun,
  writer: MarcWriter,
  sink: ExportSink,
  hooks: ExportHooks = {},
): Promise<ExportTally> {
  const tally: ExportTally = { written: 0, skipped: [] };
  sink.write(writer.begin());
  for await (const page of run.pages) {
    for (const { id, record } of page) {
      let bytes: string | Uint8Array;
      try {
        bytes = writer.write(record);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'marc_unencodable') throw err;
        if (tally.skipped.length < SKIPPED_KEPT) tally.skipped.push({ id, reason: err.message });
        hooks.skipped?.(id, err.message);
        continue;
      }
      sink.write(bytes);
      tally.written++;
      tally.lastId = id;
    }
    hooks.progress?.(tally);
    await sink.drain();
  }
  sink.write(writer.end());
  return tally;
}
