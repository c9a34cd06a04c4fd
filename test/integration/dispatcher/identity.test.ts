import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../src/core/util/clock';
import { startCore } from '../../helpers/temp-core';
import { header, settle, startSink, until, type Received, type Reply, type TestCore } from './helpers';

/**
 * Catalog events behave like the products' own (issue 13): fresh event ids and times per send,
 * shared across fan-out and retries; delivery ids per delivery; attempt ids / numbers per attempt,
 * re-signed. Real core, real SQLite, real local servers on 127.0.0.1.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const START = Date.UTC(2027, 2, 3, 4, 5, 6, 789);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const isoS = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function setup(reply?: Reply) {
  const clock = createFakeClock(START);
  const core: TestCore = await startCore({ clock });
  const sink = await startSink(reply);
  cleanups.push(
    () => core.close(),
    () => sink.close(),
  );
  return { core, sink, clock };
}

const json = (r: Received) => JSON.parse(r.body.toString('utf8'));
const hmac = (key: string, body: Buffer, enc: 'hex' | 'base64') =>
  crypto.createHmac('sha256', key).update(body).digest(enc);
const byPath = (r: Received) => r.url;

/** Every product: the send-twice / fan-out facts, with the fields each seed documents. */
const products = [
  {
    name: 'SFTP To Go (seed 000)',
    topic: 'file.created',
    scheme: 'sftptogo',
    eventId: (b: Record<string, any>) => b.Id as string,
    check(b: Record<string, any>, at: number) {
      expect(b.Id).toMatch(UUID);
      expect(b.Metadata.Event.Id).toBe(b.Id);
      expect(b.CreatedAt).toBe(at);
      expect(b.UpdatedAt).toBe(at);
      expect(b.Metadata.Delivery.Id).toMatch(UUID);
      expect(b.Metadata.Attempt.Id).toMatch(UUID);
      expect(b.Metadata.Webhook.Id).toMatch(UUID);
      expect(b.Id).not.toBe('36cd78bc-0662-43b1-a7aa-0cde4876ab2a');
      expect(b.Metadata.Delivery.Id).not.toBe('0a4ed750-fbb8-4718-8a6c-86c35c9b6348');
    },
    deliveryId: (r: Received) => json(r).Metadata.Delivery.Id as string,
  },
  {
    name: 'MFTPlus (seed 004)',
    topic: 'transfer.completed',
    scheme: 'mftplus',
    eventId: (b: Record<string, any>) => b.id as string,
    check(b: Record<string, any>, at: number) {
      expect(b.id).toMatch(/^whevt_[0-9a-z]{16}$/);
      expect(b.id).not.toBe('whevt_1a2b3c4d5e6f7g8h');
      expect(b.timestamp).toBe(isoS(at));
    },
    deliveryId: (r: Received) => header(r, 'x-webhook-id'),
  },
  {
    name: 'GoMFT (seed 003)',
    topic: 'transfer_completed',
    scheme: 'standard-webhooks',
    eventId: null,
    check(b: Record<string, any>, at: number) {
      expect(b.timestamp).toBe(isoS(at));
      expect(b.transfer.id).toBe('transfer-123');
    },
    deliveryId: (r: Received) => header(r, 'webhook-id'),
  },
  {
    name: 'ExaVault (seed 002)',
    topic: 'exavault.upload',
    scheme: 'exavault',
    eventId: null,
    check(b: Record<string, any>) {
      expect(b.attempt).toBe(1);
      expect(b.operation).toBe('Upload');
    },
    deliveryId: (r: Received) => header(r, 'x-webhook-id'),
  },
] as const;

