import { RETRY_PRESETS, type RetryPolicy } from '../../shared/dispatcher';

/** How long (ms) Retry-After may push an attempt out, before time compression. */
export const RETRY_AFTER_MAX_MS = 3_600_000;

/** Retries after the first attempt a policy allows. */
export const retriesOf = (policy: RetryPolicy): number =>
  typeof policy === 'string' ? RETRY_PRESETS[policy].delays.length : policy.delays.length;

export const maxAttemptsOf = (policy: RetryPolicy): number => 1 + retriesOf(policy);

/**
 * Delay (ms, uncompressed) before attempt `attemptsMade + 1`, or null when the policy is spent.
 * Exponential adds ±25 % jitter so a burst of failures does not retry in lockstep.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attemptsMade: number,
  random: () => number = Math.random,
): number | null {
  const delays = typeof policy === 'string' ? RETRY_PRESETS[policy].delays : policy.delays;
  const jitter = typeof policy === 'string' && RETRY_PRESETS[policy].jitter;
  const base = delays[attemptsMade - 1];
  if (base === undefined) return null;
  const ms = base * 1000;
  return jitter ? Math.round(ms * (0.75 + random() * 0.5)) : ms;
}

/** What one answer (or its absence) means for the delivery. */
export type Verdict =
  | { kind: 'success' }
  /** Retry if the policy allows. */
  | { kind: 'retry' }
  /** Final: no retry whatever the policy says. */
  | { kind: 'final'; disable?: boolean };

/** Seed 004's table plus Hookbench's rules: 401 final, 410 final + disable, 3xx final, others retry. */
export function classifyStatus(status: number): Verdict {
  if (status >= 200 && status < 300) return { kind: 'success' };
  if (status === 401) return { kind: 'final' };
  if (status === 410) return { kind: 'final', disable: true };
  if (status >= 300 && status < 400) return { kind: 'final' };
  return { kind: 'retry' };
}

/** Retry-After as ms from now (delta seconds or an HTTP date), clamped to [0, 1 h]; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (!value) return null;
  const v = value.trim();
  let ms: number;
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else {
    // Otherwise only an HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT"): it has a month name. Date.parse
    // alone would read "-5" or "2" as years.
    if (!/[a-z]{3}/i.test(v)) return null;
    const at = Date.parse(v);
    if (Number.isNaN(at)) return null;
    ms = at - now;
  }
  return Math.min(Math.max(ms, 0), RETRY_AFTER_MAX_MS);
}

/**
 * When to try next: the policy's delay, pushed out to Retry-After when the endpoint asks for
 * longer (never shortened by it). Both scale down with time compression.
 */
export function nextDelayMs(policyDelayMs: number, retryAfterMs: number | null, compression: number): number {
  // Stryker disable next-line ConditionalExpression: Math.max(d, null) is d for any d >= 0; the test only says "absent" plainly.
  const wait = retryAfterMs === null ? policyDelayMs : Math.max(policyDelayMs, retryAfterMs);
  return Math.round(wait / Math.max(1, compression));
}
