import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleLogger } from '../../src/core/util/logger';
import { startCore } from '../helpers/temp-core';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A sink that fails every delivery, so the engine retries and logs what it logs on failure. */
async function failingSink() {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(500).end('no'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () => new Promise((r) => server.close(r)),
  };
}

describe('secrets', () => {
  it('never reach the log, the list outputs or the database file in clear', async () => {
    const lines: string[] = [];
    const core = await startCore({
      logger: createConsoleLogger({ level: 'debug', write: (l) => lines.push(l) }),
    });
    cleanups.push(() => core.close());
    const sink = await failingSink();
    cleanups.push(sink.close);
    await core.call('settings.update', { dispatchTimeCompression: 1000, dispatchDisableAfterFailures: 1 });

    const ep = await core.call('endpoints.create', {
      name: 'failing',
      url: sink.url,
      topics: ['t.x'],
      retry: { delays: [1] },
      auth: { type: 'bearer', token: 'bearer-token-value-123' },
    } as never);
    const secret = (ep as { secret: string }).secret;
    const rotated = (await core.call('endpoints.rotateSecret', { id: (ep as { id: string }).id })) as {
      secret: string;
    };
    await core.call('inboxes.update', {
      slug: 'default',
      verify: { scheme: 'github', secrets: ['inbox-secret-value-456'] },
    });
    const sent = await core.call('events.send', { topic: 't.x', payload: { n: 1 } });
    // Bad input that names a secret field must not echo it either.
    await core.invoke('endpoints.update', { id: (ep as { id: string }).id, signing: { secret: '' } });
    await new Promise((r) => setTimeout(r, 1500));

    const secrets = [secret, rotated.secret, 'bearer-token-value-123', 'inbox-secret-value-456'];
    const log = lines.join('\n');
    // Not just "something was logged": the auto-disable line, naming the endpoint whose secrets and
    // token were just used, is there to be checked.
    expect(lines.find((l) => l.includes('endpoint disabled'))).toContain((ep as { id: string }).id);
    for (const s of secrets) expect(log).not.toContain(s);

    // The attempt records the request as sent, with the credential cut to a hint.
    const delivery = JSON.stringify(await core.call('deliveries.get', { id: sent.deliveryIds[0] }));
    expect(delivery).toContain('Bearer bear…23 (hidden)');
    expect(delivery).not.toContain('bearer-token-value-123');

    const listed = JSON.stringify(await core.call('endpoints.list'));
    expect(listed).not.toContain(secret);
    expect(listed).not.toContain(rotated.secret);

    await core.close();
    const dbBytes = fs.readFileSync(path.join(core.dataDir, 'hookbench.db')).toString('latin1');
    const walPath = path.join(core.dataDir, 'hookbench.db-wal');
    const wal = fs.existsSync(walPath) ? fs.readFileSync(walPath).toString('latin1') : '';
    for (const s of [secret, rotated.secret, 'bearer-token-value-123', 'inbox-secret-value-456']) {
      expect(dbBytes.includes(s) || wal.includes(s), `stored in clear: ${s}`).toBe(false);
    }
  });
});
