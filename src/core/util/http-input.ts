import type { Duplex } from 'node:stream';

/**
 * Parsing what arrives from the network never throws: a request target, a percent-escape or a
 * malformed request becomes `null` or a 400-style answer, and the listener keeps running.
 */

/** The path of a request target (origin form "/a/b?q" or absolute form "http://h/a/b"); null when it is neither. */
export function pathOfTarget(target: string): string | null {
  try {
    if (target.startsWith('/')) {
      // Parsed after a fixed authority so "//x/y" stays a path, not a host ("//%zz/" must not throw).
      return new URL('http://localhost' + target).pathname;
    }
    if (/^https?:\/\//i.test(target)) return new URL(target).pathname;
    return null;
  } catch {
    return null;
  }
}

/** decodeURIComponent that answers null for a malformed escape instead of throwing. */
export function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** The status and reason phrase a client error (the HTTP parser gave up) is answered with. */
export function statusOf(err: NodeJS.ErrnoException): [number, string] {
  if (err.code === 'HPE_HEADER_OVERFLOW') return [431, 'Request Header Fields Too Large'];
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'Request Timeout'];
  return [400, 'Bad Request'];
}

/** A raw response written straight to a socket (the HTTP parser gave up on the request). */
function rawAnswer(socket: Duplex, status: number, text: string, body: string, headers: Record<string, string>): void {
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\n${extra}Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** The `clientError` answer: 400/408/431 with a JSON body, then the connection closes. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex, headers: Record<string, string> = {}, body?: (text: string) => unknown): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, text] = statusOf(err);
  const message = `${text}: ${err.message}.`;
  rawAnswer(socket, status, text, JSON.stringify(body ? body(message) : { error: { code: 'invalid_input', message } }), headers);
}

/** CONNECT is not served by Hookbench's listeners: answer 405 instead of cutting the socket. */
export function refuseConnect(socket: Duplex, headers: Record<string, string> = {}, body: unknown = { error: { code: 'invalid_input', message: 'CONNECT is not supported here.' } }): void {
  socket.on('error', () => undefined);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  rawAnswer(socket, 405, 'Method Not Allowed', JSON.stringify(body), { ...headers, Allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS' });
}
