import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** The slowest request. */
  maxMs: number;
  requests: number;
  errors: number;
  non2xx: number;
}

/** A JSON body of exactly `size` bytes. */
export function jsonPayload(size = 1024): string {
  const base = { id: 'evt_0123456789', type: 'order.created', created: 1767225600, data: { pad: '' } };
  const empty = JSON.stringify(base).length;
  base.data.pad = 'x'.repeat(Math.max(0, size - empty));
  return JSON.stringify(base);
}

const toMs = (v: string): number => {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(v.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
};

export const hasWrk = (): boolean => fs.existsSync('/usr/bin/wrk') || fs.existsSync('/usr/local/bin/wrk');

/** Runs wrk (POST with the payload) and parses its summary. */
export function runWrk(url: string, body: string, connections: number, durationS: number, threads = 1): Promise<LoadResult> {
  const script = path.join(os.tmpdir(), `hookbench-wrk-${process.pid}.lua`);
  fs.writeFileSync(script, `wrk.method = "POST"\nwrk.body = [==[${body}]==]\nwrk.headers["Content-Type"] = "application/json"\n`);
  return new Promise((resolve, reject) => {
    execFile('wrk', [`-t${threads}`, `-c${connections}`, `-d${durationS}s`, '--latency', '-s', script, url], { timeout: (durationS + 30) * 1000 }, (err, stdout) => {
      if (err) return reject(err);
      const num = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? 0);
      const errs = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
      resolve({
        rps: num(/Requests\/sec:\s+([\d.]+)/),
        p50Ms: toMs(/^\s+50%\s+(\S+)/m.exec(stdout)?.[1] ?? ''),
        p99Ms: toMs(/^\s+99%\s+(\S+)/m.exec(stdout)?.[1] ?? ''),
        maxMs: toMs(/^\s+Latency\s+\S+\s+\S+\s+(\S+)/m.exec(stdout)?.[1] ?? ''),
        requests: num(/(\d+) requests in/),
        errors: errs ? errs.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
        non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
      });
    });
  });
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** Runs autocannon's programmatic API (when wrk is not installed). */
export async function runAutocannon(url: string, body: string, connections: number, durationS: number): Promise<LoadResult> {
  const mod = 'autocannon'; // untyped package: loaded by name
  const { default: autocannon } = (await import(mod)) as { default: (o: object) => Promise<AutocannonResult> };
  const r = await autocannon({ url, method: 'POST', body, headers: { 'content-type': 'application/json' }, connections, duration: durationS });
  return { rps: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, maxMs: r.latency.max, requests: r.requests.total, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

/** Starts a TypeScript file in its own Node process (with tsx) and waits for its first JSON line. */
export function startChild(
  file: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; info: Record<string, unknown>; stop: () => Promise<string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${file} did not start: ${err}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl === -1) return;
      clearTimeout(timer);
      const info = JSON.parse(out.slice(0, nl)) as Record<string, unknown>;
      resolve({
        child,
        info,
        stop: () =>
          new Promise((done) => {
            child.once('exit', () => done(err));
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}): ${err}`)));
  });
}

/** CPU time (µs, user + system) of each thread of a process, from /proc (Linux); empty elsewhere. */
export function threadCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  const tick = 1e6 / 100; // USER_HZ
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(Number(tid), (Number(f[11]) + Number(f[12])) * tick);
      } catch {
        // thread exited
      }
    }
  } catch {
    // not Linux, or the process is gone
  }
  return out;
}

/** Machine-wide CPU jiffies (busy, total) from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    const idle = v[3] + (v[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/**
 * CPU µs per request of a server process over a run: its main thread, its busiest other thread
 * (the dispatcher's writer or the checkpoint worker, for the receiver), and all its other threads together.
 */
export function cpuPerRequest(pid: number, before: Map<number, number>, after: Map<number, number>, requests: number): { main: number; worker: number; other: number } {
  let main = 0;
  let worker = 0;
  let rest = 0;
  for (const [tid, t] of after) {
    const d = t - (before.get(tid) ?? 0);
    if (tid === pid) main = d;
    else {
      if (d > worker) [worker, rest] = [d, rest + worker];
      else rest += d;
    }
  }
  const n = Math.max(1, requests);
  return { main: main / n, worker: worker / n, other: rest / n };
}
