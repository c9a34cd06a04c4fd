import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../src/shared/contract';
import type { Alert } from '../../../src/shared/monitoring';
import { createFakeClock } from '../../../src/core/util/clock';
import { startCore } from '../../helpers/temp-core';
import { startSink, until, type Reply } from '../dispatcher/helpers';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const MIN = 60_000;

async function setup(reply: Reply) {
  const clock = createFakeClock(Date.UTC(2026, 5, 1, 12, 0, 0));
  const core = await startCore({ clock });
  const sink = await startSink(reply);
  cleanups.push(
    () => core.close(),
    () => sink.close(),
  );
  const seen: { event: EventName; alert: Alert }[] = [];
  core.events.subscribe((event, payload) => {
    if (event === 'alerts.fired' || event === 'alerts.cleared') seen.push({ event, alert: payload as Alert });
  });
  const evaluate = () => (core.modules.monitoring as unknown as { evaluate(): { fired: Alert[]; cleared: Alert[] } }).evaluate();
  const idle = () =>
    until(
      () =>
        (core.db.prepare(`SELECT COUNT(*) AS n FROM dispatch_deliveries WHERE status IN ('pending', 'retrying')`).get() as { n: number }).n === 0,
      15_000,
    );
  const of = (kind: Alert['kind']) => seen.filter((s) => s.alert.kind === kind);
  return { clock, core, sink, seen, of, evaluate, idle };
}

