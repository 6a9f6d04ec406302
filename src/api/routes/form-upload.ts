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
      return reject(badForm(messageOf(err))); // no boundary, or not multipart at all
    }
    const reader = new FormReader(resolve, reject);
    form.on('field', (name, value) => reader.field(name, value));
    form.on('file', (name, stream, info) => reader.file(name, stream, info.filename));
    for (const limit of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const)
      form.on(limit, () =>
        reader.fail(badForm(`the form has more than ${LIMITS.fields} fields or one file`)),
      );
    form.on('error', (err) => reader.fail(err));
    form.on('close', () => reader.close());
    body.on('error', (err) => reader.fail(err)); // payload_too_large from the byte limit
    body.pipe(form);
  });
}

/** One form's parts as they come: fields until the file, then the file, then the end. */
class FormReader {
  private readonly fields: Record<string, string> = {};
  private started?: Readable;
  private endOfForm: (err?: Error) => void = () => undefined;
  private readonly finished = new Promise<void>((ok, ko) => {
    this.endOfForm = (err) => (err ? ko(err) : ok());
  });

  constructor(
    private readonly resolve: (upload: FormUpload) => void,
    private readonly reject: (err: Error) => void,
  ) {
    this.finished.catch(() => undefined); // observed by the file's reader, or by nobody once refused
  }

  field(name: string, value: string): void {
    if (this.started) return this.fail(badForm(`form field ${name} came after the file; send the file last`));
    this.fields[name] = value;
  }

  file(name: string, stream: Readable, fileName: string | undefined): void {
    if (name !== FILE_FIELD || this.started) {
      stream.resume();
      return this.fail(badForm(`one file part named "${FILE_FIELD}" is expected, not "${name}"`));
    }
    this.started = stream;
    // Its reader sees errors through iteration; once that is over, a late one must not crash.
    stream.on('error', () => undefined);
    this.resolve({
      fields: this.fields,
      ...(fileName ? { fileName } : {}),
      file: fileThenEnd(stream, this.finished),
      discard: () => stream.resume(),
    });
  }

  fail(err: unknown): void {
    const error = err instanceof AppError ? err : badForm(messageOf(err));
    if (!this.started) return this.reject(error);
    this.endOfForm(error);
    // The file may be waiting for bytes that will not come: end its reader with the error.
    if (!this.started.readableEnded) this.started.destroy(error);
  }

  close(): void {
    if (this.started) this.endOfForm();
    else this.reject(badForm(`the form has no file part "${FILE_FIELD}"`));
  }
}

/** The file's chunks, then the end of the whole form: an error after the file still fails the upload. */
async function* fileThenEnd(file: Readable, finished: Promise<void>): AsyncGenerator<Uint8Array> {
  for await (const chunk of file as AsyncIterable<Buffer>) yield chunk;
  await finished;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function badForm(why: string): AppError {
  return new AppError('invalid_body', `multipart/form-data upload: ${why}`);
}
