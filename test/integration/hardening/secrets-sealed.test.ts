import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleLogger } from '../../../src/core/util/logger';
import { startHttpHost } from '../../../src/server/http-server';
import { startCore, tempDir } from '../../helpers/temp-core';

/**
 * Every kind of secret, created, rotated and used the way `hookbench serve` runs the core (no OS
 * keychain: the key-file cipher, the HTTP API), never appears in clear in the database, its WAL
 * or shared-memory file, or the log; and the database files are readable by the user only.
 */
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const TOKEN = 'sealed-token';

const dbFiles = (dir: string) => ['hookbench.db', 'hookbench.db-wal', 'hookbench.db-shm'].map((f) => path.join(dir, f)).filter((f) => fs.existsSync(f));

/** Every file of the data dir except the key file, as bytes: the database, WAL, shm, anything else written there. */
function storedBytes(dir: string): Buffer {
  const out: Buffer[] = [];
  for (const name of fs.readdirSync(dir)) {
    const f = path.join(dir, name);
    if (name !== 'secret.key' && fs.statSync(f).isFile()) out.push(fs.readFileSync(f));
  }
  return Buffer.concat(out);
}

const leaks = (hay: Buffer | string, secrets: string[]) => secrets.filter((s) => (typeof hay === 'string' ? hay.includes(s) : hay.includes(Buffer.from(s))));

