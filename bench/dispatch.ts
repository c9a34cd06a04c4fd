/**
 * Dispatcher throughput: N signed 1 KiB JSON deliveries to a local sink answering 204, sent
 * (a) by a bare undici Pool loop with the same signing and concurrency, and (b) through the
 * engine (events.send → SQLite outbox → attempt → every attempt stored), side by side in one run.
 *
 *   npm run bench:dispatch -- [--n 20000] [--concurrency 64] [--rounds 3] [--dir <data dir>]
 *
 * Rounds alternate bare / engine (a fresh data dir per engine round) and the medians are
 * compared, so load from other processes on the machine hits both sides alike.
 *
 * The sink runs in its own process so it does not share a CPU with the sender being measured.
 * The engine's figure includes enqueueing (events.send for every event), the group commits of
 * the outbox, leases, attempt records and delivery status updates, until the last status is
 * committed (WAL; the writer connection runs synchronous=NORMAL, see src/core/workers/writer-worker.ts).
 * Like with like: both sides sign every request with the same scheme and secret, build the same
 * 1 KiB payload, keep at most --concurrency requests in flight over kept-alive connections with
 * pipelining off (the engine's endpoint has maxConcurrency = --concurrency, so it never opens
 * more connections than the bare Pool's `connections`).
 *
 *   --stats   also print CPU per delivery per thread (main, writer worker, sink, and every other
 *             thread: V8 GC helpers, checkpointer), main-thread GC pauses, and writer phases
 *   --only bare|engine   run one side only (profiling)
 *   --sample <topic>     the engine sends that catalog event without a payload, so its sample goes
 *             out with fresh identity fields (e.g. file.created: SFTP To Go, a body per delivery
 *             and an attempt id rewritten and re-signed per attempt; transfer.completed: MFTPlus,
 *             event fields only, one body per event). The bare loop still sends the 1 KiB payload.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { createCore } from '../src/core';
import { generateSecret } from '../src/core/signing';
import { silentLogger } from '../src/core/util/logger';
import { bareLoop, startSink } from './lib/bare-loop';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const N = Number(arg('n', '20000'));
const C = Number(arg('concurrency', '64'));
const ROUNDS = Math.max(1, Number(arg('rounds', '3')));
const WARMUP = Math.min(1000, Math.max(100, Math.floor(N / 20)));
/** Profiling aid: run only one side ("bare" or "engine"). */
const ONLY = arg('only', '');
/** Experiment: enqueue in chunks of this many events.send calls (default: all at once). */
const CHUNK = Number(arg('chunk', '0')) || Infinity;
/** Also print CPU per delivery (this process, the sink) and main-thread event-loop use. */
const STATS = process.argv.includes('--stats');
/** Send this catalog topic without a payload (its sample with fresh identity fields). */
const SAMPLE = arg('sample', '');
const TOPIC = SAMPLE || 'transfer.completed';

let sinkChild: ChildProcess | null = null;
const sinkCpu = (): Promise<number> =>
  new Promise((resolve) => {
    sinkChild!.once('message', (m) => resolve((m as { cpu: number }).cpu));
    sinkChild!.send('cpu');
  });

/** This thread's CPU time in µs (Linux), or NaN. */
function threadCpuUs(): number {
  try {
    const f = fs.readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1_000_000) / 100;
  } catch {
    return NaN;
  }
}

/** CPU µs of every thread of this process, by thread id (Linux), with the thread's name. */
function threadsCpuUs(): Map<string, { name: string; us: number }> {
  const out = new Map<string, { name: string; us: number }>();
  try {
    for (const tid of fs.readdirSync('/proc/self/task')) {
      try {
        const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        const f = stat.split(') ')[1].split(' ');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        out.set(tid, { name, us: ((Number(f[11]) + Number(f[12])) * 1_000_000) / 100 });
      } catch {
        // the thread ended
      }
    }
  } catch {
    // not Linux
  }
  return out;
}

type WriterStats = {
  cpuMs: number | null;
  cycles: number;
  insert: number;
  finish: number;
  claim: number;
  commit: number;
  total: number;
  exec?: number;
};

