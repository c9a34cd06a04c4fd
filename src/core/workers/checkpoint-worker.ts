/**
 * The checkpoint owner of the database file (a worker_thread entry): the only connection that
 * copies the WAL into the database file, however many writers there are (the receiver's capture
 * worker, the dispatcher's writer). The writers never checkpoint (wal_autocheckpoint=0), so the
 * disk syncs of checkpoints run on none of their threads and never delay a commit.
 *
 * Cadence: once a few thousand rows are in the WAL, at least every MAX_WAIT_MS while rows
 * arrive; after IDLE_MS without commits it sleeps until a writer commits again. Checkpoints are
 * PASSIVE: they never wait for a writer or a reader.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { CK, type CheckpointWorkerData } from './protocol';

const data = workerData as CheckpointWorkerData;
const ck = data.ckpt;
const db = new Database(data.file, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {});
db.pragma('journal_mode = WAL');
// The WAL is synced before its pages are copied into the database file, and the file after:
// the only disk syncs of the write paths, and they run here.
db.pragma(`synchronous = ${data.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
db.pragma('busy_timeout = 0');
db.pragma('wal_autocheckpoint = 0');

const TICK_MS = 100;
const ROWS = 2000;
const MAX_WAIT_MS = 1000;
const IDLE_MS = 2000;
type Result = { busy: number; log: number; checkpointed: number };
const passive = () => (db.pragma('wal_checkpoint(PASSIVE)') as Result[])[0];
const log = (what: string, t0: number, r: Result | null, always = false) => {
  const ms = performance.now() - t0;
  if (data.slowMs && (always || ms > data.slowMs))
    process.stderr.write(`checkpoint worker: ${what} took ${ms.toFixed(1)} ms (${JSON.stringify(r)})\n`);
};
const closing = () => Atomics.load(ck, CK.CLOSE) === 1;

/**
 * Under continuous writes a PASSIVE checkpoint never catches up with the end of the WAL (frames
 * are appended while it copies), so SQLite never starts the WAL over: it grew to 50,000+ frames
 * per bench round, and every page lookup of every commit searched a longer wal-index (measured
 * +1.2 us of worker CPU per 1 KiB row, plus a file that keeps growing). Once the WAL holds
 * RESTART_FRAMES, the tail is copied again (smaller), then once more while every writer holds
 * its next transaction for that short moment (a few frames and the syncs); the next commit finds
 * the WAL fully copied and writes from its start again.
 *
 * Well below journal_size_limit (64 MiB = 16,384 frames): a restart does not truncate the file
 * (truncating a WAL of a few hundred MB cost the next commit 50-230 ms of kernel time).
 */
const RESTART_FRAMES = 12000;
const HOLD_WAIT_MS = 50;
const QUICK_MS = 4;
function restart(): void {
  // Copy the tail until a pass completes quickly (what is left to copy and sync during the hold
  // is then what a few ms of writes added). A pass that cannot complete (a reader on an older
  // snapshot) is retried a few ms later.
  let r: Result | null = null;
  for (let i = 0; i < 12; i++) {
    if (closing()) return;
    const t = performance.now();
    r = passive();
    if (!r.busy && r.checkpointed === r.log && performance.now() - t < QUICK_MS) break;
    r = null;
    Atomics.wait(ck, CK.CLOSE, 0, 5);
  }
  if (!r) return;
  Atomics.store(ck, CK.PAUSE, 1);
  const t0 = performance.now();
  try {
    // Every writer holds between two transactions, or sleeps (it looks at PAUSE first when it wakes).
    for (;;) {
      const paused = Atomics.load(ck, CK.PAUSED);
      if (paused + Atomics.load(ck, CK.SLEEPING) >= Atomics.load(ck, CK.WRITERS)) break;
      if (performance.now() - t0 > HOLD_WAIT_MS || closing()) return;
      Atomics.wait(ck, CK.PAUSED, paused, 5);
    }
    r = passive();
  } finally {
    Atomics.store(ck, CK.PAUSE, 0);
    Atomics.notify(ck, CK.PAUSE);
    log('held the writers for the WAL restart', t0, r, true);
  }
}

parentPort!.postMessage({ t: 'ready' });
let done = Atomics.load(ck, CK.COMMITTED);
let last = Date.now();
let lastChange = Date.now();
for (;;) {
  const seen = Atomics.load(ck, CK.COMMITTED);
  if (closing()) break;
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
      } catch (err) {
        log(`checkpoint failed: ${(err as Error).message}`, t0, null, true);
      }
      last = Date.now();
      continue;
    }
    Atomics.wait(ck, CK.COMMITTED, seen, TICK_MS);
  } else if (now - lastChange < IDLE_MS) {
    Atomics.wait(ck, CK.COMMITTED, seen, TICK_MS);
  } else {
    Atomics.store(ck, CK.IDLE, 1);
    Atomics.wait(ck, CK.COMMITTED, seen);
    Atomics.store(ck, CK.IDLE, 0);
  }
}
try {
  passive();
} catch {
  // Closing: the next open checkpoints what is left.
}
db.close();
process.exit(0);
