import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { HookbenchError } from '../../shared/errors';
import { captureWorkerSource, ROW_WIDTH } from './capture-worker-source';

export type Row = unknown[];
type Done = (err: Error | null, duplicateOf: number | null) => void;
export interface ExecResult {
  changes: number[];
  ids: number[];
}
type ExecDone = (err: Error | null, result: ExecResult) => void;

interface Pending {
  values: unknown[];
  bodies: Buffer[];
  bodyBytes: number;
  done: Done[];
}

const resolveBetterSqlite = (): string => {
  try {
    return require.resolve('better-sqlite3'); // CommonJS: tsx, the bundled app
  } catch {
    return createRequire(path.join(process.cwd(), 'index.js')).resolve('better-sqlite3'); // ESM (vitest)
  }
};

/**
 * The write path of captured requests: rows queue on the main thread and go to the capture
 * worker as one batch per commit (group commit). While a batch is being committed the next
 * one collects, so under load every commit carries many requests and the sender of each is
 * answered only after the commit that holds its request has been acked.
 */
export class CaptureWriter {
  private worker: Worker;
  private pending: Pending = CaptureWriter.empty();
  private inFlight = 0;
  private scheduled = false;
  private seq = 0;
  private waiting = new Map<number, { done?: Done[]; exec?: ExecDone }>();
  private ready: Promise<void>;
  private closed = false;
  private failure: Error | null = null;
  /** Rows handed to the worker and acked, and batches sent, since start. */
  committed = 0;
  batches = 0;

  private static empty(): Pending {
    return { values: [], bodies: [], bodyBytes: 0, done: [] };
  }

  constructor(file: string, opts: { nativeBinding?: string; maxInFlight?: number } = {}) {
    this.maxInFlight = opts.maxInFlight ?? 1;
    this.worker = new Worker(captureWorkerSource, {
      eval: true,
      workerData: { file, nativeBinding: opts.nativeBinding, modulePath: resolveBetterSqlite(), synchronous: process.env.HOOKBENCH_CAPTURE_SYNC },
    });
    this.ready = new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.worker.once('error', onError);
      this.worker.once('message', (m: { t: string }) => {
        this.worker.off('error', onError);
        if (m.t === 'ready') resolve();
        else reject(new Error('capture worker did not start'));
        this.worker.on('message', (msg) => this.onMessage(msg));
        this.worker.on('error', (err) => this.fail(err));
        this.worker.on('exit', (code) => !this.closed && this.fail(new Error(`capture worker exited (${code})`)));
      });
    });
  }

  private readonly maxInFlight: number;

  start(): Promise<void> {
    return this.ready;
  }

  /** Queues one row; `done` runs once it is committed (or failed). `body` is the raw bytes. */
  add(row: Row, body: Buffer, done: Done): void {
    if (this.failure || this.closed) {
      done(this.failure ?? new Error('the receiver is closing'), null);
      return;
    }
    const p = this.pending;
    for (let i = 0; i < ROW_WIDTH; i++) p.values.push(row[i]);
    p.bodies.push(body);
    p.bodyBytes += body.length;
    p.done.push(done);
    this.schedule();
  }

  /** Runs statements in one transaction on the writer connection, after queued rows. */
  exec(stmts: [sql: string, params: unknown[]][]): Promise<ExecResult> {
    if (this.failure) return Promise.reject(this.failure);
    this.flushNow();
    return new Promise((resolve, reject) => {
      const seq = ++this.seq;
      this.waiting.set(seq, { exec: (err, result) => (err ? reject(err) : resolve(result)) });
      this.worker.postMessage({ t: 'exec', seq, stmts });
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    // Let every request parsed in this turn of the event loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      if (this.inFlight < this.maxInFlight) this.flushNow();
    });
  }

  private flushNow(): void {
    const p = this.pending;
    if (p.done.length === 0) return;
    this.pending = CaptureWriter.empty();
    const seq = ++this.seq;
    this.inFlight++;
    this.waiting.set(seq, { done: p.done });
    // One contiguous buffer for all bodies, transferred (not copied) to the worker.
    const bodies = new Uint8Array(p.bodyBytes);
    let off = 0;
    for (const b of p.bodies) {
      bodies.set(b, off);
      off += b.length;
    }
    this.batches++;
    this.worker.postMessage({ t: 'batch', seq, n: p.done.length, values: p.values, bodies }, [bodies.buffer]);
  }

  private onMessage(m: { t: string; seq: number; dup?: (number | null)[] | null; exec?: ExecResult; error?: string }): void {
    if (m.t !== 'ack') return;
    const w = this.waiting.get(m.seq);
    if (!w) return;
    this.waiting.delete(m.seq);
    const err = m.error ? new HookbenchError('unavailable', `Could not store the request: ${m.error}`) : null;
    if (w.done) {
      this.inFlight--;
      if (!err) this.committed += w.done.length;
      const dup = m.dup;
      for (let i = 0; i < w.done.length; i++) w.done[i](err, dup ? dup[i] : null);
      if (this.pending.done.length) this.schedule();
    } else if (w.exec) {
      w.exec(err, m.exec ?? { changes: [], ids: [] });
    }
  }

  private fail(err: Error): void {
    this.failure = err;
    for (const [, w] of this.waiting) {
      w.done?.forEach((d) => d(err, null));
      w.exec?.(err, { changes: [], ids: [] });
    }
    this.waiting.clear();
    const p = this.pending;
    this.pending = CaptureWriter.empty();
    p.done.forEach((d) => d(err, null));
  }

  /** Commits what is queued, waits for every ack, then closes the worker's connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (process.env.HOOKBENCH_DEBUG_CAPTURE) process.stderr.write(`capture: ${this.committed} rows in ${this.batches} batches\n`);
    this.flushNow();
    while (this.waiting.size && !this.failure) await new Promise((r) => setTimeout(r, 5));
    this.closed = true;
    const exited = new Promise((r) => this.worker.once('exit', r));
    this.worker.postMessage({ t: 'close' });
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    await this.worker.terminate();
  }
}
