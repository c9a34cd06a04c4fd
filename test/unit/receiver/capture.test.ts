import { describe, expect, it } from 'vitest';
import { sign } from '../../../src/core/signing';
import {
  checkSignature,
  deliveryIdOf,
  rawHeader,
  scanHeaders,
  toItem,
  toPairs,
  type Captured,
} from '../../../src/core/receiver/capture';
import type { LiveInbox } from '../../../src/core/receiver/inbox-store';

/**
 * What the receiver reads from a captured request before storing it (issue 15): the headers it
 * looks at (any case, first value), the delivery id used to spot duplicates (headers first, then a
 * JSON field, within bounds), the signature check, and the list item built from it.
 */

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('capture: headers', () => {
  it('finds a header in any case and returns its first value', () => {
    const raw = ['Host', 'x', 'Webhook-ID', 'a', 'webhook-id', 'b'];
    expect(rawHeader(raw, 'webhook-id')).toBe('a');
    expect(rawHeader(raw, 'host')).toBe('x');
    expect(rawHeader(raw, 'x-webhook-id')).toBeNull();
    // A name that only starts like the one looked for is another header.
    expect(rawHeader(['webhook-idx', 'c'], 'webhook-id')).toBeNull();
    // Another header of the same length is not the one looked for.
    expect(rawHeader(['X-Request-Id', 'r', 'X-Webhook-ID', 'w'], 'x-webhook-id')).toBe('w');
    expect(rawHeader(['X-Request-Id', 'r'], 'x-webhook-id')).toBeNull();
    expect(toPairs(raw)).toEqual([
      ['Host', 'x'],
      ['Webhook-ID', 'a'],
      ['webhook-id', 'b'],
    ]);
  });

  it('reads the headers it needs in one pass: any case, first value of each, nothing else', () => {
    const h = scanHeaders([
      'Host',
      'example.test',
      'Content-Type',
      'application/json',
      'CONTENT-TYPE',
      'text/plain',
      'Content-Length',
      '12',
      'content-length',
      '99',
      'Content-Encoding',
      'gzip',
      'content-encoding',
      'br',
      'Webhook-Id',
      'msg_1',
      'webhook-id',
      'msg_2',
      'X-Webhook-ID',
      'x_1',
      'x-webhook-id',
      'x_2',
      // Same lengths as the names looked for, but other headers.
      'X-Request-Id',
      'no',
      'Webhook-Ix',
      'no',
      'Content-Lengtx',
      'no',
      'Content-Encodinx',
      'no',
    ]);
    expect(h).toEqual({
      contentType: 'application/json',
      contentLength: '12',
      contentEncoding: 'gzip',
      webhookId: 'msg_1',
      xWebhookId: 'x_1',
    });
    expect(
      scanHeaders(['X-Request-Id', 'r', 'Webhook-Ix', 'w', 'Content-Lengtx', '1', 'Content-Encodinx', 'e']),
    ).toEqual({
      contentType: null,
      contentLength: null,
      contentEncoding: null,
      webhookId: null,
      xWebhookId: null,
    });
  });
});

describe('capture: delivery id for duplicate detection', () => {
  it('takes webhook-id first, then X-Webhook-ID, cut to 500 characters', () => {
    expect(deliveryIdOf(['X-Webhook-ID', 'x', 'webhook-id', 'w'], Buffer.alloc(0), null)).toBe('w');
    expect(deliveryIdOf(['X-Webhook-ID', 'x'], Buffer.alloc(0), null)).toBe('x');
    expect(deliveryIdOf(['webhook-id', 'i'.repeat(600)], Buffer.alloc(0), null)).toBe('i'.repeat(500));
    // From the one-pass scan as well, with the same order.
    const known = scanHeaders(['X-Webhook-ID', 'x', 'webhook-id', 'w']);
    expect(deliveryIdOf([], Buffer.alloc(0), null, known)).toBe('w');
    expect(deliveryIdOf([], Buffer.alloc(0), null, scanHeaders(['X-Webhook-ID', 'x']))).toBe('x');
    // A header wins over the JSON field.
    expect(deliveryIdOf(['webhook-id', 'w'], json({ id: 'j' }), 'id')).toBe('w');
  });

  it('reads a JSON field (nested, string or number) when no header names the delivery', () => {
    expect(deliveryIdOf([], json({ id: 'evt_1' }), 'id')).toBe('evt_1');
    expect(deliveryIdOf([], json({ data: { id: 42 } }), 'data.id')).toBe('42');
    expect(deliveryIdOf([], json({ id: 'k'.repeat(600) }), 'id')).toBe('k'.repeat(500));
    // Leading whitespace of any kind, and a UTF-8 byte order mark, before the object.
    for (const lead of [' ', '\n', '\r', '\t'])
      expect(deliveryIdOf([], Buffer.from(`${lead}{"id":"w"}`), 'id'), JSON.stringify(lead)).toBe('w');
    expect(
      deliveryIdOf([], Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json({ id: 'bom' })]), 'id'),
    ).toBe('bom');
  });

  it('finds no id where there is none to find', () => {
    expect(deliveryIdOf([], json({ id: 'x' }), null)).toBeNull();
    expect(deliveryIdOf([], json({ id: 'x' }), '')).toBeNull();
    expect(deliveryIdOf([], Buffer.alloc(0), 'id')).toBeNull();
    expect(deliveryIdOf([], json([{ id: 'x' }]), 'id')).toBeNull();
    expect(deliveryIdOf([], Buffer.from('id=x'), 'id')).toBeNull();
    expect(deliveryIdOf([], Buffer.from('{"id": "x"'), 'id')).toBeNull();
    expect(deliveryIdOf([], json({ id: true }), 'id')).toBeNull();
    expect(deliveryIdOf([], json({ id: { deeper: 1 } }), 'id')).toBeNull();
    expect(deliveryIdOf([], json({ data: 'flat' }), 'data.id')).toBeNull();
    expect(deliveryIdOf([], json({ data: null }), 'data.id')).toBeNull();
    // Only objects are walked: no index into an array, no property of a string.
    expect(deliveryIdOf([], json([{ id: 'x' }]), '0.id')).toBeNull();
    expect(deliveryIdOf([], json({ data: 'abc' }), 'data.length')).toBeNull();
    expect(deliveryIdOf([], json({ other: 1 }), 'id')).toBeNull();
  });

  it('reads a body of up to 5,000,000 bytes for the id, and not one byte more', () => {
    const padded = (size: number) => {
      const head = Buffer.from('{"id":"big","pad":"');
      const tail = Buffer.from('"}');
      return Buffer.concat([head, Buffer.alloc(size - head.length - tail.length, 0x61), tail]);
    };
    expect(deliveryIdOf([], padded(5_000_000), 'id')).toBe('big');
    expect(deliveryIdOf([], padded(5_000_001), 'id')).toBeNull();
  });
});

