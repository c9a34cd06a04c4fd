import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionGuardOptions {
  /** A connection with no request in progress (nothing sent yet, or keep-alive between requests) is closed after this long. */
  idleTimeoutMs: () => number;
  /** At most this many connections; at the cap an idle one is closed to make room before a new one is refused. */
  maxConnections: () => number;
  /** The server has its own 'checkContinue' handler (then requests with Expect: 100-continue arrive there). */
  handlesCheckContinue?: boolean;
}

export interface ConnectionGuard {
  /** Open connections (for status and for closing). */
  readonly sockets: Set<Socket>;
  /** How many connections were closed for being idle, and how many were refused at the cap. */
  readonly counters: { idleClosed: number; refused: number };
}

interface State {
  /** Requests in progress on this connection (a response not yet closed). */
  busy: number;
}

/**
 * Idle connections cannot hold a listener's slots: a connection that sends nothing, or stays idle
 * after a response, is closed after the idle timeout; and when the cap is reached, the oldest idle
 * connection makes room for the new one. Only when every connection is working is a new one refused.
 *
 * `event` is 'connection' for HTTP and 'secureConnection' for HTTPS (the socket the requests see).
 * Node's own maxConnections must stay unset on the server: this guard applies the cap.
 */
export function guardConnections(
  server: Server,
  event: 'connection' | 'secureConnection',
  opts: ConnectionGuardOptions,
): ConnectionGuard {
  // Insertion order = age: the first idle one found is the oldest.
  const states = new Map<Socket, State>();
  const sockets = new Set<Socket>();
  const counters = { idleClosed: 0, refused: 0 };

  const evictIdle = (): boolean => {
    for (const [s, st] of states) {
      if (st.busy === 0) {
        counters.idleClosed++;
        states.delete(s);
        s.destroy();
        return true;
      }
    }
    return false;
  };

  server.on(event, (socket: Socket) => {
    if (states.size >= opts.maxConnections() && !evictIdle()) {
      counters.refused++;
      socket.destroy();
      return;
    }
    states.set(socket, { busy: 0 });
    sockets.add(socket);
    socket.setTimeout(opts.idleTimeoutMs());
    socket.once('close', () => {
      states.delete(socket);
      sockets.delete(socket);
    });
  });

  // With a 'timeout' listener on the server, node leaves the decision to us: idle connections
  // go, working ones (a slow upload, a held response, an event stream) are left to the request
  // timeouts that apply to them.
  //
  // The close waits for the poll phase after the timer: when the event loop was held past the
  // timeout (a large export or insert), a request the client sent in time may be waiting unread
  // in the kernel, and closing before reading it reset the client's request (ECONNRESET on a
  // kept-alive connection it had every reason to reuse). Anything read meanwhile keeps it open.
  server.on('timeout', (socket: Socket) => {
    const st = states.get(socket);
    if (st && st.busy > 0) return;
    const read = socket.bytesRead;
    setImmediate(() => {
      if (socket.destroyed || socket.bytesRead !== read) return;
      const now = states.get(socket);
      if (now && now.busy > 0) return;
      counters.idleClosed++;
      socket.destroy();
    });
  });

  const began = (req: IncomingMessage, res: ServerResponse) => {
    const st = states.get(req.socket as Socket);
    if (!st) return;
    st.busy++;
    res.once('close', () => {
      st.busy--;
      if (st.busy === 0 && !req.socket.destroyed) req.socket.setTimeout(opts.idleTimeoutMs());
    });
  };
  // Registered first, so the count is right before any handler runs. 'checkContinue' only when
  // the server handles it: a listener there (or on 'upgrade') changes what node does with the request.
  server.prependListener('request', began);
  if (opts.handlesCheckContinue) server.prependListener('checkContinue', began);

  return { sockets, counters };
}
