import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/util/logger';
import { startHttpHost, type HttpHost } from '../../../src/server/http-server';
import { startCore } from '../../helpers/temp-core';

/**
 * Server-sent events with a client that never reads: the server's queue for it stays bounded
 * (it is dropped past the bound, and would reconnect and refetch), while a client that reads gets
 * every event. Bounded: ~24 MB of events through loopback.
 */
const TOKEN = 'sse-token';
const QUEUE = 1024 * 1024;
let core: Awaited<ReturnType<typeof startCore>>;
let host: HttpHost;

beforeAll(async () => {
  core = await startCore();
  host = await startHttpHost({ core, token: TOKEN, host: '127.0.0.1', port: 0, logger: silentLogger, maxSseQueueBytes: QUEUE });
});
afterAll(async () => {
  await host?.close();
  await core?.close();
});

const until = async (cond: () => boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return cond();
};

describe('SSE backpressure', () => {
  it('drops a client that never reads once its queue passes the bound; a reading client gets everything', async () => {
    // Counts relative to the start, so CI's retry of a failed attempt is judged on its own.
    const before = host.sseStats();
    // The stalled client: asks for the stream, then never reads a byte.
    const stalled = net.connect(host.port, '127.0.0.1');
    let stalledClosed = false;
    stalled.on('close', () => (stalledClosed = true));
    stalled.on('error', () => undefined);
    stalled.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`);
    stalled.pause();

    // The reading client.
    const ctrl = new AbortController();
    const res = await fetch(`${host.url}api/events`, { headers: { authorization: `Bearer ${TOKEN}` }, signal: ctrl.signal });
    const reader = res.body!.getReader();
    let seen = 0;
    let tail = '';
    const reading = (async () => {
      const dec = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        const text = tail + dec.decode(value, { stream: true });
        seen += text.split('event: requests.deleted\n').length - 1;
        tail = text.slice(-40);
        // Avoid counting a marker twice across chunks: drop whatever could be the start of the next one.
        if (tail.includes('event: requests.deleted\n')) tail = '';
      }
    })();
    expect(await until(() => host.sseStats().clients === before.clients + 2)).toBe(true);

    const ids = Array.from({ length: 100_000 }, (_, i) => 1_000_000 + i); // ~800 KB of JSON per event
    const EVENTS = 30;
    for (let i = 0; i < EVENTS; i++) {
      core.events.emit('requests.deleted', { inbox: 'default', ids });
      // Paced by the reading client (each event is most of the 1 MiB bound): on a loaded machine a
      // reader that falls two events behind would be dropped too, and that is not what is tested.
      await until(() => seen >= i + 1, 4000);
    }

    expect(await until(() => host.sseStats().dropped === before.dropped + 1)).toBe(true);
    expect(await until(() => seen === EVENTS)).toBe(true);
    expect(host.sseStats().clients).toBe(before.clients + 1);
    stalled.resume();
    expect(await until(() => stalledClosed)).toBe(true);
    ctrl.abort();
    await reading;
  });
});
