import { afterEach, describe, expect, it } from 'vitest';
import { startCore } from '../../helpers/temp-core';
import { settle, startSink } from './helpers';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('delivery log filters', () => {
  it('filters by answer (exact, class, none), time, text in payload or answer, and sorts by duration', async () => {
    const core = await startCore();
    const sink = await startSink((r) => {
      const order = JSON.parse(r.body.toString()).order as number;
      if (order % 3 === 0) return { status: 503, body: 'maintenance window', delayMs: 250 };
      if (order % 3 === 1) return { status: 200, body: JSON.stringify({ receipt: `R-${order}` }) };
      return { status: 422, body: 'invalid amount', delayMs: 5 };
    });
    cleanups.push(
      () => core.close(),
      () => sink.close(),
    );
    const ep = await core.call('endpoints.create', {
      name: 'log',
      url: sink.url,
      topics: ['order.created'],
      retry: { delays: [] },
    });
    const ids: string[] = [];
    for (let i = 1; i <= 9; i++)
      ids.push(
        ...(
          await core.call('events.send', {
            topic: 'order.created',
            payload: { order: i, note: i === 7 ? 'needle-in-payload' : 'x' },
          })
        ).deliveryIds,
      );
    for (const id of ids) await settle(core, id);
    const list = (input: Record<string, unknown>) =>
      core.call('deliveries.list', { endpointId: ep.id, ...input } as never);

    expect((await list({ responseStatus: '2xx' })).total).toBe(3);
    expect((await list({ responseStatus: '5xx' })).total).toBe(3);
    expect((await list({ responseStatus: 422 })).total).toBe(3);
    expect((await list({ responseStatus: 'none' })).total).toBe(0);
    expect((await list({ text: 'needle-in' })).items.map((d) => d.id)).toEqual([ids[6]]);
    expect((await list({ text: 'R-4' })).items.map((d) => d.id)).toEqual([ids[3]]);
    expect((await list({ text: '100%_' })).total).toBe(0);
    const future = Date.now() + 60_000;
    expect((await list({ since: future })).total).toBe(0);
    expect((await list({ until: future })).total).toBe(9);
    const fifth = await core.call('deliveries.get', { id: ids[4] });
    const fromFifth = await list({ since: fifth.createdAt });
    const created = await Promise.all(
      ids.map(async (id) => (await core.call('deliveries.get', { id })).createdAt),
    );
    const expected = ids.filter((_, i) => created[i] >= fifth.createdAt).reverse();
    expect(expected.length).toBeGreaterThanOrEqual(5);
    expect(fromFifth.items.map((d) => d.id)).toEqual(expected);
    expect(fromFifth.items.every((d) => d.createdAt >= fifth.createdAt)).toBe(true);
    expect(
      (await list({ since: fifth.createdAt, responseStatus: '5xx' })).items.every(
        (d) => d.lastStatus === 503 && d.createdAt >= fifth.createdAt,
      ),
    ).toBe(true);
    expect((await list({ until: fifth.createdAt })).items.every((d) => d.createdAt < fifth.createdAt)).toBe(
      true,
    );
    expect((await list({ until: fifth.createdAt })).total + fromFifth.total).toBe(9);
    const slow = await list({ sort: 'duration', limit: 3 });
    expect(slow.items.every((d) => d.lastStatus === 503)).toBe(true);
    const next = await list({ sort: 'duration', limit: 3, offset: 3 });
    expect(next.items.some((d) => slow.items.some((s) => s.id === d.id))).toBe(false);
    const page1 = await list({ limit: 4 });
    const page2 = await list({ limit: 4, before: page1.items[3].id });
    expect([...page1.items, ...page2.items].map((d) => d.id)).toEqual([...ids].reverse().slice(0, 8));
    // The same filter picks a replay run's items.
    const run = await core.call('runs.create', {
      source: { type: 'deliveries', filter: { endpointId: ep.id, responseStatus: '5xx' } },
      paused: true,
    });
    expect(run.counts.total).toBe(3);
  });
});
