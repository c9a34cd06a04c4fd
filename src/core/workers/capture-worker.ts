/**
 * The capture worker (a worker_thread entry): commits captured requests on its own connection.
 *
 * The main thread encodes each request into a ring buffer in shared memory (layout in
 * protocol.ts, writer side in receiver/capture-ring.ts) the moment its body is complete, and
 * rings a doorbell; this worker, in a loop that never goes back to its event loop, takes every
 * record published so far, inserts them in one transaction (group commit), commits, frees their
 * ring space and posts one CommitReport per commit. While it commits, the next batch fills the
 * ring. It also runs `exec` statements (retention and user deletes, forward records) received on
 * a MessagePort, in order after the rows queued before them.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { CheckpointClient, errorText, openWriter, slowLog, statementRunner } from './db-worker';
import {
  BODY_EXTERNAL,
  C,
  K,
  NULL_STR,
  NUMBERS,
  ROW_FIELDS,
  STRINGS,
  TLS_FLAG,
  type CaptureOut,
  type CaptureWorkerData,
  type ExecRequest,
} from './protocol';

const data = workerData as CaptureWorkerData;
const port = parentPort!;
const post = (m: CaptureOut) => port.postMessage(m);
const { ctrl, ring, bodyPort, execPort } = data;
/** Buffer's UTF-8 reader without argument checks (what toString('utf8', a, b) calls). */
const u8 = Buffer.from(ring) as Buffer & { utf8Slice(start: number, end: number): string };
const u32 = new Uint32Array(ring);
const f64 = new Float64Array(ring);
const SIZE = ring.byteLength;
const W = ROW_FIELDS.length;
const INBOX = ROW_FIELDS.indexOf('inbox');
const DELIVERY = ROW_FIELDS.indexOf('delivery_id');
const BODY = ROW_FIELDS.indexOf('body');
const BODY_SIZE = ROW_FIELDS.indexOf('body_size');
const DUP = ROW_FIELDS.indexOf('duplicate_of');
const SEQ = ROW_FIELDS.indexOf('seq');
/** Rows per transaction at most (a bounded commit, a bounded wait for the rows behind it). */
const MAX_BATCH = 2000;
const log = slowLog('capture worker', data.slowMs);

const db = openWriter(data);
const ckpt = new CheckpointClient(data.ckpt, db);
const cols = ROW_FIELDS.join(',');
const insert = db.prepare(`INSERT INTO requests (${cols}) VALUES (${ROW_FIELDS.map(() => '?').join(',')})`);
const findDup = db
  .prepare('SELECT id FROM requests WHERE inbox = ? AND delivery_id = ? ORDER BY id LIMIT 1')
  .pluck();
const begin = db.prepare('BEGIN IMMEDIATE');
const commit = db.prepare('COMMIT');
const rollback = db.prepare('ROLLBACK');
const execAll = statementRunner(db);

const row: unknown[] = new Array(W);
let readOff = 0; // ring offset of the next record
let consumed = 0; // records taken from the ring
let committedRows = 0;
const execs: ExecRequest[] = [];

// Decodes the record at readOff (into `row` when it is a row); sets recBytes and recKind.
let recBytes = 0;
let recKind = 0;
function readRecord(): void {
  const off = readOff;
  const bytes = (recBytes = u32[off >>> 2]);
  const kind = (recKind = u32[(off >>> 2) + 1]);
  if (kind === K.WRAP) {
    readOff = 0;
    return;
  }
  let p = off + 8;
  {
    const fi = p >>> 3;
    row[0] = f64[fi];
    row[1] = f64[fi + 1];
    const remotePort = f64[fi + 2];
    row[2] = Number.isNaN(remotePort) ? null : remotePort;
    row[3] = f64[fi + 3];
    const status = f64[fi + 4];
    row[4] = Number.isNaN(status) ? null : status;
    row[SEQ] = f64[fi + 5];
    p += NUMBERS * 8;
    const flags = u32[p >>> 2];
    const bodyLen = u32[(p >>> 2) + 1];
    row[5] = flags & TLS_FLAG ? 1 : 0;
    p += 8;
    for (let i = 0; i < STRINGS; i++) {
      const h = u32[p >>> 2];
      p += 4;
      if (h === NULL_STR) row[6 + i] = null;
      else {
        row[6 + i] = h === 0 ? '' : u8.utf8Slice(p, p + h);
        p += (h + 3) & ~3;
      }
    }
    if (flags & BODY_EXTERNAL) {
      const b = receiveMessageOnPort(bodyPort)!.message as Uint8Array;
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

function commitBatch(published: number): void {
  let rows = 0;
  let freed = 0;
  let dup: number[] | null = null;
  let err: string | null = null;
  const t0 = log.start();
  try {
    begin.run();
    try {
      while (consumed !== published && rows < MAX_BATCH) {
        readRecord();
        consumed = (consumed + 1) | 0;
        freed += recBytes;
        if (recKind !== K.ROW) continue;
        if (row[DELIVERY] !== null) {
          const d = findDup.get(row[INBOX], row[DELIVERY]) as number | undefined;
          if (d !== undefined) {
            row[DUP] = d;
            (dup ??= []).push(rows, d);
          }
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
    err = errorText(e);
    // Skip what is left of the batch: those rows fail with it.
    while (consumed !== published && rows < MAX_BATCH) {
      readRecord();
      consumed = (consumed + 1) | 0;
      freed += recBytes;
      if (recKind === K.ROW) rows++;
    }
  }
  Atomics.sub(ctrl, C.USED, freed);
  log.end('commit', t0, `${rows} rows`);
  if (rows === 0 && !err) return;
  committedRows += rows;
  if (!err) ckpt.committed(rows);
  post(err ? { c: committedRows, n: rows, err } : dup ? { c: committedRows, n: rows, dup } : committedRows);
}

function runExecs(): boolean {
  for (let m; (m = receiveMessageOnPort(execPort)); ) execs.push(m.message as ExecRequest);
  let ran = false;
  while (execs.length && execs[0].after <= committedRows) {
    const m = execs.shift()!;
    ran = true;
    const t0 = log.start();
    try {
      post({ t: 'exec', seq: m.seq, exec: execAll(m.stmts) });
      ckpt.committed(1);
    } catch (e) {
      post({ t: 'exec', seq: m.seq, error: errorText(e) });
    }
    log.end('statements', t0, m.stmts.map((x) => x[0].slice(0, 60)).join('; '));
  }
  return ran;
}

post({ t: 'ready' });
for (;;) {
  ckpt.beforeTransaction();
  const bell = Atomics.load(ctrl, C.BELL);
  const published = Atomics.load(ctrl, C.PUBLISHED);
  if (published !== consumed) {
    commitBatch(published);
    continue;
  }
  if (runExecs()) continue;
  if (Atomics.load(ctrl, C.CLOSE) === 1 && execs.length === 0) break;
  Atomics.store(ctrl, C.SLEEPING, 1);
  ckpt.sleeping(true);
  if (Atomics.load(ctrl, C.PUBLISHED) === consumed) Atomics.wait(ctrl, C.BELL, bell);
  ckpt.sleeping(false);
  Atomics.store(ctrl, C.SLEEPING, 0);
}
ckpt.close();
db.close();
process.exit(0);
