import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sign, verify } from '../../../src/core/signing';

const SECRET = 'whsec_test_5ec0d5c1b7f0a8c8e1b2f3a4d5e6f708';
const OTHER = 'whsec_rotated9F3kLmNoPqRsTuVwXyZ01234';
const T = 1_767_225_600;
const BODY = JSON.stringify(
  { id: 'evt_1', object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_1' } } },
  null,
  2,
);

const stripe = new Stripe('sk_test_dummy_key_no_network');

const ours = (secrets: string[], timestamp = T) =>
  sign({ scheme: 'stripe', secrets, body: Buffer.from(BODY), id: 'evt_1', timestamp });
const check = (secrets: string[], header: string, now = T, body = BODY) =>
  verify({
    scheme: 'stripe',
    secrets,
    body: Buffer.from(body),
    headers: [['Stripe-Signature', header]],
    now,
  });
const theirs = (secret: string, timestamp = T): string =>
  Stripe.webhooks.generateTestHeaderString({ payload: BODY, secret, timestamp });

describe('stripe', () => {
  beforeEach(() => vi.setSystemTime(new Date(T * 1000)));
  afterEach(() => vi.useRealTimers());

  it("produces exactly the header Stripe's library produces", () => {
    expect(ours([SECRET]).headers).toEqual([['Stripe-Signature', theirs(SECRET)]]);
    expect(ours([SECRET]).signedContent).toBe(`${T}.${BODY}`);
  });

  it('our signature passes stripe.webhooks.constructEvent', () => {
    const [[, header]] = ours([SECRET]).headers;
    const event = stripe.webhooks.constructEvent(BODY, header, SECRET);
    expect(event.id).toBe('evt_1');
    expect(() => stripe.webhooks.constructEvent(BODY, header, OTHER)).toThrow(/No signatures found matching/);
  });

  it("Stripe's signature verifies as valid", () => {
    const header = theirs(SECRET);
    const report = check([SECRET], header, T + 5);
    expect(report).toMatchObject({
      status: 'valid',
      matchedSecretIndex: 0,
      timestamp: T,
      skewSeconds: 5,
      hints: [],
    });
    expect(report.received).toEqual([header.split(',')[1]]);
  });

  it('a tampered body is invalid with a reason', () => {
    const report = check([SECRET], theirs(SECRET), T, BODY.replace('pi_1', 'pi_2'));
    expect(report.status).toBe('invalid');
    expect(report.reason).toBe(
      'The signature does not match what the configured secret produces for this body.',
    );
  });

  it('a wrong secret is invalid and lists the expected value', () => {
    const report = check([OTHER], theirs(SECRET));
    expect(report.status).toBe('invalid');
    expect(report.expected).toEqual([
      { secretIndex: 0, secretHint: 'whse…34', value: theirs(OTHER).split(',')[1] },
    ]);
  });

  it('a stale timestamp is invalid with the skew, as Stripe also says', () => {
    const header = theirs(SECRET, T - 301);
    const report = check([SECRET], header);
    expect(report).toMatchObject({ status: 'invalid', skewSeconds: 301, matchedSecretIndex: 0 });
    expect(report.reason).toBe(
      'The signature matches the secret, but its timestamp is 301 seconds old, outside the 300-second tolerance.',
    );
    expect(() => stripe.webhooks.constructEvent(BODY, header, SECRET)).toThrow(
      /Timestamp outside the tolerance zone/,
    );
  });

  it('a missing header is unsigned', () => {
    const report = verify({
      scheme: 'stripe',
      secrets: [SECRET],
      body: Buffer.from(BODY),
      headers: [],
      now: T,
    });
    expect(report).toMatchObject({ status: 'unsigned', received: [], expected: [], hints: [] });
  });

  it('malformed headers are invalid with a precise reason', () => {
    expect(check([SECRET], 'v1=abc').reason).toBe('The Stripe-Signature header has no "t=<timestamp>" part.');
    expect(check([SECRET], `t=${T},v0=abc`).reason).toBe(
      'The Stripe-Signature header has no "v1=<hex>" signature.',
    );
    expect(check([SECRET], 't=soon,v1=abc').reason).toBe(
      'The Stripe-Signature timestamp "t=soon" is not a Unix time in seconds.',
    );
  });

  it('rotation: both secrets sign, and either verifies with Stripe and with us', () => {
    const [[, header]] = ours([SECRET, OTHER]).headers;
    expect(header).toBe(`${theirs(SECRET)},${theirs(OTHER).split(',')[1]}`);
    expect(stripe.webhooks.constructEvent(BODY, header, SECRET).id).toBe('evt_1');
    expect(stripe.webhooks.constructEvent(BODY, header, OTHER).id).toBe('evt_1');
    expect(check([OTHER], header)).toMatchObject({ status: 'valid', matchedSecretIndex: 0 });
    expect(check(['whsec_unrelated_secret_value', OTHER], theirs(OTHER))).toMatchObject({
      status: 'valid',
      matchedSecretIndex: 1,
    });
  });
});
