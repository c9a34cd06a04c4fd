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
] as const;

export const NUMBERS = 5; // f64 fields at the start of a row record
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
  SIZE: 8,
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
const ROW = ${K.ROW}, INTERN = ${K.INTERN}, WRAP = ${K.WRAP};
const NULL_STR = ${NULL_STR}, INTERNED = ${INTERNED}, BODY_EXTERNAL = ${BODY_EXTERNAL}, TLS_FLAG = ${TLS_FLAG};
const NUMBERS = ${NUMBERS}, STRINGS = ${STRINGS}, W = ${ROW_FIELDS.length};
const INBOX = ${ROW_FIELDS.indexOf('inbox')}, DELIVERY = ${ROW_FIELDS.indexOf('delivery_id')};
const BODY = ${ROW_FIELDS.indexOf('body')}, BODY_SIZE = ${ROW_FIELDS.indexOf('body_size')}, DUP = ${ROW_FIELDS.indexOf('duplicate_of')};
const MAX_BATCH = 2000;

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
const insert = db.prepare('INSERT INTO requests (' + cols.join(',') + ') VALUES (' + cols.map(() => '?').join(',') + ')');
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
  try {
    begin.run();
    try {
      while (consumed !== published && rows < MAX_BATCH) {
        readRecord();
        consumed = (consumed + 1) | 0;
        freed += recBytes;
        if (recKind !== ROW) continue;
        if (row[DELIVERY] !== null) {
          const d = findDup.get(row[INBOX], row[DELIVERY]);
          if (d !== undefined) { row[DUP] = d; (dup || (dup = [])).push(rows, d); }
        }
        insert.run(row);
        rows++;
      }
      commit.run();
    } catch (e) {
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
    try { parentPort.postMessage({ t: 'exec', seq: m.seq, exec: execAll(m.stmts) }); }
    catch (e) { parentPort.postMessage({ t: 'exec', seq: m.seq, error: String(e && e.message || e) }); }
  }
  return ran;
}

parentPort.postMessage({ t: 'ready' });
for (;;) {
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
parentPort.postMessage({ t: 'ready' });
for (;;) {
  const seen = Atomics.load(ctrl, COMMITTED);
  if (Atomics.load(ctrl, CLOSE) === 1) break;
  const now = Date.now();
  if (seen !== done) {
    lastChange = now;
    if (((seen - done) | 0) >= ROWS || now - last >= MAX_WAIT_MS) {
      try { db.pragma('wal_checkpoint(PASSIVE)'); done = seen; } catch {}
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
