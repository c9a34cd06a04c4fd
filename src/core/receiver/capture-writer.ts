import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { HookbenchError } from '../../shared/errors';
import { acquireCheckpointer, type CheckpointLease } from '../workers/checkpoint-owner';
import * as layout from '../workers/protocol';
import type { CaptureOut, CaptureWorkerData, ExecResult, Stmts } from '../workers/protocol';
import { spawnWorker } from '../workers/spawn';
import type { Captured } from './capture';
import { CaptureRing } from './capture-ring';

export type { ExecResult } from '../workers/protocol';

// Plain constants (an imported binding is a getter call on every use once compiled to CJS).
const { BELL, CLOSE } = layout.C;

type Done = (err: Error | null, duplicateOf: number | null) => void;
type ExecDone = (err: Error | null, result: ExecResult) => void;

/**
 * A sleeping worker is woken at the end of each turn of the event loop, or as soon as this many
 * rows wait: under load one turn reads a whole wave of requests, and starting to commit its first
 * rows while the rest are parsed keeps the worker and the event loop busy at the same time
 * (measured: machine idle 49% -> 32%, +10% throughput, 64 connections on 2 cores).
 */
const BELL_ROWS = 16;

/**
 * The write path of captured requests.
 *
 * The event loop never touches SQLite for a captured request: when a body is complete, the
 * request is encoded into a ring buffer in shared memory (a few hundred bytes of strings and
 * the body, copied once) and a doorbell is rung; the capture worker takes everything published
 * so far, commits it in one transaction (group commit), frees the ring space and posts one
 * message per commit. Each sender is answered when the commit holding its request is reported.
 * No message per request, no structured clone, no thread hand-off per request.
 *
 * The capture connection runs synchronous=NORMAL in WAL mode. A NORMAL commit is complete once
 * its frames are written to the WAL file: they are in the OS page cache and survive any crash or
 * kill of the Hookbench process, which is the guarantee the receiver gives (a sender is answered
 * only after the commit holding its request). What NORMAL gives up is the last commits before an
 * OS crash or power loss; FULL would add an fsync per group commit, which here caps capture at
 * (connections / fsync latency) and measured ~0.25 of a bare server. Set
 * HOOKBENCH_CAPTURE_SYNC=FULL to trade that throughput for it.
 *
 * With NORMAL, the only disk syncs left are those of checkpoints, and the capture connection
 * never checkpoints (wal_autocheckpoint=0): the database file's one checkpoint owner
 * (workers/checkpoint-worker.ts, shared with the dispatcher's writer) runs PASSIVE checkpoints
 * (they never block a writer) on its own connection. So neither a sync nor a
 * checkpoint ever delays a commit or the event loop.
 */
export class CaptureWriter {
  private readonly ring: CaptureRing;
  private readonly ctrl: Int32Array;
  private readonly bodyPort: MessagePort;
  private readonly execPort: MessagePort;
  private readonly capture: { worker: Worker; ready: Promise<void> };
  private readonly checkpoint: CheckpointLease;
  /** Callbacks of rows in the ring, from row number `doneBase` on. */
  private dones: Done[] = [];
  private doneHead = 0;
  private doneBase = 0;
  /** Rows encoded into the ring, and rows reported committed (or failed). */
  private rowsSent = 0;
  private rowsDone = 0;
  /** Requests waiting for ring space. */
  private backlog: { c: Captured; done: Done }[] = [];
  private seq = 0;
  private waiting = new Map<number, ExecDone>();
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  private failure: Error | null = null;
  /** Rows committed, and commits, since start. */
  committed = 0;
  batches = 0;

  constructor(file: string, opts: { nativeBinding?: string } = {}) {
    const synchronous = process.env.HOOKBENCH_CAPTURE_SYNC === 'FULL' ? 'FULL' : 'NORMAL';
    const body = new MessageChannel();
    const exec = new MessageChannel();
    this.bodyPort = body.port1;
    this.execPort = exec.port1;
    this.ring = new CaptureRing(this.bodyPort);
    this.ctrl = this.ring.ctrl;
    // HOOKBENCH_DEBUG_CAPTURE=1: the workers log commits, statements and checkpoints that take
    // longer than this many ms (HOOKBENCH_DEBUG_SLOW_MS, default 20) to stderr.
    const slowMs = process.env.HOOKBENCH_DEBUG_CAPTURE ? Number(process.env.HOOKBENCH_DEBUG_SLOW_MS ?? 20) : 0;
    this.checkpoint = acquireCheckpointer(file, { nativeBinding: opts.nativeBinding, synchronous, slowMs });
    const data: CaptureWorkerData = {
      file,
      nativeBinding: opts.nativeBinding,
      synchronous,
      ctrl: this.ctrl,
      ring: this.ring.ring,
      bodyPort: body.port2,
      execPort: exec.port2,
      ckpt: this.checkpoint.ckpt,
      slowMs,
    };
    this.capture = spawnWorker('capture-worker', data, [body.port2, exec.port2]);
    void this.capture.ready.then(
      () => {
        const w = this.capture.worker;
        w.on('message', (m: CaptureOut) => {
          if (typeof m === 'number') this.committedUpTo(m, null, null);
          else if ('t' in m) {
            if (m.t === 'exec') this.execDone(m.seq, m.exec, m.error);
          } else this.committedUpTo(m.c, m.dup ?? null, m.err ?? null);
        });
        w.on('error', (err) => this.fail(err));
        w.on('exit', (code) => !this.closed && this.fail(new Error(`capture worker exited (${code})`)));
      },
      () => {},
    );
  }

