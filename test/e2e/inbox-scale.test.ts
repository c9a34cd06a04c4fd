import { Agent, request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

/**
 * The inspector with 100,000 requests in one inbox: virtualized rows, keyset pages, live arrivals.
 * How fast (first rows, frames, opening a request, live latency) is `npm run bench:ui`'s business.
 */

const COUNT = Number(process.env.HOOKBENCH_SCALE_COUNT ?? 100_000);
const env = useServedBrowser();
let receiver: string;

beforeAll(async () => {
  receiver = (await env.served.call('receiver.status')).body.baseUrls[0];
  const agent = new Agent({ connections: 32, pipelining: 1 });
  let next = 0;
  const worker = async () => {
    while (next < COUNT) {
      const i = next++;
      const res = await request(`${receiver}/default/events/${i}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"seq":${i},"kind":"scale"}`,
        dispatcher: agent,
      });
      await res.body.dump();
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  await agent.close();
}, 600_000);
describe(`inspector with ${COUNT.toLocaleString()} requests`, () => {
  it('renders only the visible rows, pages on scroll, and still shows new requests live', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = trackErrors(page);
    await page.goto(`${env.served.uiUrl}#/inbox/default`);
    const list = page.getByRole('listbox', { name: 'Captured requests' });
    await list.getByRole('option').first().waitFor();
    await page
      .getByTestId('request-count')
      .filter({ hasText: `${COUNT.toLocaleString('en-US')} requests` })
      .waitFor();
    // Virtualized: a few dozen rows in the DOM, whatever the inbox holds.
    expect(await list.getByRole('option').count()).toBeLessThan(60);

    // Scrolling to the end of what is loaded fetches the next page (keyset, "before").
    for (let i = 0; i < 5; i++) {
      await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
      await page.waitForTimeout(150);
    }
    await expect.poll(() => page.getByTestId('request-count').textContent()).toMatch(/[\d,]+ loaded/);
    const loaded = Number(
      (await page.getByTestId('request-count').textContent())!.match(/([\d,]+) loaded/)![1].replace(/,/g, ''),
    );
    expect(loaded).toBeGreaterThanOrEqual(600);
    expect(await list.getByRole('option').count()).toBeLessThan(60);

    // New requests still show up on top, live.
    await list.evaluate((el) => (el.scrollTop = 0));
    await fetch(`${receiver}/default/after-the-flood`, { method: 'POST', body: '{}' });
    await list.getByRole('option', { name: /after-the-flood/ }).waitFor({ timeout: 3000 });
    await expect
      .poll(() => page.getByTestId('request-count').textContent())
      .toContain(`${(COUNT + 1).toLocaleString('en-US')} requests`);
    expect(errors).toEqual([]);
  }, 120_000);
});