describe('capture: signature check and list item', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const inbox = (verify: unknown) => ({ slug: 'orders', config: { verify } }) as unknown as LiveInbox;
  const body = json({ type: 'invoice.paid' });
  const now = 1_700_000_000;
  const headers = sign({
    scheme: 'standard-webhooks',
    secrets: [secret],
    body,
    id: 'msg_1',
    timestamp: now,
  }).headers;
  const raw = headers.flat();

  it('says verification is off when the inbox checks nothing', () => {
    expect(checkSignature(inbox(null), raw, body, now * 1000)).toEqual({
      status: 'unsigned',
      reason: 'Signature verification is off for this inbox.',
      scheme: null,
      report: null,
    });
  });

  it('verifies with the inbox scheme, secrets and tolerance, at the time it was received', () => {
    const ok = checkSignature(
      inbox({ scheme: 'standard-webhooks', secrets: [secret] }),
      raw,
      body,
      now * 1000 + 999,
    );
    expect(ok).toMatchObject({ status: 'valid', reason: null, scheme: 'standard-webhooks' });
    expect(JSON.parse(ok.report!)).toMatchObject({ status: 'valid', skewSeconds: 0, timestamp: now });
    // 400 s later is outside the default 300 s, inside a tolerance of 600 s.
    const late = checkSignature(
      inbox({ scheme: 'standard-webhooks', secrets: [secret] }),
      raw,
      body,
      (now + 400) * 1000,
    );
    expect(late.status).toBe('invalid');
    expect(late.reason).toMatch(/400 seconds old, outside the 300-second tolerance/);
    const tolerant = checkSignature(
      inbox({ scheme: 'standard-webhooks', secrets: [secret], toleranceSeconds: 600 }),
      raw,
      body,
      (now + 400) * 1000,
    );
    expect(tolerant.status).toBe('valid');
  });

  it('turns a check that throws into an invalid result with the reason, never an error', () => {
    const broken = inbox({ scheme: 'no-such-scheme', secrets: [secret] });
    const r = checkSignature(broken, raw, body, now * 1000);
    expect(r.status).toBe('invalid');
    expect(r.reason).toMatch(/^Could not verify: /);
    expect(r.scheme).toBe('no-such-scheme');
    expect(JSON.parse(r.report!)).toMatchObject({ status: 'invalid', received: [], expected: [], hints: [] });
  });

  it('builds the list item from what was captured', () => {
    const c = {
      id: 7,
      seq: 4,
      inbox: 'orders',
      receivedAt: 1000,
      method: 'POST',
      url: '/orders/hooks?x=1',
      path: '/hooks',
      query: 'x=1',
      httpVersion: '1.1',
      tls: true,
      remoteAddress: '127.0.0.1',
      remotePort: 5000,
      rawHeaders: [],
      body: Buffer.from('12345'),
      bodyMs: 1,
      contentType: 'application/json',
      contentEncoding: null,
      deliveryId: 'msg_1',
      sigStatus: 'invalid',
      sigReason: 'wrong',
      sigScheme: 'github',
      sigReport: null,
      answer: { kind: 'rule', status: 202, ruleId: 'r1', headers: [], body: Buffer.alloc(0) },
    } as unknown as Captured;
    expect(toItem(c, 3, 2)).toEqual({
      id: 7,
      number: 4,
      inbox: 'orders',
      method: 'POST',
      path: '/hooks',
      query: 'x=1',
      receivedAt: 1000,
      remoteAddress: '127.0.0.1',
      contentType: 'application/json',
      bodySize: 5,
      tls: true,
      signature: { status: 'invalid', scheme: 'github', reason: 'wrong' },
      deliveryId: 'msg_1',
      duplicateOf: 3,
      duplicateOfNumber: 2,
      answer: { kind: 'rule', status: 202, ruleId: 'r1' },
      forward: null,
    });
    // No reason: the summary has no reason key at all.
    expect(toItem({ ...c, sigStatus: 'valid', sigReason: null } as Captured, null).signature).toEqual({
      status: 'valid',
      scheme: 'github',
    });
  });
});
