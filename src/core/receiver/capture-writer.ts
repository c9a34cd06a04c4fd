import { createRequire } from 'node:module';
import path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { HookbenchError } from '../../shared/errors';
import type { Captured } from './capture';
import * as layout from './capture-worker-source';

// Plain constants (an imported binding is a getter call on every use once compiled to CJS).
const { captureWorkerSource, checkpointWorkerSource } = layout;
const { BELL, PUBLISHED, USED, SLEEPING, COMMITTED, CLOSE, SIZE: CTRL_SIZE } = layout.C;
const { ROW, INTERN: K_INTERN, WRAP } = layout.K;
const { BODY_EXTERNAL, INTERNED, NULL_STR, NUMBERS, STRINGS, TLS_FLAG } = layout;

type Done = (err: Error | null, duplicateOf: number | null) => void;
export interface ExecResult {
  changes: number[];
  ids: number[];
}
type ExecDone = (err: Error | null, result: ExecResult) => void;

const resolveBetterSqlite = (): string => {
  try {
    return require.resolve('better-sqlite3'); // CommonJS: tsx, the bundled app
  } catch {
    return createRequire(path.join(process.cwd(), 'index.js')).resolve('better-sqlite3'); // ESM (vitest)
  }
};

/**
 * A sleeping worker is woken at the end of each turn of the event loop, or as soon as this many
 * rows wait: under load one turn reads a whole wave of requests, and starting to commit its first
 * rows while the rest are parsed keeps the worker and the event loop busy at the same time
 * (measured: machine idle 49% -> 32%, +10% throughput, 64 connections on 2 cores).
 */
const BELL_ROWS = 16;
const RING_BYTES = 8 * 1024 * 1024;
/** Bodies above this go to the worker over a MessagePort, not through the ring. */
const MAX_INLINE = RING_BYTES / 4;
/** Low-cardinality strings (slug, method, answer JSON, …) cross once and are then sent by id. */
const MAX_INTERNED = 1024;
const MAX_INTERN_LENGTH = 4096;
/** String fields in record order (see ROW_FIELDS); true where the value is interned. */
const INTERN_FIELD = [
  true,
  true,
  false,
  false,
  false,
  true,
  true,
  false,
  true,
  true,
  false,
  true,
  true,
  true,
  false,
  true,
  true,
  true,
];

type Worker2 = { worker: Worker; ready: Promise<void> };

function startWorker(
  source: string,
  workerData: Record<string, unknown>,
  transferList: MessagePort[] = [],
): Worker2 {
  const worker = new Worker(source, { eval: true, workerData, transferList });
  worker.unref();
  const ready = new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    worker.once('error', onError);
    worker.once('message', (m: { t: string }) => {
      worker.off('error', onError);
      if (m.t === 'ready') resolve();
      else reject(new Error('capture worker did not start'));
    });
  });
  return { worker, ready };
}

type MessagePort = import('node:worker_threads').MessagePort;
/** Buffer's UTF-8 writer without argument juggling (what buf.write(s, off, len, 'utf8') calls). */
type FastWrite = { utf8Write(s: string, offset: number, length: number): number };

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
 * never checkpoints (wal_autocheckpoint=0): a third thread, the checkpoint worker, runs PASSIVE
 * checkpoints (they never block a writer) on its own connection. So neither a sync nor a
 * checkpoint ever delays a commit or the event loop.
 */
