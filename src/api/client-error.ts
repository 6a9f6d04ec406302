import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERROR_CODES, type ErrorCode } from '../errors/codes';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_PREFIX } from './problem';

/**
 * Requests Node's HTTP parser refuses before Express sees them (a URL or headers past its 16 KB
 * limit, malformed HTTP) are answered as problem+json too, instead of Node's bare status line.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || err.code === 'ECONNRESET') return void socket.destroy();
    const code: ErrorCode = err.code === 'HPE_HEADER_OVERFLOW' ? 'headers_too_large' : 'bad_request';
    const { status, title } = ERROR_CODES[code];
    const body = JSON.stringify({ type: PROBLEM_TYPE_PREFIX + code, title, status, instance: '/', code });
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
