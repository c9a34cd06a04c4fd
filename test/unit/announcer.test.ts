import { describe, expect, it } from 'vitest';
import { createAnnouncer, describeBurst } from '../../src/renderer/src/lib/announcer';

/** Manual clock: timers fire only when the test advances time. */
function clock() {
  let t = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  return {
    timers: {
      set: (fn: () => void, ms: number) => {
        pending.set(++seq, { at: t + ms, fn });
        return seq;
      },
      clear: (h: unknown) => void pending.delete(h as number),
      now: () => t,
    },
    advance(ms: number) {
      const end = t + ms;
      for (;;) {
        const next = [...pending.entries()]
          .filter(([, p]) => p.at <= end)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!next) break;
        pending.delete(next[0]);
        t = next[1].at;
        next[1].fn();
      }
      t = end;
    },
  };
}

describe('live announcer', () => {
  it('says a burst of 1,000 requests once, after the burst goes quiet', () => {
    const c = clock();
    const said: string[] = [];
    const a = createAnnouncer((t) => said.push(t), c.timers, { quietMs: 1000, maxWaitMs: 10_000 });
    // 1,000 requests in batches of 25 every 20 ms (what the receiver's 150 ms batching would send, and more often).
    for (let i = 0; i < 40; i++) {
      a.requests('orders', 25);
      c.advance(20);
    }
    expect(said).toEqual([]);
    c.advance(1000);
    expect(said).toEqual(['1,000 new requests in orders.']);
    c.advance(60_000);
    expect(said).toHaveLength(1);
  });

  it('still speaks during a flood that never pauses, at most once per maxWait', () => {
    const c = clock();
    const said: string[] = [];
    const a = createAnnouncer((t) => said.push(t), c.timers, { quietMs: 1000, maxWaitMs: 5000 });
    for (let i = 0; i < 120; i++) {
      a.requests('orders', 1);
      c.advance(100); // 12 s of one request every 100 ms
    }
    c.advance(2000);
    expect(said.length).toBeGreaterThanOrEqual(2);
    expect(said.length).toBeLessThanOrEqual(3);
    const total = said.reduce((n, s) => n + Number(/^(\d+)/.exec(s)![1]), 0);
    expect(total).toBe(120);
  });

  it('counts each delivery outcome once and sums inboxes', () => {
    const c = clock();
    const said: string[] = [];
    const a = createAnnouncer((t) => said.push(t), c.timers);
    a.delivery('d1', 'succeeded');
    a.delivery('d1', 'succeeded'); // a repeated update of the same delivery
    a.delivery('d2', 'retrying');
    a.delivery('d2', 'failed');
    a.requests('orders', 2);
    a.requests('billing', 1);
    c.advance(1500);
    expect(said).toEqual([
      '3 new requests in 2 inboxes. 1 delivery succeeded, 1 delivery failed, 1 delivery will retry.',
    ]);
  });

  it('says nothing when nothing happened', () => {
    expect(describeBurst(new Map(), { succeeded: 0, failed: 0, retrying: 0 })).toBe('');
  });
});