export class CaptureWriter {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(CTRL_SIZE * 4));
  private readonly ring = new SharedArrayBuffer(RING_BYTES);
  private readonly u8 = Buffer.from(this.ring) as Buffer & FastWrite;
  private readonly u32 = new Uint32Array(this.ring);
  private readonly f64 = new Float64Array(this.ring);
  private readonly bodyPort: MessagePort;
  private readonly execPort: MessagePort;
  private readonly capture: Worker2;
  private readonly checkpoint: Worker2;
  private writeOff = 0;
  private interned = new Map<string, number>();
  private readonly ids = new Int32Array(STRINGS);
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
    const common = {
      file,
      nativeBinding: opts.nativeBinding,
      modulePath: resolveBetterSqlite(),
      synchronous,
      ctrl: this.ctrl,
      // HOOKBENCH_DEBUG_CAPTURE=1: the workers log commits, statements and checkpoints that take
      // longer than this many ms (HOOKBENCH_DEBUG_SLOW_MS, default 20) to stderr.
      slowMs: process.env.HOOKBENCH_DEBUG_CAPTURE ? Number(process.env.HOOKBENCH_DEBUG_SLOW_MS ?? 20) : 0,
    };
    this.capture = startWorker(
      captureWorkerSource,
      { ...common, ring: this.ring, bodyPort: body.port2, execPort: exec.port2 },
      [body.port2, exec.port2],
    );
    this.checkpoint = startWorker(checkpointWorkerSource, common);
    void this.capture.ready.then(
      () => {
        const w = this.capture.worker;
        w.on(
          'message',
          (
            m:
              | number
              | {
                  c?: number;
                  n?: number;
                  dup?: number[];
                  err?: string;
                  t?: string;
                  seq?: number;
                  exec?: ExecResult;
                  error?: string;
                },
          ) => {
            if (typeof m === 'number') this.committedUpTo(m, 0, null, null);
            else if (m.t === 'exec') this.execDone(m.seq!, m.exec, m.error);
            else this.committedUpTo(m.c!, m.n!, m.dup ?? null, m.err ?? null);
          },
        );
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
      ok = this.backlog.length === 0 && this.encode(c);
    } catch (err) {
      done(err as Error, null);
      return;
    }
    if (!ok) {
      this.backlog.push({ c, done });
      return;
    }
    this.dones.push(done);
    if (++this.unrung >= BELL_ROWS) {
      this.unrung = 0;
      const ctrl = this.ctrl;
      Atomics.add(ctrl, BELL, 1);
      if (Atomics.compareExchange(ctrl, SLEEPING, 1, 0) === 1) Atomics.notify(ctrl, BELL, 1);
    }
    if (!this.bellScheduled) {
      this.bellScheduled = true;
      setImmediate(this.bellBound);
    }
  }

  /**
   * Wakes the worker if it sleeps. Rows are published as they come (a worker that is busy
   * committing takes them in its next batch); a sleeping one is woken once per turn of the event
   * loop, so its first commit already holds every request read in that turn.
   */
  private ring_(): void {
    const ctrl = this.ctrl;
    Atomics.add(ctrl, BELL, 1);
    if (Atomics.compareExchange(ctrl, SLEEPING, 1, 0) === 1) Atomics.notify(ctrl, BELL, 1);
  }

  private bellScheduled = false;
  private unrung = 0;
  private readonly bellBound = () => {
    this.bellScheduled = false;
    this.unrung = 0;
    this.ring_();
  };

  /**
   * Reserves `bytes` (8-aligned) of contiguous ring space, writing a wrap record when the tail
   * is too short; returns the offset, or -1 when the ring is full.
   */
  private reserve(bytes: number): number {
    const used = Atomics.load(this.ctrl, USED);
    if (used + bytes > RING_BYTES) return -1;
    let w = this.writeOff;
    if (w === RING_BYTES) w = this.writeOff = 0;
    let read = w - used; // where the worker reads next
    if (read < 0) read += RING_BYTES;
    if (used !== 0 && read >= w) return read - w >= bytes ? w : -1; // free: [w, read)
    // Free: [w, end) and [0, read) (everything when empty).
    if (RING_BYTES - w >= bytes) return w;
    if ((used === 0 ? w : read) < bytes) return -1;
    const pad = RING_BYTES - w;
    this.u32[w >>> 2] = pad;
    this.u32[(w >>> 2) + 1] = WRAP;
    this.publish(pad);
    this.writeOff = 0;
    return 0;
  }

  private publish(bytes: number): void {
    Atomics.add(this.ctrl, USED, bytes);
    Atomics.add(this.ctrl, PUBLISHED, 1);
  }

  private intern(s: string): number {
    let id = this.interned.get(s);
    if (id !== undefined) return id;
    if (this.interned.size >= MAX_INTERNED || s.length > MAX_INTERN_LENGTH) return -1;
    const bytes = (16 + s.length * 3 + 7) & ~7;
    const off = this.reserve(bytes);
    if (off === -1) return -1;
    id = this.interned.size;
    const u32 = this.u32;
    const q = off >>> 2;
    u32[q + 1] = K_INTERN;
    u32[q + 2] = id;
    const len = s.length === 0 ? 0 : this.u8.utf8Write(s, off + 16, RING_BYTES - off - 16);
    u32[q + 3] = len;
    const size = (16 + len + 7) & ~7;
    u32[q] = size;
    this.writeOff = off + size;
    this.publish(size);
    this.interned.set(s, id);
    return id;
  }

  /** Writes one row record; false when the ring has no room for it now. */
  private encode(c: Captured): boolean {
    const a = c.answer;
    const headers = c.rawHeaders.join('\n');
    const strs = [
      c.inbox,
      c.method,
      c.url,
      c.path,
      c.query,
      c.httpVersion,
      c.remoteAddress,
      headers,
      c.contentType,
      c.contentEncoding,
      c.deliveryId,
      c.sigStatus,
      c.sigReason,
      c.sigScheme,
      c.sigReport,
      a.kind,
      a.ruleId,
      a.stored,
    ];
    // Interned ids first: their records must precede this row in the ring.
    const ids = this.ids;
    let bound = 8 + NUMBERS * 8 + 8;
    for (let i = 0; i < STRINGS; i++) {
      const s = strs[i];
      ids[i] = -1;
      if (s === null) bound += 4;
      else if (INTERN_FIELD[i] && (ids[i] = this.intern(s)) !== -1) bound += 4;
      else bound += 4 + ((s.length * 3 + 3) & ~3);
    }
    const body = c.body;
    const external = body.length > MAX_INLINE;
    if (!external) bound += body.length;
    bound = (bound + 7) & ~7;
    // Never with the header size limit; a record this large could never fit.
    if (bound > RING_BYTES / 2)
      throw new HookbenchError('payload_too_large', 'The request headers are too large to store.');
    const off = this.reserve(bound);
    if (off === -1) return false;

    const f64 = this.f64;
    const u32 = this.u32;
    const u8 = this.u8;
    let p = off + 8;
    const fi = p >>> 3;
    f64[fi] = c.id;
    f64[fi + 1] = c.receivedAt;
    f64[fi + 2] = c.remotePort === null ? NaN : c.remotePort;
    f64[fi + 3] = c.bodyMs;
    f64[fi + 4] = a.status === null ? NaN : a.status;
    f64[fi + 5] = c.seq;
    p += NUMBERS * 8;
    u32[p >>> 2] = (external ? BODY_EXTERNAL : 0) | (c.tls ? TLS_FLAG : 0);
    u32[(p >>> 2) + 1] = body.length;
    p += 8;
    for (let i = 0; i < STRINGS; i++) {
      const s = strs[i];
      if (s === null) {
        u32[p >>> 2] = NULL_STR;
        p += 4;
      } else if (ids[i] !== -1) {
        u32[p >>> 2] = (INTERNED + ids[i]) >>> 0;
        p += 4;
      } else {
        const len = s.length === 0 ? 0 : u8.utf8Write(s, p + 4, RING_BYTES - p - 4);
        u32[p >>> 2] = len;
        p += 4 + ((len + 3) & ~3);
      }
    }
    if (external) this.bodyPort.postMessage(body);
    else {
      body.copy(u8, p);
      p += body.length;
    }
    const size = ((p - off + 7) & ~7) >>> 0;
    u32[off >>> 2] = size;
    u32[(off >>> 2) + 1] = ROW;
    this.writeOff = off + size;
    this.rowsSent++;
    this.publish(size);
    return true;
  }

  /** The worker reported rows up to `upTo` committed; `n` of them in this commit. */
  private committedUpTo(upTo: number, n: number, dup: number[] | null, err: string | null): void {
    // One message per commit, in order: these are the `n` rows after the last report.
    const count = upTo - this.rowsDone;
    this.rowsDone = upTo;
    void n;
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
    while (i < b.length && this.encode(b[i].c)) this.dones.push(b[i++].done);
    if (i === 0) return;
    this.backlog = b.slice(i);
    this.ring_();
  }

  /** Runs statements in one transaction on the capture worker's connection, after queued rows. */
  exec(stmts: [sql: string, params: unknown[]][]): Promise<ExecResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new HookbenchError('unavailable', 'The receiver is closing.'));
    return new Promise((resolve, reject) => {
      const seq = ++this.seq;
      this.waiting.set(seq, (err, result) => (err ? reject(err) : resolve(result)));
      this.execPort.postMessage({ seq, after: this.rowsSent + this.backlog.length, stmts });
      this.ring_();
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
    const exits = [this.capture.worker, this.checkpoint.worker].map(
      (w) => new Promise((r) => w.once('exit', r)),
    );
    Atomics.store(this.ctrl, CLOSE, 1);
    Atomics.add(this.ctrl, BELL, 1);
    Atomics.notify(this.ctrl, BELL);
    Atomics.notify(this.ctrl, COMMITTED);
    await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, 3000))]);
    await Promise.all([this.capture.worker.terminate(), this.checkpoint.worker.terminate()]);
    this.bodyPort.close();
    this.execPort.close();
  }
}
