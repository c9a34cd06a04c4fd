import { afterEach, describe, expect, it } from 'vitest';
import { ResponseRule } from '../../../src/shared/receiver';
import { answerFromSpec, MAX_TRACKED_DELIVERIES, RuleSet } from '../../../src/core/receiver/rules';
import { send, startReceiver, type TestCore } from './helpers';

/** Issue 9 item 8: sequences you can see ("step 2 of 3"), reset, and walk per delivery id. */

const cores: TestCore[] = [];
afterEach(async () => {
  while (cores.length) await cores.pop()!.close();
});

const steps = [{ status: 500 }, { status: 500 }, { status: 200 }];

async function setup(per: 'inbox' | 'delivery') {
  const r = await startReceiver();
  cores.push(r.core);
  const inbox = await r.core.call('inboxes.create', {
    slug: 'seq',
    rules: [{ name: 'Flaky', match: { path: '/hook' }, action: { type: 'sequence', steps, per } }],
  });
  return { ...r, ruleId: inbox.rules[0].id };
}

const post = (base: string, id?: string, path = '/hook') =>
  send(`${base}/seq${path}`, { headers: id ? { 'webhook-id': id } : {}, body: '{}' }).then((r) => r.status);

describe('sequence rules', () => {
  it('show the next step, count only matching requests, reset to step 1, and keep their place when unrelated settings are saved', async () => {
    const { core, base, ruleId } = await setup('inbox');
    const state = async () => (await core.call('inboxes.sequences', { slug: 'seq' })).items[0];
    expect(await state()).toMatchObject({ ruleId, name: 'Flaky', per: 'inbox', steps: 3, served: 0, nextStep: 1, nextStatus: 500, deliveries: [] });
    expect(await post(base)).toBe(500);
    await post(base, undefined, '/ping'); // a stray request elsewhere does not move it
    expect(await state()).toMatchObject({ served: 1, nextStep: 2, nextStatus: 500 });
    // Saving the name (rules untouched) keeps the place; the detail says which step answered.
    await core.call('inboxes.update', { slug: 'seq', name: 'Renamed' });
    expect(await post(base)).toBe(500);
    expect(await state()).toMatchObject({ served: 2, nextStep: 3, nextStatus: 200 });
    const [last] = (await core.call('requests.list', { inbox: 'seq' })).items;
    expect((await core.call('requests.get', { id: last.id })).response.step).toEqual({ step: 2, of: 3 });
    expect(await post(base)).toBe(200);
    expect(await post(base)).toBe(200); // repeat-last
    expect(await state()).toMatchObject({ served: 4, nextStep: 3 });

    const reset = await core.call('inboxes.resetSequence', { slug: 'seq', ruleId });
    expect(reset.items[0]).toMatchObject({ served: 0, nextStep: 1 });
    expect(await post(base)).toBe(500);

    // Changing the steps restarts it.
    await core.call('inboxes.update', { slug: 'seq', rules: [{ id: ruleId, name: 'Flaky', match: { path: '/hook' }, action: { type: 'sequence', steps: [{ status: 503 }, { status: 200 }] } }] });
    expect(await state()).toMatchObject({ served: 0, nextStep: 1, nextStatus: 503, steps: 2 });
  });

  it('per delivery id: each delivery walks 500, 500, 200 on its own; requests without an id share the inbox position', async () => {
    const { core, base, ruleId } = await setup('delivery');
    const got: Record<string, number[]> = { a: [], b: [] };
    for (let i = 0; i < 3; i++) {
      got.a.push(await post(base, 'msg_a'));
      got.b.push(await post(base, 'msg_b'));
    }
    expect(got).toEqual({ a: [500, 500, 200], b: [500, 500, 200] });
    expect(await post(base, 'msg_c')).toBe(500);
    expect(await post(base)).toBe(500); // no id: the inbox-wide position
    let s = (await core.call('inboxes.sequences', { slug: 'seq' })).items[0];
    expect(s).toMatchObject({ per: 'delivery', served: 1, nextStep: 2, deliveriesTracked: 3 });
    expect(s.deliveries).toEqual([
      { deliveryId: 'msg_c', served: 1, nextStep: 2, nextStatus: 500 },
      { deliveryId: 'msg_b', served: 3, nextStep: 3, nextStatus: 200 },
      { deliveryId: 'msg_a', served: 3, nextStep: 3, nextStatus: 200 },
    ]);
    // Reset one delivery: it starts over, the others keep their place.
    s = (await core.call('inboxes.resetSequence', { slug: 'seq', ruleId, deliveryId: 'msg_a' })).items[0];
    expect(s.deliveries.map((d) => d.deliveryId)).toEqual(['msg_c', 'msg_b']);
    expect(await post(base, 'msg_a')).toBe(500);
    expect(await post(base, 'msg_b')).toBe(200);
    // Reset all of the rule (every delivery and the inbox-wide position).
    s = (await core.call('inboxes.resetSequence', { slug: 'seq' })).items[0];
    expect(s).toMatchObject({ served: 0, deliveriesTracked: 0, deliveries: [] });
    expect(await post(base, 'msg_b')).toBe(500);
  });

  it('refuses bad input and says what is missing, changing nothing', async () => {
    const { core, base } = await setup('inbox');
    await post(base);
    for (const input of [
      { slug: 'seq', ruleId: 'nope' },
      { slug: 'nosuch' },
      { slug: 'Bad Slug' },
      { slug: 'seq', ruleId: '' },
      { slug: 'seq', deliveryId: 'x'.repeat(501) },
      { slug: 'seq', extra: true },
    ]) {
      const r = await core.invoke('inboxes.resetSequence', input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
    }
    const missing = await core.invoke('inboxes.resetSequence', { slug: 'seq', ruleId: 'nope' });
    expect(missing.ok ? null : missing.error.message).toMatch(/no enabled sequence rule "nope"/);
    expect((await core.invoke('inboxes.sequences', { slug: 'nosuch' })).ok).toBe(false);
    expect((await core.call('inboxes.sequences', { slug: 'seq' })).items[0].served).toBe(1);
    expect((await core.invoke('inboxes.update', { slug: 'seq', rules: [{ action: { type: 'sequence', steps, per: 'everyone' } }] })).ok).toBe(false);
  });

  it(`keeps at most ${MAX_TRACKED_DELIVERIES} delivery ids per rule, forgetting the oldest`, () => {
    const rule = ResponseRule.parse({ id: 'r', action: { type: 'sequence', steps, per: 'delivery' } }) as ResponseRule & { id: string };
    const set = new RuleSet([rule], answerFromSpec({ status: 200, headers: [], body: '', delayMs: 0 }, null));
    const req = (deliveryId: string) => set.pick({ method: 'POST', path: '/', rawHeaders: [], body: Buffer.alloc(0), deliveryId }).status;
    expect(req('first')).toBe(500);
    for (let i = 0; i < MAX_TRACKED_DELIVERIES; i++) req(`d${i}`);
    expect(set.sequences()[0].deliveriesTracked).toBe(MAX_TRACKED_DELIVERIES);
    expect(set.sequences()[0].deliveries).toHaveLength(20);
    expect(req('first')).toBe(500); // forgotten: starts over
    expect(req(`d${MAX_TRACKED_DELIVERIES - 1}`)).toBe(500); // still tracked: second step
    expect(req(`d${MAX_TRACKED_DELIVERIES - 1}`)).toBe(200);
  });
});
