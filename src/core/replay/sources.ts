import { HookbenchError, notFound } from '../../shared/errors';
import type { RequestQuery } from '../../shared/receiver-requests';
import type { Collection, RunSource } from '../../shared/replay';
import { deliveryWhere } from '../dispatcher/delivery-filter';
import { splitHeaders, whereFor } from '../receiver/request-store';
import type { Db } from '../store/database';

/** One thing to replay, as snapshotted into a run: the request and the answer it is compared with. */
export interface ItemSeed {
  kind: 'delivery' | 'request' | 'collection';
  ref: string;
  endpointId: string | null;
  eventId: string | null;
  topic: string | null;
  /** The delivery id the original carried (kept with keepId). */
  deliveryId: string | null;
  method: string;
  /** The full original URL, or a path for collection items that have one only. */
  url: string;
  /** Path and query, put after a target base URL. */
  path: string;
  headers: [string, string][];
  body: Buffer;
  contentType: string | null;
  sigScheme: string | null;
  baseline: { status: number; headers: [string, string][]; body: Buffer } | null;
}

export interface Collected {
  seeds: ItemSeed[];
  label: string;
  ref: string | null;
}

const pathOf = (url: string): string => {
  if (url.startsWith('/')) return url;
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return '/';
  }
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

interface DeliveryRow {
  seq: number;
  id: string;
  event_id: string;
  endpoint_id: string;
  topic: string;
  body: Buffer;
  content_type: string;
  scheme: string | null;
  ep_url: string | null;
  ep_method: string | null;
  req_method: string | null;
  req_url: string | null;
  req_headers: string | null;
  res_status: number | null;
  res_headers: string | null;
  res_body: Buffer | null;
}

const DELIVERY_SELECT = `SELECT d.seq, d.id, d.event_id, d.endpoint_id, d.topic,
    CASE WHEN d.body_from_event = 1 THEN CAST(ev.payload AS BLOB) ELSE d.body END AS body, d.content_type,
    e.scheme, json_extract(e.config, '$.url') AS ep_url, json_extract(e.config, '$.method') AS ep_method,
    la.req_method, la.req_url, la.req_headers, lr.res_status, lr.res_headers, lr.res_body
  FROM dispatch_deliveries d
  LEFT JOIN dispatch_events ev ON d.body_from_event = 1 AND ev.id = d.event_id
  LEFT JOIN dispatch_endpoints e ON e.id = d.endpoint_id
  LEFT JOIN dispatch_attempts la ON la.seq = (SELECT a.seq FROM dispatch_attempts a WHERE a.delivery_seq = d.seq ORDER BY a.number DESC, a.seq DESC LIMIT 1)
  LEFT JOIN dispatch_attempts lr ON lr.seq = (SELECT a.seq FROM dispatch_attempts a WHERE a.delivery_seq = d.seq AND a.res_status IS NOT NULL ORDER BY a.number DESC, a.seq DESC LIMIT 1)`;

function deliverySeed(r: DeliveryRow): ItemSeed {
  const url = r.ep_url ?? r.req_url ?? '/';
  return {
    kind: 'delivery',
    ref: r.id,
    endpointId: r.endpoint_id,
    eventId: r.event_id,
    topic: r.topic,
    deliveryId: r.id,
    method: r.ep_method ?? r.req_method ?? 'POST',
    url,
    path: pathOf(url),
    headers: r.req_headers
      ? (JSON.parse(r.req_headers) as [string, string][])
      : [['Content-Type', r.content_type]],
    body: r.body ?? Buffer.alloc(0),
    contentType: r.content_type,
    sigScheme: r.scheme,
    baseline:
      r.res_status === null
        ? null
        : {
            status: r.res_status,
            headers: r.res_headers ? (JSON.parse(r.res_headers) as [string, string][]) : [],
            body: r.res_body ?? Buffer.alloc(0),
          },
  };
}

