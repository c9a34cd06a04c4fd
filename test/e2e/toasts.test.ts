import type { Page } from 'playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { unreachable } from './helpers/reach';
import { useServedBrowser } from './helpers/served-browser';

/** Notices never cover the action a person is using, repeats are counted, and only a few show. */
const env = useServedBrowser();
const { ok } = env;
let page: Page;

beforeAll(async () => {
  const base = (await ok('receiver.status')).http.baseUrl;
  for (const name of ['One', 'Two', 'Three', 'Four'])
    await ok('endpoints.create', { name, url: `${base}/default/${name}`, topics: ['file.created'] });
  page = await env.browser.newPage({ viewport: { width: 960, height: 600 } });
});

describe('notices', () => {
  it('a send shows its result next to the Send button, which stays clickable for the next send', async () => {
    await page.goto(`${env.served.uiUrl}#/send`);
    const send = page.getByRole('button', { name: /^Send to 4 endpoints$/ });
    await send.waitFor();
    for (let i = 0; i < 3; i++) {
      await send.click();
      await page.getByRole('status').filter({ hasText: 'Queued 4 deliveries of file.created' }).waitFor();
      expect(await unreachable(send, { scroll: false })).toBeNull();
      expect(
        await unreachable(page.getByRole('button', { name: 'View in Deliveries' }), { scroll: false }),
      ).toBeNull();
    }
    // The result is beside the button, not in a notice.
    expect(await page.locator('.toast').count()).toBe(0);
    const [line, button] = await Promise.all([
      page.getByRole('status').filter({ hasText: 'Queued' }).boundingBox(),
      send.boundingBox(),
    ]);
    expect(Math.abs(line!.y + line!.height / 2 - (button!.y + button!.height / 2))).toBeLessThan(20);
  });

  it('repeats are counted, at most three show, and none covers a primary action', async () => {
    await page.goto(`${env.served.uiUrl}#/endpoints`);
    const ping = page.getByRole('button', { name: 'Ping One' });
    await ping.waitFor();
    for (let i = 0; i < 3; i++) await ping.click();
    // Six notices in a row: only the newest three show.
    for (const name of ['Two', 'Three', 'Four'])
      await page.getByRole('button', { name: `Ping ${name}` }).click();
    await expect.poll(() => page.locator('.toast').count()).toBeGreaterThan(0);
    expect(await page.locator('.toast').count()).toBeLessThanOrEqual(3);
    for (const name of ['Add endpoint', 'Ping One', 'Ping Four', 'More actions for Four'])
      expect(
        await unreachable(page.getByRole('button', { name, exact: true }), { scroll: false }),
        name,
      ).toBeNull();

    // The same notice twice is one notice with a count.
    await page.getByRole('button', { name: 'More actions for One' }).click();
    await page.getByRole('menuitem', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume One' }).click();
    await page.getByRole('button', { name: 'More actions for One' }).click();
    await page.getByRole('menuitem', { name: 'Pause' }).click();
    await expect
      .poll(() => page.locator('.toast').filter({ hasText: '“One” is paused' }).textContent())
      .toMatch(/×2/);
    expect(await page.locator('.toast').filter({ hasText: '“One” is paused' }).count()).toBe(1);

    // A dialog's own buttons stay clear of notices.
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add endpoint' });
    await dialog.waitFor();
    expect(await page.locator('.toast').count()).toBeGreaterThan(0);
    for (const name of ['Add endpoint', 'Cancel'])
      expect(
        await unreachable(dialog.getByRole('button', { name, exact: true }), { scroll: false }),
        name,
      ).toBeNull();
  });
});
