import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

/**
 * The browser UI follows the host through its event stream. When that stream drops (laptop
 * asleep, network blip), the inbox says "Paused", and on reconnecting it refetches, so requests
 * captured while it was away are listed without a reload.
 */
const env = useServedBrowser();
let context: BrowserContext;
let page: Page;
let errors: string[];
let proxy: http.Server;
let proxyPort: number;
/** Live event streams passing through the proxy: destroying them is the network dropping. */
const streams = new Set<http.ServerResponse>();
let down = false;

/**
 * A loopback HTTP proxy in front of the host (with the host's own Host header, which its
 * DNS-rebinding check requires): the test cuts the event stream there, as a network drop would.
 */
function startProxy(target: number): Promise<void> {
  proxy = http.createServer((req, res) => {
    if (down && req.url?.startsWith('/api/events')) return void req.socket.destroy();
    const up = http.request(
      { host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${target}` } },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
        if (String(upRes.headers['content-type']).startsWith('text/event-stream')) {
          streams.add(res);
          res.on('close', () => {
            streams.delete(res);
            upRes.destroy();
          });
        }
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => {
    proxyPort = (proxy.address() as AddressInfo).port;
    resolve();
  }));
}

beforeAll(async () => {
  await startProxy(Number(new URL(env.served.uiUrl).port));
  context = await env.browser.newContext({ viewport: { width: 1320, height: 860 } });
  page = await context.newPage();
  errors = trackErrors(page);
});
afterAll(() => {
  proxy?.closeAllConnections();
  proxy?.close();
});

describe('event stream reconnect', () => {
  it('shows Paused while the stream is down and lists what arrived meanwhile once it is back', async () => {
    const receiver = (await env.served.call('receiver.status')).body.baseUrls[0] as string;
    const ui = new URL(env.served.uiUrl);
    ui.port = String(proxyPort);
    ui.hash = '#/inbox/default';
    await page.goto(ui.toString());
    const rows = page.getByRole('listbox', { name: 'Captured requests' }).getByRole('option');
    await expect.poll(() => page.locator('.dot-open').count()).toBe(1);
    await request(`${receiver}/default/before`, { method: 'POST', body: '{"n":1}' });
    await expect.poll(() => rows.count()).toBe(1);

    // The stream drops, and the proxy refuses reconnects until the requests below are stored.
    expect(streams.size).toBe(1);
    down = true;
    for (const s of streams) s.destroy();
    await expect.poll(() => page.getByText('Paused').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) await request(`${receiver}/default/while-away-${i}`, { method: 'POST', body: `{"i":${i}}` });
    // Nothing new can reach the page while it is offline.
    expect(await rows.count()).toBe(1);

    down = false;
    await expect.poll(() => page.locator('.dot-open').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(4);
    await expect.poll(() => page.getByText('/while-away-2').count()).toBeGreaterThan(0);
    // And live again: a request after the reconnect appears by itself.
    await request(`${receiver}/default/after`, { method: 'POST', body: '{}' });
    await expect.poll(() => rows.count()).toBe(5);

    // The same for the delivery log, which no screen-level effect refetches.
    await page.getByRole('link', { name: 'Deliveries' }).click();
    const deliveries = page.getByRole('listbox', { name: 'Deliveries' }).getByRole('option');
    const ep = await env.served.call('endpoints.create', { name: 'Back soon', url: `${receiver}/default/hook`, topics: ['t.away'] });
    expect(ep.status).toBe(200);
    await expect.poll(() => streams.size).toBe(1);
    down = true;
    for (const st of streams) st.destroy();
    await expect.poll(() => streams.size).toBe(0);
    const sent = await env.served.call('events.send', { topic: 't.away', payload: { away: true } });
    expect(sent.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await deliveries.count()).toBe(0);
    down = false;
    await expect.poll(() => deliveries.count(), { timeout: 20_000 }).toBe(1);
    expect(errors.filter((e) => !/network|Failed to fetch|ERR_/i.test(e))).toEqual([]);
  });
});
