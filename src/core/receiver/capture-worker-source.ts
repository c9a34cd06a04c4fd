/**
 * The capture workers: plain JavaScript run with `eval: true` (so they work the same under tsx,
 * vitest and the bundled app; the better-sqlite3 path comes in as workerData), each with its own
 * better-sqlite3 connection.
 *
 * The capture worker commits captured requests. The main thread encodes each request into a
 * ring buffer in shared memory (layout below) the moment its body is complete, and rings a
 * doorbell; the worker, in a loop that never goes back to its event loop, takes every record
 * published so far, inserts them in one transaction (group commit), commits, frees their ring
 * space and posts one message `{ c: rowsCommitted, dup?, err? }` per commit. While it commits, the
 * next batch fills the ring. The same worker runs `exec` statements (retention and user deletes,
 * forward records) received on a MessagePort, in order after the rows queued before them.
 *
 * The checkpoint worker runs PASSIVE checkpoints of the WAL (the capture connection never
 * checkpoints), so the disk syncs of checkpoints happen on neither of the other two threads.
 */

/** Column order of one captured row as the capture worker binds it. */
export const ROW_FIELDS = [
  'id',
  'received_at',
  'remote_port',
  'body_ms',
  'answer_status',
  'tls',
  // Strings, in this order in a record:
  'inbox',
  'method',
  'url',
  'path',
  'query',
  'http_version',
  'remote_addr',
  'headers',
  'content_type',
  'content_encoding',
  'delivery_id',
  'sig_status',
  'sig_reason',
  'sig_scheme',
  'sig_report',
  'answer_kind',
  'rule_id',
  'response',
  // Set by the worker:
  'body',
  'body_size',
  'duplicate_of',
  // The request's number in its inbox (the sixth f64 of a record).
  'seq',
] as const;

export const NUMBERS = 6; // f64 fields at the start of a row record
export const STRINGS = 18; // string fields after the u32 flags/length words

/** Indexes into the control Int32Array (shared between the main thread and both workers). */
export const C = {
  /** Bumped by the main thread for any new work (records or exec); the worker waits on it. */
  BELL: 0,
  /** Records published by the main thread (rows and interned strings). */
  PUBLISHED: 1,
  /** Bytes of the ring in use (written, not yet freed by the worker). */
  USED: 2,
  /** 1 while the capture worker waits on BELL. */
  SLEEPING: 3,
  /** Rows committed since start (the checkpoint worker waits on it). */
  COMMITTED: 4,
  /** 1 while the checkpoint worker waits without a timeout. */
  CKPT_IDLE: 5,
  /** 1 once the workers must finish and close. */
  CLOSE: 6,
  /** 1 while the checkpoint worker asks the capture worker to hold its next transaction. */
  PAUSE: 7,
  /** 1 while the capture worker holds (between transactions) because of PAUSE. */
  PAUSED: 8,
  SIZE: 10,
} as const;

/** Record kinds; each record starts with [u32 bytes (8-aligned), u32 kind]. */
export const K = { ROW: 1, INTERN: 2, WRAP: 3 } as const;
/** A string field's u32 header: its byte length, NULL, or an interned string's id (high bit). */
export const NULL_STR = 0xffffffff;
export const INTERNED = 0x80000000;
/** flags word of a row: the body came over the body port instead of the ring; TLS. */
export const BODY_EXTERNAL = 1;
export const TLS_FLAG = 2;

