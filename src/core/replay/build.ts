import { HookbenchError } from '../../shared/errors';
import type { RunEdits, RunTarget } from '../../shared/replay';
import { SchemeId, type CustomScheme } from '../../shared/signing';
import { findCatalogEntry } from '../catalog/catalog-store';
import { sortableId } from '../dispatcher/completion';
import type { EndpointRecord } from '../dispatcher/endpoint-store';
import { buildBody, type EventSource } from '../dispatcher/payload';
import { attemptHeaders, headerPairs } from '../dispatcher/request-headers';
import { sign } from '../signing';
import type { Db } from '../store/database';

/** Headers that belong to one hop or that the HTTP client sets; never replayed. */
const HOP = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'content-length',
]);
const ID_HEADERS = new Set(['webhook-id', 'x-webhook-id']);

/** Every header name a built-in scheme signs with (found by signing an empty body once). */
const SIGNATURE_HEADERS: Set<string> = (() => {
  const names = new Set<string>();
  for (const scheme of SchemeId.options) {
    if (scheme === 'custom') continue;
    try {
      for (const [n] of sign({
        scheme,
        secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
        body: Buffer.alloc(0),
        id: 'x',
        timestamp: 1,
      }).headers)
        names.add(n.toLowerCase());
    } catch {
      // a scheme that cannot sign with a sample secret adds no names
    }
  }
  return names;
})();

const customNames = (custom: CustomScheme | undefined): string[] =>
  custom
    ? [custom.header, custom.timestampHeader, custom.idHeader]
        .filter((n): n is string => !!n)
        .map((n) => n.toLowerCase())
    : [];

export interface ReplayItemRow {
  run_id: string;
  idx: number;
  kind: 'delivery' | 'request' | 'collection';
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
}

export type SigningPlan =
  | { mode: 'endpoint'; endpointId: string | null }
  | { mode: 'secret'; scheme: SchemeId; secret: string; custom?: CustomScheme }
  | { mode: 'keep' }
  | { mode: 'none' };

export interface BuildEnv {
  db: Db;
  now: number;
  version: string;
  keepId: boolean;
  signing: SigningPlan;
  edits: RunEdits | undefined;
  target: RunTarget;
  /** The receiver's base URL (for inbox targets). */
  receiverBase: string | null;
  endpoint(id: string): EndpointRecord | undefined;
}

export interface BuiltRequest {
  url: URL;
  method: string;
  headers: [string, string][];
  body: Buffer;
  sentId: string;
  /** True when the bytes differ from the item's stored body (rebuilt or edited). */
  bodyChanged: boolean;
}

/** JSON Merge Patch (RFC 7386). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

const parseJson = (text: string): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
};

/** The body a fresh delivery of the same event gets, through the dispatcher's own body builder. */
function freshDeliveryBody(
  db: Db,
  item: ReplayItemRow,
  ep: EndpointRecord,
  deliveryId: string,
  now: number,
): Buffer | null {
  if (!item.event_id) return null;
  const ev = db
    .prepare('SELECT id, topic, payload, created_at FROM dispatch_events WHERE id = ?')
    .get(item.event_id) as
    { id: string; topic: string; payload: string | null; created_at: number } | undefined;
  if (!ev) return null;
  const src: EventSource = { id: ev.id, topic: ev.topic, createdAt: ev.created_at };
  if (ev.payload === null) {
    const entry = findCatalogEntry(db, ev.topic);
    if (entry) src.sample = { text: entry.sample, format: entry.format, identity: entry.identity };
  } else if (ev.topic === 'webhook.ping') src.exact = ev.payload;
  else {
    const parsed = parseJson(ev.payload);
    if (parsed.ok) src.payload = parsed.value;
    else src.template = ev.payload;
  }
  return buildBody(src, ep, deliveryId, now).body;
}

function setHeader(list: [string, string][], name: string, value: string): void {
  const lower = name.toLowerCase();
  const at = list.findIndex(([k]) => k.toLowerCase() === lower);
  const rest = list.filter(([k], i) => i === at || k.toLowerCase() !== lower);
  list.length = 0;
  list.push(...rest);
  if (at >= 0) list[list.findIndex(([k]) => k.toLowerCase() === lower)] = [name, value];
  else list.push([name, value]);
}

