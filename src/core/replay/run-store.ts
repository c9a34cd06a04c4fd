import { notFound } from '../../shared/errors';
import type {
  Run,
  RunCounts,
  RunItemDetail,
  RunItemSummary,
  RunOptions,
  RunStatus,
  RunTarget,
} from '../../shared/replay';
import type { Comparison } from '../../shared/replay-compare';
import type { Db } from '../store/database';
import { storedBody } from '../dispatcher/stored-body';
import type { ItemSeed } from './sources';

export interface RunRow {
  id: string;
  name: string;
  source_type: Run['source']['type'];
  source_ref: string | null;
  source_label: string;
  target: string;
  options: string;
  secret_sealed: string | null;
  status: RunStatus;
  note: string | null;
  total: number;
  created_at: number;
  finished_at: number | null;
}

/** The run's options as stored: the signing secret is sealed apart and never in this JSON. */
export type StoredOptions = Omit<RunOptions, 'signing'> & {
  signing: { mode: RunOptions['signing']['mode']; scheme?: string; endpointId?: string; custom?: unknown };
};

export const itemFilterSql: Record<string, string> = {
  all: '1',
  changed: "verdict = 'changed'",
  same: "verdict = 'same'",
  failed: "state IN ('answered', 'error') AND ok = 0",
  not_sent: "state = 'not_sent'",
  pending: "state IN ('pending', 'sending')",
};

const SUMMARY_COLUMNS =
  'idx, kind, ref, method, url, req_url, state, sent_id, res_status, base_status, verdict, error, duration_ms, sent_at';

interface SummaryRow {
  idx: number;
  kind: RunItemSummary['kind'];
  ref: string;
  method: string;
  url: string;
  req_url: string | null;
  state: RunItemSummary['state'];
  sent_id: string | null;
  res_status: number | null;
  base_status: number | null;
  verdict: 'same' | 'changed' | null;
  error: string | null;
  duration_ms: number | null;
  sent_at: number | null;
}

const toSummary = (r: SummaryRow): RunItemSummary => ({
  index: r.idx,
  kind: r.kind,
  ref: r.ref,
  method: r.method,
  url: r.req_url ?? r.url,
  state: r.state,
  sentId: r.sent_id,
  status: r.res_status,
  baselineStatus: r.base_status,
  verdict: r.verdict,
  error: r.error,
  durationMs: r.duration_ms,
  sentAt: r.sent_at,
});

export interface FullItemRow extends SummaryRow {
  headers: string;
  body: Buffer;
  req_headers: string | null;
  req_body: Buffer | null;
  res_headers: string | null;
  res_body: Buffer | null;
  res_size: number | null;
  base_headers: string | null;
  base_body: Buffer | null;
  comparison: string | null;
  ok: number | null;
  delivery_id: string | null;
  content_type: string | null;
  sig_scheme: string | null;
  topic: string | null;
  path: string;
}

export const toDetail = (r: FullItemRow): RunItemDetail => ({
  ...toSummary(r),
  request: {
    headers: JSON.parse(r.req_headers ?? r.headers) as [string, string][],
    body: storedBody(r.req_body ?? r.body),
  },
  response:
    r.res_status === null
      ? null
      : {
          status: r.res_status,
          headers: JSON.parse(r.res_headers ?? '[]') as [string, string][],
          body: storedBody(r.res_body, r.res_size),
        },
  baseline:
    r.base_status === null
      ? null
      : {
          status: r.base_status,
          headers: JSON.parse(r.base_headers ?? '[]') as [string, string][],
          body: storedBody(r.base_body),
        },
  comparison: r.comparison ? (JSON.parse(r.comparison) as Comparison) : null,
});

/** Reads and writes of runs and their items, on the main connection. */
export class RunStore {
  constructor(private readonly db: Db) {}

