import type { EndpointAuth } from '../../shared/dispatcher';
import { secretHint } from '../../shared/signing';
import { sign } from '../signing';
import type { EndpointRecord } from './endpoint-store';

/** Header names a user may not set: the HTTP client owns them. */
export const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
]);

const ID_HEADERS = new Set(['webhook-id', 'x-webhook-id']);
const NONE: readonly [string, string][] = [];

export function authHeader(auth: EndpointAuth): [string, string] | null {
  switch (auth.type) {
    case 'none':
      return null;
    case 'basic':
      return [
        'Authorization',
        `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`,
      ];
    case 'bearer':
      return ['Authorization', `Bearer ${auth.token}`];
    case 'apiKey':
      return [auth.header, auth.value];
    case 'raw':
      return ['Authorization', auth.value];
  }
}

/** The secrets that sign now: the current one, plus the previous one while its overlap lasts. */
export const signingSecrets = (ep: EndpointRecord, now: number): string[] =>
  ep.previousSecret && ep.previousSecretExpiresAt !== null && ep.previousSecretExpiresAt > now
    ? [ep.secret, ep.previousSecret]
    : [ep.secret];

const userAgents = new Map<string, string>();
const userAgent = (version: string): string => {
  let ua = userAgents.get(version);
  if (ua === undefined) userAgents.set(version, (ua = `Hookbench/${version}`));
  return ua;
};

/**
 * Every header of one attempt, in the order sent, flat (name, value, name, value…, the form
 * undici takes): Content-Type, User-Agent, the scheme's id / timestamp / signature headers (fresh
 * timestamp and signature per attempt, the same delivery id), X-Webhook-ID when the scheme has no
 * id header, the event's identity headers (`identity`, from its catalog entry, each unless the
 * scheme already sends that header), authentication, then custom headers (which replace a built-in
 * header of the same name, never a signature header).
 */
export function attemptHeaders(
  ep: EndpointRecord,
  deliveryId: string,
  body: Buffer,
  contentType: string,
  nowMs: number,
  version: string,
  identity: readonly [string, string][] = NONE,
): { flat: string[]; signedContent: string } {
  const signed = sign({
    scheme: ep.scheme,
    secrets: signingSecrets(ep, nowMs),
    body,
    id: deliveryId,
    timestamp: Math.floor(nowMs / 1000),
    custom: ep.custom,
  });
  const flat: string[] = ['Content-Type', contentType, 'User-Agent', userAgent(version)];
  const sig = signed.headers;
  const customId = ep.custom?.idHeader?.toLowerCase();
  let hasId = false;
  for (let i = 0; i < sig.length; i++) {
    const name = sig[i][0];
    flat.push(name, sig[i][1]);
    if (!hasId) {
      const lower = name.toLowerCase();
      hasId = ID_HEADERS.has(lower) || lower === customId;
    }
  }
  for (let i = 0; i < identity.length; i++) {
    const [name, value] = identity[i];
    const lower = name.toLowerCase();
    if (sig.some(([n]) => n.toLowerCase() === lower)) continue;
    if (ID_HEADERS.has(lower)) hasId = true;
    flat.push(name, value);
  }
  if (!hasId) flat.push('X-Webhook-ID', deliveryId);
  const auth = authHeader(ep.fields.auth);
  if (auth) flat.push(auth[0], auth[1]);
  const custom = ep.fields.headers;
  for (let c = 0; c < custom.length; c++) {
    const { name, value } = custom[c];
    const lower = name.toLowerCase();
    if (RESERVED_HEADERS.has(lower) || ID_HEADERS.has(lower) || sig.some(([n]) => n.toLowerCase() === lower))
      continue;
    let i = 0;
    while (i < flat.length && flat[i].toLowerCase() !== lower) i += 2;
    flat[i] = name;
    flat[i + 1] = value;
  }
  return { flat, signedContent: signed.signedContent };
}

/** Flat headers as [name, value] pairs (the form attempts are recorded and previewed in). */
export function headerPairs(flat: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
  return pairs;
}

const SECRET_HEADER = /authorization|api[-_]?key|token|secret|password|passphrase|credential|session|cookie/i;

/** A credential as it is recorded: its scheme word kept, the value cut to a hint. */
export function maskCredential(value: string): string {
  const m = /^(Bearer|Basic|Token|Digest)\s+(.+)$/i.exec(value);
  return m ? `${m[1]} ${secretHint(m[2])} (hidden)` : `${secretHint(value)} (hidden)`;
}

/**
 * An attempt's headers as they are stored: exactly as sent, except credentials (the endpoint's
 * authentication header and any header whose name says it carries one), which the store keeps
 * encrypted in the endpoint and must not hold in clear in every attempt.
 */
export function recordedHeaderPairs(flat: string[], ep: EndpointRecord | undefined): [string, string][] {
  const authName = ep ? authHeader(ep.fields.auth)?.[0].toLowerCase() : undefined;
  const pairs = headerPairs(flat);
  for (const pair of pairs) {
    const lower = pair[0].toLowerCase();
    if (lower === authName || SECRET_HEADER.test(lower)) pair[1] = maskCredential(pair[1]);
  }
  return pairs;
}

/** attemptHeaders as pairs (preview). */
export function buildHeaders(
  ep: EndpointRecord,
  deliveryId: string,
  body: Buffer,
  contentType: string,
  nowMs: number,
  version: string,
  identity: readonly [string, string][] = NONE,
): { headers: [string, string][]; signedContent: string } {
  const { flat, signedContent } = attemptHeaders(ep, deliveryId, body, contentType, nowMs, version, identity);
  return { headers: headerPairs(flat), signedContent };
}
