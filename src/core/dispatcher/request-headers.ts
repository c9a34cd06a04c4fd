import type { EndpointAuth } from '../../shared/dispatcher';
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

/**
 * Every header of one attempt, in the order sent: Content-Type, User-Agent, the scheme's id /
 * timestamp / signature headers (fresh timestamp and signature per attempt, the same delivery
 * id), X-Webhook-ID when the scheme has no id header, authentication, then custom headers
 * (which replace a built-in header of the same name, never a signature header).
 */
export function buildHeaders(
  ep: EndpointRecord,
  deliveryId: string,
  body: Buffer,
  contentType: string,
  nowMs: number,
  version: string,
): { headers: [string, string][]; signedContent: string } {
  const signed = sign({
    scheme: ep.scheme,
    secrets: signingSecrets(ep, nowMs),
    body,
    id: deliveryId,
    timestamp: Math.floor(nowMs / 1000),
    custom: ep.custom,
  });
  const headers: [string, string][] = [
    ['Content-Type', contentType],
    ['User-Agent', `Hookbench/${version}`],
  ];
  const signatureNames = new Set<string>();
  for (const h of signed.headers) signatureNames.add(h[0].toLowerCase());
  headers.push(...signed.headers);
  if (
    ![...signatureNames].some((n) => ID_HEADERS.has(n)) &&
    !(ep.custom?.idHeader && signatureNames.has(ep.custom.idHeader.toLowerCase()))
  ) {
    headers.push(['X-Webhook-ID', deliveryId]);
  }
  const auth = authHeader(ep.fields.auth);
  if (auth) headers.push(auth);
  for (const { name, value } of ep.fields.headers) {
    const lower = name.toLowerCase();
    if (signatureNames.has(lower) || RESERVED_HEADERS.has(lower) || ID_HEADERS.has(lower)) continue;
    const i = headers.findIndex(([n]) => n.toLowerCase() === lower);
    if (i >= 0) headers[i] = [name, value];
    else headers.push([name, value]);
  }
  return { headers, signedContent: signed.signedContent };
}
