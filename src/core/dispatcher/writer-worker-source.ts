/**
 * The dispatcher's writer: a worker_thread with its own better-sqlite3 connection that runs
 * each engine cycle (new deliveries, finished attempts, leases) as one transaction, so neither
 * inserts nor disk syncs block the event loop that drives HTTP. Plain JavaScript run with
 * `eval: true` (works under tsx, vitest and the bundled app); SQL comes in as workerData.
 *
 * Durability: synchronous=NORMAL on this connection (the rest of the store runs FULL). In WAL
 * mode a NORMAL commit is complete once its frames are in the WAL file, so it survives any crash
 * or kill of the Hookbench process — the guarantee the outbox needs for at-least-once delivery
 * across a kill. What it gives up is the last commits before an OS crash or power loss (an
 * enqueued event, or a "succeeded" that is then resent). HOOKBENCH_DISPATCH_SYNC=FULL trades
 * throughput for that (an fsync per cycle).
 *
 * In:  { t: 'cycle', seq, releases, events, deliveries, completions, writes, claims }
 *      { t: 'exec', seq, stmts: [sql, params][] }   { t: 'close' }
 * Out: { t: 'ack', seq, inserted?, paths?, claimed?, exec?, error? }
 */
export const writerWorkerSource = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
db.pragma('journal_mode = WAL');
db.pragma('synchronous = ' + (workerData.synchronous === 'FULL' ? 'FULL' : 'NORMAL'));
db.pragma('busy_timeout = 10000');
db.pragma('foreign_keys = ON');
const S = {};
for (const [name, sql] of Object.entries(workerData.sql)) S[name] = db.prepare(sql);
const begin = db.prepare('BEGIN IMMEDIATE'), commit = db.prepare('COMMIT'), rollback = db.prepare('ROLLBACK');
const buf = (u) => (u == null ? u : Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));
const cache = new Map();
const prep = (sql) => { let s = cache.get(sql); if (!s) { s = db.prepare(sql); if (cache.size < 100) cache.set(sql, s); } return s; };

function tx(fn) {
  begin.run();
  try {
    const out = fn();
    commit.run();
    return out;
  } catch (err) {
    if (db.inTransaction) rollback.run();
    throw err;
  }
}

function cycle(m) {
  return tx(() => {
    for (const seq of m.releases) S.release.run(seq);
    for (const e of m.events) S.insertEvent.run(e);
    const inserted = [];
    for (const d of m.deliveries) {
      d[5] = buf(d[5]);
      inserted.push(Number(S.insertDelivery.run(d).lastInsertRowid));
    }
    const paths = [];
    for (const c of m.completions) {
      let path = 1;
      if (S.finish.run(c.finish).changes === 0) path = S.finishStatsOnly.run(c.stats).changes === 0 ? 0 : 2;
      if (path !== 0) {
        c.attempt[11] = buf(c.attempt[11]);
        S.insertAttempt.run(c.attempt);
      }
      paths.push(path);
    }
    for (const [name, params] of m.writes) S[name].run(params);
    const claimed = [];
    for (const [endpointId, pingsOnly, limit, now, leaseUntil] of m.claims) {
      const rows = (pingsOnly ? S.selectDuePings : S.selectDue).all(endpointId, now, limit);
      for (const r of rows) S.lease.run(leaseUntil, r.seq);
      claimed.push(rows);
    }
    return { inserted, paths, claimed };
  });
}

function execAll(stmts) {
  return tx(() => {
    const changes = [], ids = [];
    for (const [sql, params] of stmts) {
      const r = prep(sql).run(params || []);
      changes.push(r.changes);
      ids.push(Number(r.lastInsertRowid));
    }
    return { changes, ids };
  });
}

parentPort.on('message', (m) => {
  if (m.t === 'close') { try { db.close(); } finally { parentPort.close(); } return; }
  try {
    if (m.t === 'cycle') parentPort.postMessage({ t: 'ack', seq: m.seq, ...cycle(m) });
    else if (m.t === 'exec') parentPort.postMessage({ t: 'ack', seq: m.seq, exec: execAll(m.stmts) });
  } catch (err) {
    parentPort.postMessage({ t: 'ack', seq: m.seq, error: String((err && err.message) || err) });
  }
});
parentPort.postMessage({ t: 'ready' });
`;
