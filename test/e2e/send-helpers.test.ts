import { describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

const env = useServedBrowser();

describe('Send and Endpoints helpers', () => {
  it('adds an event type from the Send screen, sends it, and deletes it', async () => {
    const page = await env.browser.newPage();
    const errors = trackErrors(page);
    await page.goto(`${env.served.uiUrl}#/send`);
    await page.getByRole('option').first().waitFor();

    await page.getByRole('button', { name: 'New', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Event topic').fill('invoice.paid');
    await dialog.getByLabel('Event description').fill('An invoice was paid');
    // A sample that is not JSON is refused with its position, and nothing is created.
    const editor = dialog.getByLabel('Sample payload');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('{"amount": 12,');
    await dialog.getByRole('button', { name: 'Add event' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/line 1/);
    expect((await env.served.call('catalog.get', { topic: 'invoice.paid' })).status).toBe(404);

    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('{"amount": 12, "currency": "EUR"}');
    await dialog.getByRole('button', { name: 'Add event' }).click();
    await expect.poll(() => dialog.count()).toBe(0);

    const created = await env.served.call('catalog.get', { topic: 'invoice.paid' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ topic: 'invoice.paid', builtin: false, description: 'An invoice was paid' });
    expect(JSON.parse(created.body.sample)).toEqual({ amount: 12, currency: 'EUR' });
    const custom = page.getByRole('listbox', { name: 'Custom events' });
    await custom.getByRole('option', { name: /invoice\.paid/ }).waitFor();

    // It can be sent like any catalog event: the sample goes out as the payload.
    const sent = await env.served.call('events.send', { topic: 'invoice.paid' });
    expect(sent.status).toBe(200);

    await custom.getByRole('option', { name: /invoice\.paid/ }).hover();
    await page.getByRole('button', { name: 'Delete invoice.paid' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete event type' }).click();
    await expect.poll(async () => (await env.served.call('catalog.get', { topic: 'invoice.paid' })).status).toBe(404);
    await expect.poll(() => custom.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("offers Hookbench's own inboxes as endpoint URLs", async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.served.uiUrl}#/endpoints`);
    await page.getByRole('button', { name: /Add endpoint/ }).first().click();
    await page.getByLabel('Deliver to a local inbox').selectOption('default');
    const status = (await env.served.call('receiver.status')).body;
    await expect.poll(() => page.getByRole('textbox', { name: 'URL' }).inputValue()).toBe(`${status.http.baseUrl}/default/webhooks`);
    await page.close();
  });
});