function fromDeliveries(db: Db, src: Extract<RunSource, { type: 'deliveries' }>): Collected {
  let rows: DeliveryRow[];
  if (src.ids) {
    const byId = new Map<string, DeliveryRow>();
    const ids = [...new Set(src.ids)];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const got = db
        .prepare(`${DELIVERY_SELECT} WHERE d.id IN (${chunk.map(() => '?').join(',')})`)
        .all(...chunk) as DeliveryRow[];
      for (const r of got) byId.set(r.id, r);
    }
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length) throw notFound('Delivery', missing.slice(0, 3).join('", "'));
    rows = ids.map((id) => byId.get(id)!);
  } else {
    const w = deliveryWhere(src.filter);
    rows = db
      .prepare(`${DELIVERY_SELECT} WHERE ${w.sql} ORDER BY d.seq LIMIT ?`)
      .all(...w.params, src.limit) as DeliveryRow[];
  }
  return {
    seeds: rows.map(deliverySeed),
    label: plural(rows.length, 'delivery').replace('deliverys', 'deliveries'),
    ref: null,
  };
}

interface RequestRow {
  id: number;
  inbox: string;
  method: string;
  url: string;
  path: string;
  query: string;
  headers: string;
  body: Buffer;
  content_type: string | null;
  sig_scheme: string | null;
  delivery_id: string | null;
  response: string;
  f_status: number | null;
  f_headers: string | null;
  f_body: Buffer | null;
}

const REQUEST_SELECT = `SELECT r.id, r.inbox, r.method, r.url, r.path, r.query, r.headers, r.body, r.content_type, r.sig_scheme,
    r.delivery_id, r.response, f.status AS f_status, f.response_headers AS f_headers, f.response_body AS f_body
  FROM requests r LEFT JOIN forwards f ON f.id = (SELECT MAX(x.id) FROM forwards x WHERE x.request_id = r.id AND x.status IS NOT NULL)`;

function requestSeed(r: RequestRow): ItemSeed {
  const answer = JSON.parse(r.response) as {
    status: number | null;
    headers: [string, string][];
    body: string;
  };
  const baseline =
    r.f_status !== null
      ? {
          status: r.f_status,
          headers: r.f_headers ? (JSON.parse(r.f_headers) as [string, string][]) : [],
          body: r.f_body ?? Buffer.alloc(0),
        }
      : answer.status !== null
        ? {
            status: answer.status,
            headers: answer.headers ?? [],
            body: Buffer.from(answer.body ?? '', 'utf8'),
          }
        : null;
  const path = r.path + (r.query ? `?${r.query}` : '');
  return {
    kind: 'request',
    ref: String(r.id),
    endpointId: null,
    eventId: null,
    topic: null,
    deliveryId: r.delivery_id,
    method: r.method,
    url: r.url,
    path,
    headers: splitHeaders(r.headers),
    body: r.body,
    contentType: r.content_type,
    sigScheme: r.sig_scheme,
    baseline,
  };
}

function fromRequests(db: Db, src: Extract<RunSource, { type: 'requests' }>): Collected {
  let rows: RequestRow[];
  if (src.ids) {
    const ids = [...new Set(src.ids)];
    const byId = new Map<number, RequestRow>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const got = db
        .prepare(`${REQUEST_SELECT} WHERE r.id IN (${chunk.map(() => '?').join(',')})`)
        .all(...chunk) as RequestRow[];
      for (const r of got) byId.set(r.id, r);
    }
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length) throw notFound('Request', missing.slice(0, 3).join('", "'));
    rows = ids.map((id) => byId.get(id)!);
  } else {
    if (!src.inbox)
      throw new HookbenchError(
        'invalid_input',
        'Give the captured request ids, or an inbox (and a filter).',
        [{ path: ['source', 'inbox'], message: 'Give an inbox.' }],
      );
    const w = whereFor(src.inbox, src.query as RequestQuery | undefined);
    // whereFor's conditions name the requests table's columns; alias them.
    rows = db
      .prepare(
        `${REQUEST_SELECT} WHERE r.id IN (SELECT id FROM requests WHERE ${w.sql} ORDER BY inbox, id DESC LIMIT ?) ORDER BY r.id`,
      )
      .all(...w.params, src.limit) as RequestRow[];
  }
  const inbox = src.inbox ?? rows[0]?.inbox;
  return {
    seeds: rows.map(requestSeed),
    label: `${plural(rows.length, 'captured request')}${inbox ? ` (inbox ${inbox})` : ''}`,
    ref: src.inbox ?? null,
  };
}