/** Runs fn and, with --stats, prints where the CPU went per delivery. */
async function measured<T>(
  label: string,
  n: number,
  fn: () => Promise<T>,
  writer?: () => Promise<WriterStats>,
): Promise<T> {
  if (!STATS) return fn();
  let gcMs = 0;
  let gcs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      gcs++;
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  const s0 = await sinkCpu();
  const w0 = writer ? await writer() : null;
  const c0 = process.cpuUsage();
  const m0 = threadCpuUs();
  const t0s = threadsCpuUs();
  const e0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  const out = await fn();
  const wall = performance.now() - t0;
  const e = performance.eventLoopUtilization(e0);
  const m = threadCpuUs() - m0;
  const t1s = threadsCpuUs();
  const c = process.cpuUsage(c0);
  gc.disconnect();
  const w1 = writer ? await writer() : null;
  const s = (await sinkCpu()) - s0;
  const per = (us: number) => `${(us / n).toFixed(1)}µs`;
  let w = '';
  if (w0 && w1) {
    const d = (k: keyof WriterStats) => (((w1[k] as number) ?? 0) - ((w0[k] as number) ?? 0)) / 1000;
    w = `; writer thread CPU ${per(d('cpuMs') * 1_000_000)} (insert ${per(d('insert'))}, finish ${per(d('finish'))}, claim ${per(d('claim'))}, commit ${per(d('commit'))}, ${d('cycles') * 1000} cycles; exec ${per(d('exec'))}: search indexing)`;
  }
  console.log(
    `    [${label}] wall ${per(wall * 1000)}/delivery; CPU: main thread ${per(m)} (busy ${(e.utilization * 100).toFixed(0)}%, GC pauses ${per(gcMs * 1000)} in ${gcs}), whole process ${per(c.user + c.system)}, sink ${per(s)}${w}`,
  );
  // Threads other than main and the writer: V8's GC helpers ("node" threads), the checkpointer, libuv.
  const others: string[] = [];
  for (const [tid, a] of t1s) {
    const d = a.us - (t0s.get(tid)?.us ?? 0);
    if (d / n >= 0.5 && tid !== String(process.pid)) others.push(`${a.name}#${tid} ${per(d)}`);
  }
  console.log(`    [${label}] other threads (writer included): ${others.join(', ')}`);
  return out;
}

const VERSION = '0.1.0';

/** A 1 KiB JSON payload (the MFTPlus envelope, padded). */
function payload(i: number): Record<string, unknown> {
  const base = {
    id: `whevt_${i}`,
    event: 'transfer.completed',
    timestamp: '2026-04-29T15:30:00Z',
    data: { transferId: `trf_${i}`, pad: '' },
  };
  const size = Buffer.byteLength(JSON.stringify(base));
  base.data.pad = 'x'.repeat(Math.max(0, 1024 - size));
  return base;
}

const bare = (url: string, n: number, secret: string): Promise<number> =>
  bareLoop({
    url,
    n,
    concurrency: C,
    secret,
    userAgent: `Hookbench/${VERSION}`,
    body: (i) => Buffer.from(JSON.stringify(payload(i))),
    id: () => `msg_${randomUUID().replace(/-/g, '')}`,
  });

type Latency = { count: number; p50: number; p99: number; max: number };
/** CPU µs (user + system, every thread) of this process while fn runs. */
async function withCpu<T>(fn: () => Promise<T>): Promise<{ out: T; cpuUs: number }> {
  const c0 = process.cpuUsage();
  const out = await fn();
  const c = process.cpuUsage(c0);
  return { out, cpuUs: c.user + c.system };
}

