import { TEXT_SEARCH_WINDOW, type DeliveryFilter } from '../../shared/delivery-filter';

/** How far out of creation order a delivery's number may be (a clock stepping back). */
const SEQ_MARGIN = 10_000;

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

/**
 * SQL conditions (on alias `d` of dispatch_deliveries) for a delivery-log filter. Each column
 * filter has an index that keeps the count cheap (migration dispatcher/003). For the newest-first
 * page (`page`), several statuses or a status class are written with a unary plus so SQLite walks
 * the deliveries newest first and stops after one page, instead of sorting every match.
 */
export function deliveryWhere(
  f: (Partial<DeliveryFilter> & { status?: string }) | undefined,
  page = false,
  /** A table of delivery numbers already matching the text (deliveries.list fills it once for its two queries). */
  hits?: string,
): { sql: string; params: unknown[] } {
  const p = page ? '+' : '';
  const parts: string[] = [];
  const params: unknown[] = [];
  const statuses = f?.statuses ?? (f?.status ? [f.status] : undefined);
  if (statuses?.length === 1) {
    parts.push('d.status = ?');
    params.push(statuses[0]);
  } else if (statuses?.length) {
    parts.push(`${p}d.status IN (${statuses.map(() => '?').join(',')})`);
    params.push(...statuses);
  }
  for (const [key, column] of [
    ['endpointId', 'endpoint_id'],
    ['topic', 'topic'],
    ['eventId', 'event_id'],
  ] as const) {
    const v = f?.[key];
    if (v === undefined) continue;
    parts.push(`d.${column} = ?`);
    params.push(v);
  }
  // Deliveries are numbered in the order they are created, so a time bound is also a bound on seq,
  // which every (column, seq) index can use; the margin absorbs a clock that stepped back.
  if (f?.since !== undefined) {
    parts.push(
      `d.created_at >= ? AND d.seq >= COALESCE((SELECT seq FROM dispatch_deliveries WHERE created_at >= ? ORDER BY created_at LIMIT 1), 1e18) - ${SEQ_MARGIN}`,
    );
    params.push(f.since, f.since);
  }
  if (f?.until !== undefined) {
    parts.push(
      `d.created_at < ? AND d.seq <= COALESCE((SELECT seq FROM dispatch_deliveries WHERE created_at < ? ORDER BY created_at DESC LIMIT 1), -1) + ${SEQ_MARGIN}`,
    );
    params.push(f.until, f.until);
  }
  const rs = f?.responseStatus;
  if (rs !== undefined) {
    if (rs === 'none') parts.push('d.last_status IS NULL');
    else if (typeof rs === 'number') {
      parts.push('d.last_status = ?');
      params.push(rs);
    } else {
      const base = Number(rs[0]) * 100;
      parts.push(`${p}d.last_status >= ? AND ${p}d.last_status < ?`);
      params.push(base, base + 100);
    }
  }
  if (f?.text && [...f.text].length >= 3) {
    if (hits) parts.push(`d.seq IN (SELECT seq FROM ${hits})`);
    else {
      const h = textHits(f.text);
      parts.push(`d.seq IN (${h.sql})`);
      params.push(...h.params);
    }
  } else if (f?.text) {
    // One or two characters: no trigram to look up; LIKE over the newest TEXT_SEARCH_WINDOW.
    const t = like(f.text);
    parts.push(
      `d.seq > (SELECT COALESCE(MAX(seq), 0) FROM dispatch_deliveries) - ${TEXT_SEARCH_WINDOW}
       AND (CAST(CASE WHEN d.body_from_event = 1 THEN (SELECT payload FROM dispatch_events WHERE id = d.event_id) ELSE d.body END AS TEXT) LIKE ? ESCAPE '\\'
         OR EXISTS (SELECT 1 FROM dispatch_attempts a WHERE a.delivery_seq = d.seq AND CAST(a.res_body AS TEXT) LIKE ? ESCAPE '\\'))`,
    );
    params.push(t, t);
  }
  return { sql: parts.length ? parts.join(' AND ') : '1', params };
}

/**
 * The numbers of the deliveries whose payload, own body or an answer holds `text` (3 characters or
 * more), as one SELECT: FTS5 trigram indexes (migration dispatcher/005) up to their watermarks,
 * LIKE past them (rows not indexed yet: the last second's, or the newest TEXT_SEARCH_WINDOW while a
 * store that was upgraded catches up). One set, so SQLite looks each up by its primary key (or walks
 * the log newest first for a page) instead of testing three sets per row.
 */
export function textHits(text: string): { sql: string; params: unknown[] } {
  const phrase = `"${text.replace(/"/g, '""')}"`;
  const t = like(text);
  const past = (kind: string, key: string, table: string) =>
    `${key} > MAX((SELECT upto FROM dispatch_search_state WHERE name = '${kind}'), (SELECT COALESCE(MAX(${key}), 0) FROM ${table}) - ${TEXT_SEARCH_WINDOW})`;
  const sql = `SELECT x.seq FROM dispatch_deliveries x WHERE x.body_from_event = 1 AND x.event_id IN (
           SELECT e.id FROM dispatch_events e WHERE e.rowid IN (SELECT rowid FROM dispatch_search_payload WHERE dispatch_search_payload MATCH ?)
           UNION ALL SELECT e.id FROM dispatch_events e WHERE e.${past('payload', 'rowid', 'dispatch_events')} AND CAST(e.payload AS TEXT) LIKE ? ESCAPE '\\')
         UNION ALL SELECT rowid FROM dispatch_search_body WHERE dispatch_search_body MATCH ?
         UNION ALL SELECT x.seq FROM dispatch_deliveries x WHERE x.${past('body', 'seq', 'dispatch_deliveries')} AND x.body_from_event = 0 AND CAST(x.body AS TEXT) LIKE ? ESCAPE '\\'
         UNION ALL SELECT a.delivery_seq FROM dispatch_attempts a WHERE a.seq IN (SELECT rowid FROM dispatch_search_answer WHERE dispatch_search_answer MATCH ?)
         UNION ALL SELECT a.delivery_seq FROM dispatch_attempts a WHERE a.${past('answer', 'seq', 'dispatch_attempts')} AND CAST(a.res_body AS TEXT) LIKE ? ESCAPE '\\'`;
  return { sql, params: [phrase, t, phrase, t, phrase, t] };
}
