import { UPSERT_SQL } from '../monitoring/rollup-sql';
import type { Db } from '../store/database';
import type { DeliveryIdentity } from './identity';

const s = (sql: string): string => sql;

/**
 * A delivery's body as sent (deliveries `d` left-joined with their event `ev`): its own bytes, or
 * the event's stored payload when body_from_event = 1 (stored once for the event and its deliveries).
 */
export const DELIVERY_BODY = `CASE WHEN d.body_from_event = 1 THEN CAST(ev.payload AS BLOB) ELSE d.body END`;

/** Every statement the hot path runs; the writer worker prepares them once. */
export const SQL = {
  insertEvent: s('INSERT INTO dispatch_events (id, topic, payload, created_at) VALUES (?, ?, ?, ?)'),
  insertDelivery: s(
    `INSERT INTO dispatch_deliveries (id, event_id, endpoint_id, topic, kind, status, body, content_type, attempts, max_attempts,
       next_attempt_at, lease_until, created_at, updated_at, body_from_event, identity)
     VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  selectDue: s(
    `SELECT d.seq, d.id, d.event_id, d.endpoint_id, d.topic, d.kind, d.status, ${DELIVERY_BODY} AS body, d.content_type,
       d.attempts, d.max_attempts, d.manual_next, d.created_at, d.identity
     FROM dispatch_deliveries d LEFT JOIN dispatch_events ev ON d.body_from_event = 1 AND ev.id = d.event_id
     WHERE d.endpoint_id = ? AND d.status IN ('pending', 'retrying') AND d.next_attempt_at <= ? AND d.lease_until IS NULL
     ORDER BY d.next_attempt_at, d.seq LIMIT ?`,
  ),
  selectDuePings: s(
    `SELECT d.seq, d.id, d.event_id, d.endpoint_id, d.topic, d.kind, d.status, ${DELIVERY_BODY} AS body, d.content_type,
       d.attempts, d.max_attempts, d.manual_next, d.created_at, d.identity
     FROM dispatch_deliveries d LEFT JOIN dispatch_events ev ON d.body_from_event = 1 AND ev.id = d.event_id
     WHERE d.endpoint_id = ? AND d.status IN ('pending', 'retrying') AND d.next_attempt_at <= ? AND d.lease_until IS NULL
       AND d.kind = 'ping'
     ORDER BY d.next_attempt_at, d.seq LIMIT ?`,
  ),
  nextDue: s(
    `SELECT MIN(next_attempt_at) AS t FROM dispatch_deliveries
     WHERE endpoint_id = ? AND status IN ('pending', 'retrying') AND lease_until IS NULL`,
  ),
  nextDuePing: s(
    `SELECT MIN(next_attempt_at) AS t FROM dispatch_deliveries
     WHERE endpoint_id = ? AND status IN ('pending', 'retrying') AND lease_until IS NULL AND kind = 'ping'`,
  ),
  lease: s('UPDATE dispatch_deliveries SET lease_until = ? WHERE seq = ?'),
  release: s('UPDATE dispatch_deliveries SET lease_until = NULL WHERE seq = ?'),
  reclaimAll: s('UPDATE dispatch_deliveries SET lease_until = NULL WHERE lease_until IS NOT NULL'),
  finish: s(
    `UPDATE dispatch_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, lease_until = NULL, manual_next = 0,
       last_status = ?, last_error = ?, duration_ms = ?, updated_at = ?
     WHERE seq = ? AND status IN ('pending', 'retrying')`,
  ),
  finishStatsOnly: s(
    `UPDATE dispatch_deliveries SET attempts = ?, lease_until = NULL, manual_next = 0, last_status = ?, last_error = ?,
       duration_ms = ?, updated_at = ?
     WHERE seq = ?`,
  ),
  insertAttempt: s(
    `INSERT INTO dispatch_attempts (id, delivery_seq, endpoint_id, number, manual, started_at, req_method, req_url, req_headers,
       res_status, res_headers, res_body, res_size, outcome, error_code, error_message, connect_ms, first_byte_ms, total_ms,
       next_attempt_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  /** Adds a cycle's attempts, folded per minute and endpoint (or topic), to the minute rollups. */
  rollupEndpoint: s(UPSERT_SQL.endpoint),
  rollupTopic: s(UPSERT_SQL.topic),
  setFailures: s('UPDATE dispatch_endpoints SET consecutive_failures = ? WHERE id = ?'),
  setState: s(
    'UPDATE dispatch_endpoints SET state = ?, disabled_reason = ?, consecutive_failures = ?, updated_at = ? WHERE id = ?',
  ),
};

export type WriteName = keyof typeof SQL;

/** The few statements the main thread runs itself: reads, and the reclaim at start. */
export function prepareMain(db: Db) {
  return {
    nextDue: db.prepare(SQL.nextDue),
    nextDuePing: db.prepare(SQL.nextDuePing),
    reclaimAll: db.prepare(SQL.reclaimAll),
  };
}

/** A delivery row as the engine holds it while it is claimed. */
export interface DueRow {
  seq: number;
  id: string;
  event_id: string;
  endpoint_id: string;
  topic: string;
  kind: 'event' | 'ping' | 'test';
  status: 'pending' | 'retrying';
  body: Buffer;
  content_type: string;
  attempts: number;
  max_attempts: number;
  manual_next: number;
  created_at: number;
  /** Where its identity values sit (null: none; every attempt sends `body` as is). */
  identity: DeliveryIdentity | null;
}
