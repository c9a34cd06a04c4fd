import crypto from 'node:crypto';
import { verify as githubVerify } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { header, settle, type Received, type Sink, type TestCore, useCoreAndSink } from './helpers';

const setup = useCoreAndSink();

async function sendOne(core: TestCore, sink: Sink, scheme: string, extra: Record<string, unknown> = {}) {
  const ep = await core.call('endpoints.create', {
    name: scheme,
    url: `${sink.url}/${scheme}`,
    topics: ['transfer.completed'],
    signing: { scheme: scheme as never, ...extra },
  });
  const before = sink.received.length;
  const sent = await core.call('events.send', { topic: 'transfer.completed', endpointIds: [ep.id] });
  const d = await settle(core, sent.deliveryIds[0]);
  expect(d.status).toBe('succeeded');
  return { ep, r: sink.received[before], deliveryId: sent.deliveryIds[0], detail: d };
}

const stripe = new Stripe('sk_test_hookbench');
const hmac = (alg: string, key: string | Buffer, data: Buffer | string, enc: 'hex' | 'base64') =>
  crypto.createHmac(alg, key).update(data).digest(enc);
const stdHeaders = (r: Received) => ({
  'webhook-id': header(r, 'webhook-id'),
  'webhook-timestamp': header(r, 'webhook-timestamp'),
  'webhook-signature': header(r, 'webhook-signature'),
});

describe("signatures verify with each scheme's official library on the receiving side", () => {
  it('standard-webhooks (standardwebhooks), with the delivery id as webhook-id', async () => {
    const { core, sink } = await setup();
    const { ep, r, deliveryId } = await sendOne(core, sink, 'standard-webhooks');
    expect(header(r, 'webhook-id')).toBe(deliveryId);
    const parsed = new Webhook(ep.secret).verify(r.body.toString(), stdHeaders(r));
    expect(parsed).toMatchObject({ event: 'transfer.completed' });
    expect(() =>
      new Webhook('whsec_' + Buffer.from('wrong-key-wrong-key').toString('base64')).verify(
        r.body.toString(),
        stdHeaders(r),
      ),
    ).toThrow();
  });

  it('github (@octokit/webhooks-methods)', async () => {
    const { core, sink } = await setup();
    const { ep, r } = await sendOne(core, sink, 'github');
    expect(await githubVerify(ep.secret, r.body.toString(), header(r, 'x-hub-signature-256'))).toBe(true);
    expect(header(r, 'x-webhook-id')).toMatch(/^msg_/);
  });

  it('stripe (stripe.webhooks.constructEvent)', async () => {
    const { core, sink } = await setup();
    const { ep, r } = await sendOne(core, sink, 'stripe');
    const event = stripe.webhooks.constructEvent(r.body, header(r, 'stripe-signature'), ep.secret);
    expect(event).toMatchObject({ event: 'transfer.completed' });
  });

  it('sftptogo, mftplus, exavault and custom, as their documentation computes them', async () => {
    const { core, sink } = await setup();
    const s2g = await sendOne(core, sink, 'sftptogo');
    expect(header(s2g.r, 'x-hub-signature')).toBe(hmac('sha256', s2g.ep.secret, s2g.r.body, 'base64'));
    const mft = await sendOne(core, sink, 'mftplus');
    // Seed 004's verifySignature, verbatim in spirit: sha256=<hex> of the raw body.
    const expected = `sha256=${hmac('sha256', mft.ep.secret, mft.r.body, 'hex')}`;
    expect(
      crypto.timingSafeEqual(Buffer.from(header(mft.r, 'x-webhook-signature')), Buffer.from(expected)),
    ).toBe(true);
    expect(header(mft.r, 'x-webhook-id')).toBe(mft.deliveryId);
    expect(Number(header(mft.r, 'x-webhook-timestamp'))).toBeGreaterThan(1_600_000_000);
    const exa = await sendOne(core, sink, 'exavault');
    expect(header(exa.r, 'x-exavault-signature')).toBe(
      crypto.createHash('md5').update(exa.ep.secret).update(exa.r.body).digest('hex'),
    );
    const custom = await sendOne(core, sink, 'custom', {
      custom: {
        header: 'X-Sig',
        prefix: 'v1=',
        algorithm: 'sha512',
        encoding: 'base64',
        template: '{id}.{timestamp}.{body}',
        timestampHeader: 'X-Ts',
        idHeader: 'X-Id',
      },
    });
    const r = custom.r;
    const content = `${header(r, 'x-id')}.${header(r, 'x-ts')}.${r.body.toString()}`;
    expect(header(r, 'x-sig')).toBe(`v1=${hmac('sha512', custom.ep.secret, content, 'base64')}`);
  });

  it('signs with both secrets during a rotation overlap where the scheme allows it', async () => {
    const { core, sink } = await setup();
    const first = await sendOne(core, sink, 'standard-webhooks');
    const rotated = await core.call('endpoints.rotateSecret', { id: first.ep.id });
    expect(rotated.secret).not.toBe(first.ep.secret);
    expect(rotated.signing.previousSecretExpiresAt).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const sent = await core.call('events.send', { topic: 'transfer.completed', endpointIds: [first.ep.id] });
    await settle(core, sent.deliveryIds[0]);
    const r = sink.received[1];
    expect(header(r, 'webhook-signature').split(' ')).toHaveLength(2);
    expect(new Webhook(rotated.secret).verify(r.body.toString(), stdHeaders(r))).toBeTruthy();
    expect(new Webhook(first.ep.secret).verify(r.body.toString(), stdHeaders(r))).toBeTruthy();

    const st = await sendOne(core, sink, 'stripe');
    const st2 = await core.call('endpoints.rotateSecret', { id: st.ep.id, overlapSeconds: 60 });
    const again = await core.call('events.send', { topic: 'transfer.completed', endpointIds: [st.ep.id] });
    await settle(core, again.deliveryIds[0]);
    const sr = sink.received[sink.received.length - 1];
    expect(stripe.webhooks.constructEvent(sr.body, header(sr, 'stripe-signature'), st2.secret)).toBeTruthy();
    expect(
      stripe.webhooks.constructEvent(sr.body, header(sr, 'stripe-signature'), st.ep.secret),
    ).toBeTruthy();

    // GitHub carries one signature: no overlap, the new secret signs at once.
    const gh = await sendOne(core, sink, 'github');
    const gh2 = await core.call('endpoints.rotateSecret', { id: gh.ep.id });
    expect(gh2.signing.previousSecretExpiresAt).toBeNull();
  });

  it('previews the exact bytes and headers an attempt sends, signature included', async () => {
    const { core, sink } = await setup();
    const ep = await core.call('endpoints.create', { name: 'p', url: sink.url, topics: ['a.b'] });
    const p = await core.call('events.preview', { topic: 'a.b', payload: { n: 1 }, endpointId: ep.id });
    expect(p.body.text).toBe('{"n":1}');
    const h = Object.fromEntries(p.headers.map(([n, v]) => [n.toLowerCase(), v]));
    expect(
      new Webhook(ep.secret).verify(p.body.text, {
        'webhook-id': h['webhook-id'],
        'webhook-timestamp': h['webhook-timestamp'],
        'webhook-signature': h['webhook-signature'],
      }),
    ).toEqual({ n: 1 });
    expect(p.signedContent).toContain('{"n":1}');
    const t = await core.call('events.preview', {
      topic: 'a.b',
      template: '{"topic":"{{event.topic}}","to":"{{endpoint.name}}"}',
      endpointId: ep.id,
    });
    expect(JSON.parse(t.body.text)).toEqual({ topic: 'a.b', to: 'p' });
  });
});
