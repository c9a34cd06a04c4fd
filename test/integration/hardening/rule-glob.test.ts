import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore } from '../../helpers/temp-core';

/**
 * A rule's path glob is matched on every captured request, on the thread that also serves the
 * API: a pattern that makes a backtracking regex run for minutes must answer at once, and an
 * oversized pattern is refused when saved.
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

describe('rule path globs', () => {
  it('a catastrophic-backtracking pattern neither freezes the receiver nor the API', { timeout: 10_000 }, async () => {
    await core.call('inboxes.update', {
      slug: 'default',
      rules: [{ match: { path: '/' + '*a'.repeat(18) + '*b' }, action: { type: 'respond', status: 418, body: 'teapot' } }],
    });
    const path = '/' + 'a'.repeat(48);
    const [miss, info] = await Promise.all([fetch(`${base}/default${path}`, { method: 'POST', body: '{}' }), core.call('app.info')]);
    expect(miss.status).toBe(200); // the fallback answer: the rule does not match
    expect(info.name).toBe('Hookbench');
    expect((await fetch(`${base}/default${path}b`, { method: 'POST', body: '{}' })).status).toBe(418);
  });

  it('refuses a pattern longer than the cap with invalid_input naming the field, and changes nothing', async () => {
    const before = (await core.call('inboxes.list')).items.find((i) => i.slug === 'default');
    const res = await core.invoke('inboxes.update', { slug: 'default', rules: [{ match: { path: '*'.repeat(5000) }, action: { type: 'hang' } }] });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('invalid_input');
    expect(JSON.stringify(res.error.issues)).toMatch(/path/);
    expect((await core.call('inboxes.list')).items.find((i) => i.slug === 'default')).toEqual(before);
  });
});
