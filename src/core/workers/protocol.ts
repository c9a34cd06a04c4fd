/**
 * Everything the main thread and the database worker threads agree on, in one place: the
 * workerData each worker starts with, the messages in both directions, and the layouts of the
 * flat arrays they exchange. Imported by both sides (the workers import only
 * this module, the SQL text and better-sqlite3).
 */

/** Statements run in one transaction: `[sql, params]` each. */
export type Stmts = [sql: string, params: unknown[]][];
export interface ExecResult {
  changes: number[];
  ids: number[];
}

/** What every database worker starts with. */
export interface DbWorkerData {
  file: string;
  nativeBinding?: string;
  /** 'FULL' or 'NORMAL' (see docs/architecture.md, "Durability level"). */
  synchronous: 'FULL' | 'NORMAL';
}

/** Every worker posts this once its connection is open and its statements are prepared. */
export interface ReadyMessage {
  t: 'ready';
}

// ---------------------------------------------------------------------------------------------
// Dispatcher: the writer worker.

/** Values per row in the flat arrays a cycle sends to the writer worker. */
export const LAYOUT = { event: 5, delivery: 11, completion: 24 } as const;

export interface WriterWorkerData extends DbWorkerData {
  ckpt: Int32Array;
}

/** One engine cycle; see cycle-batch.ts for the row layouts. */
export interface CycleMessage {
  t: 'cycle';
  seq: number;
  releases: number[];
  events: unknown[];
  deliveries: unknown[];
  completions: unknown[];
  writes: [name: string, params: unknown[]][];
  /** [endpointId, pingsOnly, limit, now, leaseUntil] */
  claims: [string, boolean, number, number, number][];
  blobs: ArrayBuffer | null;
  blobLens: number[];
}
export type WriterIn =
  | CycleMessage
  | { t: 'exec'; seq: number; stmts: Stmts }
  | { t: 'stats'; seq: number }
  | { t: 'close' };

/** Claimed rows as the worker answers them: flat columns and one buffer of bodies. */
export interface ClaimedRows {
  flat: unknown[];
  lens: number[];
  bodies: ArrayBuffer | null;
}

export interface CycleAnswer {
  /** seq of each inserted delivery, in order. */
  inserted: Float64Array;
  /** Per completion: 1 finished, 2 recorded but the delivery was cancelled meanwhile, 0 gone. */
  paths: Uint8Array;
  claimed: ClaimedRows[];
}

/** Time the writer spent per phase (ns) since it started. */
export interface WriterStats {
  cycles: number;
  rows: number;
  insert: number;
  finish: number;
  claim: number;
  commit: number;
  total: number;
  /** exec messages (the delivery log's search indexing, maintenance): not part of `total`. */
  exec: number;
  /** The worker thread's CPU time (ms), where the OS tells it. */
  cpuMs: number | null;
}

export type WriterAck = { t: 'ack'; seq: number; error?: string } & (
  | Partial<CycleAnswer>
  | { exec?: ExecResult }
  | { stats?: WriterStats }
);
export type WriterOut = ReadyMessage | WriterAck;

// ---------------------------------------------------------------------------------------------
// The checkpoint owner: one per database file, however many writers.

/** Indexes into the checkpoint control Int32Array (shared by every writer and the checkpointer). */
export const CK = {
  /** Rows (or cycles) committed by any writer since start; the checkpointer waits on it. */
  COMMITTED: 0,
  /** 1 while the checkpointer waits without a timeout. */
  IDLE: 1,
  /** 1 once the checkpointer must finish. */
  CLOSE: 2,
  /** 1 while the checkpointer asks the writers to hold their next transaction. */
  PAUSE: 3,
  /** Writers holding between two transactions (or asleep) because of PAUSE. */
  PAUSED: 4,
  /** Writers registered (each must hold for a WAL restart). */
  WRITERS: 5,
  /** Writers asleep (nothing to write: they count as holding). */
  SLEEPING: 6,
  /** 1 once the checkpointer is gone for good: writers checkpoint themselves again. */
  GONE: 7,
  SIZE: 8,
} as const;

export interface CheckpointWorkerData extends DbWorkerData {
  ckpt: Int32Array;
  slowMs: number;
}
