import { mkdirSync } from 'node:fs';
import { open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors/app-error';

const UPLOAD = '.upload';
const PART = '.upload.part';
const REPORT = '.report.jsonl';
const REJECTS = '.rejects';

/**
 * A job's files under the upload directory: `<id>.upload` (the bytes as received, kept until the
 * job succeeds or is cancelled, so an interrupted or failed job can be resumed) and
 * `<id>.report.jsonl` and `<id>.rejects` (kept). An upload is written as `<id>.upload.part` and renamed only once
 * complete and synced, so a crash mid-upload never leaves something that looks like a whole file.
 */
export class JobFiles {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  upload(id: string): string {
    return path.join(this.dir, id + UPLOAD);
  }

  report(id: string): string {
    return path.join(this.dir, id + REPORT);
  }

  rejects(id: string): string {
    return path.join(this.dir, id + REJECTS);
  }

  /** Streams the source to disk chunk by chunk (never whole in memory); returns its size in bytes. */
  async receive(id: string, source: AsyncIterable<Uint8Array>, maxBytes?: number): Promise<number> {
    const part = path.join(this.dir, id + PART);
    const handle = await open(part, 'wx');
    let bytes = 0;
    try {
      for await (const chunk of source) {
        bytes += chunk.length;
        if (maxBytes !== undefined && bytes > maxBytes) {
          throw new AppError(
            'payload_too_large',
            `the upload is larger than the limit of ${maxBytes} bytes`,
            {
              maxBytes,
            },
          );
        }
        await writeAll(handle, chunk);
      }
      await handle.sync();
    } catch (err) {
      await handle.close();
      await rm(part, { force: true });
      throw err;
    }
    await handle.close();
    await rename(part, this.upload(id));
    return bytes;
  }

  async hasUpload(id: string): Promise<boolean> {
    return stat(this.upload(id)).then(
      () => true,
      () => false,
    );
  }

  async removeUpload(id: string): Promise<void> {
    await rm(this.upload(id), { force: true });
  }

  /** A run's outputs, before the job runs again: its report and its rejected records. */
  async removeRunFiles(id: string): Promise<void> {
    await rm(this.report(id), { force: true });
    await rm(this.rejects(id), { force: true });
  }

  /**
   * At start-up: partial uploads a crash cut short, and uploads no job still needs (the process died
   * between recording a job finished and deleting its upload). Returns how many files went.
   */
  async sweep(needed: (id: string) => boolean): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.dir)) {
      const stale = name.endsWith(PART) || (name.endsWith(UPLOAD) && !needed(name.slice(0, -UPLOAD.length)));
      if (!stale) continue;
      await rm(path.join(this.dir, name), { force: true });
      removed++;
    }
    return removed;
  }
}

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}
