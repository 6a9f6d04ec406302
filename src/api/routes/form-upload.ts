import busboy from 'busboy';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { AppError } from '../../errors/app-error';

/** An HTML form's upload: the fields sent before the file, and the file as it streams in. */
export interface FormUpload {
  fields: Record<string, string>;
  /** The name the browser gave the file, without any path. */
  fileName?: string;
  /** The file's bytes; fails if the form breaks off or a field follows the file. */
  file: AsyncIterable<Uint8Array>;
  /** Reads and drops the rest, when the upload is refused after its file began. */
  discard(): void;
}

/** The part that carries the file; every other part is a field named like a query parameter. */
export const FILE_FIELD = 'file';

const LIMITS = { files: 1, fields: 20, fieldSize: 1024, parts: 21 };

/**
 * Parses `multipart/form-data` as it streams (busboy): resolves when the file part begins, with the
 * fields before it, so the file goes to disk chunk by chunk like a raw body. The file must be the
 * last part (a browser sends the form's inputs in order): options that came after it would arrive
 * once the job had been queued without them, so they fail the upload instead.
 */
export function readFormUpload(body: Readable, headers: IncomingHttpHeaders): Promise<FormUpload> {
  return new Promise((resolve, reject) => {
    let form: busboy.Busboy;
    try {
      form = busboy({ headers, limits: LIMITS });
    } catch (err) {
      return reject(badForm(err instanceof Error ? err.message : String(err)));
    }
    const fields: Record<string, string> = {};
    let started: Readable | undefined;
    let endOfForm: (err?: Error) => void = () => undefined;
    const finished = new Promise<void>((ok, ko) => {
      endOfForm = (err) => (err ? ko(err) : ok());
    });
    finished.catch(() => undefined); // observed by the file's reader, or by nobody once refused
    const fail = (err: unknown): void => {
      const error = err instanceof AppError ? err : badForm(err instanceof Error ? err.message : String(err));
      if (!started) return reject(error);
      endOfForm(error);
      // The file may be waiting for bytes that will not come: end its reader with the error.
      if (!started.readableEnded) started.destroy(error);
    };
    form.on('field', (name, value) => {
      if (started) return fail(badForm(`form field ${name} came after the file; send the file last`));
      fields[name] = value;
    });
    form.on('file', (name, stream, info) => {
      if (name !== FILE_FIELD || started) {
        stream.resume();
        return fail(badForm(`one file part named "${FILE_FIELD}" is expected, not "${name}"`));
      }
      started = stream;
      // Its reader sees errors through iteration; once that is over, a late one must not crash.
      stream.on('error', () => undefined);
      resolve({
        fields,
        ...(info.filename ? { fileName: info.filename } : {}),
        file: fileThenEnd(stream, finished),
        discard: () => stream.resume(),
      });
    });
    for (const limit of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const)
      form.on(limit, () => fail(badForm(`the form has more than ${LIMITS.fields} fields or one file`)));
    form.on('error', fail);
    form.on('close', () =>
      started ? endOfForm() : reject(badForm(`the form has no file part "${FILE_FIELD}"`)),
    );
    body.on('error', fail);
    body.pipe(form);
  });
}

/** The file's chunks, then the end of the whole form: an error after the file still fails the upload. */
async function* fileThenEnd(file: Readable, finished: Promise<void>): AsyncGenerator<Uint8Array> {
  for await (const chunk of file as AsyncIterable<Buffer>) yield chunk;
  await finished;
}

function badForm(why: string): AppError {
  return new AppError('invalid_body', `multipart/form-data upload: ${why}`);
}
