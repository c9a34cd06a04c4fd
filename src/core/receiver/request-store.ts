import { notFound } from '../../shared/errors';
import type { RequestQuery } from '../../shared/receiver-requests';
import type { ForwardRecord, RequestDetail, RequestItem } from '../../shared/receiver-requests';
import type { VerifyReport } from '../../shared/signing';
import type { Db } from '../store/database';
import { isUtf8 } from 'node:buffer';
import { bodyView, decodePreview } from './body-view';

/** Raw body bytes `requests.get` inlines; past it the answer carries a preview (see bodyTruncated). */
export const RAW_PREVIEW_BYTES = 1024 * 1024;
import { signatureSummary } from './capture';
import { DecodedSearch } from './decoded-search';

const ITEM_COLUMNS =
  'id, seq, inbox, method, path, query, received_at, remote_addr, content_type, body_size, tls, sig_status, sig_reason, sig_scheme, delivery_id, duplicate_of, answer_kind, answer_status, rule_id, forward_status, forward_error, forward_at, (SELECT d.seq FROM requests AS d WHERE d.id = requests.duplicate_of) AS dup_seq';

export interface ItemRow {
  id: number;
  seq: number | null;
  inbox: string;
  method: string;
  path: string;
  query: string;
  received_at: number;
  remote_addr: string;
  content_type: string | null;
  body_size: number;
  tls: number;
  sig_status: string;
  sig_reason: string | null;
  sig_scheme: string | null;
  delivery_id: string | null;
  duplicate_of: number | null;
  dup_seq: number | null;
  answer_kind: string;
  answer_status: number | null;
  rule_id: string | null;
  forward_status: number | null;
  forward_error: string | null;
  forward_at: number | null;
}

interface DetailRow extends ItemRow {
  url: string;
  http_version: string;
  remote_port: number | null;
  headers: string;
  body: Buffer;
  body_ms: number;
  content_encoding: string | null;
  sig_report: string | null;
  response: string;
}

export const rowToItem = (r: ItemRow): RequestItem => ({
  id: r.id,
  number: r.seq ?? r.id,
  inbox: r.inbox,
  method: r.method,
  path: r.path,
  query: r.query,
  receivedAt: r.received_at,
  remoteAddress: r.remote_addr,
  contentType: r.content_type,
  bodySize: r.body_size,
  tls: r.tls === 1,
  signature: signatureSummary(r.sig_status, r.sig_reason, r.sig_scheme),
  deliveryId: r.delivery_id,
  duplicateOf: r.duplicate_of,
  duplicateOfNumber: r.duplicate_of === null ? null : (r.dup_seq ?? r.duplicate_of),
  answer: { kind: r.answer_kind as RequestItem['answer']['kind'], status: r.answer_status, ruleId: r.rule_id },
  forward: r.forward_at === null ? null : { status: r.forward_status, error: r.forward_error, at: r.forward_at },
});

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

/** WHERE clause (without the keyset cursor) for an inbox and a query. `decodedIds`: compressed requests whose decoded body holds the text. */
export function whereFor(inbox: string, q: RequestQuery | undefined, decodedIds?: number[]): { sql: string; params: unknown[]; filtered: boolean } {
  const parts = ['inbox = ?'];
  const params: unknown[] = [inbox];
  if (q?.methods?.length) {
    parts.push(`method IN (${q.methods.map(() => '?').join(',')})`);
    params.push(...q.methods);
  }
  if (q?.path) {
    parts.push("path LIKE ? ESCAPE '\\'");
    params.push(like(q.path));
  }
  if (q?.signature?.length) {
    parts.push(`sig_status IN (${q.signature.map(() => '?').join(',')})`);
    params.push(...q.signature);
  }
  if (q?.duplicate !== undefined) parts.push(q.duplicate ? 'duplicate_of IS NOT NULL' : 'duplicate_of IS NULL');
  if (q?.text) {
    const t = like(q.text);
    const decoded = decodedIds?.length ? ' OR id IN (SELECT value FROM json_each(?))' : '';
    parts.push(`(path LIKE ? ESCAPE '\\' OR query LIKE ? ESCAPE '\\' OR headers LIKE ? ESCAPE '\\' OR CAST(body AS TEXT) LIKE ? ESCAPE '\\'${decoded})`);
    params.push(t, t, t, t);
    if (decoded) params.push(JSON.stringify(decodedIds));
  }
  return { sql: parts.join(' AND '), params, filtered: parts.length > 1 };
}

