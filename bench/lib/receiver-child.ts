import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../../src/core';
import { silentLogger } from '../../src/core/util/logger';

/**
 * Hookbench's core with its receiver on a free port and a fresh data dir; prints the port.
 *
 * Combined mode (`HOOKBENCH_BENCH_DISPATCH=<events per second>`): the same core also sends that
 * many signed 1 KiB deliveries a second to a sink in its own process for as long as it runs,
 * and the receiver's inbox is capped at `HOOKBENCH_BENCH_CAP` requests (retention trims at the
 * cap while the load runs). On SIGTERM it prints the dispatcher's attempt-to-stored latencies.
 */
async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-bench-'));
  const core = await createCore({ dataDir, logger: silentLogger, ports: { receiver: 0 } });
  const status = await core.invoke('receiver.status', {});
  const port = status.ok ? (status.data as { http: { port: number } }).http.port : 0;
  const rate = Number(process.env.HOOKBENCH_BENCH_DISPATCH ?? 0);
  const cap = Number(process.env.HOOKBENCH_BENCH_CAP ?? 0);
  if (cap > 0) {
    const r = await core.invoke('inboxes.update', { slug: 'default', retention: { maxRequests: cap, maxAgeHours: null } });
    if (!r.ok) throw new Error(r.error.message);
  }
  let stopDispatch = (): Promise<string> => Promise.resolve('');
  if (rate > 0) stopDispatch = await dispatchLoad(core, rate);
  process.stdout.write(JSON.stringify({ port, dataDir }) + '\n');
  process.on('SIGTERM', async () => {
    const latency = await stopDispatch();
    const count = core.db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number };
    process.stderr.write(JSON.stringify({ stored: count.n }) + '\n' + latency);
    await core.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
}

type Core = Awaited<ReturnType<typeof createCore>>;

/** Sends `rate` events a second (in batches every 20 ms) to a sink process until stopped. */
async function dispatchLoad(core: Core, rate: number): Promise<() => Promise<string>> {
  const sink = fork(path.join(__dirname, 'dispatch-sink.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
  const sinkPort = await new Promise<number>((resolve) => sink.once('message', (m) => resolve(m as number)));
  const ep = await core.invoke('endpoints.create', {
    name: 'bench sink',
    url: `http://127.0.0.1:${sinkPort}/hook`,
    topics: ['transfer.completed'],
    maxConcurrency: 64,
  });
  if (!ep.ok) throw new Error(ep.error.message);
  const payload = { data: 'x'.repeat(1000) };
  const dispatcher = core.modules.dispatcher as unknown as {
    storedLatency: () => { count: number; p50: number; p99: number; max: number };
  };
  dispatcher.storedLatency(); // start the window now
  process.on('SIGUSR2', () => dispatcher.storedLatency()); // and again when the measured round starts
  const started = Date.now();
  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) / 1000) * rate) - sent;
    for (let i = 0; i < due; i++) void core.invoke('events.send', { topic: 'transfer.completed', payload });
    sent += Math.max(0, due);
  }, 20);
  return async () => {
    clearInterval(timer);
    const l = dispatcher.storedLatency();
    sink.kill();
    return JSON.stringify({ dispatch: { sent, seconds: (Date.now() - started) / 1000, ...l } }) + '\n';
  };
}

void main();
