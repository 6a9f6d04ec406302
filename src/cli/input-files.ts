import { accessSync, constants, statSync } from 'node:fs';
import { AppError } from '../errors/app-error';
import { noRecordsMessage } from '../ingest/pipeline';
import { describeNonMarc } from '../marc/non-marc';

/**
 * Checks every input path before any is opened: a read stream opened on a missing file emits its
 * error on a later tick, where nothing catches it, and Node prints a stack trace after our message.
 * Returns each file's size (undefined for standard input, `-`).
 */
export function checkInputs(files: readonly string[]): (number | undefined)[] {
  return files.map((file) => (file === '-' ? undefined : sizeOf(file)));
}

function sizeOf(file: string): number {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw unreadable(file, 'it is a directory');
    size = stat.size;
    accessSync(file, constants.R_OK);
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw unreadable(
      file,
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code),
    );
  }
  return size;
}

function unreadable(file: string, why: string): AppError {
  return new AppError('input_unreadable', `cannot read ${file}: ${why}`, { file });
}

/**
 * A file with no MARC record in it is not a clean run of 0: says what it looked like instead (the
 * same warning as the ingest summary's) and gives exit code 1.
 */
export function noRecordsExit(read: number, file: string, head: Uint8Array): 0 | 1 {
  if (read > 0) return 0;
  const name = file === '-' ? 'standard input' : file;
  process.stderr.write(`warning: ${noRecordsMessage({ file: name, looksLike: describeNonMarc(head) })}\n`);
  return 1;
}
