import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../../src/core';
import { silentLogger } from '../../src/core/util/logger';
import { startHttpHost } from '../../src/server/http-server';

/** Hookbench's core and headless host (API on a free port, fresh data dir); prints where they listen. */
async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-bomb-'));
  const core = await createCore({ dataDir, logger: silentLogger, ports: { receiver: 0 } });
  const token = 'bench-token';
  const host = await startHttpHost({ core, token, host: '127.0.0.1', port: 0, logger: silentLogger });
  const status = await core.invoke('receiver.status', {});
  const receiver = status.ok ? (status.data as { http: { baseUrl: string } }).http.baseUrl : '';
  process.stdout.write(JSON.stringify({ receiver, api: host.url, token }) + '\n');
  process.on('SIGTERM', async () => {
    await host.close();
    await core.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
}

void main();
