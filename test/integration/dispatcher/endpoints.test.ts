import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { header, settle, useCoreAndSink } from './helpers';

const setup = useCoreAndSink();

describe('endpoints', () => {
  it('creates with defaults, returns the secret once, never stores it in the clear', async () => {
    const { core, sink } = await setup();
    const ep = await core.call('endpoints.create', {
      name: 'Local',
      url: `${sink.url}/hook`,
      topics: ['file.created'],
    });
    expect(ep.id).toMatch(/^ep_/);
    expect(ep.secret).toMatch(/^whsec_/);
    expect(ep.signing.scheme).toBe('standard-webhooks');
    expect(ep.retry).toBe('mftplus');
    expect(ep.timeoutSeconds).toBe(10);
    expect(ep.state).toBe('active');
    const got = await core.call('endpoints.get', { id: ep.id });
    expect(got).not.toHaveProperty('secret');
    expect(JSON.stringify(await core.call('endpoints.list'))).not.toContain(ep.secret);
    const dbBytes = fs.readFileSync(path.join(core.dataDir, 'hookbench.db'));
    const wal = fs.existsSync(path.join(core.dataDir, 'hookbench.db-wal'))
      ? fs.readFileSync(path.join(core.dataDir, 'hookbench.db-wal'))
      : Buffer.alloc(0);
    expect(dbBytes.includes(ep.secret)).toBe(false);
    expect(wal.includes(ep.secret)).toBe(false);
    const keyFile = fs.statSync(path.join(core.dataDir, 'secret.key'));
    if (process.platform !== 'win32') expect(keyFile.mode & 0o777).toBe(0o600);
  });

  it('refuses plain http to another host unless allowed, and bad custom headers', async () => {
    const { core } = await setup();
    const bad = await core.invoke('endpoints.create', {
      name: 'x',
      url: 'http://example.com/hook',
      topics: ['a'],
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/Plain HTTP is only allowed for localhost/);
    const ok = await core.call('endpoints.create', {
      name: 'x',
      url: 'http://example.com/hook',
      topics: ['a'],
      allowPlainHttp: true,
    });
    expect(ok.allowPlainHttp).toBe(true);
    const off = await core.invoke('endpoints.update', { id: ok.id, allowPlainHttp: false });
    expect(off.ok).toBe(false);
    const hdr = await core.invoke('endpoints.create', {
      name: 'x',
      url: 'https://example.com',
      topics: ['a'],
      headers: [{ name: 'Host', value: 'x' }],
    });
    expect(hdr.ok).toBe(false);
    const notUrl = await core.invoke('endpoints.create', { name: 'x', url: 'not a url', topics: ['a'] });
    expect(!notUrl.ok && notUrl.error.message).toMatch(/not a URL/);
    const noTopics = await core.invoke('endpoints.create', {
      name: 'x',
      url: 'https://example.com',
      topics: [],
    });
    expect(!noTopics.ok && noTopics.error.message).toMatch(/at least one topic/);
  });

  it('sends an event with the expected headers and records the attempt', async () => {
    const { core, sink } = await setup();
    const ep = await core.call('endpoints.create', {
      name: 'Local',
      url: `${sink.url}/hook?x=1`,
      topics: ['transfer.*'],
      auth: { type: 'bearer', token: 'tok123' },
      headers: [{ name: 'X-Team', value: 'qa' }],
    });
    const sent = await core.call('events.send', { topic: 'transfer.completed', payload: { hello: 'world' } });
    expect(sent.deliveryIds).toHaveLength(1);
    const d = await settle(core, sent.deliveryIds[0]);
    expect(d.status).toBe('succeeded');
    const r = sink.received[0];
    expect(r.url).toBe('/hook?x=1');
    expect(r.body.toString()).toBe('{"hello":"world"}');
    expect(header(r, 'content-type')).toBe('application/json');
    expect(header(r, 'user-agent')).toBe(`Hookbench/${core.context.version}`);
    expect(header(r, 'webhook-id')).toBe(sent.deliveryIds[0]);
    expect(header(r, 'authorization')).toBe('Bearer tok123');
    expect(header(r, 'x-team')).toBe('qa');
    const a = d.attemptList[0];
    expect(a.response?.status).toBe(204);
    expect(a.request.headers.map(([n]) => n.toLowerCase())).toEqual(
      expect.arrayContaining([
        'content-type',
        'user-agent',
        'webhook-id',
        'webhook-timestamp',
        'webhook-signature',
        'authorization',
        'x-team',
      ]),
    );
    expect(a.request.body.text).toBe('{"hello":"world"}');
    expect(a.timings.totalMs).toBeGreaterThan(0);
    const list = await core.call('deliveries.list', { endpointId: ep.id });
    expect(list.total).toBe(1);
    // The deliveries of one send, by its event id.
    expect(
      (await core.call('deliveries.list', { eventId: list.items[0].eventId })).items.map((x) => x.id),
    ).toEqual([list.items[0].id]);
    expect((await core.call('deliveries.list', { eventId: 'evt_none' })).total).toBe(0);
    const health = (await core.call('endpoints.get', { id: ep.id })).health;
    expect(health.successRate).toBe(1);
    expect(health.lastStatus).toBe(204);
  });

  it('sends the catalog sample when no payload is given, and pings in SFTP To Go format', async () => {
    const { core, sink } = await setup();
    const ep = await core.call('endpoints.create', {
      name: 'Local',
      url: sink.url,
      topics: ['file.created'],
    });
    const sent = await core.call('events.send', { topic: 'file.created' });
    await settle(core, sent.deliveryIds[0]);
    expect(JSON.parse(sink.received[0].body.toString()).Topic).toBe('file.created');
    await core.call('endpoints.pause', { id: ep.id });
    const ping = await core.call('endpoints.ping', { id: ep.id });
    const d = await settle(core, ping.deliveryIds[0]);
    expect(d.status).toBe('succeeded');
    const body = JSON.parse(sink.received[1].body.toString());
    expect(body).toMatchObject({
      Topic: 'webhook.ping',
      Resource: 'webhook',
      Data: { Id: ep.id, State: 'paused', Alias: 'Local' },
    });
    expect(body.Metadata.Delivery.Id).toBe(ping.deliveryIds[0]);
    expect(body.Metadata.Event.Id).toBe(ping.eventId);
    expect(body.Id).toBe(ping.eventId);
    // Seed 000's ping carries the attempt's id too: the attempt recorded for this delivery.
    expect(body.Metadata.Attempt.Id).toBe(d.attemptList[0].id);
  });
});
