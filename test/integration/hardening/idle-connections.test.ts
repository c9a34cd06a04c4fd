import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/util/logger';
import { startHttpHost, type HttpHost } from '../../../src/server/http-server';
import { startCore } from '../../helpers/temp-core';
import { rawExchange } from './raw-http';

/**
 * Stress: more idle TCP connections (that never send a byte) than the listener's cap. A normal
 * request is still served at once (idle connections make room), and the idle ones are closed
 * within the idle timeout. A connection that is working (an upload in progress) is never the one
 * closed. Bounded: small caps, 1 s idle timeouts, a few seconds in all.
 */

const CAP = 40;
const IDLE = 70;
let core: Awaited<ReturnType<typeof startCore>>;
let host: HttpHost;
let receiverPort: number;
const open: net.Socket[] = [];

beforeAll(async () => {
  core = await startCore();
  // Idle timeout = min(headers timeout, 5 s): 1 s here.
  await core.call('settings.update', { receiverMaxConnections: CAP, receiverHeadersTimeoutMs: 1000 });
  receiverPort = (await core.call('receiver.status')).http!.port;
  host = await startHttpHost({
    core,
    token: 't',
    host: '127.0.0.1',
    port: 0,
    logger: silentLogger,
    maxConnections: CAP,
    idleTimeoutMs: 1000,
  });
});
afterEach(() => {
  for (const s of open.splice(0)) s.destroy();
});
afterAll(async () => {
  await host?.close();
  await core?.close();
});

/** Opens n connections that send nothing; resolves when all are connected, with a count of those the server closed. */
async function openIdle(port: number, n: number) {
  const closedAt: number[] = [];
  const started = Date.now();
  await Promise.all(
    Array.from({ length: n }, () => {
      const s = net.connect(port, '127.0.0.1');
      open.push(s);
      s.on('error', () => undefined);
      s.on('close', () => closedAt.push(Date.now() - started));
      return new Promise<void>((r) => {
        s.once('connect', () => r());
        s.once('close', () => r());
      });
    }),
  );
  return { closedAt, started };
}

const until = async (cond: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
  return cond();
};

/** An upload whose headers are sent but whose body is still coming: a working connection. */
function startUpload(port: number, path: string) {
  const s = net.connect(port, '127.0.0.1');
  open.push(s);
  let text = '';
  s.on('data', (c: Buffer) => (text += c.toString('latin1')));
  s.on('error', () => undefined);
  s.write(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: text/plain\r\nContent-Length: 10\r\nConnection: close\r\n\r\nhello`,
  );
  return {
    finish: async () => {
      s.write('world');
      await until(() => text.includes('\r\n\r\n'), 3000);
      return /^HTTP\/1\.1 (\d+)/.exec(text)?.[1];
    },
  };
}

describe('idle connections cannot lock out the listeners', () => {
  it('the receiver: more idle connections than the cap, and a normal request is still captured', async () => {
    const upload = startUpload(receiverPort, '/default/slow-upload');
    await new Promise((r) => setTimeout(r, 100));
    const idle = await openIdle(receiverPort, IDLE);

    const res = await rawExchange(
      receiverPort,
      `POST /default/during-flood HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(res.status).toBe(200);
    const items = (await core.call('requests.list', { inbox: 'default', limit: 5 })).items;
    expect(items.map((i) => i.path)).toContain('/during-flood');

    // The upload in progress was not the connection closed to make room.
    expect(await upload.finish()).toBe('200');
    expect(
      (await core.call('requests.list', { inbox: 'default', limit: 5 })).items.map((i) => i.path),
    ).toContain('/slow-upload');

    // Every idle connection is closed within the idle timeout (1 s, checked with slack).
    expect(await until(() => idle.closedAt.length === IDLE, 4000)).toBe(true);
    const status = await core.call('receiver.status');
    expect(status.openConnections).toBeLessThanOrEqual(1);
  });

  it('the headless host: idle connections make room and are closed within the idle timeout', async () => {
    const idle = await openIdle(host.port, IDLE);
    const res = await rawExchange(
      host.port,
      `GET /api/openapi.json HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`,
    );
    expect(res.status).toBe(200);
    expect(await until(() => idle.closedAt.length === IDLE, 4000)).toBe(true);
  });

  it('a keep-alive connection left idle after its answer is closed too', async () => {
    const s = net.connect(receiverPort, '127.0.0.1');
    open.push(s);
    let closed = false;
    let text = '';
    s.on('close', () => (closed = true));
    s.on('data', (c: Buffer) => (text += c.toString()));
    s.write(`GET /default/keep HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(await until(() => text.includes('\r\n\r\n'), 2000)).toBe(true);
    expect(text).toMatch(/^HTTP\/1\.1 200/);
    expect(await until(() => closed, 4000)).toBe(true);
  });

  it('a request sent on a kept-alive connection in time is answered even when the event loop was held past the idle timeout', async () => {
    const s = net.connect(host.port, '127.0.0.1');
    open.push(s);
    let text = '';
    let closed = false;
    s.on('data', (c: Buffer) => (text += c.toString('latin1')));
    s.on('close', () => (closed = true));
    s.on('error', () => undefined);
    await new Promise<void>((r) => s.once('connect', () => r()));
    const get = `GET /api/openapi.json HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`;
    s.write(get);
    expect(await until(() => /\r\n\r\n[\s\S]*\}$/.test(text), 3000)).toBe(true);
    const first = text.length;
    // Idle for a while, then the next request goes out (in the kernel at once), and the event loop
    // is held past the idle timeout before it can read it, as a large synchronous export would.
    await new Promise((r) => setTimeout(r, 900));
    s.write(get);
    const until0 = Date.now() + 400;
    while (Date.now() < until0) {
      // held
    }
    expect(await until(() => text.length > first || closed, 3000)).toBe(true);
    expect(closed && text.length === first).toBe(false);
    expect(text.slice(first)).toMatch(/^HTTP\/1\.1 200/);
  });
});
