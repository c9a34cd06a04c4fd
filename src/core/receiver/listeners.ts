import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { HookbenchError } from '../../shared/errors';
import { guardConnections, type ConnectionGuard } from '../util/connection-guard';
import type { createRequestHandler } from './request-handler';

export interface ListenConfig {
  host: string;
  port: number;
  https: { port: number; key: string; cert: string } | null;
  maxHeaderBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxConnections: number;
}

export interface Bound {
  server: http.Server;
  host: string;
  port: number;
  sockets: Set<Socket>;
  /** Applied live (see applyLive); read by the connection guard on every new connection. */
  limits: { maxConnections: number; idleTimeoutMs: number };
  guard: ConnectionGuard;
}

/**
 * A connection with no request in progress is closed after this long: as long as a slow client
 * gets to send its headers, and never more than the keep-alive timeout.
 */
export const idleTimeoutOf = (cfg: Pick<ListenConfig, 'headersTimeoutMs'>) => Math.min(cfg.headersTimeoutMs, KEEP_ALIVE_MS);
const KEEP_ALIVE_MS = 5000;

type Handler = ReturnType<typeof createRequestHandler>;

const displayHost = (host: string) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host);

export const baseUrl = (b: Bound, scheme: 'http' | 'https') => `${scheme}://${displayHost(b.host)}:${b.port}`;

function listenOne(cfg: ListenConfig, tls: ListenConfig['https'], port: number, handler: Handler): Promise<Bound> {
  const options: http.ServerOptions = {
    maxHeaderSize: cfg.maxHeaderBytes,
    headersTimeout: Math.min(cfg.headersTimeoutMs, cfg.requestTimeoutMs),
    requestTimeout: cfg.requestTimeoutMs,
    // How often header/request timeouts are checked (Node's default is every 30 s).
    connectionsCheckingInterval: 500,
    keepAliveTimeout: idleTimeoutOf(cfg),
    requireHostHeader: false,
    joinDuplicateHeaders: false,
  };
  const limits = { maxConnections: cfg.maxConnections, idleTimeoutMs: idleTimeoutOf(cfg) };
  // A TLS client that never finishes its handshake is cut like an idle one.
  const server = tls
    ? https.createServer({ ...options, key: tls.key, cert: tls.cert, handshakeTimeout: limits.idleTimeoutMs })
    : http.createServer(options);
  if (tls) server.maxConnections = cfg.maxConnections * 2; // handshakes in progress; the guard caps the rest
  const guard = guardConnections(server, tls ? 'secureConnection' : 'connection', {
    idleTimeoutMs: () => limits.idleTimeoutMs,
    maxConnections: () => limits.maxConnections,
    handlesCheckContinue: true,
  });
  const sockets = guard.sockets;
  server.on('request', handler.onRequest);
  server.on('checkContinue', handler.onCheckContinue);
  server.on('clientError', handler.onClientError);
  server.on('connect', handler.onConnect);
  if (tls) server.on('tlsClientError', (_err: Error, socket: Socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.close();
      const what = tls ? 'HTTPS port' : 'port';
      reject(
        new HookbenchError(
          'conflict',
          err.code === 'EADDRINUSE'
            ? `The receiver cannot listen on ${what} ${port} of ${cfg.host}: another program is using it. Pick another port in Settings, or close that program.`
            : err.code === 'EACCES'
              ? `The receiver is not allowed to listen on ${what} ${port}. Ports below 1024 need administrator rights; pick a port from 1024 up.`
              : `The receiver cannot listen on ${cfg.host}:${port} (${err.code ?? err.message}). Pick another port or interface in Settings.`,
        ),
      );
    };
    server.once('error', onError);
    server.listen({ port, host: cfg.host, exclusive: true }, () => {
      server.off('error', onError);
      server.on('error', () => {}); // Errors after listening are per connection; never crash.
      const addr = server.address() as AddressInfo;
      resolve({ server, host: cfg.host, port: addr.port, sockets, limits, guard });
    });
  });
}

/** Stops listening, lets requests in progress finish for a moment, then cuts the rest. */
export async function closeBound(b: Bound | null, graceMs = 1000): Promise<void> {
  if (!b) return;
  const closed = new Promise<void>((r) => b.server.close(() => r()));
  b.server.closeIdleConnections();
  const timer = setTimeout(() => {
    for (const s of b.sockets) s.destroy();
    b.server.closeAllConnections();
  }, graceMs);
  await closed;
  clearTimeout(timer);
}

/** Binds the HTTP listener and, when configured, the HTTPS one; both or neither. */
export async function bindAll(cfg: ListenConfig, handler: Handler): Promise<{ http: Bound; https: Bound | null }> {
  const plain = await listenOne(cfg, null, cfg.port, handler);
  if (!cfg.https) return { http: plain, https: null };
  try {
    const secure = await listenOne(cfg, cfg.https, cfg.https.port, handler);
    return { http: plain, https: secure };
  } catch (err) {
    await closeBound(plain, 0);
    throw err;
  }
}

/** Timeouts and limits that apply to a running listener without rebinding. */
export function applyLive(b: Bound | null, cfg: ListenConfig): void {
  if (!b) return;
  b.server.headersTimeout = Math.min(cfg.headersTimeoutMs, cfg.requestTimeoutMs);
  b.server.requestTimeout = cfg.requestTimeoutMs;
  b.limits.maxConnections = cfg.maxConnections;
  b.limits.idleTimeoutMs = idleTimeoutOf(cfg);
  b.server.keepAliveTimeout = b.limits.idleTimeoutMs;
  if (b.server instanceof https.Server) b.server.maxConnections = cfg.maxConnections * 2;
}
