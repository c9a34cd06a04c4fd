import type { Worker } from 'node:worker_threads';
import { HookbenchError } from '../../shared/errors';
import { acquireCheckpointer, type CheckpointLease } from '../workers/checkpoint-owner';
import type { ClaimedRows, CycleAnswer, ExecResult, Stmts, WriterAck, WriterIn, WriterOut, WriterStats, WriterWorkerData } from '../workers/protocol';
import { spawnWorker } from '../workers/spawn';
import { decodeClaimed, type CycleBatch } from './cycle-batch';
import type { DueRow } from './statements';

export type { WriterStats } from '../workers/protocol';

export interface CycleResult {
  /** seq of each inserted delivery, in order. */
  inserted: Float64Array;
  /** Per completion: 1 finished, 2 recorded but the delivery was cancelled meanwhile, 0 the delivery is gone. */
  paths: Uint8Array;
  /** Per claim: the rows leased. */
  claimed: DueRow[][];
}

type Waiter = { resolve: (v: WriterAck) => void; reject: (e: Error) => void };
type Unsent<T> = T extends unknown ? Omit<T, 'seq'> : never;

/** Talks to the writer worker (workers/writer-worker.ts): one cycle (or exec) per message, answered in order. */
export class DispatchWriter {
  private readonly worker: Worker;
  /** The database file's checkpoint owner (shared with the receiver's capture writer). */
  private readonly checkpoint: CheckpointLease;
  private readonly ready: Promise<void>;
  private readonly waiting = new Map<number, Waiter>();
  private seq = 0;
  private failure: Error | null = null;
  private closed = false;

  constructor(file: string, nativeBinding?: string) {
    const synchronous = process.env.HOOKBENCH_DISPATCH_SYNC === 'FULL' ? 'FULL' : 'NORMAL';
    this.checkpoint = acquireCheckpointer(file, { nativeBinding, synchronous, slowMs: 0 });
    const data: WriterWorkerData = { file, nativeBinding, synchronous, ckpt: this.checkpoint.ckpt };
    const spawned = spawnWorker('writer-worker', data);
    this.worker = spawned.worker;
    this.ready = spawned.ready.then(() => {
      this.worker.on('message', (msg: WriterOut) => this.onMessage(msg));
      this.worker.on('error', (err) => this.fail(err));
      this.worker.on('exit', (code) => !this.closed && this.fail(new Error(`dispatch writer exited (${code})`)));
    });
  }

  async start(): Promise<void> {
    await Promise.all([this.ready, this.checkpoint.ready]);
  }

  private post(msg: Unsent<Exclude<WriterIn, { t: 'close' }>>, transfer?: ArrayBuffer[]): Promise<WriterAck> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed)
      return Promise.reject(new HookbenchError('unavailable', 'The dispatcher is shutting down.'));
    const seq = ++this.seq;
    return new Promise<WriterAck>((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      this.worker.postMessage({ ...msg, seq }, transfer);
    });
  }

  async cycle(batch: CycleBatch): Promise<CycleResult> {
    const { msg, transfer } = batch.encode();
    const r = (await this.post(msg, transfer)) as CycleAnswer;
    return { inserted: r.inserted, paths: r.paths, claimed: r.claimed.map((c: ClaimedRows) => decodeClaimed(c)) };
  }

  /** The writer's phase timings (for the benchmark and HOOKBENCH_DISPATCH_STATS). */
  stats(): Promise<WriterStats> {
    return this.post({ t: 'stats' }).then((r) => (r as { stats: WriterStats }).stats);
  }

  /** Statements in one transaction on the writer connection, ordered with the cycles. */
  exec(stmts: Stmts): Promise<ExecResult> {
    return this.post({ t: 'exec', stmts }).then((r) => (r as { exec: ExecResult }).exec);
  }

  private onMessage(m: WriterOut): void {
    if (m.t !== 'ack') return;
    const w = this.waiting.get(m.seq);
    if (!w) return;
    this.waiting.delete(m.seq);
    if (m.error)
      w.reject(new HookbenchError('unavailable', `The dispatcher could not write to its store: ${m.error}`));
    else w.resolve(m);
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
    this.worker.postMessage({ t: 'close' } satisfies WriterIn);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    await this.worker.terminate();
    await this.checkpoint.release();
  }
}
