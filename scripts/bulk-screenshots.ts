/** Throwaway: the inbox list and delivery log multi-select at 960x600 and 1320x860, light and dark, with real data. */
import { launchBrowser } from '../test/e2e/helpers/browser';
import { startServe } from '../test/e2e/helpers/serve';

const out = process.argv[2] ?? '/tmp/bulk';

async function main() {
  const served = await startServe();
  const browser = await launchBrowser();
  try {
    await served.call('inboxes.create', { slug: 'shop' });
    for (let i = 0; i < 260; i++)
      await fetch(`${served.receiverUrl}/shop/${i % 4 === 0 ? 'orders' : 'users'}/${i}?page=${i % 3}`, {
        method: i % 5 === 0 ? 'PUT' : 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': `msg_${i}` },
        body: JSON.stringify({ i, note: 'hello' }),
      });
    const ep = await served.call('endpoints.create', {
      name: 'Shop consumer',
      url: `${served.receiverUrl}/shop/consumer`,
      topics: ['*'],
      retry: { delays: [] },
    });
    void ep;
    const held = await served.call('endpoints.create', { name: 'Held', url: 'http://127.0.0.1:9/x', topics: ['order.*'] });
    await served.call('endpoints.pause', { id: held.body.id });
    for (let i = 0; i < 30; i++) await served.call('events.send', { topic: i % 2 ? 'order.created' : 'user.created', payload: { n: i } });
    await new Promise((r) => setTimeout(r, 2500));
    for (const [w, h] of [
      [960, 600],
      [1320, 860],
    ]) {
      for (const scheme of ['light', 'dark'] as const) {
        const ctx = await browser.newContext({ viewport: { width: w, height: h }, colorScheme: scheme });
        const page = await ctx.newPage();
        page.on('pageerror', (e) => console.error('pageerror', e.message));
        await page.goto(served.uiUrl.replace('?', '?') + '#/inbox/shop');
        await page.locator('.req-row').first().waitFor();
        await page.waitForTimeout(500);
        const ticks = page.locator('.req-tick');
        await ticks.nth(1).click();
        await ticks.nth(4).click({ modifiers: ['Shift'] });
        await page.waitForTimeout(300);
        await page.screenshot({ path: `${out}-inbox-${w}-${scheme}.png` });
        await page.getByRole('checkbox', { name: 'Select all loaded requests' }).check();
        await page.getByRole('button', { name: /^Select all \d+/ }).click();
        await page.getByRole('button', { name: 'Delete…' }).click();
        await page.waitForTimeout(300);
        await page.screenshot({ path: `${out}-inbox-confirm-${w}-${scheme}.png` });
        await page.keyboard.press('Escape');
        await page.getByRole('link', { name: 'Deliveries' }).click();
        await page.locator('.dl-row').first().waitFor();
        await page.locator('.dl-check').nth(1).click();
        await page.locator('.dl-check').nth(3).click({ modifiers: ['Shift'] });
        await page.waitForTimeout(300);
        await page.screenshot({ path: `${out}-deliveries-${w}-${scheme}.png` });
        await page.getByRole('button', { name: 'Cancel…' }).click();
        await page.waitForTimeout(300);
        await page.screenshot({ path: `${out}-deliveries-confirm-${w}-${scheme}.png` });
        await page.keyboard.press('Escape');
        await ctx.close();
      }
    }
  } finally {
    await browser.close();
    await served.stop();
  }
}

void main();
