import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { createCore } from '../../src/core';
import type { Captured } from '../../src/core/receiver/capture';
import type { ReceiverModule } from '../../src/core/receiver/receiver-module';
import { silentLogger } from '../../src/core/util/logger';
import { jsonPayload } from './load';

const mb = (n: number) => `${(n / 1048576).toFixed(0)} MiB`;

/**
 * Grows one inbox to `count` requests: bulk rows through the receiver's own write path (the
 * capture writer, in batches of 1,000) plus live HTTP requests and a list read at every step,
 * printing RSS and heap so a leak would show as a climb.
 */
export async function memoryCheck(count: number): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-bench-mem-'));
  const core = await createCore({ dataDir, logger: silentLogger, ports: { receiver: 0 } });
  try {
    const status = await core.invoke('receiver.status', {});
    const base = status.ok ? (status.data as { http: { baseUrl: string } }).http.baseUrl : '';
    await core.invoke('inboxes.update', { slug: 'default', retention: { maxRequests: null, maxAgeHours: null } });
    const { writer, inboxes, nextId, onStored } = (core.modules.receiver as ReceiverModule).internals;
    const inbox = inboxes.require('default');
    const body = Buffer.from(jsonPayload(1024));
    const rawHeaders = ['Host', '127.0.0.1', 'Content-Type', 'application/json', 'Content-Length', String(body.length), 'User-Agent', 'bench'];
    const answer = inbox.rules.pick({ method: 'POST', path: '/bulk', rawHeaders, body });
    const steps = 10;
    const batch = 1000;
    const started = Date.now();
    console.log(`\nreceiver memory: growing inbox "default" to ${count.toLocaleString('en')} requests (1 KiB bodies)`);
    let inserted = 0;
    for (let step = 1; step <= steps; step++) {
      const target = Math.round((count * step) / steps);
      while (inserted < target) {
        const n = Math.min(batch, target - inserted);
        await new Promise<void>((resolve, reject) => {
          let left = n;
          for (let i = 0; i < n; i++) {
            const c: Captured = {
              id: nextId(), seq: ++inbox.lastSeq, inbox: 'default', receivedAt: Date.now(), method: 'POST', url: '/default/bulk', path: '/bulk', query: '',
              httpVersion: '1.1', tls: false, remoteAddress: '127.0.0.1', remotePort: 40000, rawHeaders, body, bodyMs: 0.01,
              contentType: 'application/json', contentEncoding: null, deliveryId: null, sigStatus: 'unsigned', sigReason: null,
              sigScheme: null, sigReport: null, answer,
            };
            writer.add(c, (err, dup) => {
              if (err) return reject(err);
              onStored(c, dup, inbox);
              if (--left === 0) resolve();
            });
          }
        });
        inserted += n;
      }
      // Some live traffic and a read of the newest page at every step.
      for (let i = 0; i < 200; i++) {
        const res = await request(`${base}/default/live`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
        await res.body.dump();
      }
      const list = await core.invoke('requests.list', { inbox: 'default', limit: 100 });
      const total = list.ok ? (list.data as { total: number }).total : -1;
      if (global.gc) global.gc();
      const m = process.memoryUsage();
      console.log(
        `  ${total.toLocaleString('en').padStart(11)} requests   rss ${mb(m.rss).padStart(8)}   heap ${mb(m.heapUsed).padStart(7)}   ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    const size = fs.statSync(path.join(dataDir, 'hookbench.db')).size;
    console.log(`  database file: ${mb(size)}`);
  } finally {
    await core.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
