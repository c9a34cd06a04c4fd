/** Throwaway: screenshots of the Overview at 960x600 and 1320x860, light and dark, with real data. */
import { launchBrowser } from '../test/e2e/helpers/browser';
import { startServe } from '../test/e2e/helpers/serve';
import { seedOverview } from './overview-seed';

const out = process.argv[2] ?? '/tmp/ov';

async function main() {
const served = await startServe();
const browser = await launchBrowser();
try {
  await seedOverview(served.call, served.receiverUrl!, served.dataDir);
  // Signed traffic for the inbox half.
  for (let i = 0; i < 12; i++)
    await fetch(`${served.receiverUrl}/default/direct`, {
      method: 'POST',
      headers: { 'webhook-id': i % 4 === 0 ? 'dup' : `m${i}`, 'content-type': 'application/json' },
      body: '{}',
    });
  await new Promise((r) => setTimeout(r, 3000));
  for (const [w, h] of [
    [960, 600],
    [1320, 860],
  ]) {
    for (const scheme of ['light', 'dark'] as const) {
      const ctx = await browser.newContext({ viewport: { width: w, height: h }, colorScheme: scheme });
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.error('pageerror', e.message));
      await page.goto(served.uiUrl);
      await page.getByRole('link', { name: 'Overview' }).click();
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      await page.getByRole('radio', { name: '24 h' }).click();
      await page.waitForTimeout(1200);
      await page.screenshot({ path: `${out}-d-${w}-${scheme}.png` });
      await page.locator('.area-body').evaluate((el) => el.scrollTo(0, 10_000));
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${out}-d-${w}-${scheme}-bottom.png` });
      await page.getByRole('radio', { name: 'Inboxes' }).click();
      await page.waitForTimeout(1000);
      await page.screenshot({ path: `${out}-i-${w}-${scheme}.png` });
      await page.getByRole('radio', { name: 'Alerts' }).click();
      await page.waitForTimeout(800);
      await page.screenshot({ path: `${out}-a-${w}-${scheme}.png` });
      await page.getByRole('link', { name: 'Endpoints' }).click();
      await page.waitForTimeout(1200);
      await page.screenshot({ path: `${out}-e-${w}-${scheme}.png` });
      await page.getByRole('button', { name: 'More actions for CRM sync' }).click();
      await page.getByRole('menuitem', { name: 'Health & charts' }).click();
      await page.waitForTimeout(1200);
      await page.screenshot({ path: `${out}-h-${w}-${scheme}.png` });
      await ctx.close();
    }
  }
} finally {
  await browser.close();
  await served.stop();
}
}

void main();