describe('secrets are sealed everywhere', () => {
  it('endpoint secrets, auth values, custom header values and inbox secrets: never in the database, WAL or log', async () => {
    const dataDir = tempDir();
    const lines: string[] = [];
    const logger = createConsoleLogger({ level: 'debug', write: (l) => lines.push(l) });
    const core = await startCore({ dataDir, logger, host: 'headless' });
    cleanups.push(() => core.close());
    const host = await startHttpHost({ core, token: TOKEN, host: '127.0.0.1', port: 0, logger });
    cleanups.push(() => host.close());
    const call = async (method: string, input: unknown) => {
      const res = await fetch(`${host.url}api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(input) });
      const body = (await res.json()) as Record<string, unknown>;
      expect(res.status, `${method}: ${JSON.stringify(body)}`).toBe(200);
      return body;
    };
    const base = ((await call('receiver.status', {})) as { http: { baseUrl: string } }).http.baseUrl;
    // Deliveries go to a sink of their own: the receiver would (rightly) capture the credentials sent to it.
    const sink = http.createServer((req, res) => {
      req.resume();
      // One endpoint fails, so the engine logs (an auto-disable) and the log has something to check.
      req.on('end', () => res.writeHead(req.url === '/raw' ? 500 : 200).end('ok'));
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => sink.close(r)));
    const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
    const secrets: string[] = [];
    const mark = (s: string) => (secrets.push(s), s);

    // Endpoint secrets (created, then rotated with overlap), every auth type, a credential in a custom header.
    await call('settings.update', { dispatchDisableAfterFailures: 1 });
    const auths = [
      { type: 'bearer', token: mark('bearer-token-3f9a1c') },
      { type: 'basic', username: 'user', password: mark('basic-password-77e2b4') },
      { type: 'apiKey', header: 'X-Api-Key', value: mark('api-key-value-5d1e08') },
      { type: 'raw', value: mark('raw-authorization-9c4b2a') },
    ];
    const ids: string[] = [];
    for (const auth of auths) {
      const ep = (await call('endpoints.create', {
        name: `ep-${auth.type}`,
        url: `${sinkUrl}/${auth.type}`,
        topics: ['t.x'],
        retry: { delays: [] },
        auth,
        headers: [{ name: 'X-Custom-Credential', value: mark(`custom-header-${auth.type}-1a2b3c`) }],
        signing: { scheme: 'standard-webhooks', secret: mark(`whsec_${crypto.randomBytes(24).toString('base64')}`) },
      })) as { id: string; secret: string };
      ids.push(ep.id);
      mark(((await call('endpoints.rotateSecret', { id: ep.id, overlapSeconds: 3600 })) as { secret: string }).secret);
    }
    await call('endpoints.update', { id: ids[0], headers: [{ name: 'X-Other-Secret', value: mark('updated-header-secret-6f6f') }] });

    // Inbox verification secrets: on create, then rotated to new ones; and used to verify a capture.
    await call('inboxes.create', { slug: 'signed', verify: { scheme: 'github', secrets: [mark('inbox-secret-first-4c4c')] } });
    await call('inboxes.update', { slug: 'signed', verify: { scheme: 'github', secrets: [mark('inbox-secret-second-8d8d'), mark('inbox-secret-third-2e2e')] } });
    const body = '{"hello":"world"}';
    const sig = 'sha256=' + crypto.createHmac('sha256', 'inbox-secret-second-8d8d').update(body).digest('hex');
    const captured = await fetch(`${base}/signed/hook`, { method: 'POST', headers: { 'x-hub-signature-256': sig, 'content-type': 'application/json' }, body });
    expect(captured.status).toBe(200);

    // Use the endpoint secrets and auth values: deliveries to the receiver.
    const sent = (await call('events.send', { topic: 't.x', payload: { n: 1 } })) as { deliveryIds: string[] };
    expect(sent.deliveryIds).toHaveLength(4);
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const { items } = (await call('deliveries.list', {})) as { items: { status: string }[] };
      if (items.filter((d) => d.status === 'succeeded').length === 3 && items.some((d) => d.status === 'failed')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const list = (await call('requests.list', { inbox: 'signed' })) as { items: { sigStatus?: string; verification?: unknown }[] };
    expect(list.items).toHaveLength(1);
    // A refused change that names a secret field does not echo it either.
    const bad = await fetch(`${host.url}api/endpoints.update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ id: ids[0], signing: { scheme: 'github', secret: '' }, auth: { type: 'bearer', token: mark('refused-token-0b0b') } }),
    });
    expect(bad.status).toBe(400);

    // While running (WAL not checkpointed) and after closing.
    expect(leaks(storedBytes(dataDir), secrets)).toEqual([]);
    await host.close();
    await core.close();
    expect(leaks(storedBytes(dataDir), secrets)).toEqual([]);
    expect(leaks(lines.join('\n'), secrets)).toEqual([]);
    expect(lines.length).toBeGreaterThan(0);

    // Still usable after a restart: the sealed values open again.
    const again = await startCore({ dataDir, logger });
    cleanups.push(() => again.close());
    const inbox = (await again.call('inboxes.list')).items.find((i) => i.slug === 'signed')!;
    expect(inbox.verify?.secrets).toEqual(['inbox-secret-second-8d8d', 'inbox-secret-third-2e2e']);
    const ep = (await again.call('endpoints.get', { id: ids[0] })) as { headers: { value: string }[] };
    expect(ep.headers.map((h) => h.value)).toEqual(['updated-header-secret-6f6f']);
  });

  it('the database, WAL and shm files are readable by the user only; clear secrets left by an earlier version are sealed on start', async () => {
    if (process.platform === 'win32') return;
    const dataDir = tempDir();
    const core = await startCore({ dataDir });
    await core.call('inboxes.create', { slug: 'old', verify: { scheme: 'github', secrets: ['left-in-clear-by-old-version'] } });
    const ep = await core.call('endpoints.create', { name: 'old', url: 'https://example.com/h', topics: ['a'], headers: [{ name: 'X-Key', value: 'old-clear-header-value' }] });
    for (const f of dbFiles(dataDir)) expect((fs.statSync(f).mode & 0o777).toString(8), f).toBe('600');
    expect(fs.statSync(dataDir).mode & 0o077).toBe(0);
    // What the earlier version wrote under `hookbench serve`: the inbox secret and the header value in clear.
    core.db.prepare('UPDATE inboxes SET config = ? WHERE slug = ?').run(
      JSON.stringify({ ...JSON.parse((core.db.prepare("SELECT config FROM inboxes WHERE slug = 'old'").get() as { config: string }).config), verify: { scheme: 'github', secrets: ['left-in-clear-by-old-version'], toleranceSeconds: 300 } }),
      'old',
    );
    const cfg = JSON.parse((core.db.prepare('SELECT config FROM dispatch_endpoints WHERE id = ?').get(ep.id) as { config: string }).config);
    delete cfg.headersSealed;
    cfg.headers = [{ name: 'X-Key', value: 'old-clear-header-value' }];
    core.db.prepare('UPDATE dispatch_endpoints SET config = ? WHERE id = ?').run(JSON.stringify(cfg), ep.id);
    await core.close();
    for (const f of dbFiles(dataDir)) fs.chmodSync(f, 0o644);

    const again = await startCore({ dataDir });
    for (const f of dbFiles(dataDir)) expect((fs.statSync(f).mode & 0o777).toString(8), f).toBe('600');
    expect((await again.call('inboxes.list')).items.find((i) => i.slug === 'old')!.verify?.secrets).toEqual(['left-in-clear-by-old-version']);
    await again.close();
    // The live rows hold them sealed now.
    const db = (await import('better-sqlite3')).default(path.join(dataDir, 'hookbench.db'));
    const rows = JSON.stringify([db.prepare('SELECT config FROM inboxes').all(), db.prepare('SELECT config FROM dispatch_endpoints').all()]);
    db.close();
    expect(rows).not.toContain('left-in-clear-by-old-version');
    expect(rows).not.toContain('old-clear-header-value');
    // And no byte of the clear values is left anywhere in the files: not in the space the rewrite
    // freed inside a page (SQLite zeroes a page's gaps when it rewrites it for a larger cell), not
    // in an older copy of the page in the WAL (checkpointed and truncated on close).
    for (const f of dbFiles(dataDir)) {
      const bytes = fs.readFileSync(f);
      expect(bytes.includes('left-in-clear-by-old-version'), f).toBe(false);
      expect(bytes.includes('old-clear-header-value'), f).toBe(false);
    }
  });
});
