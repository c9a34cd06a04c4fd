import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

/**
 * Issue 9 item 6 in Chromium against the real headless host: a delivery sent to one of this
 * Hookbench's inboxes and the request that inbox captured link to each other. The request's
 * overview opens the delivery (its delivery id is the webhook id the request carried); the
 * delivery's attempt opens the captured request. A request carrying an id this Hookbench never
 * sent gets no link.
 */

const env = useServedBrowser();
const { ok } = env;

async function until<T>(f: () => Promise<T | null>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await f();
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

describe('deliveries and captured requests link both ways', () => {
  let page: Page;

  it('opens the delivery from the captured request and the captured request from the attempt', async () => {
    await ok('inboxes.create', { slug: 'shop', name: 'Shop' });
    const ep = await ok('endpoints.create', {
      name: 'Shop inbox',
      url: `${env.served.receiverUrl}/shop/hooks`,
      topics: ['order.*'],
      retry: { delays: [] },
    });
    const deliveryId = (await ok('events.send', { topic: 'order.created', payload: { order: 7 }, endpointIds: [ep.id] }))
      .deliveryIds[0] as string;
    const captured = await until(async () => (await ok('requests.findByDeliveryId', { deliveryId })).items[0] ?? null);
    expect(captured.inbox).toBe('shop');
    await until(async () => ((await ok('deliveries.get', { id: deliveryId })).status === 'succeeded' ? true : null));
    // A request with a delivery id this Hookbench never sent: no delivery to open.
    const foreign = await fetch(`${env.served.receiverUrl}/shop/elsewhere`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_from_someone_else' },
      body: '{"order":8}',
    });
    expect(foreign.status).toBeLessThan(300);
    expect((await ok('deliveries.find', { id: 'msg_from_someone_else' })).delivery).toBeNull();

    page = await env.browser.newPage({ viewport: { width: 1320, height: 860 } });
    const errors = trackErrors(page);
    await page.goto(env.served.uiUrl + '#/inbox/shop');
    const rows = page.getByRole('listbox', { name: 'Captured requests' }).getByRole('option');
    await expect.poll(() => rows.count()).toBe(2);

    // The foreign request shows its delivery id and no link.
    await rows.filter({ hasText: '/elsewhere' }).click();
    await page.getByRole('tab', { name: 'Overview' }).click();
    await expect.poll(() => page.locator('.overview').textContent()).toContain('msg_from_someone_else');
    await page.waitForTimeout(300);
    expect(await page.getByRole('button', { name: 'Open delivery' }).count()).toBe(0);

    // The request the delivery produced opens that delivery in the Deliveries screen.
    await rows.filter({ hasText: '/hooks' }).click();
    await page.getByRole('tab', { name: 'Overview' }).click();
    await expect.poll(() => page.locator('.overview').textContent()).toContain(deliveryId);
    await page.getByRole('button', { name: 'Open delivery' }).click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/deliveries/${deliveryId}`);
    await expect.poll(() => page.locator('.dd-facts').textContent()).toContain(deliveryId);
    await page.getByRole('button', { name: /Attempt 1/ }).waitFor();

    // Its attempt opens the captured request in the inbox.
    const open = page.getByRole('button', { name: `Open captured request #${captured.number}` });
    await open.click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/inbox/shop/${captured.id}`);
    await expect.poll(() => page.locator('.overview').textContent()).toContain(deliveryId);
    expect(await rows.filter({ hasText: '/hooks' }).getAttribute('aria-selected')).toBe('true');
    expect(errors).toEqual([]);
    await page.close();
  });
});
