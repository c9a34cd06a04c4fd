import { HookbenchError } from '../../shared/errors';
import { addRequestRollup, INBOX_ROLLUP_UPSERT, INBOX_VALUES } from '../monitoring/rollup-sql';
import { acquireCheckpointer, type CheckpointLease } from '../workers/checkpoint-owner';
import {
  CheckpointClient,
  errorText,
  openWriter,
  slowLog,
  statementRunner,
  type Db,
  type Statement,
} from '../workers/db-worker';
import type { ExecResult, Stmts } from '../workers/protocol';
import type { Captured } from './capture';

export type { ExecResult } from '../workers/protocol';

type Done = (err: Error | null, duplicateOf: number | null) => void;
type ExecDone = (err: Error | null, result: ExecResult) => void;
type Job = { c: Captured; done: Done } | { stmts: Stmts; done: ExecDone };

/** Rows per transaction at most (a bounded commit, a bounded wait for the rows behind it). */
const MAX_BATCH = 2000;
/** While another connection holds the write lock, try again this often (never block the event loop). */
const BUSY_RETRY_MS = 1;
/** Give up on a write lock another connection holds this long (SQLite's busy_timeout of the other writers). */
const BUSY_GIVE_UP_MS = 10_000;

const failJob = (job: Job, err: Error): void =>
  'c' in job ? job.done(err, null) : job.done(err, { changes: [], ids: [] });

/** SQLITE_BUSY and its extended codes: another connection holds the lock; try again later. */
const isBusy = (e: unknown): boolean => String((e as { code?: string } | null)?.code).startsWith('SQLITE_BUSY');

const COLUMNS = [
  'id',
  'seq',
  'inbox',
  'received_at',
  'method',
  'url',
  'path',
  'query',
  'http_version',
  'tls',
  'remote_addr',
  'remote_port',
  'headers',
  'body',
  'body_size',
  'body_ms',
  'content_type',
  'content_encoding',
  'delivery_id',
  'duplicate_of',
  'sig_status',
  'sig_reason',
  'sig_scheme',
  'sig_report',
  'answer_kind',
  'answer_status',
  'rule_id',
  'response',
];

/**
 * The write path of captured requests: a connection of its own on the main thread.
 *
 * Requests whose body is complete are queued; once per turn of the event loop (a setImmediate)
 * everything queued is inserted in one transaction (group commit, at most MAX_BATCH rows), and
 * each sender is answered after the commit holding its request. Statements (retention and user
 * deletes, forward records) are queued in the same order and run in their own transaction.
 *
 * The connection runs synchronous=NORMAL in WAL mode: a commit is complete once its frames are in
 * the WAL file, in the OS page cache, so it survives any crash or kill of the Hookbench process,
 * which is the guarantee the receiver gives. What NORMAL gives up is the last commits before an
 * OS crash or power loss; HOOKBENCH_CAPTURE_SYNC=FULL adds an fsync per group commit instead.
 * This connection never checkpoints (the file's one checkpoint owner, workers/checkpoint-worker.ts,
 * does it on its own thread), and it never waits for the write lock: when the dispatcher's
 * writer holds it, the batch is tried again a millisecond later, and the event loop goes on.
 *
 * This replaced a capture worker fed through a shared-memory ring (issue 12): measured with
 * `npm run bench:capture` and `npm run bench:receiver`, the ring moved SQLite off the event loop
 * but cost more CPU per stored request in total (the copy into the ring, the doorbell's futex
 * wake-ups, a second thread) than the insert it moved; see docs/architecture.md.
 */
export class CaptureWriter {
  private readonly db: Db;
  private readonly insert: Statement;
  private readonly findDup: Statement;
  private readonly rollup: Statement;
  private readonly execAll: (stmts: Stmts) => ExecResult;
  private readonly checkpoint: CheckpointLease;
  private readonly ck: CheckpointClient;
  private readonly log: ReturnType<typeof slowLog>;
  private queue: Job[] = [];
  private scheduled: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private busySince = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  /** Rows committed, and commits, since start. */
  committed = 0;
  batches = 0;

