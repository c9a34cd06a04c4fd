import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The hosts' last resort: an error that escapes one request's handling (thrown from a callback,
 * or a rejected promise nobody awaited) is logged and the process keeps serving, instead of exiting.
 */
const root = path.resolve(__dirname, '../../..');

const script = `
import http from 'node:http';
import { installLastResort } from '${root}/src/core/util/last-resort';
import { createConsoleLogger } from '${root}/src/core/util/logger';
installLastResort(createConsoleLogger({ write: (l) => process.stdout.write('LOG ' + l + '\\n') }));
const server = http.createServer((req, res) => {
  if (req.url === '/throw') setImmediate(() => { throw new Error('escaped from a callback'); });
  if (req.url === '/reject') void Promise.reject(new Error('nobody awaited this'));
  res.end('ok');
});
server.listen(0, '127.0.0.1', async () => {
  const port = (server.address() as { port: number }).port;
  const get = (p: string) => fetch('http://127.0.0.1:' + port + p).then((r) => r.text());
  await get('/throw');
  await get('/reject');
  await new Promise((r) => setTimeout(r, 50));
  console.log('STILL SERVING ' + (await get('/after')));
  server.close();
});
`;

describe('last-resort handler', () => {
  it('logs an escaped error and an unhandled rejection, and the server keeps answering', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-lr-')), 'host.ts');
    fs.writeFileSync(file, script);
    const r = spawnSync(path.join(root, 'node_modules/.bin/tsx'), [file], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    expect(r.stdout).toContain('STILL SERVING ok');
    expect(r.stdout).toMatch(/LOG .*ERROR .*escaped its handler; still serving.*escaped from a callback/);
    expect(r.stdout).toMatch(/LOG .*ERROR .*promise rejection was not handled; still serving.*nobody awaited this/);
    expect(r.status).toBe(0);
  });
});
