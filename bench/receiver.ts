import os from 'node:os';
import path from 'node:path';
import { cpuPerRequest, hasWrk, jsonPayload, machineCpu, runAutocannon, runWrk, startChild, threadCpu, type LoadResult } from './lib/load';
import { memoryCheck } from './lib/receiver-memory';

/**
 * Receiver throughput: the same load (1 KiB JSON POSTs, same connections and duration) against a
 * bare node:http server that reads the body and answers 204, and against Hookbench's receiver,
 * which stores every request (committed before it answers). Rounds alternate so both see the
 * same machine state. Then the memory check: an inbox grows to --count requests while RSS is
 * printed at intervals.
 *
 * Each server runs in its own Node process; wrk (or autocannon) gets the same parameters for both.
 * The machine may be shared, so each pair of rounds gives its own ratio (with the load average at
 * that moment, which includes the bench itself: about 2) and the summary is the median of those.
 *
 * After the paired rounds, one combined round (issue 12, "no stalls"): a second Hookbench
 * process whose inbox is capped at --cap requests (so retention trims all along) and whose
 * dispatcher sends --dispatch signed 1 KiB deliveries a second to a sink process while the same
 * load hits its receiver; it prints the receiver's p99 against a bare round run just before it,
 * the slowest request, and the dispatcher's attempt-to-stored p50/p99 over the round.
 *
 *   npm run bench:receiver -- [--duration 8] [--connections 64] [--rounds 3] [--count 100000]
 *       [--dispatch 1000] [--cap 20000] [--skip-combined] [--skip-memory] [--skip-load]
 */
const args = process.argv.slice(2);
const flag = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? def : Number(args[i + 1]);
};
const duration = flag('duration', 8);
const connections = flag('connections', 64);
const rounds = flag('rounds', 3);
const count = flag('count', 100_000);
const dispatchRate = flag('dispatch', 1000);
const cap = flag('cap', 20_000);

const fmt = (r: LoadResult) =>
  `${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50Ms.toFixed(2).padStart(6)} ms   p99 ${r.p99Ms.toFixed(2).padStart(6)} ms   max ${r.maxMs.toFixed(1).padStart(6)} ms   (${r.requests} requests, ${r.errors} socket errors, ${r.non2xx} non-2xx)`;

async function load(): Promise<void> {
  const body = jsonPayload(1024);
  const useWrk = hasWrk();
  const run = (url: string, d: number) => (useWrk ? runWrk(url, body, connections, d) : runAutocannon(url, body, connections, d));
  // One measured round: throughput plus the server's CPU per request (main thread, busiest other
  // thread, the rest) and how busy the whole machine was (wrk and everything else included).
  const measured = async (pid: number, url: string) => {
    const t0 = threadCpu(pid);
    const m0 = machineCpu();
    const r = await run(url, duration);
    const cpu = cpuPerRequest(pid, t0, threadCpu(pid), r.requests);
    const m1 = machineCpu();
    const busy = m1.total > m0.total ? (100 * (m1.busy - m0.busy)) / (m1.total - m0.total) : NaN;
    const total = cpu.main + cpu.worker + cpu.other;
    const text = `cpu/request: total ${total.toFixed(1)} us (main ${cpu.main.toFixed(1)} us, worker ${cpu.worker.toFixed(1)} us, other ${cpu.other.toFixed(1)} us); machine busy ${busy.toFixed(0)}%`;
    return { r, cpu, total, text };
  };
  console.log(`receiver throughput: ${useWrk ? 'wrk' : 'autocannon'}, ${Buffer.byteLength(body)} B JSON POST, ${connections} connections, ${duration} s x ${rounds} rounds each`);
  const bare = await startChild(path.join(__dirname, 'lib', 'bare-server.ts'));
  const hb = await startChild(path.join(__dirname, 'lib', 'receiver-child.ts'));
  const bareUrl = `http://127.0.0.1:${bare.info.port as number}/`;
  const hbUrl = `http://127.0.0.1:${hb.info.port as number}/default/bench`;
  try {
    await run(bareUrl, 2); // warm-up (JIT, sockets)
    await run(hbUrl, 2);
    const b: LoadResult[] = [];
    const h: LoadResult[] = [];
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    const p99Ratios: number[] = [];
    const load = () => os.loadavg()[0].toFixed(2);
    for (let i = 0; i < rounds; i++) {
      const mb = await measured(bare.child.pid!, bareUrl);
      b.push(mb.r);
      console.log(`  reference: bare node:http  round ${i + 1}: ${fmt(b[i])}   load ${load()}`);
      console.log(`                                      ${mb.text}`);
      const mh = await measured(hb.child.pid!, hbUrl);
      h.push(mh.r);
      ratios.push(h[i].rps / b[i].rps);
      console.log(`  hookbench receiver         round ${i + 1}: ${fmt(h[i])}   load ${load()}`);
      console.log(`                                      ${mh.text}`);
      cpuRatios.push(mh.total / mb.total);
      p99Ratios.push(h[i].p99Ms / b[i].p99Ms);
      console.log(
        `  round ${i + 1} hookbench/bare: throughput ${ratios[i].toFixed(3)}, CPU per stored request ${mh.total.toFixed(1)} / ${mb.total.toFixed(1)} us = ${cpuRatios[i].toFixed(2)}x (target <= 1.75x), p99 ${p99Ratios[i].toFixed(1)}x (target <= 3x), slowest request ${h[i].maxMs.toFixed(1)} ms (target <= 50 ms)`,
      );
    }
    const avg = (xs: LoadResult[], k: 'rps' | 'p99Ms') => xs.reduce((a, x) => a + x[k], 0) / xs.length;
    const med = (xs: number[]) => {
      const sorted = [...xs].sort((x, y) => x - y);
      const mid = sorted.length >> 1;
      return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    };
    const median = med(ratios);
    console.log('');
    console.log(`  reference: bare node:http (reads the body, answers 204): ${avg(b, 'rps').toFixed(0)} req/s mean, p99 ${avg(b, 'p99Ms').toFixed(2)} ms`);
    console.log(`  hookbench receiver (commits each request, then answers):  ${avg(h, 'rps').toFixed(0)} req/s mean, p99 ${avg(h, 'p99Ms').toFixed(2)} ms`);
    console.log(`  ratio hookbench/bare, median of ${rounds} paired rounds: ${median.toFixed(3)} (rounds ${ratios.map((r) => r.toFixed(3)).join(', ')}; target >= 0.85)`);
    console.log(`  CPU per stored request hookbench/bare, median: ${med(cpuRatios).toFixed(2)}x (rounds ${cpuRatios.map((r) => r.toFixed(2)).join(', ')}; target <= 1.75x)`);
    console.log(`  p99 hookbench/bare, median: ${med(p99Ratios).toFixed(1)}x (rounds ${p99Ratios.map((r) => r.toFixed(1)).join(', ')}; target <= 3x); slowest request ${Math.max(...h.map((x) => x.maxMs)).toFixed(1)} ms (bare ${Math.max(...b.map((x) => x.maxMs)).toFixed(1)} ms)`);
    console.log(`  load average (1 min) now: ${load()} on ${os.cpus().length} CPUs`);
    if (!args.includes('--skip-combined')) await combined(run, measured, fmt);
  } finally {
    await bare.stop();
    const log = await hb.stop();
    const stored = /"stored":(\d+)/.exec(log)?.[1];
    if (stored) console.log(`  requests stored by hookbench during the run (warm-up included): ${stored}`);
  }
}