describe('catalog events carry fresh identity and time fields, per product', () => {
  for (const p of products) {
    it(`${p.name}: two sends differ and carry the clock's time; fan-out deliveries share the event`, async () => {
      const { core, sink, clock } = await setup();
      const eps = [];
      for (const name of ['a', 'b']) {
        eps.push(
          await core.call('endpoints.create', {
            name,
            url: `${sink.url}/${name}`,
            topics: [p.topic],
            signing: { scheme: p.scheme },
          }),
        );
      }
      const first = await core.call('events.send', { topic: p.topic });
      expect(first.deliveryIds).toHaveLength(2);
      await sink.waitFor(2);
      clock.advance(61_000);
      const second = await core.call('events.send', { topic: p.topic });
      await sink.waitFor(4);
      for (const id of [...first.deliveryIds, ...second.deliveryIds]) await settle(core, id);
      const sendOf = (r: Received) => sink.received.indexOf(r) < 2;
      const [a1, b1] = sink.received.slice(0, 2).sort((x, y) => byPath(x).localeCompare(byPath(y)));
      const [a2, b2] = sink.received.slice(2, 4).sort((x, y) => byPath(x).localeCompare(byPath(y)));
      expect(sendOf(a1) && sendOf(b1)).toBe(true);
      p.check(json(a1), START);
      p.check(json(b1), START);
      p.check(json(a2), START + 61_000);
      // Fan-out: the same event (id and time), each delivery its own id.
      if (p.eventId) {
        expect(p.eventId(json(a1))).toBe(p.eventId(json(b1)));
        expect(p.eventId(json(a2))).toBe(p.eventId(json(b2)));
        expect(p.eventId(json(a1))).not.toBe(p.eventId(json(a2)));
      } else {
        expect(json(a1).timestamp ?? null).toEqual(json(b1).timestamp ?? null);
      }
      const deliveryIds = [a1, b1, a2, b2].map(p.deliveryId);
      expect(new Set(deliveryIds).size).toBe(4);
      if (p.topic === 'file.created') {
        // The webhook id is the endpoint's: the same for both sends to one endpoint, not across endpoints.
        expect(json(a1).Metadata.Webhook.Id).toBe(json(a2).Metadata.Webhook.Id);
        expect(json(a1).Metadata.Webhook.Id).not.toBe(json(b1).Metadata.Webhook.Id);
      }
      if (p.topic === 'transfer.completed') {
        expect(header(a1, 'x-webhook-timestamp')).toBe(String(Math.floor(START / 1000)));
        expect(header(a2, 'x-webhook-id')).toBe(
          second.deliveryIds.find((id) => id === header(a2, 'x-webhook-id')),
        );
      }
    });
  }

  it('SFTP To Go: a retried delivery keeps the event and delivery ids, gets a new Attempt.Id, signed over the new body', async () => {
    const { core, sink } = await setup((_r, n) => ({ status: n === 1 ? 500 : 204 }));
    const ep = await core.call('endpoints.create', {
      name: 's2g',
      url: sink.url,
      topics: ['file.created'],
      signing: { scheme: 'sftptogo' },
      retry: { delays: [0] },
    });
    const sent = await core.call('events.send', { topic: 'file.created' });
    const d = await settle(core, sent.deliveryIds[0]);
    expect(d.status).toBe('succeeded');
    expect(sink.received).toHaveLength(2);
    const [r1, r2] = sink.received;
    const [b1, b2] = [json(r1), json(r2)];
    expect(b2.Id).toBe(b1.Id);
    expect(b2.CreatedAt).toBe(b1.CreatedAt);
    expect(b2.Metadata.Delivery.Id).toBe(b1.Metadata.Delivery.Id);
    expect(b2.Metadata.Attempt.Id).not.toBe(b1.Metadata.Attempt.Id);
    expect(b2.Metadata.Attempt.Id).toMatch(UUID);
    for (const r of [r1, r2]) expect(header(r, 'x-hub-signature')).toBe(hmac(ep.secret, r.body, 'base64'));
    expect(r1.body.equals(r2.body)).toBe(false);
    // The delivery detail shows each attempt's body exactly as it was sent.
    expect(d.attemptList.map((a) => a.request.body.text)).toEqual([r1.body.toString(), r2.body.toString()]);
    expect(d.body.text).toBe(r2.body.toString());
    expect(d.identity).toContainEqual({
      in: 'body',
      header: null,
      role: 'attempt.id',
      format: 'uuid',
      value: b2.Metadata.Attempt.Id,
    });
  });

  it('ExaVault: the attempt counter goes 1, 2, 3 and each MD5 signature covers its own body', async () => {
    const { core, sink } = await setup((_r, n) => ({ status: n < 3 ? 503 : 200 }));
    const ep = await core.call('endpoints.create', {
      name: 'ev',
      url: sink.url,
      topics: ['exavault.*'],
      signing: { scheme: 'exavault' },
      retry: { delays: [0, 0] },
    });
    const sent = await core.call('events.send', { topic: 'exavault.upload' });
    expect((await settle(core, sent.deliveryIds[0])).status).toBe('succeeded');
    expect(sink.received.map((r) => json(r).attempt)).toEqual([1, 2, 3]);
    for (const r of sink.received) {
      const md5 = crypto
        .createHash('md5')
        .update(Buffer.concat([Buffer.from(ep.secret), r.body]))
        .digest('hex');
      expect(header(r, 'x-exavault-signature')).toBe(md5);
    }
  });

  it('MFTPlus: a retry keeps id, timestamp and X-Webhook-ID; X-Webhook-Timestamp is the attempt time', async () => {
    const { core, sink, clock } = await setup((_r, n) => {
      if (n === 1) clock.advance(5000);
      return { status: n === 1 ? 500 : 200 };
    });
    const ep = await core.call('endpoints.create', {
      name: 'm',
      url: sink.url,
      topics: ['transfer.*'],
      signing: { scheme: 'mftplus' },
      retry: { delays: [0] },
    });
    const sent = await core.call('events.send', { topic: 'transfer.failed' });
    await settle(core, sent.deliveryIds[0]);
    const [r1, r2] = sink.received;
    expect(json(r2).id).toBe(json(r1).id);
    expect(json(r2).timestamp).toBe(isoS(START));
    expect(header(r2, 'x-webhook-id')).toBe(header(r1, 'x-webhook-id'));
    expect(header(r1, 'x-webhook-timestamp')).toBe(String(Math.floor(START / 1000)));
    expect(header(r2, 'x-webhook-timestamp')).toBe(String(Math.floor(START / 1000) + 5));
    for (const r of sink.received)
      expect(header(r, 'x-webhook-signature')).toBe(`sha256=${hmac(ep.secret, r.body, 'hex')}`);
  });
});