const bodyBytes = (b: { text: string } | { base64: string }): Buffer =>
  'text' in b ? Buffer.from(b.text, 'utf8') : Buffer.from(b.base64, 'base64');

/** Seeds from a parsed collection. */
export function collectionSeeds(c: Collection): ItemSeed[] {
  return c.items.map((it, i) => {
    const ct = it.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? null;
    return {
      kind: 'collection',
      ref: it.name ?? `${i + 1}. ${it.method} ${pathOf(it.url)}`,
      endpointId: null,
      eventId: null,
      topic: it.topic,
      deliveryId: it.deliveryId,
      method: it.method,
      url: it.url,
      path: it.path ?? pathOf(it.url),
      headers: it.headers,
      body: bodyBytes(it.body),
      contentType: ct,
      sigScheme: it.signature?.scheme ?? null,
      baseline: it.baseline
        ? { status: it.baseline.status, headers: it.baseline.headers, body: bodyBytes(it.baseline.body) }
        : null,
    };
  });
}

interface ItemCopyRow {
  kind: ItemSeed['kind'];
  ref: string;
  endpoint_id: string | null;
  event_id: string | null;
  topic: string | null;
  delivery_id: string | null;
  method: string;
  url: string;
  path: string;
  headers: string;
  body: Buffer;
  content_type: string | null;
  sig_scheme: string | null;
  base_status: number | null;
  base_headers: string | null;
  base_body: Buffer | null;
}

export function runSeeds(db: Db, runId: string): ItemSeed[] {
  const rows = db
    .prepare(
      `SELECT kind, ref, endpoint_id, event_id, topic, delivery_id, method, url, path, headers, body, content_type, sig_scheme,
         base_status, base_headers, base_body FROM replay_items WHERE run_id = ? ORDER BY idx`,
    )
    .all(runId) as ItemCopyRow[];
  return rows.map((r) => ({
    kind: r.kind,
    ref: r.ref,
    endpointId: r.endpoint_id,
    eventId: r.event_id,
    topic: r.topic,
    deliveryId: r.delivery_id,
    method: r.method,
    url: r.url,
    path: r.path,
    headers: JSON.parse(r.headers) as [string, string][],
    body: r.body,
    contentType: r.content_type,
    sigScheme: r.sig_scheme,
    baseline:
      r.base_status === null
        ? null
        : {
            status: r.base_status,
            headers: JSON.parse(r.base_headers ?? '[]') as [string, string][],
            body: r.base_body ?? Buffer.alloc(0),
          },
  }));
}

/** Everything a source names, snapshotted. */
export function collect(
  db: Db,
  src: RunSource,
  loadCollection: (id: string) => { name: string; collection: Collection },
): Collected {
  switch (src.type) {
    case 'deliveries':
      return fromDeliveries(db, src);
    case 'requests':
      return fromRequests(db, src);
    case 'collection': {
      const { name, collection } = loadCollection(src.collectionId);
      const seeds = collectionSeeds(collection);
      return {
        seeds,
        label: `collection ${name}: ${plural(seeds.length, 'request')}`,
        ref: src.collectionId,
      };
    }
    case 'run': {
      const run = db.prepare('SELECT source_label FROM replay_runs WHERE id = ?').get(src.runId) as
        { source_label: string } | undefined;
      if (!run) throw notFound('Run', src.runId);
      return { seeds: runSeeds(db, src.runId), label: run.source_label, ref: src.runId };
    }
  }
}
