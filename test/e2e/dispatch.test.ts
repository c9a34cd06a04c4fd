import type { Page } from 'playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

/**
 * Issue 4's "Done when", in Chromium against the real headless host: create an endpoint pointing at
 * a local inbox of Hookbench's own receiver, send an event from the UI, and see it arrive in the
 * inbox with a valid signature.
 */

const env = useServedBrowser();
const { ok } = env;
/** The receiver's base URL: printed by serve, or asked for (receiver.status). */
let receiverUrl: string;

beforeAll(async () => {
  receiverUrl = env.served.receiverUrl ?? (await ok('receiver.status')).http.baseUrl;
});

async function createEndpointInUi(
  page: Page,
  opts: { name: string; url: string; topics: string[]; scheme: string },
) {
  await page.getByRole('link', { name: 'Endpoints' }).click();
  await page.getByRole('button', { name: 'Add endpoint' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add endpoint' });
  await dialog.getByLabel('Nickname').fill(opts.name);
  await dialog.getByLabel('URL').fill(opts.url);
  for (const t of opts.topics) {
    await dialog.getByLabel('Add a topic').fill(t);
    await dialog.getByLabel('Add a topic').press('Enter');
  }
  await dialog.getByLabel('Signature scheme').selectOption(opts.scheme);
  await dialog.getByRole('button', { name: 'Add endpoint' }).click();
  const reveal = page.getByRole('dialog', { name: 'Endpoint added' });
  await reveal.waitFor();
  expect(await reveal.textContent()).toContain('You won’t see it again');
  const secret = (await reveal.getByLabel('Signing secret').textContent())!.trim();
  await reveal.getByRole('button', { name: /I have saved it|Done/ }).click();
  await reveal.waitFor({ state: 'detached' });
  return secret;
}

describe('dispatch UI in the browser', () => {
  it('creates an endpoint at a local inbox, sends an event from the UI, and the inbox verifies its signature', async () => {
    expect(receiverUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    const slug = 'dispatch-e2e';
    await ok('inboxes.create', { slug, name: 'Dispatch e2e' });

    const page = await env.browser.newPage();
    const errors = trackErrors(page);
    await page.goto(env.served.uiUrl);

    const secret = await createEndpointInUi(page, {
      name: 'Local inbox',
      url: `${receiverUrl}/${slug}/hooks`,
      topics: ['transfer.*', 'file.created'],
      scheme: 'standard-webhooks',
    });
    expect(secret).toMatch(/^whsec_/);
    // The list shows it, active, and the API agrees.
    const row = page.getByRole('listitem', { name: 'Local inbox' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Active');
    const [endpoint] = (await ok('endpoints.list')).items;
    expect(endpoint).toMatchObject({
      name: 'Local inbox',
      topics: ['transfer.*', 'file.created'],
      state: 'active',
    });

    // Pointing the endpoint at a local inbox set that inbox up to verify its signatures.
    await expect
      .poll(async () => (await ok('inboxes.list')).items.find((i: { slug: string }) => i.slug === slug)?.verify)
      .toMatchObject({ scheme: 'standard-webhooks', secrets: [secret] });

    // Send transfer.completed from the Send event screen: catalog on the left, preview, Send.
    await page.getByRole('link', { name: 'Send event' }).click();
    await page.getByLabel('Search events').fill('transfer.completed');
    await page
      .getByRole('option', { name: /transfer\.completed/ })
      .first()
      .click();
    await expect.poll(() => page.getByLabel('Payload check').textContent()).toContain('Valid JSON');
    // The subscriber is listed and the preview shows the signature headers for it.
    await page.getByRole('list', { name: 'Subscribers' }).getByText('Local inbox').waitFor();
    const preview = page.getByRole('region', { name: 'Preview' });
    await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toContain('webhook-signature');
    expect(await preview.textContent()).toContain(`${receiverUrl}/${slug}/hooks`);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByText('Queued 1 delivery').first().waitFor();

    // It arrives in the inbox with a valid signature.
    await expect
      .poll(async () => (await ok('requests.list', { inbox: slug })).items.length, { timeout: 15_000 })
      .toBe(1);
    const [req] = (await ok('requests.list', { inbox: slug })).items;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/hooks');
    expect(req.signature).toMatchObject({ status: 'valid', scheme: 'standard-webhooks' });
    const detail = await ok('requests.get', { id: req.id });
    expect(JSON.parse(detail.body.text).event).toBe('transfer.completed');

    // The delivery shows as succeeded, with its attempt, in the Deliveries screen (live).
    await page.getByRole('button', { name: 'View in Deliveries' }).click();
    const list = page.getByRole('listbox', { name: 'Deliveries' });
    await list
      .getByRole('option', { name: /transfer\.completed.*to Local inbox.*Succeeded/ })
      .waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: /Attempt 1/ }).waitFor();
    expect(await page.getByLabel('Request headers').first().textContent()).toContain('webhook-signature');
    // The list shows that send's deliveries only (filtered by its event id).
    expect(await list.getByRole('option').count()).toBe(1);
    await page.getByText(/^event /).waitFor();

    // And in the Inbox screen, marked valid.
    await page.goto(`${env.served.uiUrl.replace(/\?.*$/, '')}#/inbox/${slug}`);
    await page.getByText('valid', { exact: true }).first().waitFor({ timeout: 10_000 });

    expect(errors).toEqual([]);
    await page.close();
  });

  it('pauses, resumes, pings and rotates from the endpoint list', async () => {
    const page = await env.browser.newPage();
    const errors = trackErrors(page);
    await page.goto(`${env.served.uiUrl}#/endpoints`);
    const row = page.getByRole('listitem', { name: 'Local inbox' });
    await row.waitFor();

    await row.getByRole('button', { name: 'More actions for Local inbox' }).click();
    await page.getByRole('menuitem', { name: 'Pause' }).click();
    await expect.poll(() => row.textContent()).toContain('Paused');
    await row.getByRole('button', { name: 'Resume Local inbox' }).click();
    await expect.poll(() => row.textContent()).toContain('Active');

    await row.getByRole('button', { name: 'Ping Local inbox' }).click();
    await expect
      .poll(async () => (await ok('deliveries.list', { topic: 'webhook.ping' })).items[0]?.status, {
        timeout: 15_000,
      })
      .toBe('succeeded');

    await row.getByRole('button', { name: 'More actions for Local inbox' }).click();
    await page.getByRole('menuitem', { name: 'Rotate secret…' }).click();
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const reveal = page.getByRole('dialog', { name: 'New signing secret' });
    await reveal.waitFor();
    expect(await reveal.getByLabel('Signing secret').textContent()).toMatch(/^whsec_/);
    expect(await reveal.textContent()).toContain('previous secret keeps signing');
    await page.keyboard.press('Escape');
    await reveal.waitFor({ state: 'detached' });

    // Edit: change the timeout, add a header and the retry policy; the API sees the change.
    await row.getByRole('button', { name: 'Local inbox' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Edit “Local inbox”' });
    await dialog.getByLabel('Timeout (seconds)', { exact: true }).fill('7');
    await dialog.getByRole('button', { name: 'Add header' }).click();
    await dialog.getByLabel('Header 1 name').fill('X-Env');
    await dialog.getByLabel('Header 1 value').fill('e2e');
    await dialog.getByRole('radio', { name: 'Custom' }).click();
    await dialog.getByLabel('Retry delays').fill('1, 5m');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    const [ep] = (await ok('endpoints.list')).items;
    expect(ep).toMatchObject({
      timeoutSeconds: 7,
      headers: [{ name: 'X-Env', value: 'e2e' }],
      retry: { delays: [1, 300] },
    });

    // Send test event: the sample of a chosen topic, to this endpoint only; the UI opens the delivery.
    await row.getByRole('button', { name: 'More actions for Local inbox' }).click();
    await page.getByRole('menuitem', { name: 'Send test event…' }).click();
    const test = page.getByRole('dialog', { name: 'Send a test event to “Local inbox”' });
    await test.getByLabel('Event type').selectOption('file.created');
    await test.getByRole('button', { name: 'Send test event' }).click();
    await page.getByRole('heading', { name: 'file.created' }).waitFor();
    await expect
      .poll(() => page.locator('.dd-title').textContent(), { timeout: 15_000 })
      .toContain('Succeeded');
    expect(errors).toEqual([]);
    await page.close();
  });
});
