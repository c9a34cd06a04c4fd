import type { Page } from 'playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

/** "Try the loop": send → fail → retry → succeed → verified, offline, then removed in one click. */
const env = useServedBrowser();
const { ok } = env;
let page: Page;

beforeAll(async () => {
  page = await env.browser.newPage({ viewport: { width: 960, height: 600 } });
});

describe('demo workspace', () => {
  it('is offered on first launch, plays the whole loop in seconds and is removed in one click', async () => {
    const errors = trackErrors(page);
    await page.goto(env.served.uiUrl);
    await page.getByRole('button', { name: 'Try the loop' }).click();
    await expect
      .poll(() => page.evaluate(() => location.hash), { timeout: 10_000 })
      .toContain('try-the-loop');

    // The inbox answered 500, 500, then 200 to one delivery, each signed and verified.
    await expect
      .poll(async () => (await ok('requests.list', { inbox: 'try-the-loop' })).items.length, {
        timeout: 30_000,
      })
      .toBe(3);
    const items = (await ok('requests.list', { inbox: 'try-the-loop' })).items.reverse();
    expect(items.map((i: { answer: { status: number } }) => i.answer.status)).toEqual([500, 500, 200]);
    expect(items.map((i: { signature: { status: string } }) => i.signature.status)).toEqual([
      'valid',
      'valid',
      'valid',
    ]);
    const deliveries = (await ok('deliveries.list', {})).items;
    expect(deliveries).toHaveLength(1);
    await expect
      .poll(async () => (await ok('deliveries.list', {})).items[0].status, { timeout: 10_000 })
      .toBe('succeeded');
    expect((await ok('settings.get')).dispatchTimeCompression).toBe(10);
    // The list shows them as they came.
    await expect.poll(() => page.getByTestId('request-count').textContent()).toContain('3 requests');
    // The sender's retries of one delivery are "retry", not a "dup" warning.
    await expect.poll(() => page.locator('.req-row .badge').filter({ hasText: /^\s*retry$/ }).count()).toBe(2);
    expect(await page.locator('.req-row .badge').filter({ hasText: /^\s*dup$/ }).count()).toBe(0);

    await page.goto(`${env.served.uiUrl}#/settings`);
    await page.reload();
    await page.getByRole('button', { name: 'Remove the demo' }).click();
    await page.getByRole('button', { name: /Remove/ }).waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await ok('inboxes.list')).items.map((i: { slug: string }) => i.slug))
      .not.toContain('try-the-loop');
    expect((await ok('endpoints.list')).items).toHaveLength(0);
    expect((await ok('deliveries.list', {})).items).toHaveLength(0);
    // The time compression goes back too (the last step of the removal).
    await expect.poll(async () => (await ok('settings.get')).dispatchTimeCompression).toBe(1);
    expect(errors).toEqual([]);
  });
});
