import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../../src/core';
import { silentLogger } from '../../src/core/util/logger';

/** Hookbench's core with its receiver on a free port and a fresh data dir; prints the port. */
async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-bench-'));
  const core = await createCore({ dataDir, logger: silentLogger, ports: { receiver: 0 } });
  const status = await core.invoke('receiver.status', {});
  const port = status.ok ? (status.data as { http: { port: number } }).http.port : 0;
  process.stdout.write(JSON.stringify({ port, dataDir }) + '\n');
  process.on('SIGTERM', async () => {
    const count = core.db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number };
    process.stderr.write(JSON.stringify({ stored: count.n }) + '\n');
    await core.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
}

void main();
