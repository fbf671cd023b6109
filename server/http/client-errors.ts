/**
 * Requests Node's HTTP parser refuses before any route sees them. Without a `clientError`
 * listener Node answers by itself with an empty body (431 for a header over `maxHeaderSize`,
 * 16 KB by default), which the widget cannot tell from a broken connection. With this one the
 * answer is the desk's usual problem+json, in Spanish, with the headers of any API answer.
 */
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { makeProblem, PROBLEM_CONTENT_TYPE } from './problems.ts';
import { API_POLICY, COMMON_HEADERS } from './security-headers.ts';

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/** The raw HTTP/1.1 answer for a request the parser refused, closing the connection. */
export function clientErrorResponse(error: NodeJS.ErrnoException): string {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n';
  const problem =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? makeProblem('request.headersTooLarge', {
          detail: 'Los encabezados de la solicitud son demasiado grandes (quizá demasiadas cookies para este sitio). Borre las cookies del sitio y vuelva a intentarlo.',
        })
      : makeProblem('request.malformed', { detail: 'La solicitud HTTP no se pudo leer.' });
  const body = JSON.stringify(problem);
  const headers: Record<string, string> = {
    'Content-Type': PROBLEM_CONTENT_TYPE,
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': API_POLICY,
    'X-Frame-Options': 'DENY',
    ...COMMON_HEADERS,
    Connection: 'close',
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return `HTTP/1.1 ${problem.status} ${REASONS[problem.status] ?? 'Bad Request'}\r\n${head}\r\n${body}`;
}

/** Answers the parser's refusals on `server` with `clientErrorResponse` (server/main.ts and the tests' server). */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A connection the client dropped, or one already answering: nothing can be written.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(clientErrorResponse(error));
  });
}