describe('a consumer that deduplicates by the seed id field (seed 004: "use the id field")', () => {
  for (const [topic, idOf, scheme] of [
    ['transfer.completed', (b: Record<string, string>) => b.id, 'mftplus'],
    ['file.created', (b: Record<string, string>) => b.Id, 'sftptogo'],
  ] as const) {
    it(`${topic}: accepts every new event and drops the retries of delivered ones`, async () => {
      // It processes each new event, then fails to acknowledge the first time (as if it timed
      // out), so Hookbench retries; the retry must be recognised as a duplicate.
      const processed = new Set<string>();
      let duplicates = 0;
      const { core, sink } = await setup((r) => {
        const id = idOf(json(r));
        if (processed.has(id)) {
          duplicates++;
          return { status: 200, body: 'Duplicate' };
        }
        processed.add(id);
        return { status: 500 };
      });
      await core.call('endpoints.create', {
        name: 'dedup',
        url: sink.url,
        topics: [topic],
        signing: { scheme },
        retry: { delays: [0, 0] },
      });
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push((await core.call('events.send', { topic })).deliveryIds[0]);
      for (const id of ids) expect((await settle(core, id)).attempts).toBe(2);
      expect(processed.size).toBe(5);
      expect(duplicates).toBe(5);
    });
  }
});