  constructor(file: string, opts: { nativeBinding?: string } = {}) {
    const synchronous = process.env.HOOKBENCH_CAPTURE_SYNC === 'FULL' ? 'FULL' : 'NORMAL';
    // HOOKBENCH_DEBUG_CAPTURE=1: commits and statements slower than HOOKBENCH_DEBUG_SLOW_MS
    // (default 20) are logged to stderr, here and in the checkpoint worker.
    const slowMs = process.env.HOOKBENCH_DEBUG_CAPTURE
      ? Number(process.env.HOOKBENCH_DEBUG_SLOW_MS ?? 20)
      : 0;
    this.log = slowLog('capture', slowMs);
    this.checkpoint = acquireCheckpointer(file, { nativeBinding: opts.nativeBinding, synchronous, slowMs });
    const db = (this.db = openWriter({ file, nativeBinding: opts.nativeBinding, synchronous }));
    db.pragma('busy_timeout = 0');
    this.insert = db.prepare(
      `INSERT INTO requests (${COLUMNS.join(',')}) VALUES (${COLUMNS.map(() => '?').join(',')})`,
    );
    this.findDup = db
      .prepare('SELECT id FROM requests WHERE inbox = ? AND delivery_id = ? ORDER BY id LIMIT 1')
      .pluck();
    this.rollup = db.prepare(INBOX_ROLLUP_UPSERT);
    this.execAll = statementRunner(db);
    this.ck = new CheckpointClient(this.checkpoint.ckpt, db);
    this.ck.sleeping(true); // between transactions, as far as the checkpoint owner is concerned
  }

  async start(): Promise<void> {
    await this.checkpoint.ready;
  }

  /** Queues one request; `done` runs once the commit holding it is done (or failed). */
  add(c: Captured, done: Done): void {
    if (this.closed) {
      done(new HookbenchError('unavailable', 'The receiver is closing.'), null);
      return;
    }
    this.queue.push({ c, done });
    this.schedule();
  }

