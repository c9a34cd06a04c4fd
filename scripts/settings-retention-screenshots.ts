/** Throwaway: Settings → Delivery (retention) at 960x600 and 1320x860, light and dark. */
import { launchBrowser } from '../test/e2e/helpers/browser';
import { startServe } from '../test/e2e/helpers/serve';

const out = process.argv[2] ?? '/tmp/settings';

async function main() {
  const served = await startServe();
  const browser = await launchBrowser();
  try {
    await served.call('settings.update', { deliveriesKeepCount: 100000, deliveriesKeepDays: 30 });
    for (const [w, h] of [
      [960, 600],
      [1320, 860],
    ]) {
      for (const scheme of ['light', 'dark'] as const) {
        const ctx = await browser.newContext({ viewport: { width: w, height: h }, colorScheme: scheme });
        const page = await ctx.newPage();
        page.on('pageerror', (e) => console.error('pageerror', e.message));
        await page.goto(served.uiUrl);
        await page.getByRole('link', { name: 'Settings' }).click();
        const field = page.getByRole('spinbutton', { name: 'Days to keep deliveries' });
        await field.scrollIntoViewIfNeeded();
        await page.waitForTimeout(400);
        await page.screenshot({ path: `${out}-${w}-${scheme}.png` });
        await ctx.close();
      }
    }
  } finally {
    await browser.close();
    await served.stop();
  }
}

void main();