/** Reads of captured requests, through the main connection (the capture writer has its own). */
export class RequestStore {
  constructor(private readonly db: Db) {
    this.decoded = new DecodedSearch(db);
  }

  readonly decoded: DecodedSearch;

  async list(inbox: string, limit: number, before: number | undefined, q: RequestQuery | undefined, unfilteredTotal: number) {
    const found = q?.text ? await this.decoded.matches(inbox, q.text) : null;
    const w = whereFor(inbox, q, found?.ids);
    const cursor = before !== undefined ? ' AND id < ?' : '';
    const params = before !== undefined ? [...w.params, before] : w.params;
    const rows = this.db
      .prepare(`SELECT ${ITEM_COLUMNS} FROM requests WHERE ${w.sql}${cursor} ORDER BY inbox, id DESC LIMIT ?`)
      .all(...params, limit + 1) as ItemRow[];
    const more = rows.length > limit;
    const items = rows.slice(0, limit).map(rowToItem);
    const total = w.filtered
      ? (this.db.prepare(`SELECT COUNT(*) AS n FROM requests WHERE ${w.sql}`).get(...w.params) as { n: number }).n
      : unfilteredTotal;
    return {
      items,
      total,
      nextBefore: more ? items[items.length - 1].id : null,
      ...(found ? { decodedSearch: { searched: found.searched, complete: found.complete } } : {}),
    };
  }

  /** Ids of an inbox's requests matching a query, newest first (compressed bodies searched decoded too). */
  async ids(inbox: string, q: RequestQuery | undefined, limit: number): Promise<number[]> {
    const found = q?.text ? await this.decoded.matches(inbox, q.text) : null;
    const w = whereFor(inbox, q, found?.ids);
    return this.db.prepare(`SELECT id FROM requests WHERE ${w.sql} ORDER BY inbox, id DESC LIMIT ?`).pluck().all(...w.params, limit) as number[];
  }

  /** Stored body bytes of these requests together (what an export of them would at least carry). */
  bodyBytes(ids: number[]): number {
    let total = 0;
    const stmt = this.db.prepare('SELECT length(body) FROM requests WHERE id = ?').pluck();
    for (const id of ids) total += (stmt.get(id) as number | undefined) ?? 0;
    return total;
  }

  /** A request's number in its inbox (its id for one stored before numbers existed). */
  numberOf(id: number): number {
    return (this.db.prepare('SELECT COALESCE(seq, id) FROM requests WHERE id = ?').pluck().get(id) as number | undefined) ?? id;
  }

  item(id: number): RequestItem | null {
    const r = this.db.prepare(`SELECT ${ITEM_COLUMNS} FROM requests WHERE id = ?`).get(id) as ItemRow | undefined;
    return r ? rowToItem(r) : null;
  }

  /** The raw parts a forward needs. */
  raw(id: number): { inbox: string; method: string; url: string; path: string; query: string; headers: [string, string][]; body: Buffer } {
    const r = this.db.prepare('SELECT inbox, method, url, path, query, headers, body FROM requests WHERE id = ?').get(id) as
      | { inbox: string; method: string; url: string; path: string; query: string; headers: string; body: Buffer }
      | undefined;
    if (!r) throw notFound('Request', id);
    return { ...r, headers: splitHeaders(r.headers) };
  }