  async start(): Promise<void> {
    await Promise.all([this.capture.ready, this.checkpoint.ready]);
  }

  /** Queues one request; `done` runs once the commit holding it is reported (or failed). */
  add(c: Captured, done: Done): void {
    if (this.failure || this.closed) {
      done(this.failure ?? new HookbenchError('unavailable', 'The receiver is closing.'), null);
      return;
    }
    let ok: boolean;
    try {
      ok = this.backlog.length === 0 && this.ring.encode(c);
    } catch (err) {
      done(err as Error, null);
      return;
    }
    if (!ok) {
      this.backlog.push({ c, done });
      return;
    }
    this.dones.push(done);
    this.rowsSent++;
    if (++this.unrung >= BELL_ROWS) {
      this.unrung = 0;
      this.ring.bell();
    }
    if (!this.bellScheduled) {
      this.bellScheduled = true;
      setImmediate(this.bellBound);
    }
  }

  /**
   * Rows are published as they come (a worker that is busy committing takes them in its next
   * batch); a sleeping worker is woken once per turn of the event loop (or every BELL_ROWS rows),
   * so its first commit already holds every request read in that turn.
   */
  private bellScheduled = false;
  private unrung = 0;
  private readonly bellBound = () => {
    this.bellScheduled = false;
    this.unrung = 0;
    this.ring.bell();
  };

  /** The worker reported rows up to `upTo` committed. */
  private committedUpTo(upTo: number, dup: number[] | null, err: string | null): void {
    // One message per commit, in order: these are the rows after the last report.
    const count = upTo - this.rowsDone;
    this.rowsDone = upTo;
    const error = err ? new HookbenchError('unavailable', `Could not store the request: ${err}`) : null;
    if (!error) {
      this.committed += count;
      this.batches++;
    }
    // dup: pairs of (index within this commit, id of the first delivery).
    let dupAt = dup ? dup[0] : -1;
    let di = 0;
    const dones = this.dones;
    let h = this.doneHead;
    for (let i = 0; i < count; i++, h++) {
      const d = dones[h];
      dones[h] = undefined as unknown as Done;
      if (i === dupAt) {
        d(error, dup![di + 1]);
        di += 2;
        dupAt = di < dup!.length ? dup![di] : -1;
      } else d(error, null);
    }
    this.doneHead = h;
    this.doneBase += count;
    if (h > 1024 && h * 2 > dones.length) {
      this.dones = dones.slice(h);
      this.doneHead = 0;
    }
    if (this.backlog.length) this.drainBacklog();
    if (this.rowsDone === this.rowsSent && this.backlog.length === 0 && this.idleWaiters.length) {
      const ws = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of ws) w();
    }
  }

  private drainBacklog(): void {
    let i = 0;
    const b = this.backlog;
    while (i < b.length && this.ring.encode(b[i].c)) {
      this.dones.push(b[i++].done);
      this.rowsSent++;
    }
    if (i === 0) return;
    this.backlog = b.slice(i);
    this.ring.bell();
  }

  /** Runs statements in one transaction on the capture worker's connection, after queued rows. */
  exec(stmts: Stmts): Promise<ExecResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new HookbenchError('unavailable', 'The receiver is closing.'));
    return new Promise((resolve, reject) => {
      const seq = ++this.seq;
      this.waiting.set(seq, (err, result) => (err ? reject(err) : resolve(result)));
      this.execPort.postMessage({ seq, after: this.rowsSent + this.backlog.length, stmts });
      this.ring.bell();
    });
  }

  private execDone(seq: number, result: ExecResult | undefined, error: string | undefined): void {
    const w = this.waiting.get(seq);
    if (!w) return;
    this.waiting.delete(seq);
    w(
      error ? new HookbenchError('unavailable', `Could not write to the database: ${error}`) : null,
      result ?? { changes: [], ids: [] },
    );
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    const e = new HookbenchError('unavailable', `Could not store the request: ${err.message}`);
    for (let h = this.doneHead; h < this.dones.length; h++) this.dones[h]?.(e, null);
    this.dones = [];
    this.doneHead = 0;
    for (const b of this.backlog) b.done(e, null);
    this.backlog = [];
    for (const [, w] of this.waiting) w(err, { changes: [], ids: [] });
    this.waiting.clear();
    for (const w of this.idleWaiters) w();
    this.idleWaiters = [];
  }

  private whenIdle(): Promise<void> {
    if (this.failure || (this.rowsDone === this.rowsSent && this.backlog.length === 0))
      return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Commits what is queued, waits for the worker's statements, then stops both workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (process.env.HOOKBENCH_DEBUG_CAPTURE)
      process.stderr.write(`capture: ${this.committed} rows in ${this.batches} commits\n`);
    await this.whenIdle();
    while (this.waiting.size && !this.failure) await new Promise((r) => setTimeout(r, 5));
    this.closed = true;
    const exited = new Promise((r) => this.capture.worker.once('exit', r));
    Atomics.store(this.ctrl, CLOSE, 1);
    Atomics.add(this.ctrl, BELL, 1);
    Atomics.notify(this.ctrl, BELL);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    await this.capture.worker.terminate();
    await this.checkpoint.release();
    this.bodyPort.close();
    this.execPort.close();
  }
}
