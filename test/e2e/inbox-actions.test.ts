import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

/** Forward/replay, keyboard navigation, delete and clear, and Settings → Receiver, through the UI. */

const env = useServedBrowser();
let receiver: string;
let page: Page;
let errors: string[];
let downstream: http.Server;
let downstreamUrl: string;
const received: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

const rows = () => page.getByRole('listbox', { name: 'Captured requests' }).getByRole('option');

beforeAll(async () => {
  receiver = (await env.served.call('receiver.status')).body.baseUrls[0];
  downstream = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.writeHead(202, { 'content-type': 'application/json', 'x-downstream': 'yes' });
      res.end(JSON.stringify({ accepted: true, got: body.length }));
    });
  });
  await new Promise<void>((r) => downstream.listen(0, '127.0.0.1', r));
  downstreamUrl = `http://127.0.0.1:${(downstream.address() as AddressInfo).port}`;
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  errors = trackErrors(page);
});
afterAll(async () => {
  downstream?.close();
});

describe('inspector actions', () => {
  it('forwards a request, edited, and shows the downstream answer', async () => {
    await page.goto(`${env.served.uiUrl}#/inbox/default`);
    await fetch(`${receiver}/default/hook?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Original': 'kept' },
      body: '{"n":1}',
    });
    await rows().first().click();
    await page.getByRole('button', { name: 'Forward…' }).first().click();
    const dialog = page.getByRole('dialog', { name: /Forward request/ });
    await dialog.getByLabel('Target URL').fill(`${downstreamUrl}/local/webhooks`);
    await dialog.getByLabel('Method').fill('PUT');
    await dialog.getByRole('textbox', { name: 'Body' }).fill('{"n":2,"edited":true}');
    await dialog.getByRole('button', { name: 'Send' }).click();
    const answer = dialog.getByTestId('forward-response');
    await answer.waitFor();
    expect(await answer.textContent()).toContain('202');
    expect(await answer.textContent()).toContain('x-downstream');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: 'PUT',
      url: '/local/webhooks',
      body: '{"n":2,"edited":true}',
    });
    expect(received[0].headers['x-original']).toBe('kept');

    // The forward is recorded next to the request.
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: /^Forwards/ }).click();
    await expect
      .poll(() => page.locator('.forwards').textContent())
      .toContain(`${downstreamUrl}/local/webhooks`);
    expect(errors).toEqual([]);
  });

  it('moves with the arrow keys and deletes with Delete after confirming', async () => {
    await env.served.call('inboxes.create', { slug: 'keys' });
    for (let i = 1; i <= 3; i++) await fetch(`${receiver}/keys/n${i}`, { method: 'POST', body: String(i) });
    await page.goto(`${env.served.uiUrl}#/inbox/keys`);
    await expect.poll(() => rows().count()).toBe(3);
    await rows().first().click();
    await expect.poll(() => page.locator('.detail-title').textContent()).toContain('/n3');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('.detail-title').textContent()).toContain('/n2');
    await expect.poll(() => page.url()).toMatch(/#\/inbox\/keys\/\d+$/);
    await page.keyboard.press('Delete');
    const confirm = page.getByRole('alertdialog');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => rows().count()).toBe(2);
    // The next request takes the deleted one's place.
    await expect.poll(() => page.locator('.detail-title').textContent()).toContain('/n1');
    const left = (await env.served.call('requests.list', { inbox: 'keys' })).body.items.map(
      (i: { path: string }) => i.path,
    );
    expect(left).toEqual(['/n3', '/n1']);

    // Clear inbox, confirmed.
    await page.getByRole('button', { name: 'List actions' }).click();
    await page.getByRole('menuitem', { name: 'Clear inbox…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Waiting for the first request…').waitFor();
    expect((await env.served.call('requests.list', { inbox: 'keys' })).body.total).toBe(0);
    expect(errors).toEqual([]);
  });

  it('filters server-side by text in the body', async () => {
    await env.served.call('inboxes.create', { slug: 'search' });
    await fetch(`${receiver}/search/a`, { method: 'POST', body: '{"customer":"alice"}' });
    await fetch(`${receiver}/search/b`, { method: 'POST', body: '{"customer":"bob"}' });
    await fetch(`${receiver}/search/c`, { method: 'GET', headers: { 'X-Customer': 'BOB' } });
    await page.goto(`${env.served.uiUrl}#/inbox/search`);
    await expect.poll(() => rows().count()).toBe(3);
    await page.getByLabel('Search headers and body').fill('bob');
    await expect.poll(() => rows().allTextContents()).toHaveLength(2);
    expect((await rows().allTextContents()).join(' ')).not.toContain('/a');
    await page.getByLabel('Method').selectOption('GET');
    await expect.poll(() => rows().count()).toBe(1);
    // A new matching request still shows up live while the filter is on.
    await fetch(`${receiver}/search/d`, { method: 'GET', headers: { 'X-Customer': 'bob again' } });
    await expect.poll(() => rows().count()).toBe(2);
    await fetch(`${receiver}/search/e`, { method: 'GET', headers: { 'X-Customer': 'carol' } });
    await page.waitForTimeout(600);
    expect(await rows().count()).toBe(2);
    expect(errors).toEqual([]);
  });

  it('changes the receiver port in Settings and warns about listening on all interfaces', async () => {
    await page.goto(`${env.served.uiUrl}#/settings`);
    await page.getByRole('heading', { name: 'Receiver' }).waitFor();
    const port = await new Promise<number>((resolve) => {
      const s = http.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const input = page.getByLabel('Receiver port');
    await input.fill(String(port));
    await input.press('Enter');
    await expect.poll(async () => (await env.served.call('receiver.status')).body.http?.port).toBe(port);
    await expect.poll(() => page.locator('.settings').textContent()).toContain(`http://127.0.0.1:${port}/`);
    const res = await fetch(`http://127.0.0.1:${port}/default/after-move`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(200);

    expect(await page.getByText('reachable from other machines').count()).toBe(0);
    await page.getByRole('switch', { name: 'Listen on all interfaces' }).click();
    await page.getByText('reachable from other machines').waitFor();
    await expect.poll(async () => (await env.served.call('receiver.status')).body.listenAll).toBe(true);
    await page.getByRole('switch', { name: 'Listen on all interfaces' }).click();
    await expect.poll(async () => (await env.served.call('receiver.status')).body.listenAll).toBe(false);
    expect(errors).toEqual([]);
  });
});
