import { describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

const env = useServedBrowser();
const { ok } = env;

describe('identity and time fields in the UI', () => {
  it('marks a custom event’s id and time fields, and the delivery and inbox show the values sent', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1320, height: 860 } });
    const errors = trackErrors(page);
    await page.goto(`${env.served.uiUrl}#/send`);
    await page.getByRole('option').first().waitFor();
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Event topic').fill('order.shipped');
    const editor = dialog.getByLabel('Sample payload');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('{"meta": {"id": "fixed", "at": 0}, "order": 7}');

    // A field the sample does not have is refused, inline and on save.
    await dialog.getByRole('button', { name: 'Mark a field' }).click();
    await dialog.getByLabel('Field 1 path').fill('meta.nope');
    await dialog.getByText('The sample has no field "meta.nope".').waitFor();
    await dialog.getByRole('button', { name: 'Add event' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/Identity field 1/);
    expect((await env.served.call('catalog.get', { topic: 'order.shipped' })).status).toBe(404);

    await dialog.getByLabel('Field 1 path').fill('meta.id');
    await dialog.getByRole('button', { name: 'Mark a field' }).click();
    await dialog.getByLabel('Field 2 path').fill('meta.at');
    await dialog.getByLabel('Field 2 value').selectOption('event.time');
    await dialog.getByLabel('Field 2 format').selectOption('epoch-ms');
    await dialog.getByRole('button', { name: 'Add event' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const entry = await ok('catalog.get', { topic: 'order.shipped' });
    expect(entry.identity).toEqual([
      { in: 'body', path: 'meta.id', role: 'event.id', format: 'uuid' },
      { in: 'body', path: 'meta.at', role: 'event.time', format: 'epoch-ms' },
    ]);

    // Sent to the local inbox: the delivery detail lists the values the inbox captured.
    await ok('inboxes.create', { slug: 'orders' });
    await ok('endpoints.create', {
      name: 'Orders inbox',
      url: `${env.served.receiverUrl}/orders`,
      topics: ['order.shipped'],
    });
    const sent = await ok('events.send', { topic: 'order.shipped' });
    let requestId: number | undefined;
    await expect
      .poll(async () => (requestId = (await ok('requests.list', { inbox: 'orders' })).items[0]?.id), {
        timeout: 10_000,
      })
      .toBeTruthy();
    const captured = await ok('requests.get', { id: requestId });
    const body = JSON.parse(captured.body.text);
    expect(body.meta.id).not.toBe('fixed');
    await page.goto(`${env.served.uiUrl.replace(/\?.*$/, '')}#/deliveries/${sent.deliveryIds[0]}`);
    await page.getByRole('heading', { name: 'Identity and time values' }).waitFor({ timeout: 10_000 });
    const table = page.locator('.dd-identity');
    await expect.poll(() => table.textContent()).toContain(body.meta.id);
    expect(await table.textContent()).toContain(String(body.meta.at));

    // Resend as a new delivery of the same event, then as a new event: the consumer sees the event
    // id kept, then a new one.
    const resend = async (item: RegExp, n: number) => {
      await page.getByRole('button', { name: 'More ways to resend' }).click();
      await page.getByRole('menuitem', { name: item }).click();
      await expect
        .poll(async () => (await ok('requests.list', { inbox: 'orders' })).items.length, { timeout: 10_000 })
        .toBe(n);
      const items = (await ok('requests.list', { inbox: 'orders' })).items;
      return JSON.parse((await ok('requests.get', { id: items[0].id })).body.text);
    };
    const sameEvent = await resend(/new delivery/, 2);
    expect(sameEvent.meta).toEqual(body.meta);
    expect((await ok('deliveries.list', { eventId: sent.eventId })).total).toBe(2);
    const newEvent = await resend(/new event/, 3);
    expect(newEvent.meta.id).not.toBe(body.meta.id);
    expect(errors).toEqual([]);
    await page.close();
  });
});