describe('preview, delivery detail and inbox capture show the same values', () => {
  it('SFTP To Go file.created through a verifying inbox', async () => {
    const { core } = await setup();
    const status = await core.call('receiver.status');
    const ep = await core.call('endpoints.create', {
      name: 'inbox',
      url: `${status.http!.baseUrl}/identity`,
      topics: ['file.created'],
      signing: { scheme: 'sftptogo' },
    });
    await core.call('inboxes.create', { slug: 'identity' });
    await core.call('inboxes.update', {
      slug: 'identity',
      verify: { scheme: 'sftptogo', secrets: [ep.secret] },
    });
    const preview = await core.call('events.preview', { topic: 'file.created', endpointId: ep.id });
    const sent = await core.call('events.send', { topic: 'file.created' });
    const detail = await settle(core, sent.deliveryIds[0]);
    const list = await until(async () => {
      const l = await core.call('requests.list', { inbox: 'identity' });
      return l.items.length ? l : null;
    });
    const captured = await core.call('requests.get', { id: list.items[0].id });
    expect(captured.verification?.status).toBe('valid');
    // Delivery detail and inbox: the same bytes and the same signature.
    expect(captured.body.text).toBe(detail.body.text);
    const sig = (pairs: [string, string][]) =>
      pairs.find(([n]) => n.toLowerCase() === 'x-hub-signature')?.[1];
    expect(sig(captured.headers)).toBe(sig(detail.attemptList[0].request.headers));
    const got = JSON.parse(captured.body.text!);
    // Every value the detail lists is in the captured body.
    for (const v of detail.identity) expect(captured.body.text).toContain(v.value);
    expect(detail.identity.find((v) => v.role === 'delivery.id')?.value).toBe(got.Metadata.Delivery.Id);
    // The preview: the same fields, filled the same way (same clock, same endpoint), only the ids
    // of a send it did not make differ.
    const shown = JSON.parse(preview.body.text);
    expect(shown.CreatedAt).toBe(got.CreatedAt);
    expect(shown.Metadata.Webhook.Id).toBe(got.Metadata.Webhook.Id);
    for (const b of [shown, got]) {
      for (const [k, v] of [
        ['Id', b.Id],
        ['Delivery', b.Metadata.Delivery.Id],
        ['Attempt', b.Metadata.Attempt.Id],
      ])
        expect(v, k).toMatch(UUID);
      delete b.Id;
      delete b.Metadata.Event.Id;
      delete b.Metadata.Delivery.Id;
      delete b.Metadata.Attempt.Id;
    }
    expect(shown).toEqual(got);
    expect(sig(preview.headers)).toBe(hmac(ep.secret, Buffer.from(preview.body.text), 'base64'));
  });
});

describe('replay semantics (deliveries.retry)', () => {
  it('same id keeps the event and delivery fields; newId mints delivery and attempt fields; newEventId a new event', async () => {
    const { core, sink, clock } = await setup();
    await core.call('endpoints.create', {
      name: 's2g',
      url: sink.url,
      topics: ['file.*'],
      signing: { scheme: 'sftptogo' },
    });
    const sent = await core.call('events.send', { topic: 'file.deleted' });
    const id = sent.deliveryIds[0];
    await settle(core, id);
    clock.advance(10_000);
    // Same delivery id: the same event and delivery, a new attempt.
    await core.call('deliveries.retry', { id });
    await until(async () => (await core.call('deliveries.get', { id })).attempts === 2 || null);
    await sink.waitFor(2);
    // A new delivery id: same event (id and time), new delivery and attempt ids.
    const copy = await core.call('deliveries.retry', { id, newId: true });
    expect(copy.id).not.toBe(id);
    expect(copy.eventId).toBe(sent.eventId);
    await settle(core, copy.id);
    // A new event id as well: new event id and time.
    const fresh = await core.call('deliveries.retry', { id, newId: true, newEventId: true });
    expect(fresh.eventId).not.toBe(sent.eventId);
    await settle(core, fresh.id);
    await sink.waitFor(4);
    const [orig, same, asNew, asNewEvent] = sink.received.map(json);
    expect(same.Id).toBe(orig.Id);
    expect(same.Metadata.Delivery.Id).toBe(orig.Metadata.Delivery.Id);
    expect(same.Metadata.Attempt.Id).not.toBe(orig.Metadata.Attempt.Id);
    expect(same.CreatedAt).toBe(START);
    expect(asNew.Id).toBe(orig.Id);
    expect(asNew.CreatedAt).toBe(START);
    expect(asNew.Metadata.Delivery.Id).not.toBe(orig.Metadata.Delivery.Id);
    expect(new Set([orig, same, asNew].map((b) => b.Metadata.Attempt.Id)).size).toBe(3);
    expect(asNewEvent.Id).not.toBe(orig.Id);
    expect(asNewEvent.Metadata.Event.Id).toBe(asNewEvent.Id);
    expect(asNewEvent.CreatedAt).toBe(START + 10_000);
    expect(asNewEvent.Metadata.Delivery.Id).not.toBe(asNew.Metadata.Delivery.Id);
    // Everything else is the same event, byte for byte in its layout.
    const strip = (b: Record<string, any>) => ({
      ...b,
      Id: 0,
      CreatedAt: 0,
      UpdatedAt: 0,
      Metadata: { ...b.Metadata, Event: 0, Delivery: 0, Attempt: 0 },
    });
    expect(strip(asNewEvent)).toEqual(strip(orig));
    const bad = await core.invoke('deliveries.retry', { id, newEventId: true });
    expect(bad.ok).toBe(false);
  });
});

