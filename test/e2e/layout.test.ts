/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { controlsIn, nameOf, unreachable } from './helpers/reach';
import { useServedBrowser } from './helpers/served-browser';

/**
 * Every screen at the smallest supported window (960x600) and a common laptop one (1320x860), light
 * and dark: every primary action is on screen without scrolling and clickable (nothing covers it),
 * and every other control can be reached by scrolling a pane a person can scroll.
 * With HOOKBENCH_SCREENSHOTS=<dir> it also writes a PNG of every screen.
 */
const SHOTS = process.env.HOOKBENCH_SCREENSHOTS;

const env = useServedBrowser();
const { ok } = env;
let requestId = 0;
let deliveryId = '';

beforeAll(async () => {
  if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
  const base = (await ok('receiver.status')).http.baseUrl;
  await ok('inboxes.create', { slug: 'sftp-demo', name: 'SFTP demo with a long inbox name' });
  const ep = await ok('endpoints.create', {
    name: 'SFTP To Go → local inbox with a long name',
    url: `${base}/sftp-demo/webhooks/a/rather/long/path/to/see/what/happens`,
    topics: ['file.created', 'file.deleted', 'transfer.*', 'job.completed'],
    signing: { scheme: 'sftptogo' },
  });
  await ok('inboxes.update', { slug: 'sftp-demo', verify: { scheme: 'sftptogo', secrets: [ep.secret] } });
  await ok('inboxes.create', { slug: 'gone', name: 'Gone', response: { status: 410 } });
  await ok('endpoints.create', { name: 'Gone endpoint', url: `${base}/gone/x`, topics: ['*'] });
  await ok('endpoints.create', {
    name: 'Held',
    url: `${base}/sftp-demo/held`,
    topics: ['file.created'],
  }).then((e: { id: string }) => ok('endpoints.pause', { id: e.id }));
  const sent = await ok('events.send', { topic: 'file.created' });
  deliveryId = sent.deliveryIds[0];
  await fetch(`${base}/sftp-demo/webhooks?page=2&tag=a&tag=b`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' },
    body: JSON.stringify({ hello: 'world', list: [1, 2, 3] }),
  });
  // Let the 410 disable "Gone endpoint" and the deliveries land.
  for (let i = 0; i < 50; i++) {
    const list = await ok('endpoints.list');
    if (list.items.some((e: { state: string }) => e.state === 'disabled')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const reqs = await ok('requests.list', { inbox: 'sftp-demo' });
  requestId = reqs.items[0].id;
});

interface Screen {
  name: string;
  hash: string;
  ready(page: Page): Promise<unknown>;
  /** The actions that must be on screen without any scrolling. */
  primary(page: Page): ReturnType<Page['getByRole']>[];
  /** Optional: opens a dialog; its controls are checked instead of the screen's. */
  open?(page: Page): Promise<unknown>;
  scope?: string;
  /** Other things that must read right at this size; returns what does not. */
  legible?(page: Page): Promise<string[]>;
}

const SCREENS: Screen[] = [
  {
    name: 'inbox',
    hash: '#/inbox/sftp-demo/REQ',
    ready: (p) => p.getByRole('button', { name: 'Copy as cURL' }).waitFor(),
    primary: (p) => [
      p.getByRole('button', { name: 'New inbox' }),
      p.getByRole('button', { name: 'Inbox settings' }),
      p.getByRole('button', { name: 'Copy as cURL' }),
      p.getByRole('button', { name: /Forward/ }).last(),
      p.getByRole('button', { name: /^Export/ }),
      p.getByRole('button', { name: 'Delete request' }),
      p.getByRole('tab', { name: /Forwards/ }),
      p.getByRole('searchbox', { name: 'Search headers and body' }),
    ],
    legible: async (p) => {
      const out: string[] = [];
      const path = await p
        .getByRole('region', { name: 'Request detail' })
        .getByRole('heading')
        .first()
        .boundingBox();
      if (!path || path.width < 150) out.push(`the request path is squeezed to ${path?.width ?? 0}px`);
      // The facts line (#, time, address, status, signature) stays one line.
      const tops = await p
        .locator('.detail-sub > *')
        .evaluateAll((els) =>
          els.map((e) => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2)),
        );
      if (new Set(tops).size > 1) out.push(`the request facts wrap onto ${new Set(tops).size} lines`);
      return out;
    },
  },
  {
    name: 'endpoints',
    hash: '#/endpoints',
    ready: (p) => p.getByRole('button', { name: 'Reactivate Gone endpoint' }).waitFor(),
    primary: (p) => [
      p.getByRole('button', { name: 'Add endpoint' }),
      p.getByRole('button', { name: 'Reactivate Gone endpoint' }),
      p.getByRole('button', { name: 'Ping Gone endpoint' }),
      p.getByRole('button', { name: 'More actions for Gone endpoint' }),
      p.getByRole('button', { name: /^Ping SFTP To Go/ }),
      p.getByRole('button', { name: /^More actions for SFTP To Go/ }),
      p.getByRole('button', { name: 'Resume Held' }),
    ],
  },
  {
    name: 'send',
    hash: '#/send',
    ready: (p) => p.getByRole('region', { name: 'Preview' }).getByText('POST').first().waitFor(),
    primary: (p) => [
      p.getByRole('button', { name: /^Send( to \d+ endpoints)?$/ }),
      p.getByRole('button', { name: 'Template help' }),
      p.getByRole('textbox', { name: 'Topic' }),
    ],
  },
  {
    name: 'deliveries',
    hash: '#/deliveries/DEL',
    ready: (p) =>
      p
        .getByRole('button', { name: /Retry now|Send again|Retry/ })
        .first()
        .waitFor(),
    primary: (p) => [p.getByRole('button', { name: /Retry now|Send again|Retry/ }).first()],
  },
  {
    name: 'signatures',
    hash: '#/signatures',
    ready: (p) => p.getByRole('tablist', { name: 'Mode' }).waitFor(),
    primary: (p) => [p.getByRole('tab', { name: /Verify/ }), p.getByRole('tab', { name: /Sign/ })],
  },
  {
    name: 'settings',
    hash: '#/settings',
    ready: (p) => p.getByRole('heading', { name: 'Settings' }).waitFor(),
    primary: () => [],
  },
  {
    name: 'endpoint-dialog',
    hash: '#/endpoints',
    ready: (p) => p.getByRole('button', { name: 'Add endpoint' }).waitFor(),
    open: (p) => p.getByRole('button', { name: 'Add endpoint' }).click(),
    scope: '[role=dialog]',
    primary: (p) => [p.getByRole('dialog').getByRole('button', { name: 'Add endpoint' })],
  },
  {
    name: 'inbox-settings',
    hash: '#/inbox/sftp-demo/REQ',
    ready: (p) => p.getByRole('button', { name: 'Inbox settings' }).waitFor(),
    open: (p) => p.getByRole('button', { name: 'Inbox settings' }).click(),
    scope: '[role=dialog]',
    primary: (p) => [p.getByRole('dialog').getByRole('button', { name: /^Save/ })],
  },
  {
    name: 'create-inbox',
    hash: '#/inbox/sftp-demo',
    ready: (p) => p.getByRole('button', { name: 'New inbox' }).waitFor(),
    open: (p) => p.getByRole('button', { name: 'New inbox' }).click(),
    scope: '[role=dialog]',
    primary: (p) => [p.getByRole('dialog').getByRole('button', { name: /Create/ })],
  },
  {
    name: 'forward-dialog',
    hash: '#/inbox/sftp-demo/REQ',
    ready: (p) => p.getByRole('button', { name: 'Copy as cURL' }).waitFor(),
    open: (p) => p.getByRole('button', { name: /Forward…/ }).click(),
    scope: '[role=dialog]',
    primary: (p) => [p.getByRole('dialog').getByRole('button', { name: /^Send/ })],
  },
];

