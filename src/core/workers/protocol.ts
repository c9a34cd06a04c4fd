/**
 * Everything the main thread and the database worker threads agree on, in one place: the
 * workerData each worker starts with, the messages in both directions, and the layouts of the
 * flat arrays and the shared ring they exchange. Imported by both sides (the workers import only
 * this module, the SQL text and better-sqlite3).
 */
import type { MessagePort } from 'node:worker_threads';

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
// Receiver: the capture worker and its shared ring.

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

/** Indexes into the capture control Int32Array (shared by the main thread and the capture worker). */
export const C = {
  /** Bumped by the main thread for any new work (records or exec); the worker waits on it. */
  BELL: 0,
  /** Records published by the main thread (rows and wrap markers). */
  PUBLISHED: 1,
  /** Bytes of the ring in use (written, not yet freed by the worker). */
  USED: 2,
  /** 1 while the capture worker waits on BELL. */
  SLEEPING: 3,
  /** 1 once the worker must finish and close. */
  CLOSE: 4,
  SIZE: 8,
} as const;

/** Record kinds; each record starts with [u32 bytes (8-aligned), u32 kind]. */
export const K = { ROW: 1, WRAP: 3 } as const;
/** A string field's u32 header: its byte length, or NULL. */
export const NULL_STR = 0xffffffff;
/** flags word of a row: the body came over the body port instead of the ring; TLS. */
export const BODY_EXTERNAL = 1;
export const TLS_FLAG = 2;

export interface CaptureWorkerData extends DbWorkerData {
  ctrl: Int32Array;
  ring: SharedArrayBuffer;
  /** Bodies too large for the ring, in row order. */
  bodyPort: MessagePort;
  /** ExecRequest messages. */
  execPort: MessagePort;
  /** The checkpoint owner's control array (see CK). */
  ckpt: Int32Array;
  /** Log commits and statements slower than this many ms to stderr (0: never). */
  slowMs: number;
}

/** Statements to run after the first `after` rows of the ring are committed. */
export interface ExecRequest {
  seq: number;
  after: number;
  stmts: Stmts;
}

/** A commit of rows: all rows up to `c` are stored; `dup` pairs (index in this commit, first id). */
export interface CommitReport {
  c: number;
  n: number;
  dup?: number[];
  err?: string;
}
export interface ExecReport {
  t: 'exec';
  seq: number;
  exec?: ExecResult;
  error?: string;
}
/** From the capture worker: a bare number is a CommitReport without duplicates or error. */
export type CaptureOut = ReadyMessage | number | CommitReport | ExecReport;

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