  /**
   * One request for display: at most RAW_PREVIEW_BYTES of its raw body inlined, and a bounded
   * preview of its decoded body (decoded off the event loop). The whole bodies are streamed by the
   * hosts' download routes, never built into one answer.
   */
  async detail(id: number): Promise<RequestDetail> {
    const { detail } = this.read(id, RAW_PREVIEW_BYTES);
    if (!detail.contentEncoding) return detail;
    const bytes = this.bodyBytesOf(id);
    const d = await decodePreview(bytes, detail.contentEncoding);
    const preview = d.decoded && d.truncated ? wholeChars(d.decoded) : d.decoded;
    return { ...detail, decodedBody: preview ? bodyView(preview) : null, decodedTruncated: d.truncated, decodeError: d.error };
  }

  /** One request, its whole body included, without decoding it (exports carry the bytes as received). */
  get(id: number, inline?: number): RequestDetail {
    return this.read(id, inline).detail;
  }

  /** The stored body bytes of one request, and what a download of them is called and typed. */
  bodyOf(id: number): { bytes: Buffer; contentEncoding: string | null; contentType: string | null } {
    const r = this.db.prepare('SELECT body, content_encoding, content_type FROM requests WHERE id = ?').get(id) as
      | { body: Buffer | string; content_encoding: string | null; content_type: string | null }
      | undefined;
    if (!r) throw notFound('Request', id);
    return { bytes: Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body), contentEncoding: r.content_encoding, contentType: r.content_type };
  }

  private bodyBytesOf(id: number): Buffer {
    return this.bodyOf(id).bytes;
  }

  /** The request; with `inline`, only that many leading body bytes are read and carried (bodyTruncated says so). */
  private read(id: number, inline?: number): { detail: RequestDetail } {
    const r = (
      inline === undefined
        ? this.db.prepare('SELECT *, length(body) AS body_len FROM requests WHERE id = ?').get(id)
        : this.db.prepare(`SELECT ${ITEM_COLUMNS}, url, http_version, remote_port, headers, body_ms, content_encoding, sig_report, response, substr(body, 1, ?) AS body, length(body) AS body_len FROM requests WHERE id = ?`).get(inline, id)
    ) as (DetailRow & { body_len: number | null }) | undefined;
    if (!r) throw notFound('Request', id);
    const bytes = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body ?? '');
    const fullSize = r.body_len ?? 0;
    const truncated = bytes.length < fullSize;
    const view = bodyView(truncated ? wholeChars(bytes) : bytes);
    const response = JSON.parse(r.response) as { kind: RequestItem['answer']['kind']; status: number | null; headers: [string, string][]; body: string; delayMs: number; ruleId: string | null };
    const detail: RequestDetail = {
      ...rowToItem(r),
      url: r.url,
      httpVersion: r.http_version,
      remotePort: r.remote_port,
      headers: splitHeaders(r.headers),
      body: truncated ? { ...view, size: fullSize } : view,
      ...(truncated ? { bodyTruncated: true } : {}),
      contentEncoding: r.content_encoding,
      decodedBody: null,
      decodeError: null,
      bodyReadMs: r.body_ms,
      verification: r.sig_report ? (JSON.parse(r.sig_report) as VerifyReport) : null,
      response,
      forwards: this.forwards(id),
      forwardedFrom: this.forwardedFrom(id),
    };
    return { detail };
  }

  forwards(requestId: number): ForwardRecord[] {
    const rows = this.db.prepare(`${FORWARD_SELECT} WHERE f.request_id = ? ORDER BY f.id`).all(requestId) as ForwardRow[];
    return rows.map(forwardFromRow);
  }

  /** The forward a request was captured from, when it came from one. */
  forwardedFrom(id: number): RequestDetail['forwardedFrom'] {
    const r = this.db
      .prepare('SELECT f.id AS forward_id, f.request_id, q.inbox, COALESCE(q.seq, q.id) AS number FROM forwards AS f JOIN requests AS q ON q.id = f.request_id WHERE f.captured_request_id = ? ORDER BY f.id LIMIT 1')
      .get(id) as { forward_id: number; request_id: number; inbox: string; number: number } | undefined;
    return r ? { forwardId: r.forward_id, requestId: r.request_id, inbox: r.inbox, number: r.number } : null;
  }

  /** Requests of these inboxes that carried a delivery id (index requests_delivery), oldest first, at most `limit`. */
  byDeliveryId(inboxes: string[], deliveryId: string, limit: number): { inbox: string; id: number; number: number; receivedAt: number }[] {
    if (inboxes.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT inbox, id, COALESCE(seq, id) AS number, received_at FROM requests WHERE inbox IN (${inboxes.map(() => '?').join(',')}) AND delivery_id = ? ORDER BY id LIMIT ?`,
      )
      .all(...inboxes, deliveryId, limit) as { inbox: string; id: number; number: number; received_at: number }[];
    return rows.map((r) => ({ inbox: r.inbox, id: r.id, number: r.number, receivedAt: r.received_at }));
  }

  forward(id: number): ForwardRecord {
    const r = this.db.prepare(`${FORWARD_SELECT} WHERE f.id = ?`).get(id) as ForwardRow | undefined;
    if (!r) throw notFound('Forward', id);
    return forwardFromRow(r);
  }

  inboxesOf(ids: number[]): Map<string, number> {
    const out = new Map<string, number>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = this.db.prepare(`SELECT inbox, COUNT(*) AS n FROM requests WHERE id IN (${chunk.map(() => '?').join(',')}) GROUP BY inbox`).all(...chunk) as { inbox: string; n: number }[];
      for (const r of rows) out.set(r.inbox, (out.get(r.inbox) ?? 0) + r.n);
    }
    return out;
  }
}

interface ForwardRow {
  id: number;
  request_id: number;
  auto: number;
  at: number;
  method: string;
  url: string;
  headers: string;
  status: number | null;
  response_headers: string | null;
  response_body: Buffer | null;
  truncated: number;
  error: string | null;
  duration_ms: number;
  sent_body: Buffer | null;
  body_size: number | null;
  captured_id: number | null;
  captured_inbox: string | null;
  captured_number: number | null;
}

/** Inlined bytes of an edited forward body (the rest is counted in size). */
const FORWARD_BODY_PREVIEW = 64 * 1024;
const FORWARD_SELECT = `SELECT f.id, f.request_id, f.auto, f.at, f.method, f.url, f.headers, f.status, f.response_headers, f.response_body, f.truncated, f.error, f.duration_ms,
  substr(f.body, 1, ${FORWARD_BODY_PREVIEW}) AS sent_body, f.body_size, c.id AS captured_id, c.inbox AS captured_inbox, COALESCE(c.seq, c.id) AS captured_number
  FROM forwards AS f LEFT JOIN requests AS c ON c.id = f.captured_request_id`;

const forwardFromRow = (r: ForwardRow): ForwardRecord => ({
  id: r.id,
  requestId: r.request_id,
  auto: r.auto === 1,
  at: r.at,
  method: r.method,
  url: r.url,
  headers: JSON.parse(r.headers) as [string, string][],
  response:
    r.status === null
      ? null
      : {
          status: r.status,
          headers: JSON.parse(r.response_headers ?? '[]') as [string, string][],
          body: bodyView(r.response_body ?? Buffer.alloc(0)),
          truncated: r.truncated === 1,
        },
  error: r.error,
  durationMs: r.duration_ms,
  body: r.sent_body === null ? null : { ...bodyView(wholeChars(r.sent_body)), size: r.body_size ?? r.sent_body.length },
  ...(r.sent_body !== null && (r.body_size ?? 0) > r.sent_body.length ? { bodyTruncated: true } : {}),
  capturedAs: r.captured_id === null ? null : { id: r.captured_id, inbox: r.captured_inbox!, number: r.captured_number! },
});

/** A preview cut inside a UTF-8 sequence is still text: end it at the last whole character. */
function wholeChars(preview: Buffer): Buffer {
  if (isUtf8(preview)) return preview;
  for (let k = 1; k <= 3 && k < preview.length; k++) {
    if (isUtf8(preview.subarray(0, preview.length - k))) return preview.subarray(0, preview.length - k);
  }
  return preview;
}

export function splitHeaders(joined: string): [string, string][] {
  if (joined === '') return [];
  const parts = joined.split('\n');
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) out.push([parts[i], parts[i + 1]]);
  return out;
}
