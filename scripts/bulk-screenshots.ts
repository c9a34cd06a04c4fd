/** Throwaway: the inbox list and delivery log multi-select at 960x600 and 1320x860, light and dark, with real data. */
import { launchBrowser } from '../test/e2e/helpers/browser';
import { startServe } from '../test/e2e/helpers/serve';
import path from 'node:path';
import type { Page } from 'playwright';

const AXE = path.resolve(import.meta.dirname, '../node_modules/axe-core/axe.min.js');

/** axe-core's serious and critical findings on the page as it is. */
async function audit(page: Page, where: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: AXE });
  await page.waitForTimeout(150);
  interface Violation {
    id: string;
    impact: string;
    nodes: { target: string[] }[];
  }
  const found: string[] = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(doc: unknown, o: unknown): Promise<{ violations: Violation[] }> } }).axe;
    const r = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  console.log(`axe ${where}: ${found.length ? found.join('\n  ') : 'clean'}`);
}

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
        const ctx = await browser.newContext({ viewport: { width: w, height: h }, colorScheme: scheme, bypassCSP: true });
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
        await audit(page, `inbox ticked ${w} ${scheme}`);
        await page.getByRole('checkbox', { name: 'Select all loaded requests' }).check();
        await page.getByRole('button', { name: /^Select all \d+/ }).click();
        await page.getByRole('button', { name: 'Delete…' }).click();
        await page.waitForTimeout(300);
        await page.screenshot({ path: `${out}-inbox-confirm-${w}-${scheme}.png` });
        await audit(page, `inbox confirm ${w} ${scheme}`);
        await page.keyboard.press('Escape');
        await page.getByRole('link', { name: 'Deliveries' }).click();
        await page.locator('.dl-row').first().waitFor();
        await page.locator('.dl-check').nth(1).click();
        await page.locator('.dl-check').nth(3).click({ modifiers: ['Shift'] });
        await page.waitForTimeout(300);
        await page.screenshot({ path: `${out}-deliveries-${w}-${scheme}.png` });
        await audit(page, `deliveries ticked ${w} ${scheme}`);
        await page.getByRole('button', { name: 'Cancel…' }).click();
        await page.waitForTimeout(300);
        await page.screenshot({ path: `${out}-deliveries-confirm-${w}-${scheme}.png` });
        await page.keyboard.press('Escape');
        await page.getByLabel('Since', { exact: true }).selectOption({ label: 'A time…' });
        await page.waitForTimeout(400);
        await page.screenshot({ path: `${out}-since-${w}-${scheme}.png` });
        await audit(page, `deliveries since a time ${w} ${scheme}`);
        await ctx.close();
      }
    }
  } finally {
    await browser.close();
    await served.stop();
  }
}

void main();
