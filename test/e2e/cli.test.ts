import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, CLI, type Served } from './helpers/serve';
import { tempDir } from '../helpers/temp-core';

// These run the built CLI (out/main/cli.js); the e2e global setup builds it.
const run = (args: string[]) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });

describe('hookbench serve (the command line)', () => {
  let served: Served;
  beforeAll(async () => {
    served = await startServe();
  });
  afterAll(async () => {
    await served?.stop();
  });

  it('prints the URLs it serves and answers with the token', async () => {
    expect(served.output()).toMatch(/UI\s+http:\/\/127\.0\.0\.1:\d+\/\?token=e2e-token/);
    expect(served.output()).toMatch(/OpenAPI\s+http/);
    expect((await served.call('app.info')).body.dataDir).toBe(served.dataDir);
    const res = await fetch(`${served.url}api/app.info`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
  });

  it('refuses a second process on the same data dir, naming the one that holds it', async () => {
    const second = await run(['serve', '--data-dir', served.dataDir, '--port', '0', '--receiver-port', '0']);
    expect(second.code).not.toBe(0);
    expect(second.out).toContain(`in use by hookbench serve (process ${served.process.pid}`);
  });

  it('rejects bad flags with a clear message', async () => {
    const bad = await run(['serve', '--port', 'eighty']);
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/--port must be a port number/);
    const unknown = await run(['serve', '--colour']);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toMatch(/Unknown option/i);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--receiver-port/);
  });

  it('shuts down cleanly on SIGTERM, releasing the data dir, and keeps a generated token', async () => {
    const dir = tempDir();
    // An empty --token is refused (exit 2, saying why, data dir left unlocked); start without one to get a generated token.
    const empty = await run(['serve', '--data-dir', dir, '--port', '0', '--receiver-port', '0', '--token', '']);
    expect(empty.code).toBe(2);
    expect(empty.out).toMatch(/--token must not be empty/);
    expect(fs.existsSync(path.join(dir, 'hookbench.lock'))).toBe(false);
    const a = await startServeNoToken(dir);
    const tokenA = a.token;
    expect(tokenA.length).toBeGreaterThan(20);
    expect(await a.stop()).toBe(0);
    expect(fs.existsSync(path.join(dir, 'hookbench.lock'))).toBe(false);
    const b = await startServeNoToken(dir);
    expect(b.token).toBe(tokenA);
    expect(await b.stop()).toBe(0);
  });
});

async function startServeNoToken(dataDir: string) {
  const child = spawn(process.execPath, [CLI, 'serve', '--data-dir', dataDir, '--port', '0', '--receiver-port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  for (let i = 0; i < 200 && !/Press Ctrl\+C/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
  const token = decodeURIComponent(/\?token=(\S+)/.exec(out)?.[1] ?? '');
  return {
    token,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
