import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { HookbenchError } from '../../shared/errors';
import { CycleBatch, decodeClaimed, LAYOUT, type ClaimedRows } from './cycle-batch';
import { SQL, type DueRow } from './statements';
import { writerWorkerSource } from './writer-worker-source';

export interface CycleResult {
  /** seq of each inserted delivery, in order. */
  inserted: Float64Array;
  /** Per completion: 1 finished, 2 recorded but the delivery was cancelled meanwhile, 0 the delivery is gone. */
  paths: Uint8Array;
  /** Per claim: the rows leased. */
  claimed: DueRow[][];
}

/** Time the writer spent per phase (ns) since it started. */
export interface WriterStats {
  cycles: number;
  rows: number;
  insert: number;
  finish: number;
  claim: number;
  commit: number;
  total: number;
  /** The worker thread's CPU time (ms), where the OS tells it. */
  cpuMs: number | null;
}

const resolveBetterSqlite = (): string => {
  try {
    return require.resolve('better-sqlite3');
  } catch {
    return createRequire(path.join(process.cwd(), 'index.js')).resolve('better-sqlite3');
  }
};

/** How often the checkpointer copies the WAL into the database file. */
const CHECKPOINT_MS = 100;

type Waiter = { resolve: (v: never) => void; reject: (e: Error) => void };

/** Talks to the writer worker: one cycle (or exec) per message, answered in order. */
export class DispatchWriter {
  private readonly worker: Worker;
  /** Runs the WAL checkpoints (copy into the database file, fsync) so commits never wait for them. */
  private readonly checkpointer: Worker;
  private readonly ready: Promise<void>;
  private readonly waiting = new Map<number, Waiter>();
  private seq = 0;
  private failure: Error | null = null;
  private closed = false;

  constructor(file: string, nativeBinding?: string) {
    const common = { file, nativeBinding, modulePath: resolveBetterSqlite() };
    this.worker = new Worker(writerWorkerSource, {
      eval: true,
      workerData: {
        ...common,
        role: 'writer',
        synchronous: process.env.HOOKBENCH_DISPATCH_SYNC,
        sql: SQL,
        layout: LAYOUT,
      },
    });
    this.worker.unref();
    this.checkpointer = new Worker(writerWorkerSource, {
      eval: true,
      workerData: { ...common, role: 'checkpointer', intervalMs: CHECKPOINT_MS },
    });
    this.checkpointer.unref();
    // Without the checkpointer the writer checkpoints again itself, so the WAL cannot grow unbounded.
    const fallback = () => !this.closed && !this.failure && this.worker.postMessage({ t: 'autocheckpoint' });
    this.checkpointer.on('error', fallback);
    this.checkpointer.on('exit', fallback);
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('error', reject);
      this.worker.once('message', (m: { t: string }) => {
        this.worker.off('error', reject);
        if (m.t !== 'ready') return reject(new Error('dispatch writer did not start'));
        this.worker.on('message', (msg) => this.onMessage(msg));
        this.worker.on('error', (err) => this.fail(err));
        this.worker.on(
          'exit',
          (code) => !this.closed && this.fail(new Error(`dispatch writer exited (${code})`)),
        );
        resolve();
      });
    });
  }

  start(): Promise<void> {
    return this.ready;
  }

  private post<T>(msg: Record<string, unknown>, transfer?: ArrayBuffer[]): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed)
      return Promise.reject(new HookbenchError('unavailable', 'The dispatcher is shutting down.'));
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(seq, { resolve: resolve as (v: never) => void, reject });
      msg.seq = seq;
      this.worker.postMessage(msg, transfer);
    });
  }

  async cycle(batch: CycleBatch): Promise<CycleResult> {
    const { msg, transfer } = batch.encode();
    const r = await this.post<{ inserted: Float64Array; paths: Uint8Array; claimed: ClaimedRows[] }>(
      msg,
      transfer,
    );
    return { inserted: r.inserted, paths: r.paths, claimed: r.claimed.map(decodeClaimed) };
  }

  /** The writer's phase timings (for the benchmark and HOOKBENCH_DISPATCH_STATS). */
  stats(): Promise<WriterStats> {
    return this.post<{ stats: WriterStats }>({ t: 'stats' }).then((r) => r.stats);
  }

  /** Statements in one transaction on the writer connection, ordered with the cycles. */
  exec(stmts: [sql: string, params: unknown[]][]): Promise<{ changes: number[]; ids: number[] }> {
    return this.post<{ exec: { changes: number[]; ids: number[] } }>({ t: 'exec', stmts }).then(
      (r) => r.exec,
    );
  }

  private onMessage(m: { t: string; seq: number; error?: string }): void {
    const w = this.waiting.get(m.seq);
    if (m.t !== 'ack' || !w) return;
    this.waiting.delete(m.seq);
    if (m.error)
      w.reject(new HookbenchError('unavailable', `The dispatcher could not write to its store: ${m.error}`));
    else w.resolve(m as never);
  }

  private fail(err: Error): void {
    this.failure = err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    while (this.waiting.size && !this.failure) await new Promise((r) => setTimeout(r, 5));
    this.closed = true;
    const exited = new Promise((r) => this.worker.once('exit', r));
    this.worker.postMessage({ t: 'close' });
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    await this.worker.terminate();
    const checkpointerExited = new Promise((r) => this.checkpointer.once('exit', r));
    this.checkpointer.postMessage({ t: 'close' });
    await Promise.race([checkpointerExited, new Promise((r) => setTimeout(r, 2000))]);
    await this.checkpointer.terminate();
  }
}
