import { describe, expect, it } from 'vitest';
import { rawExchange, send, sleep, type TestCore, useReceivers } from './helpers';

const setup = useReceivers();

async function count(core: TestCore) {
  return (await core.call('requests.list', { inbox: 'default' })).total;
}

async function nextGoodRequestIsCaptured(core: TestCore, base: string, marker: string) {
  const res = await send(`${base}/default/${marker}`, { body: marker });
  expect(res.status).toBe(200);
  const { items } = await core.call('requests.list', { inbox: 'default', query: { path: marker } });
  expect(items).toHaveLength(1);
  const d = await core.call('requests.get', { id: items[0].id });
  expect(d.body.text).toBe(marker);
}

describe('receiver limits and bad input', () => {
  it('answers 413 from Content-Length before reading the body, stores nothing, then captures the next request', async () => {
    const { core, base, port } = await setup();
    await core.call('inboxes.update', { slug: 'default', maxBodyBytes: 1024 });
    const res = await rawExchange(port, ['POST /default/big HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n', Buffer.alloc(2048, 1)]);
    expect(res.text).toMatch(/^HTTP\/1\.1 413/);
    expect(res.text).toContain('1024 bytes');
    expect(await count(core)).toBe(0);
    await nextGoodRequestIsCaptured(core, base, 'after-413');
  });

  it('cuts a streamed (chunked) body that grows past the cap with 413 and stores nothing', async () => {
    const { core, base, port } = await setup();
    await core.call('inboxes.update', { slug: 'default', maxBodyBytes: 4096 });
    const chunk = (n: number) => `${n.toString(16)}\r\n${'a'.repeat(n)}\r\n`;
    const res = await rawExchange(port, ['POST /default/stream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', chunk(3000), chunk(3000), chunk(3000)], { gapMs: 30 });
    expect(res.text).toMatch(/^HTTP\/1\.1 413/);
    expect(await count(core)).toBe(0);
    // Exactly at the cap is fine.
    expect((await send(`${base}/default/exact`, { body: Buffer.alloc(4096, 98) })).status).toBe(200);
    expect(await count(core)).toBe(1);
    await nextGoodRequestIsCaptured(core, base, 'after-stream');
  });

  it('does not store a request whose client disconnects mid-body', async () => {
    const { core, base, port } = await setup();
    await rawExchange(port, ['POST /default/cut HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n', 'only part'], { timeoutMs: 200, endAfterWrite: true });
    await sleep(100);
    expect(await count(core)).toBe(0);
    await nextGoodRequestIsCaptured(core, base, 'after-cut');
  });

  it('answers malformed requests with 400 and keeps capturing', async () => {
    const { core, base, port } = await setup();
    const bad = await rawExchange(port, ['THIS IS NOT HTTP\r\n\r\n']);
    expect(bad.text).toMatch(/^HTTP\/1\.1 400/);
    const badHeader = await rawExchange(port, ['POST /default/x HTTP/1.1\r\nHost: x\r\nBad Header Name: y\r\nContent-Length: 0\r\n\r\n']);
    expect(badHeader.text).toMatch(/^HTTP\/1\.1 400/);
    const badLength = await rawExchange(port, ['POST /default/x HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n']);
    expect(badLength.text).toMatch(/^HTTP\/1\.1 400/);
    expect(await count(core)).toBe(0);
    await nextGoodRequestIsCaptured(core, base, 'after-400');
    expect((await core.call('receiver.status')).rejectedSinceStart).toBeGreaterThanOrEqual(3);
  });

  it('answers 431 to oversized headers', async () => {
    const { core, base, port } = await setup();
    const res = await rawExchange(port, [`GET /default/x HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`]);
    expect(res.text).toMatch(/^HTTP\/1\.1 431/);
    await nextGoodRequestIsCaptured(core, base, 'after-431');
  });

  it('times out a slow client that never finishes its headers, and keeps capturing meanwhile', async () => {
    const { core, base, port } = await setup();
    await core.call('settings.update', { receiverHeadersTimeoutMs: 1000, receiverRequestTimeoutMs: 1500 });
    const slow = rawExchange(port, ['POST /default/slow HTTP/1.1\r\n', 'Host: x\r\n'], { gapMs: 100, timeoutMs: 5000 });
    await nextGoodRequestIsCaptured(core, base, 'during-slow');
    const res = await slow;
    expect(res.closed).toBe(true);
    expect(res.text === '' || /^HTTP\/1\.1 408/.test(res.text)).toBe(true);
    expect(await count(core)).toBe(1);
    await nextGoodRequestIsCaptured(core, base, 'after-slow');
  });

  it('refuses a port that is taken, leaving the running listener as it was', async () => {
    const { core, base } = await setup();
    const net = await import('node:net');
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const res = await core.invoke('settings.update', { receiverPort: taken });
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error.message).toMatch(new RegExp(`${taken}.*another program`));
      expect((await core.call('settings.get')).receiverPort).toBe(7780);
      expect((await core.call('receiver.status')).http?.baseUrl).toBe(base);
      await nextGoodRequestIsCaptured(core, base, 'still-here');
    } finally {
      blocker.close();
    }
  });
});