export const captureWorkerSource = `
'use strict';
const { workerData, parentPort, receiveMessageOnPort } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const ctrl = workerData.ctrl, ring = workerData.ring;
const u8 = Buffer.from(ring), u32 = new Uint32Array(ring), f64 = new Float64Array(ring);
const SIZE = ring.byteLength;
const bodyPort = workerData.bodyPort, execPort = workerData.execPort;
const BELL = ${C.BELL}, PUBLISHED = ${C.PUBLISHED}, USED = ${C.USED}, SLEEPING = ${C.SLEEPING}, COMMITTED = ${C.COMMITTED}, CKPT_IDLE = ${C.CKPT_IDLE}, CLOSE = ${C.CLOSE};
const PAUSE = ${C.PAUSE}, PAUSED = ${C.PAUSED};
const ROW = ${K.ROW}, INTERN = ${K.INTERN}, WRAP = ${K.WRAP};
const NULL_STR = ${NULL_STR}, INTERNED = ${INTERNED}, BODY_EXTERNAL = ${BODY_EXTERNAL}, TLS_FLAG = ${TLS_FLAG};
const NUMBERS = ${NUMBERS}, STRINGS = ${STRINGS}, W = ${ROW_FIELDS.length};
const INBOX = ${ROW_FIELDS.indexOf('inbox')}, DELIVERY = ${ROW_FIELDS.indexOf('delivery_id')};
const BODY = ${ROW_FIELDS.indexOf('body')}, BODY_SIZE = ${ROW_FIELDS.indexOf('body_size')}, DUP = ${ROW_FIELDS.indexOf('duplicate_of')}, SEQ = ${ROW_FIELDS.indexOf('seq')};
const MAX_BATCH = 2000;
const slowMs = workerData.slowMs || 0;
// This thread's CPU ms and context switches (voluntary: waited on I/O or a lock; involuntary:
// preempted), read from /proc around each step in debug mode, to tell work from waiting.
const fs = slowMs ? require('node:fs') : null;
const threadStat = () => {
  try {
    const st = fs.readFileSync('/proc/thread-self/stat', 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    const status = fs.readFileSync('/proc/thread-self/status', 'utf8');
    const n = (k) => Number((new RegExp(k + ':\\s+(\\d+)').exec(status) || [])[1] || 0);
    return [Number(f[11]) * 10, Number(f[12]) * 10, n('voluntary_ctxt_switches'), n('nonvoluntary_ctxt_switches'), Number(f[7])];
  } catch { return [0, 0, 0, 0, 0]; }
};
let stat0 = null;
const slowStart = () => { stat0 = threadStat(); return performance.now(); };
const slow = (what, t0, extra) => {
  const ms = performance.now() - t0;
  if (ms <= slowMs) return;
  const s1 = threadStat();
  process.stderr.write('capture worker: ' + what + ' took ' + ms.toFixed(1) + ' ms' + (extra ? ' (' + extra + ')' : '') +
    ' [user ' + (s1[0] - stat0[0]) + ' ms, sys ' + (s1[1] - stat0[1]) + ' ms, waits ' + (s1[2] - stat0[2]) + ', preempted ' + (s1[3] - stat0[3]) + ', minor faults ' + (s1[4] - stat0[4]) + ']\\n');
};

const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
db.pragma('journal_mode = WAL');
// See capture-writer.ts for why NORMAL keeps the receiver's guarantee.
db.pragma('synchronous = ' + (workerData.synchronous === 'FULL' ? 'FULL' : 'NORMAL'));
db.pragma('busy_timeout = 10000');
db.pragma('foreign_keys = ON');
// Checkpoints run on the checkpoint worker, never inside a capture commit.
db.pragma('wal_autocheckpoint = ' + (workerData.autocheckpoint ? 1000 : 0));
db.pragma('journal_size_limit = 67108864');
const cols = ${JSON.stringify(ROW_FIELDS)};
const tuple = '(' + cols.map(() => '?').join(',') + ')';
const insert = db.prepare('INSERT INTO requests (' + cols.join(',') + ') VALUES ' + tuple);
// Rows go in GROUP at a time through one multi-row INSERT: one statement run (bind, step, reset,
// AUTOINCREMENT bookkeeping) per GROUP rows instead of per row. Measured ~0.5-1 us less CPU per
// 1 KiB row. A row with a delivery id first flushes the rows before it (its duplicate lookup
// must see them) and goes alone.
const GROUP = 16;
const insertOf = (n) => db.prepare('INSERT INTO requests (' + cols.join(',') + ') VALUES ' + Array.from({ length: n }, () => tuple).join(','));
const insertGroup = insertOf(GROUP), insert4 = insertOf(4);
const grouped = new Array(GROUP * W), four = new Array(4 * W), one = new Array(W);
let pending = 0;
function flushPending() {
  if (pending === GROUP) insertGroup.run(grouped);
  else {
    let i = 0;
    for (; i + 4 <= pending; i += 4) {
      for (let k = 0; k < 4 * W; k++) four[k] = grouped[i * W + k];
      insert4.run(four);
    }
    for (; i < pending; i++) {
      for (let k = 0; k < W; k++) one[k] = grouped[i * W + k];
      insert.run(one);
    }
  }
  pending = 0;
}
const findDup = db.prepare('SELECT id FROM requests WHERE inbox = ? AND delivery_id = ? ORDER BY id LIMIT 1').pluck();
const begin = db.prepare('BEGIN IMMEDIATE'), commit = db.prepare('COMMIT'), rollback = db.prepare('ROLLBACK');
const cache = new Map();
const prep = (sql) => { let s = cache.get(sql); if (!s) { s = db.prepare(sql); if (cache.size < 200) cache.set(sql, s); } return s; };

const interned = [];
const row = new Array(W);
let readOff = 0;     // ring offset of the next record
let consumed = 0;    // records taken from the ring
let committedRows = 0;
const execs = [];    // waiting exec messages: { seq, after, stmts }

// Decodes the record at readOff (into row when it is a row); sets recBytes and recKind.
let recBytes = 0, recKind = 0;
function readRecord() {
  const off = readOff;
  const bytes = recBytes = u32[off >>> 2];
  const kind = recKind = u32[(off >>> 2) + 1];
  if (kind === WRAP) { readOff = 0; return; }
  let p = off + 8;
  if (kind === INTERN) {
    const id = u32[p >>> 2], len = u32[(p >>> 2) + 1];
    interned[id] = u8.utf8Slice(p + 8, p + 8 + len);
  } else {
    const fi = p >>> 3;
    row[0] = f64[fi];
    row[1] = f64[fi + 1];
    const port = f64[fi + 2];
    row[2] = port !== port ? null : port;
    row[3] = f64[fi + 3];
    const status = f64[fi + 4];
    row[4] = status !== status ? null : status;
    row[SEQ] = f64[fi + 5];
    p += NUMBERS * 8;
    const flags = u32[p >>> 2], bodyLen = u32[(p >>> 2) + 1];
    row[5] = flags & TLS_FLAG ? 1 : 0;
    p += 8;
    for (let i = 0; i < STRINGS; i++) {
      const h = u32[p >>> 2];
      p += 4;
      if (h === NULL_STR) row[6 + i] = null;
      else if (h >= INTERNED) row[6 + i] = interned[h - INTERNED];
      else { row[6 + i] = h === 0 ? '' : u8.utf8Slice(p, p + h); p += (h + 3) & ~3; }
    }
    if (flags & BODY_EXTERNAL) {
      const m = receiveMessageOnPort(bodyPort);
      const b = m.message;
      row[BODY] = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    } else {
      row[BODY] = u8.subarray(p, p + bodyLen);
    }
    row[BODY_SIZE] = bodyLen;
    row[DUP] = null;
  }
  readOff = off + bytes;
  if (readOff >= SIZE) readOff = 0;
}

function commitBatch(published) {
  let rows = 0, freed = 0, dup = null, err = null;
  const t0 = slowMs ? slowStart() : 0;
  try {
    begin.run();
    try {
      while (consumed !== published && rows < MAX_BATCH) {
        readRecord();
        consumed = (consumed + 1) | 0;
        freed += recBytes;
        if (recKind !== ROW) continue;
        if (row[DELIVERY] !== null) {
          if (pending) flushPending();
          const d = findDup.get(row[INBOX], row[DELIVERY]);
          if (d !== undefined) { row[DUP] = d; (dup || (dup = [])).push(rows, d); }
          insert.run(row);
        } else {
          const base = pending * W;
          for (let i = 0; i < W; i++) grouped[base + i] = row[i];
          if (++pending === GROUP) flushPending();
        }
        rows++;
      }
      if (pending) flushPending();
      commit.run();
    } catch (e) {
      pending = 0;
      if (db.inTransaction) rollback.run();
      throw e;
    }
  } catch (e) {
    err = String(e && e.message || e);
    // Skip what is left of the batch: those rows fail with it.
    while (consumed !== published && rows < MAX_BATCH) {
      readRecord();
      consumed = (consumed + 1) | 0;
      freed += recBytes;
      if (recKind === ROW) rows++;
    }
  }
  Atomics.sub(ctrl, USED, freed);
  if (slowMs) slow('commit', t0, rows + ' rows');
  if (rows === 0 && !err) return;
  committedRows += rows;
  if (!err) {
    Atomics.add(ctrl, COMMITTED, rows);
    if (Atomics.load(ctrl, CKPT_IDLE) === 1) Atomics.notify(ctrl, COMMITTED);
  }
  parentPort.postMessage(err ? { c: committedRows, n: rows, err } : dup ? { c: committedRows, n: rows, dup } : committedRows);
}

function execAll(stmts) {
  const changes = [], ids = [];
  begin.run();
  try {
    for (const [sql, params] of stmts) {
      const r = prep(sql).run(params || []);
      changes.push(r.changes);
      ids.push(Number(r.lastInsertRowid));
    }
    commit.run();
  } catch (err) {
    if (db.inTransaction) rollback.run();
    throw err;
  }
  return { changes, ids };
}

function runExecs() {
  for (let m; (m = receiveMessageOnPort(execPort)); ) execs.push(m.message);
  let ran = false;
  while (execs.length && execs[0].after <= committedRows) {
    const m = execs.shift();
    ran = true;
    const t0 = slowMs ? slowStart() : 0;
    try { parentPort.postMessage({ t: 'exec', seq: m.seq, exec: execAll(m.stmts) }); }
    catch (e) { parentPort.postMessage({ t: 'exec', seq: m.seq, error: String(e && e.message || e) }); }
    if (slowMs) slow('statements', t0, m.stmts.map((x) => x[0].slice(0, 60)).join('; '));
  }
  return ran;
}

parentPort.postMessage({ t: 'ready' });
for (;;) {
  if (Atomics.load(ctrl, PAUSE) === 1) {
    // The checkpoint worker copies the last frames of the WAL; the next commit then starts the
    // WAL over from its beginning (see the checkpoint worker). Bounded wait, whatever happens.
    Atomics.store(ctrl, PAUSED, 1);
    Atomics.notify(ctrl, PAUSED);
    Atomics.wait(ctrl, PAUSE, 1, 250);
    Atomics.store(ctrl, PAUSED, 0);
  }
  const bell = Atomics.load(ctrl, BELL);
  const published = Atomics.load(ctrl, PUBLISHED);
  if (published !== consumed) { commitBatch(published); continue; }
  if (runExecs()) continue;
  if (Atomics.load(ctrl, CLOSE) === 1 && execs.length === 0) break;
  Atomics.store(ctrl, SLEEPING, 1);
  if (Atomics.load(ctrl, PUBLISHED) === consumed) Atomics.wait(ctrl, BELL, bell);
  Atomics.store(ctrl, SLEEPING, 0);
}
db.close();
process.exit(0);
`;