  /** Runs statements in one transaction, after the requests queued before them. */
  exec(stmts: Stmts): Promise<ExecResult> {
    if (this.closed) return Promise.reject(new HookbenchError('unavailable', 'The receiver is closing.'));
    return new Promise((resolve, reject) => {
      const done: ExecDone = (err, result) => (err ? reject(err) : resolve(result));
      this.queue.push({ stmts, done });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled === null) this.scheduled = setImmediate(this.flushBound);
  }

  private readonly flushBound = () => this.flush();

  private flush(): void {
    this.scheduled = null;
    while (this.queue.length) {
      const first = this.queue[0];
      const result = 'c' in first ? this.commitRows() : this.runStatements(first.stmts, first.done);
      if (result === 'busy') {
        // Another connection (the dispatcher's writer, a user action) holds the write lock, or
        // the checkpoint owner is restarting the WAL (a few ms).
        const now = Date.now();
        if (this.busySince === 0) this.busySince = now;
        if (now - this.busySince < BUSY_GIVE_UP_MS) {
          this.scheduled = setTimeout(this.flushBound, BUSY_RETRY_MS);
          return;
        }
        this.failFirst(
          new HookbenchError(
            'unavailable',
            'Could not store the request: the database stayed locked by another writer.',
          ),
        );
      }
      this.busySince = 0;
      if (result === 'yield' && this.queue.length) {
        this.schedule(); // a full batch: let the event loop read and answer before the next
        return;
      }
    }
    const ws = this.idleWaiters;
    if (ws.length) {
      this.idleWaiters = [];
      for (const w of ws) w();
    }
  }

  /** Inserts the rows at the head of the queue (up to the first statements) in one transaction. */
  private commitRows(): 'done' | 'busy' | 'yield' {
    const q = this.queue;
    let n = 0;
    while (n < q.length && n < MAX_BATCH && 'c' in q[n]) n++;
    const t0 = this.log.start();
    let dups: (number | null)[] | null = null;
    let error: Error | null = null;
    if (!this.ck.enter()) return 'busy'; // the checkpoint owner is restarting the WAL
    let committed = false;
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (e) {
      this.ck.sleeping(true);
      if (isBusy(e)) return 'busy';
      error = new HookbenchError('unavailable', `Could not store the request: ${errorText(e)}`);
    }
    if (!error) {
      try {
        const sums = new Map<string, { inbox: string; minute: number; v: number[] }>();
        for (let i = 0; i < n; i++) {
          const c = (q[i] as { c: Captured }).c;
          let dup: number | null = null;
          if (c.deliveryId !== null) {
            dup = (this.findDup.get(c.inbox, c.deliveryId) as number | undefined) ?? null;
            if (dup !== null) (dups ??= new Array<number | null>(n).fill(null))[i] = dup;
          }
          const a = c.answer;
          this.insert.run(
            c.id,
            c.seq,
            c.inbox,
            c.receivedAt,
            c.method,
            c.url,
            c.path,
            c.query,
            c.httpVersion,
            c.tls ? 1 : 0,
            c.remoteAddress,
            c.remotePort,
            c.rawHeaders.join('\n'),
            c.body,
            c.body.length,
            c.bodyMs,
            c.contentType,
            c.contentEncoding,
            c.deliveryId,
            dup,
            c.sigStatus,
            c.sigReason,
            c.sigScheme,
            c.sigReport,
            a.kind,
            a.status,
            a.ruleId,
            a.stored,
          );
          // The inbox's per-minute rollup, summed over the batch: one upsert per inbox and minute.
          const minute = Math.floor(c.receivedAt / 60000);
          const key = `${minute}\n${c.inbox}`;
          let s = sums.get(key);
          if (!s)
            sums.set(
              key,
              (s = { inbox: c.inbox, minute, v: new Array<number>(INBOX_VALUES.length).fill(0) }),
            );
          addRequestRollup(s.v, a.status, c.sigStatus, dup !== null, c.body.length);
        }
        for (const s of sums.values()) this.rollup.run(s.inbox, s.minute, ...s.v);
        this.db.exec('COMMIT');
        committed = true;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        error = new HookbenchError('unavailable', `Could not store the request: ${errorText(e)}`);
      }
      if (committed) this.ck.committed(n);
      this.ck.sleeping(true);
    }
    this.log.end('commit', t0, `${n} rows`);
    const jobs = q.splice(0, n) as { c: Captured; done: Done }[];
    if (committed) {
      this.committed += n;
      this.batches++;
    }
    for (let i = 0; i < n; i++) {
      try {
        jobs[i].done(error, dups ? dups[i] : null);
      } catch {
        // One sender's callback must not keep the others from their answers.
      }
    }
    return n === MAX_BATCH ? 'yield' : 'done';
  }

  private runStatements(stmts: Stmts, done: ExecDone): 'done' | 'busy' {
    const t0 = this.log.start();
    let result: ExecResult | null = null;
    let error: Error | null = null;
    if (!this.ck.enter()) return 'busy';
    try {
      result = this.execAll(stmts); // one immediate transaction, rolled back if a statement fails
      this.ck.committed(1);
    } catch (e) {
      if (isBusy(e) && !this.db.inTransaction) {
        this.ck.sleeping(true);
        return 'busy';
      }
      error = new HookbenchError('unavailable', `Could not write to the database: ${errorText(e)}`);
    }
    this.ck.sleeping(true);
    this.log.end('statements', t0, () => stmts.map((x) => x[0].slice(0, 60)).join('; '));
    this.queue.shift();
    done(error, result ?? { changes: [], ids: [] });
    return 'done';
  }

  /** Fails the job at the head of the queue (and the rows queued with it). */
  private failFirst(err: Error): void {
    const q = this.queue;
    let n = 1;
    if ('c' in q[0]) while (n < q.length && n < MAX_BATCH && 'c' in q[n]) n++;
    for (const job of q.splice(0, n)) failJob(job, err);
  }

  private whenIdle(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Commits what is queued, then closes the connection and releases the checkpoint owner. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (process.env.HOOKBENCH_DEBUG_CAPTURE)
      process.stderr.write(`capture: ${this.committed} rows in ${this.batches} commits\n`);
    await Promise.race([this.whenIdle(), new Promise((r) => setTimeout(r, BUSY_GIVE_UP_MS + 1000))]);
    this.closed = true;
    if (this.scheduled) {
      clearTimeout(this.scheduled as NodeJS.Timeout);
      clearImmediate(this.scheduled as NodeJS.Immediate);
      this.scheduled = null;
    }
    const err = new HookbenchError('unavailable', 'The receiver is closing.');
    for (const job of this.queue.splice(0)) failJob(job, err);
    this.ck.close();
    this.db.close();
    await this.checkpoint.release();
  }
}
