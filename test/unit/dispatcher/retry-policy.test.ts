import { describe, expect, it } from 'vitest';
import {
  classifyStatus,
  maxAttemptsOf,
  nextDelayMs,
  parseRetryAfter,
  RETRY_AFTER_MAX_MS,
  retryDelayMs,
  retriesOf,
} from '../../../src/core/dispatcher/retry-policy';
import { topicMatches } from '../../../src/core/dispatcher/send-service';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('retry policy', () => {
  it('counts retries and attempts for presets and custom delays', () => {
    expect(retriesOf('mftplus')).toBe(4);
    expect(maxAttemptsOf('mftplus')).toBe(5);
    expect(retriesOf({ delays: [1, 2] })).toBe(2);
    expect(maxAttemptsOf({ delays: [] })).toBe(1);
  });

  it('waits each delay of the policy in turn, then stops', () => {
    expect(retryDelayMs('mftplus', 1)).toBe(60_000);
    expect(retryDelayMs('mftplus', 4)).toBe(7_200_000);
    expect(retryDelayMs('mftplus', 5)).toBeNull();
    expect(retryDelayMs({ delays: [1, 2] }, 2)).toBe(2000);
    expect(retryDelayMs({ delays: [1, 2] }, 3)).toBeNull();
    // No jitter on fixed presets or custom delays, whatever the random source says.
    expect(retryDelayMs('standard-webhooks', 1, () => 0)).toBe(5000);
    expect(retryDelayMs({ delays: [10] }, 1, () => 1)).toBe(10_000);
  });

  it('jitters the exponential preset by exactly ±25 %', () => {
    expect(retryDelayMs('exponential', 1, () => 0)).toBe(3750);
    expect(retryDelayMs('exponential', 1, () => 0.5)).toBe(5000);
    expect(retryDelayMs('exponential', 1, () => 1)).toBe(6250);
    expect(retryDelayMs('exponential', 8, () => 0.5)).toBe(640_000);
    expect(retryDelayMs('exponential', 9, () => 0.5)).toBeNull();
  });

  it('classifies answers: 2xx success; 401, 3xx final; 410 final and disables; anything else retries', () => {
    for (const s of [200, 204, 299]) expect(classifyStatus(s), String(s)).toEqual({ kind: 'success' });
    for (const s of [300, 301, 399, 401]) expect(classifyStatus(s), String(s)).toEqual({ kind: 'final' });
    expect(classifyStatus(410)).toEqual({ kind: 'final', disable: true });
    for (const s of [100, 199, 400, 403, 404, 408, 429, 500, 503])
      expect(classifyStatus(s), String(s)).toEqual({ kind: 'retry' });
  });

  it('reads Retry-After as seconds or an HTTP date, clamped to [0, 1 h]', () => {
    expect(parseRetryAfter(undefined, NOW)).toBeNull();
    expect(parseRetryAfter('', NOW)).toBeNull();
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    // Seconds means digits only, start to end: not a number with something around it.
    expect(parseRetryAfter('x5', NOW)).toBeNull();
    expect(parseRetryAfter('5x', NOW)).toBeNull();
    // Not seconds (a sign, a fraction) and not an HTTP-date: ignored, not read as a year.
    expect(parseRetryAfter('-5', NOW)).toBeNull();
    expect(parseRetryAfter('1.5', NOW)).toBeNull();
    expect(parseRetryAfter('2-3', NOW)).toBeNull();
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter(' 2 ', NOW)).toBe(2000);
    expect(parseRetryAfter('3600', NOW)).toBe(3_600_000);
    expect(parseRetryAfter('3601', NOW)).toBe(RETRY_AFTER_MAX_MS);
    expect(parseRetryAfter('999999', NOW)).toBe(3_600_000);
    expect(parseRetryAfter(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30_000);
    expect(parseRetryAfter(new Date(NOW - 30_000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter(new Date(NOW + 2 * 3_600_000).toUTCString(), NOW)).toBe(3_600_000);
  });

  it('lets Retry-After push the wait out but never shorten it', () => {
    expect(nextDelayMs(10_000, null, 1)).toBe(10_000);
    expect(nextDelayMs(10_000, 2_000, 1)).toBe(10_000); // shorter Retry-After: the policy wins
    expect(nextDelayMs(10_000, 0, 1)).toBe(10_000);
    expect(nextDelayMs(10_000, 30_000, 1)).toBe(30_000);
    expect(nextDelayMs(10_000, 30_000, 10)).toBe(3_000);
    expect(nextDelayMs(1_000, null, 3)).toBe(333);
    // A compression below 1 never stretches the wait.
    expect(nextDelayMs(10_000, null, 0.5)).toBe(10_000);
    expect(nextDelayMs(10_000, null, 0)).toBe(10_000);
  });
});

describe('topic subscriptions', () => {
  it('"*" receives every topic', () => {
    for (const t of ['a', 'order.created', 'x.y.z', 'webhook.ping'])
      expect(topicMatches('*', t), t).toBe(true);
  });

  it('an exact topic matches only itself', () => {
    expect(topicMatches('order.created', 'order.created')).toBe(true);
    expect(topicMatches('order.created', 'order.created.v2')).toBe(false);
    expect(topicMatches('order.created', 'order')).toBe(false);
    expect(topicMatches('order.created', 'Order.created')).toBe(false);
  });

  it('"prefix.*" matches below the prefix only, at a dot boundary', () => {
    expect(topicMatches('order.*', 'order.created')).toBe(true);
    expect(topicMatches('order.*', 'order.a.b')).toBe(true);
    expect(topicMatches('order.*', 'order')).toBe(false);
    expect(topicMatches('order.*', 'orders.created')).toBe(false);
    expect(topicMatches('order.*', 'x.order.created')).toBe(false);
    // "*" anywhere but at the end after a dot is not a wildcard.
    expect(topicMatches('order*', 'order.created')).toBe(false);
    expect(topicMatches('order*', 'orderx')).toBe(false);
  });
});
