import net from 'node:net';
import { request } from 'undici';
import { afterEach } from 'vitest';
import { startCore } from '../../helpers/temp-core';

export type TestCore = Awaited<ReturnType<typeof startCore>>;

/** A core with the receiver on a free port, and its base URL. */
export async function startReceiver(overrides: Parameters<typeof startCore>[0] = {}) {
  const core = await startCore(overrides);
  const status = await core.call('receiver.status');
  if (!status.http) throw new Error(`receiver not running: ${status.error}`);
  return { core, base: status.http.baseUrl, port: status.http.port };
}

/** A fresh receiver (core and base URL) per call, each closed after its test. */
export function useReceivers(): typeof startReceiver {
  const cores: TestCore[] = [];
  afterEach(async () => {
    while (cores.length) await cores.pop()!.close();
  });
  return async (overrides = {}) => {
    const r = await startReceiver(overrides);
    cores.push(r.core);
    return r;
  };
}

/** Sends raw bytes on a fresh connection and returns everything read until close or timeout. */
export function rawExchange(port: number, chunks: (Buffer | string)[], opts: { timeoutMs?: number; gapMs?: number; endAfterWrite?: boolean } = {}) {
  return new Promise<{ text: string; closed: boolean; error?: string }>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const got: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean, error?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: Buffer.concat(got).toString('latin1'), closed, error });
    };
    const timer = setTimeout(() => finish(false), opts.timeoutMs ?? 3000);
    socket.on('data', (d) => got.push(d));
    socket.on('close', () => finish(true));
    socket.on('error', (e) => finish(true, e.message));
    socket.on('connect', async () => {
      for (const c of chunks) {
        if (socket.destroyed) return;
        socket.write(c);
        if (opts.gapMs) await new Promise((r) => setTimeout(r, opts.gapMs));
      }
      if (opts.endAfterWrite) socket.end();
    });
  });
}

export async function send(url: string, init: { method?: string; headers?: Record<string, string> | string[]; body?: string | Buffer } = {}) {
  const res = await request(url, { method: (init.method ?? 'POST') as 'POST', headers: init.headers, body: init.body });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, headers: res.headers, body, text: body.toString('utf8') };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(fn: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await sleep(20);
  }
}
