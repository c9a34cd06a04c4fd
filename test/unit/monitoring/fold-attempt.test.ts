import { describe, expect, it } from 'vitest';
import { allMigrations } from '../../../src/core/modules';
import {
  DELIVERY_VALUES,
  emptyRollup,
  foldAttempt,
  LATENCY_BOUNDS,
  REBUILD_SQL,
  rollupMinute,
} from '../../../src/core/monitoring/rollup-sql';
import { openDatabase } from '../../../src/core/store/database';

/**
 * The dispatcher's writer folds each cycle's attempts into the minute rollups in JavaScript
 * (foldAttempt, monitoring/005 dropped the per-row trigger): the folded values must be the ones
 * the SQL rebuild computes from the raw rows, for every kind of attempt — answered or not, timed
 * out, each status class, and latencies on and around every histogram bound.
 */

type Attempt = { outcome: string; next: number | null; status: number | null; code: string | null; total: number };

function attempts(): Attempt[] {
  const out: Attempt[] = [];
  const statuses = [null, 101, 199, 200, 204, 299, 301, 399, 404, 499, 500, 503];
  const codes = [null, 'timeout', 'refused'];
  const totals = [0, 0.4, ...LATENCY_BOUNDS.flatMap((b) => [b - 0.01, b, b + 0.01]), 45_000];
  let k = 0;
  for (const status of statuses)
    for (const code of codes)
      for (const total of totals) {
        const ok = status !== null && status >= 200 && status <= 299;
        out.push({ outcome: ok ? 'succeeded' : 'failed', next: !ok && k % 2 ? 1000 + k : null, status, code, total });
        k++;
      }
  return out;
}

describe('foldAttempt', () => {
  it('gives the same rollup values as the SQL rebuild from the raw attempts', () => {
    const db = openDatabase(':memory:', { migrations: allMigrations });
    const t0 = 1_767_225_600_000;
    db.prepare(
      `INSERT INTO dispatch_endpoints (id, seq, config, scheme, secret_sealed, secret_hint, state, created_at, updated_at)
       VALUES ('ep', 1, '{}', 'standard-webhooks', 'x', 'x', 'active', 0, 0)`,
    ).run();
    db.prepare(
      `INSERT INTO dispatch_deliveries (id, event_id, endpoint_id, topic, kind, status, body, content_type, max_attempts, created_at, updated_at)
       VALUES ('d', 'e', 'ep', 'order.paid', 'event', 'failed', x'', 'application/json', 3, 0, 0)`,
    ).run();
    const insert = db.prepare(
      `INSERT INTO dispatch_attempts (id, delivery_seq, endpoint_id, number, manual, started_at, req_method, req_url, req_headers,
         res_status, outcome, error_code, total_ms, next_attempt_at)
       VALUES (?, 1, 'ep', 1, 0, ?, 'POST', 'http://x', '[]', ?, ?, ?, ?, ?)`,
    );
    const folded = new Map<number, number[]>();
    attempts().forEach((a, i) => {
      const startedAt = t0 + i * 7_000; // several minutes
      insert.run(`a${i}`, startedAt, a.status, a.outcome, a.code, a.total, a.next);
      const minute = rollupMinute(startedAt);
      if (!folded.has(minute)) folded.set(minute, emptyRollup());
      foldAttempt(folded.get(minute)!, a.outcome, a.next, a.status, a.code, a.total);
    });
    db.exec('DELETE FROM stats_endpoint_minute');
    db.exec(REBUILD_SQL.endpoint);
    const rows = db
      .prepare(`SELECT minute, ${DELIVERY_VALUES.join(', ')} FROM stats_endpoint_minute ORDER BY minute`)
      .all() as Record<string, number>[];
    expect(rows.length).toBe(folded.size);
    for (const r of rows) {
      const mine = folded.get(r.minute)!;
      DELIVERY_VALUES.forEach((c, j) => {
        if (c === 'lat_sum') expect(mine[j]).toBeCloseTo(r[c], 6);
        else expect([c, mine[j]]).toEqual([c, r[c]]);
      });
    }
    db.close();
  });
});
