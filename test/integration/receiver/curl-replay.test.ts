import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CURL_INLINE_MAX,
  curlBodyFile,
  curlBodyMode,
  curlCommand,
  withWholeBody,
} from '../../../src/renderer/src/areas/inbox/request-format';
import { tempDir } from '../../helpers/temp-core';
import { startReceiver, type TestCore } from './helpers';

/**
 * "Copy as cURL" reproduces the captured request: the copied command, run by a real shell with
 * the real curl against the real receiver, is captured again with the same bytes.
 */
let core: TestCore;
let base: string;

beforeAll(async () => {
  ({ core, base } = await startReceiver());
  await core.call('inboxes.update', { slug: 'default', maxBodyBytes: 8 * 1024 * 1024 });
});
afterAll(async () => {
  await core?.close();
});

async function capture(path: string, init: RequestInit) {
  await fetch(`${base}/default${path}`, init).then((r) => r.arrayBuffer());
  const { items } = await core.call('requests.list', { inbox: 'default', limit: 1 });
  return core.call('requests.get', { id: items[0].id });
}

async function replay(original: Awaited<ReturnType<typeof capture>>) {
  const cmd = curlCommand(original, base);
  const cwd = tempDir('hookbench-curl-');
  // As pasted into a terminal: the shell reads the command from its input (the copied text may be
  // megabytes; no single argument may be). Async: the receiver answers from this same process.
  await new Promise<void>((resolve, reject) => {
    const sh = spawn('sh', [], { cwd, stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    sh.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => sh.kill(), 30_000);
    sh.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`sh exited ${code}: ${err}`));
    });
    sh.stdin.end(`${cmd} --silent --show-error --fail-with-body --max-time 20 --output /dev/null\n`);
  });
  const { items } = await core.call('requests.list', { inbox: 'default', limit: 1 });
  const again = await core.call('requests.get', { id: items[0].id });
  return { cmd, cwd, again };
}

const cases: [string, () => RequestInit, 'inline' | 'file'][] = [
  [
    'binary',
    () => ({
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: crypto.randomBytes(3000),
    }),
    'file',
  ],
  [
    'gzip',
    () => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: zlib.gzipSync(JSON.stringify({ hello: 'wörld', quote: "it's", n: [1, 2, 3] })),
    }),
    'file',
  ],
  [
    'form',
    () => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: "name=Ada+Lovelace&note=it%27s+%22quoted%22&tag=a&tag=b&sh=$(echo+no)`x`'",
    }),
    'inline',
  ],
  [
    'large (2.4 MB)',
    () => ({
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        rows: Array.from({ length: 40_000 }, (_, i) => ({ i, name: `row ${i} it's` })),
      }).padEnd(2_400_000, ' '),
    }),
    'file',
  ],
];

describe('copy as cURL', () => {
  for (const [name, init, mode] of cases)
    it(`reproduces a ${name} body byte for byte`, async () => {
      const sent = init();
      const captured = await capture('/replay/me?x=1&y=%20z', sent);
      // requests.get inlines a 1 MiB preview of a larger body; the UI then fetches the whole body
      // from the host's download route (tested in hardening/bounded-downloads) and copies that.
      expect(captured.bodyTruncated ?? false).toBe(captured.body.size > 1024 * 1024);
      const original = captured.bodyTruncated
        ? withWholeBody(captured, new Uint8Array(Buffer.from(sent.body as string | Buffer)))
        : captured;
      expect(curlBodyMode(original)).toBe(mode);
      const { cmd, cwd, again } = await replay(original);
      expect(again.id).not.toBe(original.id);
      expect(again.method).toBe(original.method);
      expect(again.url).toBe(original.url);
      expect(again.body.size).toBe(original.body.size);
      expect(again.body.base64).toBe(captured.body.base64);
      const headerOf = (r: typeof original, n: string) => r.headers.find(([k]) => k.toLowerCase() === n)?.[1];
      expect(headerOf(again, 'content-type')).toBe(headerOf(original, 'content-type'));
      expect(headerOf(again, 'content-encoding')).toBe(headerOf(original, 'content-encoding'));
      // No argument near the shell's limit; a body that needs a file says so and writes it.
      expect(Math.max(...cmd.split('\n').map((l) => l.length))).toBeLessThan(CURL_INLINE_MAX * 4 + 1000);
      if (mode === 'file') {
        expect(cmd).toMatch(/^# The body \((binary|large), \d+ bytes\) is written to/);
        expect(fs.readFileSync(path.join(cwd, curlBodyFile(original))).toString('base64')).toBe(
          original.body.base64,
        );
      }
    });
});
