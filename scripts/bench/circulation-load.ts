import http from 'node:http';

/**
 * One cell of bench:circulation: `concurrency` keep-alive connections, each sending the next
 * request of a shared list as soon as its previous answer is in (a closed loop; 1 is sequential),
 * until the list is done or `maxSeconds` have passed (then the requests in flight finish and no
 * more start). Each request is sent once: a check-out takes an item, so unlike bench:api's reads
 * nothing is repeated. Latency is hrtime from the write of a request to the end of its answer.
 * node:http rather than autocannon, which cannot say which request got which status, and the
 * check-in cell needs the items each check-out really took.
 */

export interface CellRequest {
  method: 'POST' | 'PATCH';
  path: string;
  body: unknown;
  /** Carried to the result: which item a request was about. */
  tag: string;
}

export interface CellResult {
  concurrency: number;
  seconds: number;
  latenciesMs: number[];
  /** Answers by status code. */
  statuses: Record<string, number>;
  /** Tags of the requests that answered `okStatus`. */
  ok: string[];
  /** The first few answers that were not `okStatus`, with their bodies. */
  failures: string[];
  errors: number;
}

export interface CellOptions {
  baseUrl: string;
  key: string;
  requests: readonly CellRequest[];
  concurrency: number;
  maxSeconds: number;
  okStatus: number;
}

function send(
  agent: http.Agent,
  url: URL,
  key: string,
  request: CellRequest,
): Promise<{ status: number; body: string; ms: number }> {
  const payload = Buffer.from(JSON.stringify(request.body));
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        headers: {
          'content-type': 'application/json',
          'content-length': payload.length,
          authorization: `Bearer ${key}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: Number(process.hrtime.bigint() - start) / 1e6,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export async function runCell(opts: CellOptions): Promise<CellResult> {
  const url = new URL(opts.baseUrl);
  if (url.hostname !== '127.0.0.1')
    throw new Error(`bench:circulation talks to 127.0.0.1 only, not ${url.host}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const result: CellResult = {
    concurrency: opts.concurrency,
    seconds: 0,
    latenciesMs: [],
    statuses: {},
    ok: [],
    failures: [],
    errors: 0,
  };
  const start = performance.now();
  const deadline = start + opts.maxSeconds * 1000;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < opts.requests.length && performance.now() < deadline) {
      const request = opts.requests[next++]!;
      try {
        const answer = await send(agent, url, opts.key, request);
        result.latenciesMs.push(answer.ms);
        result.statuses[answer.status] = (result.statuses[answer.status] ?? 0) + 1;
        if (answer.status === opts.okStatus) result.ok.push(request.tag);
        else if (result.failures.length < 5)
          result.failures.push(`${answer.status} ${request.path} ${answer.body.slice(0, 300)}`);
      } catch (err) {
        result.errors++;
        if (result.failures.length < 5) result.failures.push(`${request.path}: ${String(err)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  result.seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return result;
}