describe('alerts (fake clock)', () => {
  it('a failure rate that crosses 5% in an hour fires one alert, never twice in the episode, and clears', async () => {
    const { clock, core, sink, of, evaluate, idle } = await setup((r) => ({ status: r.body.includes('"fail":true') ? 500 : 204 }));
    // Never disabled after failures in a row here: only the rate matters.
    await core.call('settings.update', { dispatchDisableAfterFailures: 0 });
    const ep = await core.call('endpoints.create', { name: 'shop', url: sink.url, topics: ['order.*'], retry: { delays: [] } });
    const sendMany = async (n: number, fail: boolean) => {
      for (let i = 0; i < n; i++) await core.call('events.send', { topic: 'order.paid', payload: { i, fail } });
      await idle();
    };
    await sendMany(40, false);
    await sendMany(1, true);
    evaluate();
    // 1 of 41 = 2.4 %: below 5 %.
    expect(of('failure_rate')).toHaveLength(0);
    clock.advance(20 * MIN);
    await sendMany(3, true);
    evaluate();
    // 4 of 44 = 9.1 % within the hour: fires once.
    expect(of('failure_rate')).toHaveLength(1);
    const fired = of('failure_rate')[0];
    expect(fired.event).toBe('alerts.fired');
    expect(fired.alert.subject).toEqual({ type: 'endpoint', id: ep.id, name: 'shop' });
    expect(fired.alert.value).toBeCloseTo(9.09, 1);
    expect(fired.alert.message).toMatch(/9\.1% of attempts failed \(4 of 44\)/);
    // More failures in the same episode, more passes: still one alert.
    clock.advance(5 * MIN);
    await sendMany(2, true);
    evaluate();
    evaluate();
    expect(of('failure_rate')).toHaveLength(1);
    expect(await core.call('alerts.list', { open: true })).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'failure_rate', clearedAt: null })]),
    );
    // An hour after the last failure the window holds only... nothing: cleared.
    clock.advance(61 * MIN);
    evaluate();
    expect(of('failure_rate').map((s) => s.event)).toEqual(['alerts.fired', 'alerts.cleared']);
    const history = (await core.call('alerts.list', {})).filter((a) => a.kind === 'failure_rate');
    expect(history).toHaveLength(1);
    expect(history[0].clearedAt).toBe(clock.now());
    // A new episode fires again.
    await sendMany(20, true);
    evaluate();
    expect(of('failure_rate').map((s) => s.event)).toEqual(['alerts.fired', 'alerts.cleared', 'alerts.fired']);
  }, 60_000);

  it('a 6 s response fires the slow-response alert', async () => {
    const { clock, core, sink, of, evaluate, idle } = await setup((r) =>
      r.body.includes('"slow":true') ? { status: 200, delayMs: 6000 } : { status: 200 },
    );
    await core.call('endpoints.create', { name: 'slowpoke', url: sink.url, topics: ['*'] });
    await core.call('events.send', { topic: 'a.b', payload: { slow: false } });
    await idle();
    evaluate();
    expect(of('slow_response')).toHaveLength(0);
    await core.call('events.send', { topic: 'a.b', payload: { slow: true } });
    await idle();
    evaluate();
    expect(of('slow_response')).toHaveLength(1);
    expect(of('slow_response')[0].alert.value).toBeGreaterThanOrEqual(6000);
    expect(of('slow_response')[0].alert.message).toMatch(/took 6(\.\d)? s/);
    const stats = await core.call('stats.overview', { window: '15m' });
    expect(stats.totals.maxMs).toBeGreaterThanOrEqual(6000);
    expect(stats.totals.p99).toBeGreaterThan(5000);
    clock.advance(16 * MIN);
    evaluate();
    expect(of('slow_response').map((s) => s.event)).toEqual(['alerts.fired', 'alerts.cleared']);
  }, 30_000);

  it('retries exhausted fires, and a rule can send the alert as a webhook through the dispatcher', async () => {
    const { core, sink, of, evaluate, idle } = await setup((r) => ({ status: r.url.startsWith('/alerts') ? 200 : 503 }));
    const target = await core.call('endpoints.create', { name: 'failing', url: `${sink.url}/x`, topics: ['job.*'], retry: { delays: [0, 0] } });
    const hook = await core.call('endpoints.create', { name: 'alert hook', url: `${sink.url}/alerts`, topics: ['nothing.here'] });
    await core.call('alerts.rules.update', { id: 'default-retries-exhausted', webhookEndpointId: hook.id });
    await core.call('events.send', { topic: 'job.failed', payload: { n: 1 } });
    await idle();
    evaluate();
    expect(of('retries_exhausted')).toHaveLength(1);
    const a = of('retries_exhausted')[0].alert;
    expect(a.subject.id).toBe(target.id);
    expect(a.message).toMatch(/1 delivery failed for good/);
    expect(a.desktop).toBe(true);
    await until(() => sink.received.find((r) => r.url === '/alerts'));
    const body = JSON.parse(sink.received.find((r) => r.url === '/alerts')!.body.toString()) as { alert: { kind: string; subject: { id: string } } };
    expect(body.alert.kind).toBe('retries_exhausted');
    expect(body.alert.subject.id).toBe(target.id);
    // The attempts to the failing endpoint: 3 (one + two retries).
    expect(sink.received.filter((r) => r.url === '/x')).toHaveLength(3);
  }, 30_000);

  it('endpoint disabled fires and clears on reactivation; user rules scoped to a topic or an inbox', async () => {
    const { core, sink, of, evaluate, idle } = await setup((r) => ({ status: r.body.includes('gone') ? 410 : 204 }));
    const ep = await core.call('endpoints.create', { name: 'old', url: sink.url, topics: ['*'] });
    const topicRule = await core.call('alerts.rules.create', {
      name: 'refunds failing',
      kind: 'failure_rate',
      threshold: 10,
      windowMinutes: 30,
      minVolume: 2,
      scope: { topic: 'refund.created' },
    });
    await core.call('events.send', { topic: 'refund.created', payload: { ok: 1 } });
    await core.call('events.send', { topic: 'refund.created', payload: { state: 'gone' } });
    await idle();
    evaluate();
    expect(of('endpoint_disabled')).toHaveLength(1);
    expect(of('endpoint_disabled')[0].alert.message).toMatch(/410/);
    const topicAlerts = of('failure_rate').filter((s) => s.alert.ruleId === topicRule.id);
    expect(topicAlerts).toHaveLength(1);
    expect(topicAlerts[0].alert.subject).toEqual({ type: 'topic', id: 'refund.created', name: 'refund.created' });
    await core.call('endpoints.reactivate', { id: ep.id });
    evaluate();
    expect(of('endpoint_disabled').map((s) => s.event)).toEqual(['alerts.fired', 'alerts.cleared']);

    // Inbox rule: invalid signatures.
    const status = await core.call('receiver.status');
    await core.call('inboxes.update', { slug: 'default', verify: { scheme: 'github', secrets: ['s3cret'] } });
    await core.call('alerts.rules.create', {
      name: 'bad signatures',
      kind: 'signature_invalid',
      threshold: 20,
      windowMinutes: 10,
      minVolume: 3,
      scope: { inbox: 'default' },
    });
    for (let i = 0; i < 3; i++)
      await fetch(`${status.http!.baseUrl}/default/gh`, {
        method: 'POST',
        headers: { 'x-hub-signature-256': 'sha256=00', 'content-type': 'application/json' },
        body: '{}',
      }).then((r) => r.arrayBuffer());
    await until(async () => (await core.call('stats.inbox', { window: '15m', slug: 'default' })).totals.requests === 3);
    evaluate();
    expect(of('signature_invalid')).toHaveLength(1);
    expect(of('signature_invalid')[0].alert.message).toMatch(/Inbox default: 100% invalid signatures \(3 of 3\)/);

    // Rules are validated and defaults cannot be deleted.
    await expect(core.call('alerts.rules.delete', { id: 'default-failure-rate' })).rejects.toThrow(/cannot be deleted/);
    await expect(
      core.call('alerts.rules.create', { name: 'x', kind: 'failure_rate', threshold: 150, windowMinutes: 5 }),
    ).rejects.toThrow(/percentage/);
    expect((await core.call('alerts.rules.delete', { id: topicRule.id })).deleted).toBe(true);
    const rules = await core.call('alerts.rules.list');
    expect(rules.slice(0, 4).map((r) => r.id)).toEqual([
      'default-retries-exhausted',
      'default-failure-rate',
      'default-slow-response',
      'default-endpoint-disabled',
    ]);
  }, 30_000);
});
