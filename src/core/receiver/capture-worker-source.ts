/**
 * The capture worker: a worker_thread that owns its own better-sqlite3 connection and commits
 * batches of captured requests (group commit), so no insert and no disk sync ever blocks the
 * event loop that answers senders. It is plain JavaScript run with `eval: true`, so it works the
 * same under tsx, vitest and the bundled app; the better-sqlite3 path comes in as workerData.
 *
 * Messages in:  { t: 'batch', seq, n, values, bodies }  — n rows of ROW_FIELDS values each;
 *                 the body column is a length, the bytes are consecutive in `bodies`.
 *               { t: 'exec', seq, stmts: [sql, params][] } — one transaction, any statements.
 *               { t: 'close' }
 * Messages out: { t: 'ack', seq, dup?: (number|null)[], exec?: { changes, ids }, error?: string }
 */

/** Column order of one captured row in a batch. `body` carries the byte length. */
export const ROW_FIELDS = [
  'id',
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
  'body_ms',
  'content_type',
  'content_encoding',
  'delivery_id',
  'sig_status',
  'sig_reason',
  'sig_scheme',
  'sig_report',
  'answer_kind',
  'answer_status',
  'rule_id',
  'response',
] as const;

export const ROW_WIDTH = ROW_FIELDS.length;
const col = (name: (typeof ROW_FIELDS)[number]) => ROW_FIELDS.indexOf(name);

export const captureWorkerSource = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const W = ${ROW_WIDTH};
const BODY = ${col('body')}, INBOX = ${col('inbox')}, DELIVERY = ${col('delivery_id')};
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
db.pragma('journal_mode = WAL');
// synchronous=NORMAL on this connection only (the rest of the store runs FULL). In WAL mode a
// NORMAL commit is complete once its frames are written to the WAL file: it is in the OS page
// cache and survives any crash or kill of the Hookbench process, which is the guarantee the
// receiver gives (a sender is answered only after the commit holding its request is acked).
// What NORMAL gives up is the last commits before an OS crash or power loss; FULL would add an
// fsync per group commit, which here caps capture at (connections / fsync latency) and measured
// ~0.25 of a bare server. Set HOOKBENCH_CAPTURE_SYNC=FULL to trade that throughput for it.
db.pragma('synchronous = ' + (workerData.synchronous === 'FULL' ? 'FULL' : 'NORMAL'));
db.pragma('busy_timeout = 10000');
db.pragma('foreign_keys = ON');
const cols = ${JSON.stringify(ROW_FIELDS)};
const insert = db.prepare('INSERT INTO requests (' + cols.join(',') + ', duplicate_of, body_size) VALUES (' + cols.map(() => '?').join(',') + ', ?, ?)');
const findDup = db.prepare('SELECT id FROM requests WHERE inbox = ? AND delivery_id = ? ORDER BY id LIMIT 1').pluck();
const begin = db.prepare('BEGIN IMMEDIATE'), commit = db.prepare('COMMIT'), rollback = db.prepare('ROLLBACK');
const cache = new Map();
const prep = (sql) => { let s = cache.get(sql); if (!s) { s = db.prepare(sql); if (cache.size < 200) cache.set(sql, s); } return s; };
const row = new Array(W + 2);

function insertBatch(m) {
  const values = m.values, n = m.n;
  const bodies = Buffer.from(m.bodies.buffer, m.bodies.byteOffset, m.bodies.byteLength);
  let dup = null, off = 0;
  begin.run();
  try {
    for (let r = 0; r < n; r++) {
      const base = r * W;
      for (let i = 0; i < W; i++) row[i] = values[base + i];
      const len = row[BODY];
      row[BODY] = bodies.subarray(off, off + len);
      row[W + 1] = len;
      off += len;
      let d = null;
      if (row[DELIVERY] !== null) {
        d = findDup.get(row[INBOX], row[DELIVERY]);
        if (d === undefined) d = null;
        if (d !== null) { if (!dup) dup = new Array(n).fill(null); dup[r] = d; }
      }
      row[W] = d;
      insert.run(row);
    }
    commit.run();
  } catch (err) {
    if (db.inTransaction) rollback.run();
    throw err;
  }
  return dup;
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

parentPort.on('message', (m) => {
  if (m.t === 'close') { try { db.close(); } finally { parentPort.close(); } return; }
  try {
    if (m.t === 'batch') parentPort.postMessage({ t: 'ack', seq: m.seq, dup: insertBatch(m) });
    else if (m.t === 'exec') parentPort.postMessage({ t: 'ack', seq: m.seq, exec: execAll(m.stmts) });
  } catch (err) {
    parentPort.postMessage({ t: 'ack', seq: m.seq, error: String(err && err.message || err) });
  }
});
parentPort.postMessage({ t: 'ready' });
`;
