import { createHmac } from 'node:crypto';
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

const env = useServedBrowser();

async function openLab(mode: 'verify' | 'sign' = 'verify'): Promise<{ page: Page; errors: string[] }> {
  const page = await env.browser.newPage();
  const errors = trackErrors(page);
  await page.goto(env.served.uiUrl);
  await page.getByRole('link', { name: 'Signature lab' }).click();
  await page.getByRole('heading', { name: 'Signature lab' }).waitFor();
  if (mode === 'sign') await page.getByRole('tab', { name: 'Sign' }).click();
  return { page, errors };
}

const verdict = (page: Page) => page.getByTestId('verdict');
const status = (page: Page) => verdict(page).getAttribute('data-status');

/** A raw HTTP request signed the way GitHub does, computed here, independently of Hookbench. */
function githubRequest(body: string, secret: string): string {
  const sig = createHmac('sha256', secret).update(body).digest('hex');
  return [
    'POST /webhooks/github HTTP/1.1',
    'Host: example.test',
    'Content-Type: application/json',
    'X-GitHub-Event: push',
    `X-Hub-Signature-256: sha256=${sig}`,
    '',
    body,
  ].join('\n');
}

describe('Signature lab', () => {
  it('shows valid for the GitHub example, and invalid with the reason once one byte of the body changes', async () => {
    const { page, errors } = await openLab();
    await page.getByRole('button', { name: 'Load example' }).click();
    await page.getByRole('menuitem', { name: 'GitHub' }).click();
    await expect.poll(() => status(page)).toBe('valid');
    expect(await verdict(page).textContent()).toContain('Valid signature');

    // The example's signature header is what GitHub would send for that body and secret.
    const headers = await page.getByLabel('Headers', { exact: true }).inputValue();
    const body = await page.getByRole('textbox', { name: 'Body' }).textContent();
    expect(await page.getByLabel('Secret 1', { exact: true }).inputValue()).toBe(
      "It's a Secret to Everybody",
    );
    const sig = /X-Hub-Signature-256: (\S+)/.exec(headers)?.[1];
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);

    // Change one byte: the last "}" becomes "]".
    await page.getByRole('textbox', { name: 'Body' }).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(']');
    await expect.poll(() => status(page)).toBe('invalid');
    expect(await page.getByTestId('verdict-reason').textContent()).toMatch(
      /does not match what the configured secret produces/,
    );
    // Expected vs received side by side: the received value is the original signature.
    expect(await page.getByTestId('received-value').first().textContent()).toBe(sig);
    expect(await page.getByTestId('expected-value').first().textContent()).not.toBe(sig);
    expect(body).toBeTruthy();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('splits a pasted raw HTTP request and verifies it; a wrong secret is invalid', async () => {
    const { page, errors } = await openLab();
    const body = '{"zen":"Keep it logically awesome.","hook_id":42}';
    await page.getByLabel('Scheme', { exact: true }).selectOption('github');
    await page.getByLabel('Secret 1', { exact: true }).fill('s3cr3t');
    await page.getByLabel('Headers', { exact: true }).fill(githubRequest(body, 's3cr3t'));
    await expect.poll(() => status(page)).toBe('valid');
    // The body went to the body editor; the headers field keeps the header block only.
    expect(await page.getByRole('textbox', { name: 'Body' }).textContent()).toBe(body);
    expect(await page.getByLabel('Headers', { exact: true }).inputValue()).not.toContain('zen');

    await page.getByLabel('Secret 1', { exact: true }).fill('s3cr3t-wrong');
    await expect.poll(() => status(page)).toBe('invalid');
    // A second secret (rotation) that is the right one makes it valid again, and says which.
    await page.getByRole('button', { name: 'Add secret' }).click();
    await page.getByLabel('Secret 2', { exact: true }).fill('s3cr3t');
    await expect.poll(() => status(page)).toBe('valid');
    expect(await verdict(page).textContent()).toContain('Matched secret 2');

    // The same request pasted into the body editor is split as well.
    await page.getByLabel('Headers', { exact: true }).fill('');
    await expect.poll(() => status(page)).toBe('unsigned');
    await page.getByRole('textbox', { name: 'Body' }).fill(githubRequest(body, 's3cr3t'));
    await expect.poll(() => status(page)).toBe('valid');
    expect(await page.getByRole('textbox', { name: 'Body' }).textContent()).toBe(body);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('names the raw-vs-decoded secret mistake for a Standard Webhooks signature made with the whsec_ string as the key', async () => {
    const { page, errors } = await openLab();
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
    const ts = Math.floor(Date.now() / 1000);
    const body = '{"type":"invoice.paid","data":{"id":"inv_1"}}';
    // The mistake: HMAC keyed with the secret text itself instead of base64-decoding what follows whsec_.
    const wrong = createHmac('sha256', Buffer.from(secret, 'utf8'))
      .update(`${id}.${ts}.${body}`)
      .digest('base64');
    await page.getByLabel('Scheme', { exact: true }).selectOption('standard-webhooks');
    await page.getByLabel('Secret 1', { exact: true }).fill(secret);
    await page.getByRole('textbox', { name: 'Body' }).fill(body);
    await page
      .getByLabel('Headers', { exact: true })
      .fill(`webhook-id: ${id}\nwebhook-timestamp: ${ts}\nwebhook-signature: v1,${wrong}`);
    await expect.poll(() => status(page)).toBe('invalid');
    const callout = page.locator('.sig-callout[data-kind="secret"]');
    await callout.waitFor();
    expect(await callout.textContent()).toMatch(/Raw vs decoded secret.*raw secret text/);
    // The signed string is shown exactly, with the timestamp and its skew.
    expect(await page.getByTestId('signed-content').textContent()).toBe(`${id}.${ts}.${body}`);
    expect(await page.getByRole('region', { name: 'Timestamp' }).textContent()).toContain(String(ts));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says "not signed" when the signature header is missing', async () => {
    const { page } = await openLab();
    await page.getByLabel('Scheme', { exact: true }).selectOption('github');
    await page.getByLabel('Secret 1', { exact: true }).fill('x');
    await page.getByRole('textbox', { name: 'Body' }).fill('{"a":1}');
    await page.getByLabel('Headers', { exact: true }).fill('Content-Type: application/json');
    await expect.poll(() => status(page)).toBe('unsigned');
    expect(await verdict(page).textContent()).toContain('X-Hub-Signature-256');
    await page.close();
  });

  it('signs in Sign mode, and the output headers verify as valid once sent to Verify', async () => {
    const { page, errors } = await openLab('sign');
    await page.getByLabel('Scheme', { exact: true }).selectOption('stripe');
    await page.getByRole('button', { name: 'Generate secret' }).click();
    await expect.poll(() => page.getByLabel('Secret', { exact: true }).inputValue()).toMatch(/^whsec_/);
    const body = '{"id":"evt_1","type":"charge.succeeded"}';
    await page.getByRole('textbox', { name: 'Body to sign' }).fill(body);
    // Live: the signed string follows the body as it is typed.
    await expect
      .poll(() => page.getByTestId('signed-content').textContent())
      .toMatch(new RegExp(`^\\d+\\.${body.replace(/[{}.]/g, '\\$&')}$`));
    const row = page.getByTestId('signed-header').filter({ hasText: 'Stripe-Signature' });
    await expect.poll(() => row.textContent()).toMatch(/t=\d+,v1=[0-9a-f]{64}/);

    // The header is what Stripe's scheme gives for this body: HMAC-SHA256 hex of "t.body" keyed by the whole secret.
    const secret = await page.getByLabel('Secret', { exact: true }).inputValue();
    const [, t, v1] = /t=(\d+),v1=([0-9a-f]{64})/.exec((await row.textContent())!)!;
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
    expect(await page.getByTestId('curl').textContent()).toContain(`Stripe-Signature: t=${t},v1=${v1}`);

    await page.getByRole('button', { name: 'Send to Verify' }).click();
    await expect
      .poll(() => page.getByRole('tab', { name: 'Verify' }).getAttribute('aria-selected'))
      .toBe('true');
    await expect.poll(() => status(page)).toBe('valid');
    expect(await page.getByLabel('Scheme', { exact: true }).inputValue()).toBe('stripe');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('loads a valid example for every scheme, the custom one included', async () => {
    const { page, errors } = await openLab();
    for (const label of ['Standard Webhooks', 'Stripe', 'SFTP To Go', 'MFTPlus', 'ExaVault', 'Custom']) {
      await page.getByRole('button', { name: 'Load example' }).click();
      await page.getByRole('menuitem', { name: label, exact: true }).click();
      await expect.poll(() => verdict(page).textContent()).toContain(label);
      await expect.poll(() => status(page), { message: label }).toBe('valid');
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
