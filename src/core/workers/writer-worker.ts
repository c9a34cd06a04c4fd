/**
 * The dispatcher's writer (a worker_thread entry) with its own better-sqlite3 connection: runs
 * each engine cycle (new deliveries, finished attempts, leases) as one transaction, so neither
 * inserts nor disk syncs block the event loop that drives HTTP.
 *
 * Durability: synchronous=NORMAL on this connection (the rest of the store runs FULL). In WAL
 * mode a NORMAL commit is complete once its frames are in the WAL file, so it survives any crash
 * or kill of the Hookbench process — the guarantee the outbox needs for at-least-once delivery
 * across a kill. What it gives up is the last commits before an OS crash or power loss (an
 * enqueued event, or a "succeeded" that is then resent). HOOKBENCH_DISPATCH_SYNC=FULL trades
 * throughput for that (an fsync per cycle).
 *
 * Messages (WriterIn / WriterOut in protocol.ts) are flat arrays of primitives plus one
 * transferred buffer holding every body of the cycle (see cycle-batch.ts for the layouts), which
 * is much cheaper to pass between threads than an object per row.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { SQL, type WriteName } from '../dispatcher/statements';
import { emptyRollup, foldAttempt, rollupMinute } from '../monitoring/rollup-sql';
import { CheckpointClient, errorText, openWriter, statementRunner, threadCpuMs, type Statement } from './db-worker';
import {
  LAYOUT,
  type ClaimedRows,
  type CycleAnswer,
  type CycleMessage,
  type WriterIn,
  type WriterOut,
  type WriterStats,
  type WriterWorkerData,
} from './protocol';

const data = workerData as WriterWorkerData;
const port = parentPort!;
const post = (m: WriterOut, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);
const db = openWriter(data);
const ckpt = new CheckpointClient(data.ckpt, db);
// Room for a whole cycle's pages, so a big cycle does not spill into the WAL before its commit.
db.pragma('cache_size = -65536');
const S = Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)])) as Record<
  WriteName,
  Statement
>;
S.selectDue.raw(true);
S.selectDuePings.raw(true);
const begin = db.prepare('BEGIN IMMEDIATE');
const commit = db.prepare('COMMIT');
const rollback = db.prepare('ROLLBACK');
const execAll = statementRunner(db, 100);

// Time spent per phase (ns), for HOOKBENCH_DISPATCH_STATS and the benchmark: this thread's CPU time
// where Linux tells it (/proc/thread-self/schedstat, in ns; wall time would count the time the
// thread waits for a core on a loaded machine), else wall time.
const T: Omit<WriterStats, 'cpuMs'> = { cycles: 0, rows: 0, insert: 0, finish: 0, claim: 0, commit: 0, total: 0, exec: 0 };
const now = threadClock();

function threadClock(): () => number {
  const buf = Buffer.alloc(64);
  let fd = -1;
  try {
    fd = fs.openSync('/proc/thread-self/schedstat', 'r');
    fs.readSync(fd, buf, 0, buf.length, 0);
  } catch {
    return () => Number(process.hrtime.bigint());
  }
  return () => {
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    let v = 0;
    for (let i = 0; i < n; i++) {
      const c = buf[i];
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
    }
    return v;
  };
}

function tx<R>(fn: () => R): R {
  begin.run();
  try {
    const out = fn();
    const t = now();
    commit.run();
    T.commit += now() - t;
    return out;
  } catch (err) {
    if (db.inTransaction) rollback.run();
    throw err;
  }
}

type BlobReader = { (i: number, text: true): string | null; (i: number, text?: false): Buffer | null };
function blobReader(m: CycleMessage): BlobReader {
  if (!m.blobs) return (() => null) as BlobReader;
  const all = Buffer.from(m.blobs);
  const lens = m.blobLens;
  const offs = new Array<number>(lens.length);
  let o = 0;
  for (let i = 0; i < offs.length; i++) {
    offs[i] = o;
    o += lens[i];
  }
  return ((i: number, text?: boolean) =>
    i < 0
      ? null
      : text
        ? all.toString('utf8', offs[i], offs[i] + lens[i])
        : all.subarray(offs[i], offs[i] + lens[i])) as BlobReader;
}

const NO_BODY = Buffer.alloc(0);
const E: unknown[] = new Array(4);
const D: unknown[] = new Array(14);
const F: unknown[] = new Array(8);
const ST: unknown[] = new Array(6);
const A: unknown[] = new Array(20);

function cycle(m: CycleMessage): CycleAnswer {
  const t0 = now();
  const blob = blobReader(m);
  const out = tx(() => {
    for (const seq of m.releases) S.release.run(seq);
    const ev = m.events as (string | number | null)[];
    for (let i = 0; i < ev.length; i += LAYOUT.event) {
      E[0] = ev[i];
      E[1] = ev[i + 1];
      E[2] = (ev[i + 3] as number) >= 0 ? blob(ev[i + 3] as number, true) : ev[i + 2];
      E[3] = ev[i + 4];
      S.insertEvent.run(E);
    }
    const dl = m.deliveries as (string | number | null)[];
    const inserted = new Float64Array(dl.length / LAYOUT.delivery);
    for (let i = 0, k = 0; i < dl.length; i += LAYOUT.delivery, k++) {
      // id, event_id, endpoint_id, topic, kind, body, content_type, max_attempts, next_attempt_at, lease_until,
      // created_at, updated_at, body_from_event (body blob index -2: the body is the event's payload, not
      // stored again), identity
      const fromEvent = dl[i + 5] === -2;
      D[0] = dl[i];
      D[1] = dl[i + 1];
      D[2] = dl[i + 2];
      D[3] = dl[i + 3];
      D[4] = dl[i + 4];
      D[5] = fromEvent ? NO_BODY : blob(dl[i + 5] as number);
      D[6] = dl[i + 6];
      D[7] = dl[i + 7];
      D[8] = dl[i + 8];
      D[9] = dl[i + 9];
      D[10] = dl[i + 8];
      D[11] = dl[i + 8];
      D[12] = fromEvent ? 1 : 0;
      D[13] = dl[i + 10];
      inserted[k] = Number(S.insertDelivery.run(D).lastInsertRowid);
    }
    const t1 = now();
    T.insert += t1 - t0;
    const c = m.completions as (string | number | null)[];
    const paths = new Uint8Array(c.length / LAYOUT.completion);
    // The minute rollups of this cycle's attempts, folded per minute and endpoint (topic and endpoint).
    const byEndpoint = new Map<string, { minute: number; endpointId: string; r: number[] }>();
    const byTopic = new Map<string, { minute: number; endpointId: string; topic: string; r: number[] }>();
    for (let i = 0, k = 0; i < c.length; i += LAYOUT.completion, k++) {
      // 0 status, 1 made, 2 next, 3 lastStatus, 4 lastError, 5 total, 6 now, 7 seq, 8 attemptId, 9 endpointId,
      // 10 manual, 11 startedAt, 12 method, 13 url, 14 reqHeaders, 15 resHeaders, 16 resBody, 17 resSize,
      // 18 outcome, 19 errorCode, 20 errorMessage, 21 connectMs, 22 firstByteMs, 23 topic (the delivery's)
      for (let j = 0; j < 8; j++) F[j] = c[i + j];
      let path = 1;
      if (S.finish.run(F).changes === 0) {
        ST[0] = c[i + 1];
        ST[1] = c[i + 3];
        ST[2] = c[i + 4];
        ST[3] = c[i + 5];
        ST[4] = c[i + 6];
        ST[5] = c[i + 7];
        path = S.finishStatsOnly.run(ST).changes === 0 ? 0 : 2;
      }
      if (path !== 0) {
        A[0] = c[i + 8];
        A[1] = c[i + 7];
        A[2] = c[i + 9];
        A[3] = c[i + 1];
        A[4] = c[i + 10];
        A[5] = c[i + 11];
        A[6] = c[i + 12];
        A[7] = c[i + 13];
        A[8] = c[i + 14];
        A[9] = c[i + 3];
        A[10] = c[i + 15];
        A[11] = blob(c[i + 16] as number);
        A[12] = c[i + 17];
        A[13] = c[i + 18];
        A[14] = c[i + 19];
        A[15] = c[i + 20];
        A[16] = c[i + 21];
        A[17] = c[i + 22];
        A[18] = c[i + 5];
        A[19] = c[i + 2];
        S.insertAttempt.run(A);
        const minute = rollupMinute(c[i + 11] as number);
        const endpointId = c[i + 9] as string;
        const topic = c[i + 23] as string;
        const ek = `${minute}\n${endpointId}`;
        const tk = `${ek}\n${topic}`;
        let er = byEndpoint.get(ek)?.r;
        if (!er) byEndpoint.set(ek, { minute, endpointId, r: (er = emptyRollup()) });
        let tr = byTopic.get(tk)?.r;
        if (!tr) byTopic.set(tk, { minute, endpointId, topic, r: (tr = emptyRollup()) });
        const outcome = c[i + 18] as string;
        const next = c[i + 2] as number | null;
        const status = c[i + 3] as number | null;
        const code = c[i + 19] as string | null;
        const total = c[i + 5] as number;
        foldAttempt(er, outcome, next, status, code, total);
        foldAttempt(tr, outcome, next, status, code, total);
      }
      paths[k] = path;
    }
    for (const e of byEndpoint.values()) S.rollupEndpoint.run(e.endpointId, e.minute, ...e.r);
    for (const t of byTopic.values()) S.rollupTopic.run(t.topic, t.minute, t.endpointId, ...t.r);
    for (const [name, params] of m.writes) S[name as WriteName].run(params);
    const t2 = now();
    T.finish += t2 - t1;
    const claimed: ClaimedRows[] = [];
    for (const [endpointId, pingsOnly, limit, at, leaseUntil] of m.claims)
      claimed.push(claim(endpointId, pingsOnly, limit, at, leaseUntil));
    T.claim += now() - t2;
    T.rows += inserted.length + paths.length;
    return { inserted, paths, claimed };
  });
  T.cycles++;
  T.total += now() - t0;
  ckpt.committed(out.inserted.length + out.paths.length || 1);
  return out;
}

/** Leases due rows; answers them as flat columns plus one transferable buffer of bodies. */
function claim(endpointId: string, pingsOnly: boolean, limit: number, at: number, leaseUntil: number): ClaimedRows {
  const rows = (pingsOnly ? S.selectDuePings : S.selectDue).all(endpointId, at, limit) as unknown[][];
  const flat: unknown[] = [];
  const bodies: Buffer[] = [];
  const lens: number[] = [];
  for (const r of rows) {
    S.lease.run(leaseUntil, r[0]);
    const body = r[7] as Buffer;
    bodies.push(body);
    lens.push(body.length);
    r[7] = null;
    for (let j = 0; j < r.length; j++) flat.push(r[j]);
  }
  const all = bodies.length ? Buffer.concat(bodies) : null;
  return {
    flat,
    lens,
    bodies: all && (all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer),
  };
}

ckpt.sleeping(true);
port.on('message', (m: WriterIn) => {
  if (m.t === 'close') {
    ckpt.close();
    try {
      db.close();
    } finally {
      port.close();
    }
    return;
  }
  ckpt.sleeping(false);
  ckpt.beforeTransaction();
  try {
    if (m.t === 'cycle') {
      const r = cycle(m);
      const transfer: ArrayBuffer[] = [];
      for (const c of r.claimed) if (c.bodies) transfer.push(c.bodies);
      post({ t: 'ack', seq: m.seq, ...r }, transfer);
    } else if (m.t === 'exec') {
      const t0 = now();
      const exec = execAll(m.stmts);
      T.exec += now() - t0;
      post({ t: 'ack', seq: m.seq, exec });
      ckpt.committed(1);
    } else if (m.t === 'stats') post({ t: 'ack', seq: m.seq, stats: { ...T, cpuMs: threadCpuMs() } });
  } catch (err) {
    post({ t: 'ack', seq: m.seq, error: errorText(err) });
  } finally {
    ckpt.sleeping(true);
  }
});
post({ t: 'ready' });
