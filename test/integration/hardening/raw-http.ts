import net from 'node:net';

/**
 * One raw HTTP exchange over a fresh TCP connection: the bytes go out as they are (latin1, so any
 * byte can be sent), and the answer's status code comes back (null when the server closed the
 * connection without answering, or did not answer within the time limit).
 */
export function rawExchange(port: number, head: string, timeoutMs = 3000): Promise<{ status: number | null; text: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const m = /^HTTP\/1\.[01] (\d{3}) /.exec(text);
      resolve({ status: m ? Number(m[1]) : null, text });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (c: Buffer) => {
      text += c.toString('latin1');
      // The head is enough: the status line and the blank line after the headers.
      if (text.includes('\r\n\r\n')) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(Buffer.from(head, 'latin1'));
  });
}

/** A normal request, to check the server still serves after the hostile ones. */
export function rawGet(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number | null; text: string }> {
  const lines = Object.entries({ Host: `127.0.0.1:${port}`, Connection: 'close', ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
  return rawExchange(port, `GET ${path} HTTP/1.1\r\n${lines.join('')}\r\n`);
}