  insertRun(row: RunRow, seeds: ItemSeed[]): void {
    const insRun = this.db.prepare(
      `INSERT INTO replay_runs (id, name, source_type, source_ref, source_label, target, options, secret_sealed, status, note, total, created_at, finished_at)
       VALUES (@id, @name, @source_type, @source_ref, @source_label, @target, @options, @secret_sealed, @status, @note, @total, @created_at, @finished_at)`,
    );
    const insItem = this.db.prepare(
      `INSERT INTO replay_items (run_id, idx, kind, ref, endpoint_id, event_id, topic, delivery_id, method, url, path, headers, body, content_type,
         sig_scheme, base_status, base_headers, base_body, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
    );
    this.db.transaction(() => {
      insRun.run(row);
      seeds.forEach((s, i) =>
        insItem.run(
          row.id,
          i,
          s.kind,
          s.ref,
          s.endpointId,
          s.eventId,
          s.topic,
          s.deliveryId,
          s.method,
          s.url,
          s.path,
          JSON.stringify(s.headers),
          s.body,
          s.contentType,
          s.sigScheme,
          s.baseline?.status ?? null,
          s.baseline ? JSON.stringify(s.baseline.headers) : null,
          s.baseline?.body ?? null,
        ),
      );
    })();
  }

  row(id: string): RunRow {
    const r = this.db.prepare('SELECT * FROM replay_runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!r) throw notFound('Run', id);
    return r;
  }

  rows(limit: number): RunRow[] {
    return this.db
      .prepare('SELECT * FROM replay_runs ORDER BY created_at DESC, rowid DESC LIMIT ?')
      .all(limit) as RunRow[];
  }

  runsWithStatus(status: RunStatus): RunRow[] {
    return this.db
      .prepare('SELECT * FROM replay_runs WHERE status = ? ORDER BY created_at')
      .all(status) as RunRow[];
  }

  setStatus(id: string, status: RunStatus, finishedAt: number | null, note?: string | null): void {
    if (note === undefined)
      this.db
        .prepare('UPDATE replay_runs SET status = ?, finished_at = ? WHERE id = ?')
        .run(status, finishedAt, id);
    else
      this.db
        .prepare('UPDATE replay_runs SET status = ?, finished_at = ?, note = ? WHERE id = ?')
        .run(status, finishedAt, note, id);
  }

  counts(id: string, total: number): RunCounts {
    const rows = this.db
      .prepare(
        'SELECT state, verdict, ok, COUNT(*) AS n FROM replay_items WHERE run_id = ? GROUP BY state, verdict, ok',
      )
      .all(id) as { state: string; verdict: string | null; ok: number | null; n: number }[];
    const c: RunCounts = {
      total,
      done: 0,
      pending: 0,
      same: 0,
      changed: 0,
      noBaseline: 0,
      failed: 0,
      notSent: 0,
    };
    for (const r of rows) {
      if (r.state === 'pending' || r.state === 'sending') c.pending += r.n;
      else if (r.state === 'not_sent') c.notSent += r.n;
      else {
        c.done += r.n;
        if (r.ok === 0) c.failed += r.n;
        if (r.state === 'answered') {
          if (r.verdict === 'same') c.same += r.n;
          else if (r.verdict === 'changed') c.changed += r.n;
          else c.noBaseline += r.n;
        }
      }
    }
    return c;
  }

  toRun(r: RunRow, rate: number): Run {
    const o = JSON.parse(r.options) as StoredOptions;
    return {
      id: r.id,
      name: r.name,
      status: r.status,
      sourceLabel: r.source_label,
      source: { type: r.source_type, ref: r.source_ref },
      target: JSON.parse(r.target) as RunTarget,
      options: {
        keepId: o.keepId,
        signing: {
          mode: o.signing.mode,
          scheme: o.signing.scheme ?? null,
          endpointId: o.signing.endpointId ?? null,
        },
        edits: !!o.edits,
        concurrency: o.concurrency,
        ratePerSecond: o.ratePerSecond ?? null,
        stopOnFailure: o.stopOnFailure,
        timeoutMs: o.timeoutMs,
        compare: o.compare,
      },
      counts: this.counts(r.id, r.total),
      rate,
      createdAt: r.created_at,
      finishedAt: r.finished_at,
      note: r.note,
    };
  }

  page(
    id: string,
    filter: string,
    offset: number,
    limit: number,
  ): { items: RunItemSummary[]; matching: number } {
    const where = itemFilterSql[filter] ?? '1';
    const rows = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM replay_items WHERE run_id = ? AND ${where} ORDER BY idx LIMIT ? OFFSET ?`,
      )
      .all(id, limit, offset) as SummaryRow[];
    const matching = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM replay_items WHERE run_id = ? AND ${where}`).get(id) as {
        n: number;
      }
    ).n;
    return { items: rows.map(toSummary), matching };
  }

  full(id: string, idx: number): FullItemRow | undefined {
    return this.db.prepare('SELECT * FROM replay_items WHERE run_id = ? AND idx = ?').get(id, idx) as
      FullItemRow | undefined;
  }

  allFull(id: string): FullItemRow[] {
    return this.db
      .prepare('SELECT * FROM replay_items WHERE run_id = ? ORDER BY idx')
      .all(id) as FullItemRow[];
  }

  /** Items still to send become not sent (cancel, stop on failure). */
  abandon(id: string, reason: string): number {
    return this.db
      .prepare("UPDATE replay_items SET state = 'not_sent', error = ? WHERE run_id = ? AND state = 'pending'")
      .run(reason, id).changes;
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM replay_runs WHERE id = ?').run(id);
  }
}
