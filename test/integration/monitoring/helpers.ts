import type { Db } from '../../../src/core/store/database';
import { LATENCY_BOUNDS } from '../../../src/core/monitoring/rollup-sql';

const bucket = (ms: number) => {
  const i = LATENCY_BOUNDS.findIndex((b) => ms < b);
  return i === -1 ? LATENCY_BOUNDS.length : i;
};

type Counts = Record<string, number>;

/**
 * Recounts the per-minute rollups from the raw attempts and requests, in plain JavaScript (not
 * the rollup SQL), keyed like the rollup rows.
 */
export function recount(db: Db) {
  const endpoint = new Map<string, Counts>();
  const topic = new Map<string, Counts>();
  const add = (m: Map<string, Counts>, key: string, vals: Counts) => {
    const c = m.get(key) ?? {};
    for (const [k, v] of Object.entries(vals)) c[k] = k === 'lat_max' ? Math.max(c[k] ?? 0, v) : (c[k] ?? 0) + v;
    m.set(key, c);
  };
  const attempts = db
    .prepare(
      `SELECT a.endpoint_id, a.started_at, a.outcome, a.next_attempt_at, a.res_status, a.error_code, a.total_ms, d.topic
       FROM dispatch_attempts a JOIN dispatch_deliveries d ON d.seq = a.delivery_seq`,
    )
    .all() as {
    endpoint_id: string;
    started_at: number;
    outcome: string;
    next_attempt_at: number | null;
    res_status: number | null;
    error_code: string | null;
    total_ms: number;
    topic: string;
  }[];
  for (const a of attempts) {
    const ok = a.outcome === 'succeeded';
    const timed = a.res_status !== null || a.error_code === 'timeout';
    const s = a.res_status ?? 0;
    const v: Counts = {
      attempts: 1,
      succeeded: ok ? 1 : 0,
      retried: !ok && a.next_attempt_at !== null ? 1 : 0,
      failed: !ok && a.next_attempt_at === null ? 1 : 0,
      c2: s >= 200 && s < 300 ? 1 : 0,
      c3: s >= 300 && s < 400 ? 1 : 0,
      c4: s >= 400 && s < 500 ? 1 : 0,
      c5: s >= 500 ? 1 : 0,
      cerr: s < 200 ? 1 : 0,
      timed: timed ? 1 : 0,
      lat_max: timed ? a.total_ms : 0,
    };
    if (timed) v[`h${bucket(a.total_ms)}`] = 1;
    const minute = Math.floor(a.started_at / 60_000);
    add(endpoint, `${a.endpoint_id}|${minute}`, v);
    add(topic, `${a.topic}|${minute}|${a.endpoint_id}`, v);
  }
  const inbox = new Map<string, Counts>();
  const reqs = db
    .prepare('SELECT inbox, received_at, answer_status, sig_status, duplicate_of, body_size FROM requests')
    .all() as {
    inbox: string;
    received_at: number;
    answer_status: number | null;
    sig_status: string;
    duplicate_of: number | null;
    body_size: number;
  }[];
  for (const r of reqs) {
    const s = r.answer_status ?? 0;
    add(inbox, `${r.inbox}|${Math.floor(r.received_at / 60_000)}`, {
      requests: 1,
      a2: s >= 200 && s < 300 ? 1 : 0,
      a4: s >= 400 && s < 500 ? 1 : 0,
      a5: s >= 500 ? 1 : 0,
      sig_valid: r.sig_status === 'valid' ? 1 : 0,
      sig_invalid: r.sig_status === 'invalid' ? 1 : 0,
      sig_unsigned: r.sig_status === 'unsigned' ? 1 : 0,
      duplicates: r.duplicate_of !== null ? 1 : 0,
      bytes: r.body_size,
    });
  }
  return { endpoint, topic, inbox };
}

/** The rollup tables, keyed like `recount`, with only the columns `expected` names (zeros dropped). */
export function readRollups(db: Db, expected: ReturnType<typeof recount>) {
  const pick = (rows: Record<string, number | string>[], keyOf: (r: Record<string, number | string>) => string, like: Map<string, Counts>) => {
    const cols = new Set<string>();
    for (const c of like.values()) for (const k of Object.keys(c)) cols.add(k);
    const out = new Map<string, Counts>();
    for (const r of rows) {
      const c: Counts = {};
      for (const k of cols) if (typeof r[k] === 'number') c[k] = r[k] as number;
      out.set(keyOf(r), c);
    }
    return out;
  };
  return {
    endpoint: pick(db.prepare('SELECT * FROM stats_endpoint_minute').all() as never, (r) => `${r.endpoint_id}|${r.minute}`, expected.endpoint),
    topic: pick(db.prepare('SELECT * FROM stats_topic_minute').all() as never, (r) => `${r.topic}|${r.minute}|${r.endpoint_id}`, expected.topic),
    inbox: pick(db.prepare('SELECT * FROM stats_inbox_minute').all() as never, (r) => `${r.inbox}|${r.minute}`, expected.inbox),
  };
}

/** Fills in zero for every column either side has, so maps compare by value. */
export function normalize(m: Map<string, Counts>): Record<string, Counts> {
  const cols = new Set<string>();
  for (const c of m.values()) for (const k of Object.keys(c)) cols.add(k);
  const out: Record<string, Counts> = {};
  for (const [k, c] of [...m].sort(([a], [b]) => a.localeCompare(b))) {
    const n: Counts = {};
    for (const col of [...cols].sort()) n[col] = Math.round((c[col] ?? 0) * 100) / 100;
    out[k] = n;
  }
  return out;
}
