import { describe, expect, it } from 'vitest';
import { capturesByAttempt, type CapturedRequest } from '../../../src/renderer/src/areas/deliveries/delivery-format';
import type { Attempt } from '../../../src/shared/dispatcher-deliveries';

const attempt = (number: number, startedAt: number, totalMs: number): Attempt => ({
  id: `att_x_${number}`,
  deliveryId: 'msg_x',
  number,
  startedAt,
  manual: false,
  request: { method: 'POST', url: 'http://127.0.0.1:1/in', headers: [], body: { encoding: 'utf8', text: '', size: 0, truncated: false } },
  response: null,
  outcome: 'failed',
  error: null,
  timings: { connectMs: null, firstByteMs: null, totalMs },
} as unknown as Attempt);
const capture = (id: number, receivedAt: number): CapturedRequest => ({ inbox: 'shop', id, number: id, receivedAt });

describe('which captured request each attempt of a delivery produced', () => {
  it('matches each capture to the attempt that was running when it arrived', () => {
    const a = [attempt(1, 10_000, 20), attempt(2, 70_000, 15), attempt(3, 130_000, 5)];
    const m = capturesByAttempt(a, [capture(4, 70_006), capture(3, 10_004)]);
    expect(m.get('att_x_1')?.id).toBe(3);
    expect(m.get('att_x_2')?.id).toBe(4);
    // The third never reached the inbox.
    expect(m.has('att_x_3')).toBe(false);
  });

  it('does not give a retry’s capture to an attempt that failed just before it', () => {
    const a = [attempt(1, 10_000, 2), attempt(2, 10_400, 10)];
    const m = capturesByAttempt(a, [capture(9, 10_405)]);
    expect(m.has('att_x_1')).toBe(false);
    expect(m.get('att_x_2')?.id).toBe(9);
  });

  it('gives nothing for captures outside every attempt, and each capture to one attempt only', () => {
    expect(capturesByAttempt([attempt(1, 10_000, 5)], [capture(1, 50_000)]).size).toBe(0);
    const m = capturesByAttempt([attempt(1, 10_000, 5), attempt(2, 10_001, 5)], [capture(1, 10_003)]);
    expect(m.size).toBe(1);
  });
});
