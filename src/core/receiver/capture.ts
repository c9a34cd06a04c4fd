import type { RequestItem } from '../../shared/receiver-requests';
import type { SignatureStatus, VerifyReport } from '../../shared/signing';
import { verify } from '../signing';
import type { LiveInbox } from './inbox-store';
import type { Answer } from './rules';

/** Everything captured about one request, before it is stored. */
export interface Captured {
  id: number;
  /** Its number in its inbox: 1, 2, … in arrival order, never reused (see LiveInbox.lastSeq). */
  seq: number;
  inbox: string;
  receivedAt: number;
  method: string;
  url: string;
  path: string;
  query: string;
  httpVersion: string;
  tls: boolean;
  remoteAddress: string;
  remotePort: number | null;
  rawHeaders: string[];
  body: Buffer;
  bodyMs: number;
  contentType: string | null;
  contentEncoding: string | null;
  deliveryId: string | null;
  sigStatus: SignatureStatus;
  sigReason: string | null;
  sigScheme: string | null;
  sigReport: string | null;
  answer: Answer;
}

export const toItem = (c: Captured, duplicateOf: number | null, duplicateOfNumber: number | null = duplicateOf): RequestItem => ({
  id: c.id,
  number: c.seq,
  inbox: c.inbox,
  method: c.method,
  path: c.path,
  query: c.query,
  receivedAt: c.receivedAt,
  remoteAddress: c.remoteAddress,
  contentType: c.contentType,
  bodySize: c.body.length,
  tls: c.tls,
  signature: signatureSummary(c.sigStatus, c.sigReason, c.sigScheme),
  deliveryId: c.deliveryId,
  duplicateOf,
  duplicateOfNumber: duplicateOf === null ? null : duplicateOfNumber,
  answer: { kind: c.answer.kind, status: c.answer.status, ruleId: c.answer.ruleId },
  forward: null,
});

export const NOT_CHECKED = 'Signature verification is off for this inbox.';

export function signatureSummary(status: string, reason: string | null, scheme: string | null): RequestItem['signature'] {
  const s: RequestItem['signature'] = { status: status as SignatureStatus, scheme: scheme as RequestItem['signature']['scheme'] };
  if (reason) s.reason = reason;
  return s;
}

/** First value of a header (case-insensitive) in a raw name/value list. */
export function rawHeader(raw: string[], lowerName: string): string | null {
  for (let i = 0; i < raw.length; i += 2) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a fast path only: header names are ASCII, so a name of another length never lower-cases to this one.
    if (raw[i].length !== lowerName.length) continue;
    if (raw[i].toLowerCase() === lowerName) return raw[i + 1];
  }
  return null;
}

/** The headers the receiver reads itself, found in one pass over the raw list (first value of each). */
export interface KnownHeaders {
  contentLength: string | null;
  contentType: string | null;
  contentEncoding: string | null;
  webhookId: string | null;
  xWebhookId: string | null;
}

/**
 * One pass over the raw name/value list; a name is lower-cased only when its length is that of a
 * header looked for (most are not: Host, User-Agent, Accept, ...).
 */
export function scanHeaders(raw: string[]): KnownHeaders {
  const h: KnownHeaders = { contentLength: null, contentType: null, contentEncoding: null, webhookId: null, xWebhookId: null };
  for (let i = 0; i < raw.length; i += 2) {
    const n = raw[i];
    switch (n.length) {
      case 10:
        if (h.webhookId === null && n.toLowerCase() === 'webhook-id') h.webhookId = raw[i + 1];
        break;
      case 12: {
        const l = n.toLowerCase();
        if (l === 'content-type') h.contentType ??= raw[i + 1];
        else if (l === 'x-webhook-id') h.xWebhookId ??= raw[i + 1];
        break;
      }
      case 14:
        if (h.contentLength === null && n.toLowerCase() === 'content-length') h.contentLength = raw[i + 1];
        break;
      case 16:
        if (h.contentEncoding === null && n.toLowerCase() === 'content-encoding') h.contentEncoding = raw[i + 1];
        break;
    }
  }
  return h;
}

export const toPairs = (raw: string[]): [string, string][] => {
  const out: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
};

/** The delivery id used for duplicate detection: webhook-id, X-Webhook-ID or a JSON field. */
export function deliveryIdOf(raw: string[], body: Buffer, jsonField: string | null, known?: KnownHeaders): string | null {
  const h = known ? (known.webhookId ?? known.xWebhookId) : (rawHeader(raw, 'webhook-id') ?? rawHeader(raw, 'x-webhook-id'));
  if (h) return h.slice(0, 500);
  // Stryker disable next-line ConditionalExpression,BooleanLiteral,EqualityOperator,LogicalOperator: fast paths only: without a field the lookup below finds nothing (null.split throws inside the try, '' names no key), and an empty body fails JSON.parse.
  if (!jsonField || body.length === 0) return null;
  if (body.length > 5_000_000) return null;
  const first = body[0] === 0xef ? body[3] : body[0];
  if (first !== 0x7b /* { */ && first !== 0x20 && first !== 0x0a && first !== 0x0d && first !== 0x09) return null;
  try {
    // A UTF-8 byte order mark is let through above; JSON.parse would refuse it.
    let v: unknown = JSON.parse(body.toString('utf8', first === body[0] ? 0 : 3));
    for (const part of jsonField.split('.')) {
      if (typeof v !== 'object') return null;
      // Stryker disable next-line ConditionalExpression: reading a field of null throws, and the catch below answers null as well.
      if (v === null) return null;
      v = (v as Record<string, unknown>)[part];
    }
    if (typeof v === 'string' || typeof v === 'number') return String(v).slice(0, 500);
  } catch {
    // Not JSON: no id.
  }
  return null;
}

/** Verifies the request with the inbox's scheme; never throws. */
export function checkSignature(
  inbox: LiveInbox,
  raw: string[],
  body: Buffer,
  nowMs: number,
): { status: SignatureStatus; reason: string | null; scheme: string | null; report: string | null } {
  const v = inbox.config.verify;
  if (!v) return { status: 'unsigned', reason: NOT_CHECKED, scheme: null, report: null };
  let report: VerifyReport;
  try {
    report = verify({
      scheme: v.scheme,
      secrets: v.secrets,
      body,
      headers: toPairs(raw),
      now: Math.floor(nowMs / 1000),
      toleranceSeconds: v.toleranceSeconds,
      custom: v.custom,
    });
  } catch (err) {
    report = { status: 'invalid', reason: `Could not verify: ${(err as Error).message}`, scheme: v.scheme, received: [], expected: [], hints: [] };
  }
  return { status: report.status, reason: report.reason ?? null, scheme: v.scheme, report: JSON.stringify(report) };
}
