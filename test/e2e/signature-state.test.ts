import crypto from 'node:crypto';
import type { Page } from 'playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

/**
 * Issue 9 item 7 in Chromium: "Open in Signature lab" keeps the inbox's secret, an incomplete lab
 * check says what is missing, and a local inbox follows its endpoint's secret rotation.
 */

const env = useServedBrowser();
let receiver: string;
let page: Page;
let errors: string[];

beforeAll(async () => {
  receiver = (await env.served.call('receiver.status')).body.baseUrls[0];
  page = await (await env.browser.newContext({ viewport: { width: 1320, height: 860 } })).newPage();
  errors = trackErrors(page);
});
const sign = (secret: string, body: string) => `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
const verdict = () => page.getByTestId('verdict');

describe('signature state in words that match', () => {
  it('"Open in Signature lab" checks with the inbox\'s secret: valid at once, nothing to type', async () => {
    await env.served.call('inboxes.create', { slug: 'gh', name: 'GitHub', verify: { scheme: 'github', secrets: ['inbox-secret-1'] } });
    const body = '{"action":"opened"}';
    await fetch(`${receiver}/gh/hook`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Hub-Signature-256': sign('inbox-secret-1', body) }, body });
    const [item] = (await env.served.call('requests.list', { inbox: 'gh' })).body.items;
    expect(item.signature.status).toBe('valid');
    await page.goto(`${env.served.uiUrl}#/inbox/gh/${item.id}`);
    await page.getByRole('tab', { name: /Signature/ }).click();
    await page.getByRole('button', { name: 'Open in Signature lab' }).click();
    await expect.poll(() => verdict().getAttribute('data-status')).toBe('valid');
    expect(await page.getByRole('textbox', { name: /Secret/ }).first().inputValue()).toBe('inbox-secret-1');
  });

  it('a lab check without a secret says it is missing instead of a red "Invalid signature"', async () => {
    await page.goto(`${env.served.uiUrl}#/signatures`);
    await page.reload();
    await expect.poll(() => verdict().getAttribute('data-status')).toBe('none'); // nothing typed: no error
    await page.getByRole('textbox', { name: 'Headers' }).fill('X-Hub-Signature-256: sha256=abc');
    await expect.poll(() => verdict().getAttribute('data-status')).toBe('missing');
    expect(await verdict().innerText()).toMatch(/Not checked yet[\s\S]*the secret: the Secret field is empty/);
    expect(await page.getByText('Invalid signature').count()).toBe(0);
    // With the secret, the check runs (here: a wrong signature is invalid, with its reason).
    await page.getByRole('textbox', { name: /Secret/ }).first().fill('s');
    await expect.poll(() => verdict().getAttribute('data-status')).toBe('invalid');
  });

  it('rotating the secret of an endpoint that delivers to a local inbox moves that inbox to the new secret, keeping the old one', async () => {
    await env.served.call('inboxes.create', { slug: 'rot', name: 'Rotation' });
    const created = await env.served.call('endpoints.create', { name: 'Local', url: `${receiver}/rot/webhooks`, topics: ['*'], signing: { scheme: 'github' } });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const oldSecret = created.body.secret as string;
    await env.served.call('inboxes.update', { slug: 'rot', verify: { scheme: 'github', secrets: [oldSecret] } });
    await page.goto(`${env.served.uiUrl}#/endpoints`);
    await page.reload();
    await page.getByRole('button', { name: 'More actions for Local' }).click();
    await page.getByRole('menuitem', { name: 'Rotate secret…' }).click();
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const inbox = async () => (await env.served.call('inboxes.list')).body.items.find((i: { slug: string }) => i.slug === 'rot');
    await expect.poll(async () => (await inbox()).verify.secrets.length, { timeout: 10_000 }).toBe(2);
    const secrets = (await inbox()).verify.secrets as string[];
    expect(secrets[1]).toBe(oldSecret);
    expect(secrets[0]).not.toBe(oldSecret);
    // A delivery signed with the new secret is valid at the inbox.
    const body = '{"after":"rotation"}';
    await fetch(`${receiver}/rot/webhooks`, { method: 'POST', headers: { 'X-Hub-Signature-256': sign(secrets[0], body) }, body });
    const [item] = (await env.served.call('requests.list', { inbox: 'rot' })).body.items;
    expect(item.signature.status).toBe('valid');
    expect(errors).toEqual([]);
  });
});
