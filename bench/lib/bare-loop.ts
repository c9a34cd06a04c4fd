import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { sign } from '../../src/core/signing';

/**
 * Starts the benchmarks' sink (dispatch-sink.ts) in its own process: it reads each body and
 * answers 204, or with `json` 200 and a small JSON body (an answer a replay stores and compares).
 */
export async function startSink(
  urlPath: string,
  opts: { json?: boolean } = {},
): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(path.join(import.meta.dirname, 'dispatch-sink.ts'), opts.json ? ['--json'] : [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: ['--import', 'tsx'],
  });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(m as number)));
  return { url: `http://127.0.0.1:${port}${urlPath}`, child };
}

/**
 * The baseline a benchmark compares Hookbench with: a bare undici Pool loop sending `n` signed
 * (standard-webhooks) POSTs with `concurrency` workers; the milliseconds it took. Throws unless
 * every answer was 2xx.
 */
export async function bareLoop(opts: {
  url: string;
  n: number;
  concurrency: number;
  secret: string;
  userAgent: string;
  body: (i: number) => Buffer;
  id: (i: number) => string;
}): Promise<number> {
  const { n, concurrency: C, secret } = opts;
  const u = new URL(opts.url);
  const pool = new Pool(u.origin, { connections: C, pipelining: 1, keepAliveTimeout: 60_000 });
  let next = 0;
  let ok = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const body = opts.body(i);
      const signed = sign({
        scheme: 'standard-webhooks',
        secrets: [secret],
        body,
        id: opts.id(i),
        timestamp: Math.floor(Date.now() / 1000),
      });
      const headers = [
        ['Content-Type', 'application/json'],
        ['User-Agent', opts.userAgent],
        ...signed.headers,
      ].flat();
      const res = await pool.request({ method: 'POST', path: u.pathname, headers, body });
      await res.body.dump();
      if (res.statusCode >= 200 && res.statusCode < 300) ok++;
    }
  };
  await Promise.all(Array.from({ length: C }, worker));
  const ms = performance.now() - t0;
  await pool.close();
  if (ok !== n) throw new Error(`bare loop: ${ok} of ${n} succeeded`);
  return ms;
}