async function engine(
  url: string,
  n: number,
  dataDir: string,
): Promise<{ ms: number; attempts: number; cpuUs: number; latency: Latency }> {
  const core = await createCore({
    dataDir,
    logger: silentLogger,
    version: VERSION,
    ports: { receiver: 0, receiverHttps: 0 },
  });
  try {
    const ep = await core.invoke('endpoints.create', {
      name: 'bench',
      url,
      topics: [TOPIC],
      maxConcurrency: C,
    });
    if (!ep.ok) throw new Error(ep.error.message);
    const remaining = core.db.prepare(
      `SELECT 1 AS n FROM dispatch_deliveries WHERE status IN ('pending', 'retrying') LIMIT 1`,
    );
    const run = async (count: number, offset: number) => {
      const t0 = performance.now();
      const results = [];
      for (let at = 0; at < count; at += CHUNK) {
        const sends = [];
        for (let i = at; i < Math.min(count, at + CHUNK); i++)
          sends.push(
            core.invoke(
              'events.send',
              SAMPLE ? { topic: TOPIC } : { topic: TOPIC, payload: payload(offset + i) },
            ),
          );
        results.push(...(await Promise.all(sends)));
      }
      const failed = results.find((r) => !r.ok);
      if (failed && !failed.ok) throw new Error(failed.error.message);
      while (remaining.get()) await new Promise((r) => setTimeout(r, 5));
      return performance.now() - t0;
    };
    await run(WARMUP, 0);
    const dispatcher = core.modules.dispatcher as unknown as {
      writerStats?: () => Promise<WriterStats>;
      storedLatency: () => Latency;
    };
    dispatcher.storedLatency(); // not the warm-up's
    const { out: ms, cpuUs } = await withCpu(() => measured('engine', n, () => run(n, WARMUP), dispatcher.writerStats));
    const latency = dispatcher.storedLatency();
    const counts = core.db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM dispatch_deliveries WHERE status = 'succeeded') AS ok, (SELECT COUNT(*) FROM dispatch_attempts) AS attempts`,
      )
      .get() as { ok: number; attempts: number };
    if (counts.ok !== n + WARMUP) throw new Error(`engine: ${counts.ok} of ${n + WARMUP} succeeded`);
    return { ms, attempts: counts.attempts - WARMUP, cpuUs, latency };
  } finally {
    await core.close();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const baseDir = arg('dir', os.tmpdir());
  const sink = await startSink('/sink');
  sinkChild = sink.child;
  const secret = generateSecret('standard-webhooks');
  const dirs: string[] = [];
  try {
    console.log(
      `dispatch bench: N=${N}, concurrency=${C}, 1 KiB JSON, standard-webhooks signature, sink answers 204 (separate process), ${ROUNDS} rounds`,
    );
    console.log(
      `data dirs under: ${baseDir} (engine store: WAL; the writer connection runs synchronous=${process.env.HOOKBENCH_DISPATCH_SYNC === 'FULL' ? 'FULL' : 'NORMAL'})`,
    );
    await bare(sink.url, WARMUP, secret);
    const bareRates: number[] = [];
    const engRates: number[] = [];
    const cpuRatios: number[] = [];
    const p99s: number[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      if (ONLY === 'engine') {
        const dir = fs.mkdtempSync(path.join(baseDir, 'hookbench-bench-'));
        dirs.push(dir);
        const eng = await engine(sink.url, N, dir);
        console.log(`  round ${r}: engine ${(N / (eng.ms / 1000)).toFixed(0)}/s (${eng.ms.toFixed(0)} ms)`);
        continue;
      }
      if (ONLY === 'bare') {
        const ms = await measured('bare', N, () => bare(sink.url, N, secret));
        console.log(`  round ${r}: bare ${(N / (ms / 1000)).toFixed(0)}/s (${ms.toFixed(0)} ms)`);
        continue;
      }
      const { out: bareMs, cpuUs: bareCpu } = await withCpu(() => measured('bare', N, () => bare(sink.url, N, secret)));
      const dir = fs.mkdtempSync(path.join(baseDir, 'hookbench-bench-'));
      dirs.push(dir);
      const eng = await engine(sink.url, N, dir);
      bareRates.push(N / (bareMs / 1000));
      engRates.push(N / (eng.ms / 1000));
      console.log(
        `  round ${r}: bare ${bareRates[r - 1].toFixed(0)}/s (${bareMs.toFixed(0)} ms)  engine ${engRates[r - 1].toFixed(0)}/s (${eng.ms.toFixed(0)} ms, ${eng.attempts} attempts stored)  ratio ${(engRates[r - 1] / bareRates[r - 1]).toFixed(2)}   load ${os.loadavg()[0].toFixed(2)}`,
      );
      const l = eng.latency;
      cpuRatios.push(eng.cpuUs / bareCpu);
      p99s.push(l.p99);
      console.log(
        `           CPU per stored delivery: engine ${(eng.cpuUs / N).toFixed(1)} us, bare ${(bareCpu / N).toFixed(1)} us = ${cpuRatios[r - 1].toFixed(2)}x (target <= 1.5x; sink not counted); attempt-to-stored p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms (${l.count} attempts)`,
      );
    }
    if (ONLY) return;
    const b = median(bareRates);
    const e = median(engRates);
    const pad = (x: string) => x.padEnd(34);
    console.log(`${pad('bare undici Pool loop (median)')} ${b.toFixed(0).padStart(7)} deliveries/s`);
    console.log(`${pad('engine, every attempt stored')} ${e.toFixed(0).padStart(7)} deliveries/s`);
    console.log(
      `ratio engine/bare: ${(e / b).toFixed(2)} (target >= 0.80); per-round ratios ${bareRates.map((x, i) => (engRates[i] / x).toFixed(2)).join(', ')}`,
    );
    console.log(
      `CPU per stored delivery engine/bare, median: ${median(cpuRatios).toFixed(2)}x (rounds ${cpuRatios.map((x) => x.toFixed(2)).join(', ')}; target <= 1.5x); attempt-to-stored p99 per round: ${p99s.map((x) => `${x.toFixed(1)} ms`).join(', ')}; load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} CPUs`,
    );
  } finally {
    sink.child.kill();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