function targetUrl(item: ReplayItemRow, ep: EndpointRecord | undefined, env: BuildEnv): URL {
  const t = env.target;
  const joinBase = (base: string, strip: string | undefined): URL => {
    const b = new URL(base);
    let p = item.path;
    if (strip && p.startsWith(strip)) p = p.slice(strip.length) || '/';
    if (!p.startsWith('/')) p = `/${p}`;
    const basePath = b.pathname.endsWith('/') ? b.pathname.slice(0, -1) : b.pathname;
    return new URL(`${b.origin}${basePath}${p}`);
  };
  if (t.type === 'url') return joinBase(t.baseUrl, t.stripPrefix);
  if (t.type === 'inbox') {
    if (!env.receiverBase)
      throw new HookbenchError(
        'unavailable',
        'The receiver is not running, so the inbox cannot take requests. Start it in Settings.',
      );
    return joinBase(`${env.receiverBase}/${encodeURIComponent(t.slug)}`, undefined);
  }
  const original = item.kind === 'delivery' && ep ? ep.fields.url : item.url;
  if (!/^https?:\/\//i.test(original))
    throw new HookbenchError(
      'invalid_input',
      `"${item.url}" is only a path: choose a base URL (or an inbox) as the target.`,
    );
  return new URL(original);
}

/** What one item sends now: URL, headers (signed as the run asks), body and delivery id. */
export function buildRequest(item: ReplayItemRow, env: BuildEnv): BuiltRequest {
  const ep = item.endpoint_id ? env.endpoint(item.endpoint_id) : undefined;
  const sentId = env.keepId && item.delivery_id ? item.delivery_id : sortableId('msg');
  const contentType = item.content_type ?? 'application/json';
  let body = item.body;
  let bodyChanged = false;
  if (item.kind === 'delivery' && ep && sentId !== item.delivery_id) {
    // A new id goes through the path a fresh delivery takes (ids and times in the payload are new).
    const fresh = freshDeliveryBody(env.db, item, ep, sentId, env.now);
    if (fresh && !fresh.equals(body)) {
      body = fresh;
      bodyChanged = true;
    }
  }
  const edits = env.edits;
  if (edits?.payloadReplace !== undefined) {
    body = Buffer.from(edits.payloadReplace, 'utf8');
    bodyChanged = true;
  } else if (edits?.payloadPatch) {
    const parsed = parseJson(body.toString('utf8'));
    if (!parsed.ok)
      throw new HookbenchError(
        'invalid_input',
        "The payload patch needs a JSON body; this item's body is not JSON.",
      );
    body = Buffer.from(JSON.stringify(mergePatch(parsed.value, edits.payloadPatch)), 'utf8');
    bodyChanged = true;
  }

  const original = (JSON.parse(item.headers) as [string, string][]).filter(
    ([k]) => !HOP.has(k.toLowerCase()),
  );
  const now = env.now;
  const signing = env.signing;
  // What the endpoint itself would send now (content type, user agent, signature, auth, custom headers).
  const endpointHeaders = (signer: EndpointRecord) =>
    headerPairs(attemptHeaders(signer, sentId, body, contentType, now, env.version).flat);
  let headers: [string, string][];
  if (signing.mode === 'keep') {
    headers = original;
    if (item.kind === 'delivery') {
      // Recorded attempts hide credentials; put the endpoint's real ones back, or leave them out.
      const fresh = ep ? endpointHeaders(ep) : [];
      headers = headers.flatMap(([k, v]): [string, string][] => {
        if (!v.endsWith('(hidden)')) return [[k, v]];
        const real = fresh.find(([n]) => n.toLowerCase() === k.toLowerCase());
        return real ? [[k, real[1]]] : [];
      });
    }
  } else {
    const signer =
      signing.mode === 'endpoint' ? env.endpoint(signing.endpointId ?? item.endpoint_id ?? '') : undefined;
    if (signing.mode === 'endpoint' && !signer)
      throw new HookbenchError(
        'invalid_input',
        signing.endpointId || item.endpoint_id
          ? 'The endpoint that signs this item no longer exists. Re-sign with a given secret, or keep the captured signature.'
          : 'This item has no endpoint: choose an endpoint whose secret signs it, give a scheme and secret, or keep the captured signature.',
      );
    const strip = new Set([...SIGNATURE_HEADERS, ...customNames(ep?.custom), ...customNames(signer?.custom)]);
    if (signing.mode === 'secret') for (const n of customNames(signing.custom)) strip.add(n);
    // Deliveries start from what their endpoint sends now; captured requests from what was captured.
    const base = (
      item.kind === 'delivery' && ep
        ? endpointHeaders(ep)
        : original.filter(([, v]) => !v.endsWith('(hidden)'))
    ).filter(([k]) => !strip.has(k.toLowerCase()));
    let added: [string, string][] = [];
    if (signer) added = endpointHeaders(signer);
    else if (signing.mode === 'secret')
      added = sign({
        scheme: signing.scheme,
        secrets: [signing.secret],
        body,
        id: sentId,
        timestamp: Math.floor(now / 1000),
        custom: signing.custom,
      }).headers;
    headers = base;
    for (const [k, v] of added) setHeader(headers, k, v);
    for (const pair of headers) if (ID_HEADERS.has(pair[0].toLowerCase())) pair[1] = sentId;
    if (
      !headers.some(
        ([k]) =>
          ID_HEADERS.has(k.toLowerCase()) || k.toLowerCase() === signer?.custom?.idHeader?.toLowerCase(),
      )
    )
      headers.push(['X-Webhook-ID', sentId]);
  }
  if (!headers.some(([k]) => k.toLowerCase() === 'content-type') && item.content_type)
    headers.unshift(['Content-Type', item.content_type]);
  if (edits) {
    const remove = new Set(edits.removeHeaders.map((h) => h.toLowerCase()));
    headers = headers.filter(([k]) => !remove.has(k.toLowerCase()));
    for (const [k, v] of edits.setHeaders) setHeader(headers, k, v);
  }
  headers = headers.filter(([k]) => !HOP.has(k.toLowerCase()));
  return { url: targetUrl(item, ep, env), method: item.method, headers, body, sentId, bodyChanged };
}
