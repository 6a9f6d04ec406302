import { parentPort, workerData } from 'node:worker_threads';
import { documentPreparer } from '../backends/document-preparers';
import { createMapper } from '../mapping/mapper';
import { readMarcBatches } from '../marc/formats';
import { prepareEntry, type WireEntry } from './prepared-entry';
import { sendableError } from '../errors/thread-error';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-protocol';

/**
 * The ingest's worker thread: reads the chunks the writing thread pushes, parses, maps and
 * prepares every record (pure CPU), and sends entries back in order, in groups.
 */
const GROUP = 250;

const setup = workerData as WorkerSetup;
const port = parentPort!;
const send = (message: FromWorker): void => port.postMessage(message);

const chunks: Uint8Array[] = [];
let ended = false;
let unacknowledged = 0;
let wake: (() => void) | undefined;
let out: WireEntry[] = [];

port.on('message', (message: ToWorker) => {
  if ('chunk' in message) chunks.push(message.chunk);
  else if ('end' in message) ended = true;
  else unacknowledged -= message.ack;
  wake?.();
});

function sleep(): Promise<void> {
  return new Promise((resolve) => (wake = resolve));
}

function post(): void {
  if (out.length === 0) return;
  send({ entries: out });
  unacknowledged += out.length;
  out = [];
}

/** The pushed chunks as a byte source; what is prepared goes out before waiting for more. */
async function* input(): AsyncGenerator<Uint8Array> {
  for (;;) {
    const chunk = chunks.shift();
    if (chunk) {
      send({ took: true });
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    } else if (ended) return;
    else {
      post();
      await sleep();
    }
  }
}

async function run(): Promise<void> {
  const map = createMapper(setup.profile);
  const prepareDocument = setup.documentPreparer ? documentPreparer(setup.documentPreparer) : undefined;
  const options = { format: setup.format, charset: setup.charset };
  for await (const items of readMarcBatches(input(), options)) {
    for (const item of items) out.push(prepareEntry(item, setup.file, map, prepareDocument));
    if (out.length >= GROUP) post();
    while (unacknowledged >= setup.maxUnacknowledged) await sleep();
  }
  post();
  send({ done: true });
}

run().catch((err: unknown) => {
  post();
  send({ error: sendableError(err) });
});
