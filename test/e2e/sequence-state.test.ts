import type { Page } from 'playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

/** Issue 9 item 8 in Chromium: a sequence rule shows its position live, per delivery id, and resets. */

const env = useServedBrowser();
let receiver: string;
let page: Page;
let errors: string[];

beforeAll(async () => {
  receiver = (await env.served.call('receiver.status')).body.baseUrls[0];
  page = await (await env.browser.newContext({ viewport: { width: 960, height: 600 } })).newPage();
  errors = trackErrors(page);
});
const post = (id: string) => fetch(`${receiver}/flaky/hook`, { method: 'POST', headers: { 'webhook-id': id }, body: '{}' }).then((r) => r.status);

describe('sequence state in the inbox settings', () => {
  it('shows "step n of 3" per delivery id as requests arrive, and Reset starts a delivery over', async () => {
    const created = await env.served.call('inboxes.create', {
      slug: 'flaky',
      name: 'Flaky',
      rules: [{ name: 'Fail twice', action: { type: 'sequence', per: 'delivery', steps: [{ status: 500 }, { status: 500 }, { status: 200 }] } }],
    });
    const ruleId = created.body.rules[0].id;
    expect(await post('msg_1')).toBe(500);
    await page.goto(`${env.served.uiUrl}#/inbox/flaky`);
    await page.getByRole('button', { name: 'Inbox settings' }).click();
    const status = page.getByTestId('sequence-status-1');
    await status.scrollIntoViewIfNeeded();
    await expect.poll(() => status.innerText()).toMatch(/msg_1\s*next step 2 of 3 \(500\)/);
    // Live: a second delivery and a repeat of the first show up without reopening.
    expect(await post('msg_2')).toBe(500);
    expect(await post('msg_1')).toBe(500);
    await expect.poll(() => status.innerText()).toMatch(/msg_1\s*next step 3 of 3 \(200\)[\s\S]*msg_2\s*next step 2 of 3/);
    expect(await status.innerText()).toMatch(/2 tracked/);
    await page.getByRole('button', { name: 'Restart the sequence for delivery msg_1' }).click();
    await expect.poll(() => status.innerText()).not.toMatch(/msg_1/);
    expect(await post('msg_1')).toBe(500);
    const state = await env.served.call('inboxes.sequences', { slug: 'flaky' });
    expect(state.body.items[0].deliveries.map((d: { deliveryId: string; nextStep: number }) => [d.deliveryId, d.nextStep])).toEqual([
      ['msg_1', 2],
      ['msg_2', 2],
    ]);
    await page.getByRole('button', { name: 'Reset all' }).click();
    await expect.poll(() => status.innerText()).toMatch(/0 tracked/);
    // Bad input through the host: an unknown rule is refused with a reason.
    const bad = await env.served.call('inboxes.resetSequence', { slug: 'flaky', ruleId: 'nope' });
    expect(bad.status).toBe(404);
    expect((await env.served.call('inboxes.resetSequence', { slug: 'flaky', ruleId })).status).toBe(200);
    expect(errors).toEqual([]);
  });
});
