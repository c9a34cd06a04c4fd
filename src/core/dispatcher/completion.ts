import { randomBytes } from 'node:crypto';
import type { AttemptErrorCode, Delivery, DeliveryStatus } from '../../shared/dispatcher-deliveries';
import type { CycleBatch } from './cycle-batch';
import type { EndpointRecord } from './endpoint-store';
import type { SendOutcome } from './http-sender';
import { recordedHeaderPairs } from './request-headers';
import { classifyStatus, nextDelayMs, parseRetryAfter, retryDelayMs, type Verdict } from './retry-policy';
import type { DueRow } from './statements';

/** One finished attempt waiting to be committed. */
export interface Completion {
  row: DueRow;
  /** The attempt's id (attemptIdFor: known before it was sent, so its body could carry it). */
  attemptId: string;
  startedAt: number;
  method: string;
  url: string;
  /** Request headers as sent, flat (name, value, …). */
  headers: string[];
  outcome: SendOutcome;
}

/** What a finished attempt means (its rows go into the cycle's batch for the writer worker). */
export interface PlannedCompletion {
  delivery: Delivery;
  status: DeliveryStatus;
  nextAttemptAt: number | null;
  /** The answer says to disable the endpoint (410). */
  gone: boolean;
}

const header = (pairs: [string, string][], name: string): string | undefined =>
  pairs.find(([n]) => n.toLowerCase() === name)?.[1];

/** What went wrong with an answer that is not a 2xx, in words. */
export function statusError(
  status: number,
  headers: [string, string][],
): { code: AttemptErrorCode; message: string } {
  if (status === 401) {
    return {
      code: 'unauthorized',
      message:
        '401 Unauthorized: the endpoint rejected the request (usually the signature or authentication). Hookbench does not retry a 401; check the secret and auth settings, then resend.',
    };
  }
  if (status === 410) {
    return {
      code: 'endpoint_gone',
      message:
        '410 Gone: the receiver says this endpoint no longer exists. Hookbench disabled the endpoint; fix the URL and reactivate it.',
    };
  }
  if (status >= 300 && status < 400) {
    const location = header(headers, 'location');
    return {
      code: 'redirect',
      message: `${status} redirect${location ? ` to ${location}` : ''}: Hookbench never follows redirects. Update the endpoint URL to the final address.`,
    };
  }
  return { code: 'http_status', message: `HTTP ${status}: the endpoint did not answer with a 2xx status.` };
}

const round = (n: number | null): number | null => (n === null ? null : Math.round(n * 100) / 100);

/** Time-ordered ids (cheap to index): prefix, ms time, a counter and a per-process random tag. */
const TAG = Buffer.from(randomBytes(5).toString('hex'), 'latin1');
const DIGITS = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz', 'latin1');
const scratch = Buffer.alloc(64);
const prefixes = new Map<string, Buffer>();
let counter = 0;
let lastMs = -1;
let time = Buffer.alloc(0);

/**
 * `<prefix>_<ms time base 36><counter, 4 base-36 digits><tag>`, written as bytes and read back as
 * one flat string (a template literal would leave a tree of cons strings per id, and ids live as
 * long as their deliveries).
 */
export function sortableId(prefix: string): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    time = Buffer.from(ms.toString(36), 'latin1');
  }
  let p = prefixes.get(prefix);
  if (!p) prefixes.set(prefix, (p = Buffer.from(`${prefix}_`, 'latin1')));
  let o = 0;
  for (let i = 0; i < p.length; i++) scratch[o++] = p[i];
  for (let i = 0; i < time.length; i++) scratch[o++] = time[i];
  let c = (counter = (counter + 1) % 1_679_616);
  for (let k = 3; k >= 0; k--) {
    scratch[o + k] = DIGITS[c % 36];
    c = Math.floor(c / 36);
  }
  o += 4;
  for (let i = 0; i < TAG.length; i++) scratch[o++] = TAG[i];
  return scratch.toString('latin1', 0, o);
}

/**
 * Decides what an attempt's outcome means for its delivery (success, retry when, or failed) and
 * adds its rows to the batch. A delivery cancelled meanwhile keeps its status; one whose endpoint
 * was deleted is skipped (the writer reports both).
 */
export function planCompletion(
  c: Completion,
  ep: EndpointRecord | undefined,
  now: number,
  compression: number,
  batch: CycleBatch,
): PlannedCompletion {
  const { row, outcome } = c;
  const made = row.attempts + 1;
  const res = outcome.response;
  const verdict: Verdict = res ? classifyStatus(res.status) : { kind: 'retry' };
  const error =
    outcome.error ?? (res && verdict.kind !== 'success' ? statusError(res.status, res.headers) : null);
  let status: DeliveryStatus = 'failed';
  let next: number | null = null;
  if (verdict.kind === 'success') status = 'succeeded';
  else if (verdict.kind === 'retry' && ep && made < row.max_attempts) {
    const policyMs = retryDelayMs(ep.fields.retry, made);
    if (policyMs !== null) {
      const retryAfter = res ? parseRetryAfter(header(res.headers, 'retry-after'), now) : null;
      // Counted from when the attempt failed, not from when its result was committed.
      const failedAt = Math.min(now, c.startedAt + Math.round(outcome.totalMs));
      next = failedAt + nextDelayMs(policyMs, retryAfter, compression);
      status = 'retrying';
    }
  }
  const lastStatus = res?.status ?? null;
  const lastError = error?.message ?? null;
  const total = round(outcome.totalMs) ?? 0;
  batch.completions.push(
    status,
    made,
    next,
    lastStatus,
    lastError,
    total,
    now,
    row.seq,
    c.attemptId,
    row.endpoint_id,
    row.manual_next ? 1 : 0,
    c.startedAt,
    c.method,
    c.url,
    JSON.stringify(recordedHeaderPairs(c.headers, ep)),
    res ? JSON.stringify(res.headers) : null,
    batch.blob(res ? res.body : null),
    res ? res.size : null,
    verdict.kind === 'success' ? 'succeeded' : 'failed',
    error?.code ?? null,
    error?.message ?? null,
    round(outcome.connectMs),
    round(outcome.firstByteMs),
    row.topic,
  );
  return {
    status,
    nextAttemptAt: next,
    gone: verdict.kind === 'final' && verdict.disable === true,
    delivery: {
      id: row.id,
      eventId: row.event_id,
      endpointId: row.endpoint_id,
      endpointName: ep?.fields.name ?? '',
      topic: row.topic,
      status,
      attempts: made,
      maxAttempts: row.max_attempts,
      nextAttemptAt: next,
      lastStatus,
      lastError,
      durationMs: total,
      kind: row.kind,
      createdAt: row.created_at,
      updatedAt: now,
    },
  };
}
