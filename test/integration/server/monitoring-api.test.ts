import { describe, expect, it } from 'vitest';
import { until, useHttpHost } from './api-client';

/**
 * Delivery and inbox statistics, alert rules and alerts driven through the headless host, on the
 * real clock: deliveries to a local server that fails some of them, requests captured by the real
 * receiver, a rule that fires and clears, pushed over GET /api/events.
 */

const TOKEN = 'monitoring-token';
let endpointId = '';

const h = useHttpHost(TOKEN, {
  sink: (r) => ({ status: r.body.includes('"fail":true') ? 500 : 204 }),
  events: true,
});

describe('monitoring through the HTTP API', () => {
  it('counts deliveries per endpoint and topic, and pushes stats.updated', async () => {
    const ep = await h.api.call('endpoints.create', { name: 'shop', url: h.sink.url, topics: ['order.*'], retry: { delays: [] } });
    endpointId = ep.id;
    for (let i = 0; i < 6; i++) await h.api.call('events.send', { topic: 'order.paid', payload: { i, fail: i >= 4 } });
    await h.sink.waitFor(6);
    const stats = await until(async () => {
      const s = await h.api.call('stats.endpoint', { id: ep.id, window: '1h' });
      return s.totals.attempts === 6 && s.totals.failed === 2 ? s : null;
    });
    expect(stats.totals.succeeded).toBe(4);
    expect(stats.totals.successRate).toBeCloseTo(4 / 6, 3);
    expect(stats.totals.p50).not.toBeNull();
    expect(stats.recentFailures).toHaveLength(2);
    expect(stats.statusClasses).toBeDefined();

    const overview = await h.api.call('stats.overview', { window: '1h', topic: 'order.paid' });
    expect(overview.totals).toMatchObject({ attempts: 6, succeeded: 4, failed: 2 });
    expect(overview.endpoints).toEqual([expect.objectContaining({ id: ep.id, name: 'shop', attempts: 6 })]);
    // Another topic: nothing.
    expect((await h.api.call('stats.overview', { window: '1h', topic: 'refund.created' })).totals.attempts).toBe(0);

    const spark = await h.api.call('stats.sparklines', { window: '1h', buckets: 4 });
    const line = spark.endpoints.find((e: { id: string }) => e.id === ep.id);
    expect(line.attempts.reduce((a: number, b: number) => a + b, 0)).toBe(6);

    const updated = await h.sse.waitFor('stats.updated', (d) => d.endpointIds.includes(ep.id));
    expect(updated.at).toBeGreaterThan(0);

    // Bad input is a 400, not an empty chart.
    await expect(h.api.call('stats.sparklines', { buckets: 1 })).rejects.toMatchObject({ status: 400 });
  });

  it('counts captured requests per inbox and answer', async () => {
    await h.api.call('inboxes.create', { slug: 'stats' });
    const base = (await h.api.call('receiver.status')).http.baseUrl;
    for (let i = 0; i < 3; i++)
      await fetch(`${base}/stats/in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.arrayBuffer());
    const stats = await until(async () => {
      const s = await h.api.call('stats.inbox', { slug: 'stats', window: '15m' });
      return s.totals.requests === 3 ? s : null;
    });
    expect(stats.totals.a2xx).toBe(3);
    expect(stats.inboxes).toEqual([expect.objectContaining({ slug: 'stats', requests: 3 })]);
    expect((await h.api.call('stats.inbox', { slug: 'default', window: '15m' })).totals.requests).toBe(0);
    await h.sse.waitFor('stats.updated', (d) => d.inboxes.includes('stats'));
  });

  it('a rule fires on the failure rate, clears when its threshold is raised, and can be deleted', async () => {
    const rule = await h.api.call('alerts.rules.create', {
      name: 'shop failing',
      kind: 'failure_rate',
      threshold: 20,
      windowMinutes: 10,
      minVolume: 3,
      scope: { endpointId },
      desktop: false,
    });
    expect(rule).toMatchObject({ builtin: false, enabled: true, desktop: false });
    const rules = await h.api.call('alerts.rules.list');
    expect(rules.map((r: { id: string }) => r.id)).toContain(rule.id);
    expect(rules[0].builtin).toBe(true);

    // 2 of 6 attempts failed: 33 % over 20 %.
    const fired = await h.sse.waitFor('alerts.fired', (a) => a.ruleId === rule.id);
    expect(fired.subject).toEqual({ type: 'endpoint', id: endpointId, name: 'shop' });
    expect(fired.value).toBeCloseTo(33.3, 0);
    expect(fired.message).toMatch(/33\.3% of attempts failed \(2 of 6\)/);
    const open = await h.api.call('alerts.list', { open: true });
    expect(open).toEqual(expect.arrayContaining([expect.objectContaining({ id: fired.id, clearedAt: null })]));

    const changed = await h.api.call('alerts.rules.update', { id: rule.id, threshold: 50 });
    expect(changed.threshold).toBe(50);
    const cleared = await h.sse.waitFor('alerts.cleared', (a) => a.id === fired.id);
    expect(cleared.clearedAt).not.toBeNull();
    expect((await h.api.call('alerts.list', { open: true })).map((a: { id: string }) => a.id)).not.toContain(fired.id);
    const history = await h.api.call('alerts.list', {});
    expect(history.find((a: { id: string }) => a.id === fired.id).clearedAt).toBe(cleared.clearedAt);

    // Invalid rules and deleting a default are refused and change nothing.
    await expect(
      h.api.call('alerts.rules.create', { name: 'x', kind: 'failure_rate', threshold: 150, windowMinutes: 5 }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(h.api.call('alerts.rules.delete', { id: 'default-failure-rate' })).rejects.toMatchObject({ status: 400 });
    expect(await h.api.call('alerts.rules.delete', { id: rule.id })).toEqual({ deleted: true });
    const after = (await h.api.call('alerts.rules.list')).map((r: { id: string }) => r.id);
    expect(after).not.toContain(rule.id);
    expect(after).toContain('default-failure-rate');
    expect(after).toHaveLength(rules.length - 1);
  });
});