export const checkpointWorkerSource = `
'use strict';
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const ctrl = workerData.ctrl;
const COMMITTED = ${C.COMMITTED}, CKPT_IDLE = ${C.CKPT_IDLE}, CLOSE = ${C.CLOSE};
const PAUSE = ${C.PAUSE}, PAUSED = ${C.PAUSED}, SLEEPING = ${C.SLEEPING};
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
db.pragma('journal_mode = WAL');
// The WAL is synced before its pages are copied into the database file, and the file after:
// the only disk syncs of the capture path, and they run here.
db.pragma('synchronous = ' + (workerData.synchronous === 'FULL' ? 'FULL' : 'NORMAL'));
db.pragma('busy_timeout = 0');
db.pragma('wal_autocheckpoint = 0');
// Cadence: once a few thousand rows are in the WAL, at least every MAX_WAIT_MS while rows
// arrive; after IDLE_MS without rows, sleep until the capture worker commits again.
const TICK_MS = 100, ROWS = 2000, MAX_WAIT_MS = 1000, IDLE_MS = 2000;
let done = Atomics.load(ctrl, COMMITTED), last = Date.now(), lastChange = Date.now();
const slowMs = workerData.slowMs || 0;
const log = (what, t0, r, always) => {
  const ms = performance.now() - t0;
  if (slowMs && (always || ms > slowMs)) process.stderr.write('checkpoint worker: ' + what + ' took ' + ms.toFixed(1) + ' ms (' + JSON.stringify(r) + ')\\n');
};
const passive = () => db.pragma('wal_checkpoint(PASSIVE)')[0];
/**
 * Under continuous capture a PASSIVE checkpoint never catches up with the end of the WAL (frames
 * are appended while it copies), so SQLite never starts the WAL over: it grew to 50,000+ frames
 * per bench round, and every page lookup of every commit searched a longer wal-index (measured
 * +1.2 us of worker CPU per 1 KiB row, plus a file that keeps growing). Once the WAL holds
 * RESTART_FRAMES, the tail is copied again (smaller), then once more while the capture worker
 * holds its next transaction for that short moment (a few frames and the syncs); the next commit
 * finds the WAL fully copied and writes from its start again.
 */
// Well below journal_size_limit (64 MiB = 16,384 frames): a restart does not truncate the file
// (truncating a WAL of a few hundred MB cost the next commit 50-230 ms of kernel time).
const RESTART_FRAMES = 12000, HOLD_WAIT_MS = 50, QUICK_MS = 4;
function restart() {
  // Copy the tail until a pass completes quickly (what is left to copy and sync during the hold
  // is then what a few ms of capture wrote). A pass that cannot complete (another connection
  // checkpoints or reads an older snapshot: the dispatcher's checkpointer runs every 100 ms on
  // the same file) is retried a few ms later.
  let r = null;
  for (let i = 0; i < 12; i++) {
    if (Atomics.load(ctrl, CLOSE) === 1) return;
    const t = performance.now();
    r = passive();
    if (!r.busy && r.checkpointed === r.log && performance.now() - t < QUICK_MS) break;
    r = null;
    Atomics.wait(ctrl, CLOSE, 0, 5);
  }
  if (!r) return;
  Atomics.store(ctrl, PAUSE, 1);
  const t0 = performance.now();
  try {
    // The capture worker holds between two transactions, or sleeps (it looks at PAUSE first
    // when it wakes).
    while (Atomics.load(ctrl, PAUSED) === 0 && Atomics.load(ctrl, SLEEPING) === 0) {
      if (performance.now() - t0 > HOLD_WAIT_MS || Atomics.load(ctrl, CLOSE) === 1) return;
      Atomics.wait(ctrl, PAUSED, 0, 5);
    }
    r = passive();
  } finally {
    Atomics.store(ctrl, PAUSE, 0);
    Atomics.notify(ctrl, PAUSE);
    log('held capture for the WAL restart', t0, r, true);
  }
}
parentPort.postMessage({ t: 'ready' });
for (;;) {
  const seen = Atomics.load(ctrl, COMMITTED);
  if (Atomics.load(ctrl, CLOSE) === 1) break;
  const now = Date.now();
  if (seen !== done) {
    lastChange = now;
    if (((seen - done) | 0) >= ROWS || now - last >= MAX_WAIT_MS) {
      const t0 = performance.now();
      try {
        const r = passive();
        done = seen;
        log('checkpoint', t0, r);
        if (!r.busy && r.log >= RESTART_FRAMES) restart();
      } catch {}
      last = Date.now();
      continue;
    }
    Atomics.wait(ctrl, COMMITTED, seen, TICK_MS);
  } else if (now - lastChange < IDLE_MS) {
    Atomics.wait(ctrl, COMMITTED, seen, TICK_MS);
  } else {
    Atomics.store(ctrl, CKPT_IDLE, 1);
    Atomics.wait(ctrl, COMMITTED, seen);
    Atomics.store(ctrl, CKPT_IDLE, 0);
  }
}
try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
db.close();
process.exit(0);
`;