type Run = (url: string, d: number) => Promise<LoadResult>;
type Measured = (pid: number, url: string) => Promise<{ r: LoadResult; text: string }>;

/** The combined round: receiver load + retention at the cap + the dispatcher sending, in one process. */
async function combined(run: Run, measured: Measured, show: (r: LoadResult) => string): Promise<void> {
  console.log('');
  console.log(`combined round: the same load on a receiver whose inbox is capped at ${cap} requests, while its dispatcher sends ${dispatchRate} deliveries/s to a sink`);
  const bare = await startChild(path.join(__dirname, 'lib', 'bare-server.ts'));
  const hb = await startChild(path.join(__dirname, 'lib', 'receiver-child.ts'), {
    HOOKBENCH_BENCH_DISPATCH: String(dispatchRate),
    HOOKBENCH_BENCH_CAP: String(cap),
  });
  const bareUrl = `http://127.0.0.1:${bare.info.port as number}/`;
  const hbUrl = `http://127.0.0.1:${hb.info.port as number}/default/bench`;
  let log: string;
  try {
    await run(bareUrl, 2);
    // Fill the inbox to its cap first (at most 60 s), so retention trims during the measured round.
    let filled = 0;
    for (let i = 0; i < 30 && filled <= cap; i++) filled += (await run(hbUrl, 2)).requests;
    if (filled <= cap) console.log(`  (the inbox holds ${filled} of ${cap} requests: retention did not trim yet)`);
    const mb = await measured(bare.child.pid!, bareUrl);
    console.log(`  reference: bare node:http            ${show(mb.r)}`);
    hb.child.kill('SIGUSR2'); // the dispatcher's latency window starts with the round
    const mh = await measured(hb.child.pid!, hbUrl);
    console.log(`  receiver + retention + dispatcher    ${show(mh.r)}`);
    console.log(`                                       ${mh.text} (the dispatcher's CPU included)`);
    console.log(
      `  combined/bare: p99 ${(mh.r.p99Ms / mb.r.p99Ms).toFixed(1)}x (target <= 3x), slowest request ${mh.r.maxMs.toFixed(1)} ms (target <= 50 ms; bare ${mb.r.maxMs.toFixed(1)} ms), throughput ${(mh.r.rps / mb.r.rps).toFixed(3)}; load ${os.loadavg()[0].toFixed(2)}`,
    );
  } finally {
    await bare.stop();
    log = await hb.stop();
  }
  const d = /\{"dispatch":(\{[^}]*\})\}/.exec(log);
  if (d) {
    const x = JSON.parse(d[1]) as { sent: number; seconds: number; count: number; p50: number; p99: number; max: number };
    console.log(
      `  dispatcher: ${x.sent} events sent in ${x.seconds.toFixed(0)} s; during the round ${x.count} attempts stored; attempt-to-stored p50 ${x.p50.toFixed(1)} ms, p99 ${x.p99.toFixed(1)} ms, max ${x.max.toFixed(1)} ms`,
    );
  } else console.log(`  dispatcher: no figures (${log.trim().slice(0, 200)})`);
}

async function main(): Promise<void> {
  if (!args.includes('--skip-load')) await load();
  if (!args.includes('--skip-memory')) await memoryCheck(count);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
