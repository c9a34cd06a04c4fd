import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, tempDir } from '../helpers/temp-core';
import { CLI } from './helpers/serve';

// These run the built CLI (out/main/cli.js); the e2e global setup builds it.
const run = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });

/** The consumer under test: answers { ok, v } with a status and version the test switches. */
const consumer = {
  v: 1,
  status: 200,
  seen: [] as { url: string; headers: http.IncomingHttpHeaders; body: string }[],
};
let server: http.Server;
let target: string;
const dir = tempDir('hookbench-cli-replay-');

const collection = (items: unknown[]) => {
  const file = path.join(dir, `c-${Math.random().toString(36).slice(2)}.hookbench.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({ format: 'hookbench.collection', version: 1, name: 'orders', items }),
  );
  return file;
};

const order = (n: number) => ({
  name: `order ${n}`,
  method: 'POST',
  url: `/hooks/orders/${n}`,
  headers: [
    ['Content-Type', 'application/json'],
    ['webhook-id', `msg_${n}`],
  ],
  body: { text: JSON.stringify({ order: n }) },
  deliveryId: `msg_${n}`,
  baseline: {
    status: 200,
    headers: [['content-type', 'application/json']],
    body: { text: JSON.stringify({ ok: true, v: 1, at: Date.now() }) },
  },
});

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      consumer.seen.push({ url: req.url ?? '', headers: req.headers, body });
      res.writeHead(consumer.status, { 'content-type': 'application/json', date: new Date().toUTCString() });
      res.end(JSON.stringify({ ok: consumer.status < 300, v: consumer.v, at: Date.now() }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('hookbench replay (the command line, for pipelines)', () => {
  it('exits 0 when every answer is 2xx and the same as its baseline, and writes JUnit XML', async () => {
    consumer.v = 1;
    consumer.status = 200;
    consumer.seen = [];
    const junit = path.join(dir, 'pass.xml');
    const r = await run([
      'replay',
      collection([order(1), order(2), order(3)]),
      '--target',
      `${target}/staging`,
      '--strip-prefix',
      '/hooks',
      '--keep-id',
      '--compare',
      '--junit',
      junit,
    ]);
    expect(r.out).toContain('PASSED');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/answered the same\s+3/);
    expect(consumer.seen.map((s) => s.url).sort()).toEqual([
      '/staging/orders/1',
      '/staging/orders/2',
      '/staging/orders/3',
    ]);
    expect(consumer.seen.map((s) => s.headers['webhook-id']).sort()).toEqual(['msg_1', 'msg_2', 'msg_3']);
    const xml = fs.readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="orders" tests="3" failures="0" errors="0" skipped="0"');
    expect(xml.match(/<testcase /g)).toHaveLength(3);
  });

  it('exits 1 with --compare when the consumer answers differently, naming the changed JSON paths', async () => {
    consumer.v = 2;
    const junit = path.join(dir, 'changed.xml');
    const r = await run([
      'replay',
      collection([order(1), order(2)]),
      '--target',
      target,
      '--compare',
      '--junit',
      junit,
      '--concurrency',
      '1',
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/answered differently\s+2/);
    expect(r.out).toMatch(/CHANGED\s+1\. POST .*\/hooks\/orders\/1: \$\.v changed/);
    expect(r.out).toContain('FAILED');
    const xml = fs.readFileSync(junit, 'utf8');
    expect(xml).toContain('tests="2" failures="2"');
    expect(xml).toContain('$.v changed: 1 -&gt; 2');
    // Without --compare a changed answer is not a failure: every answer is 2xx.
    const loose = await run(['replay', collection([order(1)]), '--target', target, '--ignore', '$.v']);
    expect(loose.code).toBe(0);
  });

  it('exits 1 on a non-2xx answer or an unreachable target, and 2 on bad input', async () => {
    consumer.status = 500;
    const failing = await run(['replay', collection([order(1)]), '--target', target]);
    expect(failing.code).toBe(1);
    expect(failing.out).toMatch(/FAILED\s+1\. POST .*: answered 500/);
    consumer.status = 200;
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const unreachable = await run([
      'replay',
      collection([order(1)]),
      '--target',
      `http://127.0.0.1:${deadPort}`,
      '--timeout',
      '2000',
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.out).toMatch(/refused|Nothing is listening|connect/i);

    const invalid = await run(['replay', collection([order(1), { url: 'ftp://x' }]), '--target', target]);
    expect(invalid.code).toBe(2);
    expect(invalid.out).toMatch(/item 2: url/);
    const noTarget = await run(['replay', collection([order(1)])]);
    expect(noTarget.code).toBe(2);
    expect(noTarget.out).toMatch(/--target/);
    const noSecret = await run([
      'replay',
      collection([order(1)]),
      '--target',
      target,
      '--sign-scheme',
      'github',
      '--secret-env',
      'HOOKBENCH_TEST_UNSET',
    ]);
    expect(noSecret.code).toBe(2);
  });

  it('re-signs with a scheme and a secret from the environment', async () => {
    consumer.seen = [];
    const r = await run(
      [
        'replay',
        collection([order(7)]),
        '--target',
        target,
        '--sign-scheme',
        'github',
        '--secret-env',
        'HB_SECRET',
      ],
      { HB_SECRET: 'ci-secret' },
    );
    expect(r.code).toBe(0);
    const crypto = await import('node:crypto');
    const seen = consumer.seen[0];
    expect(seen.headers['x-hub-signature-256']).toBe(
      `sha256=${crypto.createHmac('sha256', 'ci-secret').update(seen.body).digest('hex')}`,
    );
    expect(r.out).not.toContain('ci-secret');
  });

  it('hookbench export writes a collection from a data dir that replays', async () => {
    const dataDir = tempDir('hookbench-cli-export-');
    const core = await startCore({ dataDir });
    await core.call('inboxes.create', { slug: 'ci' });
    const base = (await core.call('receiver.status')).http!.baseUrl;
    for (const n of [1, 2])
      await fetch(`${base}/ci/hooks/orders/${n}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"order":${n}}`,
      });
    for (let i = 0; i < 100 && (await core.call('requests.list', { inbox: 'ci' })).total < 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    await core.close();
    const file = path.join(dir, 'exported.hookbench.json');
    const exp = await run(['export', '--data-dir', dataDir, '--inbox', 'ci', '--out', file]);
    expect(exp.code).toBe(0);
    expect(exp.out).toContain('Wrote 2 items');
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(parsed).toMatchObject({ format: 'hookbench.collection', version: 1 });
    expect(parsed.items.map((i: { path: string }) => i.path).sort()).toEqual([
      '/hooks/orders/1',
      '/hooks/orders/2',
    ]);
    consumer.seen = [];
    const r = await run(['replay', file, '--target', target]);
    expect(r.code).toBe(0);
    expect(consumer.seen.map((s) => s.body).sort()).toEqual(['{"order":1}', '{"order":2}']);
    const noSource = await run(['export', '--data-dir', dataDir]);
    expect(noSource.code).toBe(2);
  });
});
