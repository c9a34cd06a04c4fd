import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { startCore } from '../../helpers/temp-core';
import { useCleanups } from '../helpers/fixture-process';

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  at: number;
}

export type Reply = (
  req: Received,
  n: number,
) => { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } | 'hang' | 'drop';

/** A local receiving server on 127.0.0.1:0 that records every request and answers with `reply`. */
export async function startSink(reply: Reply = () => ({ status: 204 }), tls?: { key: string; cert: string }) {
  const received: Received[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
        at: Date.now(),
      };
      received.push(r);
      const answer = reply(r, received.length);
      for (const w of waiters.filter((w) => received.length >= w.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      if (answer === 'hang') return;
      if (answer === 'drop') return req.socket.destroy();
      const send = () => {
        res.writeHead(answer.status, answer.headers ?? {});
        res.end(answer.body ?? '');
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    received,
    port,
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    /** Resolves once `n` requests have arrived (rejects after `ms`). */
    waitFor(n: number, ms = 10_000): Promise<void> {
      if (received.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`sink got ${received.length} of ${n} requests in ${ms} ms`)),
          ms,
        );
        waiters.push({ n, resolve: () => (clearTimeout(t), resolve()) });
      });
    },
    close: () =>
      new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

export type Sink = Awaited<ReturnType<typeof startSink>>;
export type TestCore = Awaited<ReturnType<typeof startCore>>;

/** Polls a condition until it holds (bounded). */
export async function until<T>(fn: () => T | Promise<T>, ms = 10_000, step = 20): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, step));
  }
}

/** Waits until a delivery reaches one of the given statuses; returns its detail. */
export async function settle(
  core: TestCore,
  id: string,
  statuses = ['succeeded', 'failed', 'cancelled'],
  ms = 10_000,
) {
  return until(async () => {
    const d = await core.call('deliveries.get', { id });
    return statuses.includes(d.status) ? d : null;
  }, ms);
}

export const header = (r: Received, name: string): string => {
  const v = r.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
};

/**
 * A fresh core and a local sink (answering with `reply`, over TLS with `tls`) per call, both closed
 * after the test (on `cleanups`, else on its own list and afterEach).
 */
export function useCoreAndSink(cleanups = useCleanups()) {
  return async (reply?: Reply, tls?: { key: string; cert: string }): Promise<{ core: TestCore; sink: Sink }> => {
    const core = await startCore();
    const sink = await startSink(reply, tls);
    cleanups.push(
      () => core.close(),
      () => sink.close(),
    );
    return { core, sink };
  };
}