const SIZES = [
  { width: 960, height: 600 },
  { width: 1320, height: 860 },
];

describe('every screen fits the window', () => {
  for (const size of SIZES)
    for (const scheme of ['light', 'dark'] as const)
      it(`${size.width}x${size.height} ${scheme}`, async () => {
        const context = await env.browser.newContext({ viewport: size, colorScheme: scheme });
        const page = await context.newPage();
        const problems: string[] = [];
        try {
          for (const screen of SCREENS) {
            await page.goto(
              `${env.served.uiUrl}${screen.hash.replace('REQ', String(requestId)).replace('DEL', deliveryId)}`,
            );
            await page.reload();
            await screen.ready(page);
            if (screen.open) {
              await screen.open(page);
              await page.getByRole('dialog').waitFor();
            }
            await page.waitForTimeout(150);
            expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
            if (SHOTS)
              await page.screenshot({
                path: path.join(SHOTS, `${screen.name}-${size.width}x${size.height}-${scheme}.png`),
              });
            for (const p of (await screen.legible?.(page)) ?? []) problems.push(`${screen.name}: ${p}`);
            const primaries = screen.primary(page);
            for (const l of primaries) {
              const why = await unreachable(l, { scroll: false });
              if (why) problems.push(`${screen.name}: primary ${await nameOf(l)}: ${why}`);
            }
            // Playwright's own hit-target check, as a click would do it (this may scroll, so last).
            for (const l of primaries)
              if (await l.isEnabled())
                await l.click({ trial: true, timeout: 2000 }).catch((e: Error) => {
                  problems.push(`${screen.name}: primary ${e.message.split('\n')[0]}`);
                });
            for (const l of await controlsIn(page, screen.scope ?? 'main')) {
              const why = await unreachable(l);
              if (why) problems.push(`${screen.name}: ${await nameOf(l)}: ${why}`);
            }
          }
        } finally {
          await context.close();
        }
        expect(problems).toEqual([]);
      });
});
