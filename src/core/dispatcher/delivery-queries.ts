import type {
  Attempt,
  Delivery,
  DeliveryDetail,
  DeliveryStatus,
  IdentityValueInfo,
  StoredBody,
} from '../../shared/dispatcher-deliveries';
import type { MethodParsedInput } from '../../shared/contract';
import { notFound } from '../../shared/errors';
import type { Db } from '../store/database';
import { storedBody } from './stored-body';
import { deliveryWhere, textHits } from './delivery-filter';
import { DELIVERY_BODY } from './statements';
import {
  attemptBody,
  formatValue,
  hasLevel,
  parseIdentity,
  type DeliveryIdentity,
  type IdentityValues,
} from './identity';

/** The identity values of the latest attempt (or of the first, before any), once per place kind. */
function identityList(ident: DeliveryIdentity, v: IdentityValues): IdentityValueInfo[] {
  const out: IdentityValueInfo[] = [];
  const seen = new Set<string>();
  const add = (item: IdentityValueInfo) => {
    const key = `${item.in}|${item.header ?? ''}|${item.role}|${item.format}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(item);
  };
  for (const [, , role, format] of ident.b)
    add({ in: 'body', header: null, role, format, value: formatValue(role, format, v) });
  for (const [name, role, format] of ident.h)
    add({ in: 'header', header: name, role, format, value: formatValue(role, format, v) });
  return out;
}

interface DeliveryRow {
  seq: number;
  id: string;
  event_id: string;
  endpoint_id: string;
  endpoint_name: string | null;
  topic: string;
  kind: Delivery['kind'];
  status: DeliveryStatus;
  attempts: number;
  max_attempts: number;
  next_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  duration_ms: number | null;
  created_at: number;
  updated_at: number;
}

interface AttemptRow {
  id: string;
  number: number;
  manual: number;
  started_at: number;
  req_method: string;
  req_url: string;
  req_headers: string;
  res_status: number | null;
  res_headers: string | null;
  res_body: Buffer | null;
  res_size: number | null;
  outcome: 'succeeded' | 'failed';
  error_code: Attempt['error'] extends infer E ? (E extends { code: infer C } ? C : never) | null : never;
  error_message: string | null;
  connect_ms: number | null;
  first_byte_ms: number | null;
  total_ms: number;
  next_attempt_at: number | null;
}

const SELECT = `SELECT d.seq, d.id, d.event_id, d.endpoint_id, json_extract(e.config, '$.name') AS endpoint_name, d.topic, d.kind,
  d.status, d.attempts, d.max_attempts, d.next_attempt_at, d.last_status, d.last_error, d.duration_ms, d.created_at, d.updated_at
  FROM dispatch_deliveries d JOIN dispatch_endpoints e ON e.id = d.endpoint_id`;

export const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  eventId: r.event_id,
  endpointId: r.endpoint_id,
  endpointName: r.endpoint_name ?? '',
  topic: r.topic,
  status: r.status,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  nextAttemptAt: r.status === 'pending' || r.status === 'retrying' ? r.next_attempt_at : null,
  lastStatus: r.last_status,
  lastError: r.last_error,
  durationMs: r.duration_ms,
  kind: r.kind,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Read side of deliveries: list with filters and paging, one delivery with its attempts. */
export class DeliveryQueries {
  constructor(private readonly db: Db) {}

  list(input: MethodParsedInput<'deliveries.list'>): { items: Delivery[]; total: number } {
    // A text search is looked up once for the total and the page: its matches go into a temporary
    // table of this connection (no write lock on the store), which both queries read.
    let hits: string | undefined;
    if (input.text && [...input.text].length >= 3) {
      const h = textHits(input.text);
      this.db.exec('CREATE TEMP TABLE IF NOT EXISTS delivery_text_hits (seq INTEGER PRIMARY KEY)');
      this.db.exec('DELETE FROM temp.delivery_text_hits');
      this.db.prepare(`INSERT OR IGNORE INTO temp.delivery_text_hits (seq) ${h.sql}`).run(...h.params);
      hits = 'temp.delivery_text_hits';
    }
    const w = deliveryWhere(input, false, hits);
    const pw = deliveryWhere(input, true, hits);
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM dispatch_deliveries d WHERE ${w.sql}`).get(...w.params) as {
        n: number;
      }
    ).n;
    let rows: DeliveryRow[];
    if (input.sort === 'duration') {
      rows = this.db
        .prepare(
          `${SELECT} WHERE ${w.sql} AND d.duration_ms IS NOT NULL ORDER BY d.duration_ms DESC, d.seq DESC LIMIT ? OFFSET ?`,
        )
        .all(...w.params, input.limit, input.offset) as DeliveryRow[];
    } else {
      const cursor = input.before
        ? ' AND d.seq < COALESCE((SELECT seq FROM dispatch_deliveries WHERE id = ?), 0)'
        : '';
      const params = input.before ? [...pw.params, input.before] : pw.params;
      rows = this.db
        .prepare(`${SELECT} WHERE ${pw.sql}${cursor} ORDER BY d.seq DESC LIMIT ?`)
        .all(...params, input.limit) as DeliveryRow[];
    }
    return { items: rows.map(toDelivery), total };
  }

  /** The delivery with this id, or null. */
  find(id: string): Delivery | null {
    const row = this.db.prepare(`${SELECT} WHERE d.id = ?`).get(id) as DeliveryRow | undefined;
    return row ? toDelivery(row) : null;
  }

  one(id: string): Delivery {
    const row = this.db.prepare(`${SELECT} WHERE d.id = ?`).get(id) as DeliveryRow | undefined;
    if (!row) throw notFound('Delivery', id);
    return toDelivery(row);
  }

  detail(id: string): DeliveryDetail {
    const row = this.db.prepare(`${SELECT} WHERE d.id = ?`).get(id) as DeliveryRow | undefined;
    if (!row) throw notFound('Delivery', id);
    const extra = this.db
      .prepare(
        `SELECT ${DELIVERY_BODY} AS body, d.content_type, d.identity FROM dispatch_deliveries d
         LEFT JOIN dispatch_events ev ON d.body_from_event = 1 AND ev.id = d.event_id WHERE d.seq = ?`,
      )
      .get(row.seq) as { body: Buffer; content_type: string; identity: string | null };
    const attempts = this.db
      .prepare('SELECT * FROM dispatch_attempts WHERE delivery_seq = ? ORDER BY number, seq')
      .all(row.seq) as AttemptRow[];
    const ident = parseIdentity(extra.identity);
    // Each attempt's body: the stored one with that attempt's values (its id and number) written in.
    const values = (number: number, time: number): IdentityValues => ({
      eventId: row.event_id,
      eventTime: ident?.t ?? row.created_at,
      deliveryId: row.id,
      endpointId: row.endpoint_id,
      attemptNumber: number,
      attemptTime: time,
    });
    const bodyOf = (number: number, startedAt: number): StoredBody =>
      ident && hasLevel(ident.b, 'attempt')
        ? storedBody(attemptBody(extra.body, ident, values(number, startedAt)))
        : requestBody;
    const requestBody = storedBody(extra.body);
    const last = attempts.at(-1);
    const current = values(last?.number ?? 1, last?.started_at ?? row.created_at);
    return {
      ...toDelivery(row),
      body: last ? bodyOf(last.number, last.started_at) : requestBody,
      contentType: extra.content_type,
      identity: ident ? identityList(ident, current) : [],
      attemptList: attempts.map((a) => ({
        id: a.id,
        deliveryId: row.id,
        number: a.number,
        startedAt: a.started_at,
        manual: a.manual === 1,
        request: {
          method: a.req_method,
          url: a.req_url,
          headers: JSON.parse(a.req_headers),
          body: bodyOf(a.number, a.started_at),
        },
        response:
          a.res_status === null
            ? null
            : {
                status: a.res_status,
                headers: a.res_headers ? JSON.parse(a.res_headers) : [],
                body: storedBody(a.res_body, a.res_size),
              },
        outcome: a.outcome,
        error: a.error_code ? { code: a.error_code, message: a.error_message ?? '' } : null,
        timings: { connectMs: a.connect_ms, firstByteMs: a.first_byte_ms, totalMs: a.total_ms },
        nextAttemptAt: a.next_attempt_at,
      })),
    };
  }
}