describe('templates and user-defined events', () => {
  it('template variables carry event, delivery and attempt values in product formats, per attempt', async () => {
    const { core, sink } = await setup((_r, n) => ({ status: n === 1 ? 500 : 204 }));
    const ep = await core.call('endpoints.create', {
      name: 't',
      url: sink.url,
      topics: ['order.paid'],
      signing: { scheme: 'github' },
      retry: { delays: [0] },
    });
    const template =
      '{"id":"{{event.whevt_id}}","uuid":"{{event.uuid}}","at":"{{event.time}}","ms":{{event.time_ms}},' +
      '"delivery":"{{delivery.id}}","attempt":"{{attempt.uuid}}","n":{{attempt.number}},"ep":"{{endpoint.id}}"}';
    const sent = await core.call('events.send', { topic: 'order.paid', template });
    const d = await settle(core, sent.deliveryIds[0]);
    const [b1, b2] = sink.received.map(json);
    expect(b1).toMatchObject({ at: isoS(START), ms: START, delivery: sent.deliveryIds[0], n: 1, ep: ep.id });
    expect(b1.id).toMatch(/^whevt_[0-9a-z]{16}$/);
    expect(b1.uuid).toMatch(UUID);
    expect(b2).toEqual({ ...b1, attempt: b2.attempt, n: 2 });
    expect(b2.attempt).not.toBe(b1.attempt);
    for (const r of sink.received)
      expect(header(r, 'x-hub-signature-256')).toBe(`sha256=${hmac(ep.secret, r.body, 'hex')}`);
    expect(d.attemptList.map((a) => a.request.body.text)).toEqual(
      sink.received.map((r) => r.body.toString()),
    );
  });

  it('a custom event marks its own identity fields; fields that are not in the sample are refused', async () => {
    const { core, sink, clock } = await setup();
    const sample = '{\n  "meta": { "eventId": "fixed", "sentAt": 0, "try": 0 },\n  "invoice": "inv_1"\n}';
    const refused = await core.invoke('catalog.create', {
      topic: 'invoice.paid',
      sample,
      identity: [{ in: 'body', path: 'meta.nope', role: 'event.id', format: 'uuid' }],
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/no field "meta.nope"/);
    const entry = await core.call('catalog.create', {
      topic: 'invoice.paid',
      sample,
      identity: [
        { in: 'body', path: 'meta.eventId', role: 'event.id', format: 'uuid' },
        { in: 'body', path: 'meta.sentAt', role: 'event.time', format: 'epoch-s' },
        { in: 'body', path: 'meta.try', role: 'attempt.number', format: 'integer' },
        { in: 'header', path: 'X-Invoice-Delivery', role: 'delivery.id', format: 'uuid' },
      ],
    });
    expect((await core.call('catalog.get', { topic: 'invoice.paid' })).identity).toEqual(entry.identity);
    await core.call('endpoints.create', { name: 'c', url: sink.url, topics: ['invoice.paid'] });
    const one = await core.call('events.send', { topic: 'invoice.paid' });
    clock.advance(2000);
    const two = await core.call('events.send', { topic: 'invoice.paid' });
    await settle(core, one.deliveryIds[0]);
    await settle(core, two.deliveryIds[0]);
    const [a, b] = sink.received;
    expect(json(a).meta.eventId).toMatch(UUID);
    expect(json(a).meta.eventId).not.toBe(json(b).meta.eventId);
    expect(json(a).meta.sentAt).toBe(Math.floor(START / 1000));
    expect(json(b).meta.sentAt).toBe(Math.floor(START / 1000) + 2);
    expect(json(a).meta.try).toBe(1);
    expect(header(a, 'x-invoice-delivery')).toMatch(UUID);
    expect(header(a, 'x-invoice-delivery')).not.toBe(header(b, 'x-invoice-delivery'));
    // The sample's layout is kept: only the marked values change.
    expect(a.body.toString()).toBe(
      sample
        .replace('"fixed"', `"${json(a).meta.eventId}"`)
        .replace('"sentAt": 0', `"sentAt": ${json(a).meta.sentAt}`)
        .replace('"try": 0', '"try": 1'),
    );
  });
});

describe('an edited catalog payload (fillIdentity)', () => {
  it('fills the topic’s identity fields the payload has, and leaves a payload without fillIdentity as given', async () => {
    const { core, sink } = await setup();
    await core.call('endpoints.create', { name: 'm', url: sink.url, topics: ['transfer.completed'] });
    const payload = { id: 'whevt_mine', event: 'transfer.completed', data: { transferId: 'trf_9' } };
    const filled = await core.call('events.send', {
      topic: 'transfer.completed',
      payload,
      fillIdentity: true,
    });
    const asGiven = await core.call('events.send', { topic: 'transfer.completed', payload });
    await settle(core, filled.deliveryIds[0]);
    await settle(core, asGiven.deliveryIds[0]);
    const [a, b] = [...sink.received].sort((x, y) =>
      header(x, 'x-webhook-id') === filled.deliveryIds[0]
        ? -1
        : header(y, 'x-webhook-id') === filled.deliveryIds[0]
          ? 1
          : 0,
    );
    // No timestamp in this payload: only its id is filled; the rest is the caller's, compact as sent.
    expect(json(a)).toEqual({ ...payload, id: json(a).id });
    expect(json(a).id).toMatch(/^whevt_[0-9a-z]{16}$/);
    expect(a.body.toString()).toBe(JSON.stringify({ ...payload, id: json(a).id }));
    expect(b.body.toString()).toBe(JSON.stringify(payload));
    const preview = await core.call('events.preview', {
      topic: 'transfer.completed',
      payload,
      fillIdentity: true,
    });
    expect(JSON.parse(preview.body.text).id).toMatch(/^whevt_[0-9a-z]{16}$/);
  });
});

describe('chat endpoints', () => {
  it('a Slack endpoint quotes the sample with its values filled, even where the message is cut', async () => {
    const { core, sink } = await setup();
    // The id sits right at Slack's 3000-character cut of the quoted text.
    const sample = `{\n  "pad": "${'x'.repeat(2970)}",\n  "id": "fixed"\n}`;
    await core.call('catalog.create', {
      topic: 'long.event',
      sample,
      identity: [{ in: 'body', path: 'id', role: 'event.id', format: 'uuid' }],
    });
    await core.call('endpoints.create', { name: 'slack', url: sink.url, topics: ['*'], type: 'slack' });
    const sent = await core.call('events.send', { topic: 'long.event' });
    await settle(core, sent.deliveryIds[0]);
    const text = sink.received[0].body.toString();
    expect(JSON.parse(text).blocks).toBeDefined();
    expect(text).not.toMatch(/hbmk/);
    expect(text).not.toContain('fixed');
  });
});
