/**
 * What every database worker thread shares: opening its own better-sqlite3 connection, the
 * writer's side of the checkpoint owner's hold protocol, one-transaction statement runs, and
 * the slow-step log of HOOKBENCH_DEBUG_CAPTURE. Imported by the worker modules and by the
 * receiver's capture writer (which runs on the main thread, so it never calls Atomics.wait).
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { CK, type DbWorkerData, type ExecResult, type Stmts } from './protocol';

export type Db = Database.Database;
export type Statement = Database.Statement<unknown[], unknown>;

/** A writer connection: WAL, NORMAL or FULL, never checkpointing itself (the checkpoint owner does). */
export function openWriter(data: DbWorkerData): Db {
  const db = new Database(data.file, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${data.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('journal_size_limit = 67108864');
  return db;
}

/**
 * The writer's side of the checkpoint owner's protocol (see checkpoint-worker.ts): report commits,
 * hold between two transactions while the owner restarts the WAL, and count as holding while
 * asleep. When the owner is gone, the writer checkpoints itself again (SQLite's default).
 */
export class CheckpointClient {
  private fallback = false;
  private asleep = false;

  constructor(
    private readonly ck: Int32Array,
    private readonly db: Db,
  ) {
    Atomics.add(ck, CK.WRITERS, 1);
  }

  committed(rows: number): void {
    const ck = this.ck;
    Atomics.add(ck, CK.COMMITTED, rows);
    if (Atomics.load(ck, CK.IDLE) === 1) Atomics.notify(ck, CK.COMMITTED);
  }

  /** Before a transaction: holds (at most 250 ms) while the owner asks for it. */
  beforeTransaction(): void {
    const ck = this.ck;
    if (Atomics.load(ck, CK.PAUSE) === 1) {
      Atomics.add(ck, CK.PAUSED, 1);
      Atomics.notify(ck, CK.PAUSED);
      Atomics.wait(ck, CK.PAUSE, 1, 250);
      Atomics.sub(ck, CK.PAUSED, 1);
    }
    this.checkOwner();
  }

  /**
   * For a writer on a thread that must never block (the main thread's capture writer): counts as
   * asleep between transactions, and instead of holding, answers false while the owner restarts
   * the WAL (try again shortly). True: go ahead with one transaction, then call sleeping(true).
   */
  enter(): boolean {
    const ck = this.ck;
    this.sleeping(false);
    if (Atomics.load(ck, CK.PAUSE) === 1) {
      this.sleeping(true);
      return false;
    }
    this.checkOwner();
    return true;
  }

  /** Without the owner (its worker died), this writer checkpoints itself again (SQLite's default). */
  private checkOwner(): void {
    if (!this.fallback && Atomics.load(this.ck, CK.GONE) === 1) {
      this.fallback = true;
      this.db.pragma('wal_autocheckpoint = 1000');
    }
  }

  sleeping(on: boolean): void {
    if (on === this.asleep) return;
    this.asleep = on;
    if (on) {
      Atomics.add(this.ck, CK.SLEEPING, 1);
      Atomics.notify(this.ck, CK.PAUSED);
    } else Atomics.sub(this.ck, CK.SLEEPING, 1);
  }

  close(): void {
    this.sleeping(false);
    Atomics.sub(this.ck, CK.WRITERS, 1);
  }
}

/** Runs statements in one transaction; prepared statements are cached by SQL text. */
export function statementRunner(db: Db, max = 200): (stmts: Stmts) => ExecResult {
  const cache = new Map<string, Statement>();
  const prep = (sql: string): Statement => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      if (cache.size < max) cache.set(sql, s);
    }
    return s;
  };
  return db.transaction((stmts: Stmts): ExecResult => {
    const changes: number[] = [];
    const ids: number[] = [];
    for (const [sql, params] of stmts) {
      const r = prep(sql).run(params ?? []);
      changes.push(r.changes);
      ids.push(Number(r.lastInsertRowid));
    }
    return { changes, ids };
  }).immediate as (stmts: Stmts) => ExecResult;
}

export const errorText = (e: unknown): string => String((e as Error | null)?.message ?? e);

/** This thread's CPU time in ms (Linux), or null. */
export function threadCpuMs(): number | null {
  try {
    const f = fs.readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/**
 * Debug log of slow steps (HOOKBENCH_DEBUG_CAPTURE): with this thread's CPU ms and context
 * switches (voluntary: waited on I/O or a lock; involuntary: preempted), to tell work from waiting.
 */
export function slowLog(who: string, slowMs: number): { start(): number; end(what: string, t0: number, extra?: string | (() => string)): void } {
  const stat = (): number[] => {
    try {
      const st = fs.readFileSync('/proc/thread-self/stat', 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      const status = fs.readFileSync('/proc/thread-self/status', 'utf8');
      const n = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      return [Number(f[11]) * 10, Number(f[12]) * 10, n('voluntary_ctxt_switches'), n('nonvoluntary_ctxt_switches'), Number(f[7])];
    } catch {
      return [0, 0, 0, 0, 0];
    }
  };
  let s0: number[] = [];
  return {
    start() {
      if (slowMs) s0 = stat();
      return performance.now();
    },
    end(what, t0, extra) {
      const ms = performance.now() - t0;
      if (!slowMs || ms <= slowMs) return;
      const s1 = stat();
      if (typeof extra === 'function') extra = extra(); // built only for a step that was slow
      process.stderr.write(
        `${who}: ${what} took ${ms.toFixed(1)} ms${extra ? ` (${extra})` : ''} [user ${s1[0] - s0[0]} ms, sys ${s1[1] - s0[1]} ms, waits ${s1[2] - s0[2]}, preempted ${s1[3] - s0[3]}, minor faults ${s1[4] - s0[4]}]\n`,
      );
    },
  };
}
