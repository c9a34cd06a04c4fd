import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore } from '../../helpers/temp-core';

/**
 * A stored endpoint cannot break every send: templates are checked (syntax and complexity) when
 * saved, with an invalid_input error naming payloadTemplate; and at send time one endpoint whose
 * body cannot be rendered fails only its own delivery, recorded with the reason, while the
 * others are queued and delivered.
 */
let core: Awaited<ReturnType<typeof startCore>>;
let base: string;

beforeAll(async () => {
  core = await startCore();
  base = (await core.call('receiver.status')).http!.baseUrl;
});
afterAll(async () => {
  await core?.close();
});

const BROKEN = [
  '{"a": {% if x %}1',
  '{{ }}',
  '{{a b}}',
  '{% for x in y %}{% endfor %}',
  '{% endif %}',
  '{% if %}x{% endif %}',
  '{% if a %}'.repeat(5_000) + '{% endif %}'.repeat(5_000),
  `{% if ${'!'.repeat(10_000)}a %}x{% endif %}`,
  `{% if a${' and a'.repeat(1000)} %}x{% endif %}`,
];

const until = async (cond: () => Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
};

describe('endpoint payload templates', () => {
  it('refuses a broken or pathological template on create and update, naming payloadTemplate, and changes nothing', async () => {
    const ok = await core.call('endpoints.create', { name: 'fine', url: `${base}/default/fine`, topics: ['a.b'], payloadTemplate: '{"t":"{{event.topic}}"}' });
    for (const payloadTemplate of BROKEN) {
      const created = await core.invoke('endpoints.create', { name: 'bad', url: `${base}/default/bad`, topics: ['*'], payloadTemplate });
      expect(created.ok, payloadTemplate.slice(0, 40)).toBe(false);
      if (created.ok) continue;
      expect(created.error.code).toBe('invalid_input');
      expect(created.error.issues?.[0].path).toEqual(['payloadTemplate']);
      expect(created.error.message).toMatch(/payload template/);

      const updated = await core.invoke('endpoints.update', { id: ok.id, payloadTemplate });
      expect(updated.ok).toBe(false);
      if (!updated.ok) expect(updated.error.issues?.[0].path).toEqual(['payloadTemplate']);
    }
    const list = await core.call('endpoints.list');
    expect(list.items.map((e) => e.name)).toEqual(['fine']);
    expect(list.items[0].payloadTemplate).toBe('{"t":"{{event.topic}}"}');
    await core.call('endpoints.delete', { id: ok.id });
  });

  it('one endpoint whose template fails at send time fails only its own delivery, with the reason', async () => {
    const good = await core.call('endpoints.create', { name: 'good', url: `${base}/default/good`, topics: ['*'] });
    // Valid syntax, but fails when rendered: an unknown variable, and a body that would be enormous.
    const unknown = await core.call('endpoints.create', { name: 'unknown-var', url: `${base}/default/u`, topics: ['*'], payloadTemplate: '{"x": {{nothing.here}} }' });
    const huge = await core.call('endpoints.create', {
      name: 'huge',
      url: `${base}/default/h`,
      topics: ['order.*'],
      payloadTemplate: '[' + '{{payload}},'.repeat(2000) + '0]',
    });

    const sent = await core.call('events.send', { topic: 'order.paid', payload: { blob: 'x'.repeat(20_000) } });
    expect(sent.deliveryIds).toHaveLength(3);

    const byEndpoint = async () => {
      const { items } = await core.call('deliveries.list', { eventId: sent.eventId });
      return new Map(items.map((d) => [d.endpointId, d]));
    };
    expect(await until(async () => (await byEndpoint()).get(good.id)?.status === 'succeeded')).toBe(true);
    const d = await byEndpoint();
    expect(d.get(unknown.id)).toMatchObject({ status: 'failed', attempts: 0 });
    expect(d.get(unknown.id)!.lastError).toMatch(/Unknown variable "nothing.here"/);
    expect(d.get(huge.id)).toMatchObject({ status: 'failed', attempts: 0 });
    expect(d.get(huge.id)!.lastError).toMatch(/larger than/);
    const captured = await core.call('requests.list', { inbox: 'default' });
    expect(captured.items.map((r) => r.path)).toEqual(['/good']);

    // Never sent, so there is nothing to resend: a clear conflict, not an empty body going out.
    const retry = await core.invoke('deliveries.retry', { id: d.get(unknown.id)!.id });
    expect(retry.ok).toBe(false);
    if (!retry.ok) expect(retry.error.code).toBe('conflict');

    // A template the caller passes is the caller's input: its error still refuses the send.
    const own = await core.invoke('events.send', { topic: 'order.paid', template: '{% if %}' });
    expect(own.ok).toBe(false);
    if (!own.ok) expect(own.error.code).toBe('invalid_input');
  });
});
