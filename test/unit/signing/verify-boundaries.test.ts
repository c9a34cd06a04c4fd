import { describe, expect, it } from 'vitest';
import { sign, verify } from '../../../src/core/signing';
import { describeSkew } from '../../../src/core/signing/verify';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OTHER = 'whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldA==';
const T = 1_700_000_000;
const BODY = Buffer.from('{"type":"invoice.paid"}');
const signed = () =>
  sign({ scheme: 'standard-webhooks', secrets: [SECRET], body: BODY, id: 'msg_1', timestamp: T }).headers;

describe('verify: reasons and boundaries', () => {
  it('describes clock skew exactly, singular and plural, and spots milliseconds', () => {
    expect(describeSkew(0)).toBe('0 seconds old');
    expect(describeSkew(1)).toBe('1 second old');
    expect(describeSkew(2)).toBe('2 seconds old');
    expect(describeSkew(-1)).toBe('1 second in the future');
    expect(describeSkew(-2)).toBe('2 seconds in the future');
    expect(describeSkew(-1e11)).toBe('100000000000 seconds in the future');
    expect(describeSkew(-1e11 - 1)).toBe(
      'in milliseconds rather than seconds (it reads as far in the future)',
    );
  });

  it('refuses the custom scheme without its settings, and nothing else', () => {
    const r = verify({ scheme: 'custom', secrets: ['s'], body: BODY, headers: [], now: T });
    expect(r).toEqual({
      scheme: 'custom',
      status: 'invalid',
      reason: 'The custom scheme has no settings: set at least its signature header.',
      received: [],
      expected: [],
      hints: [],
    });
  });

  it('a malformed signature header is invalid, with no guesses attached', () => {
    const headers = signed().map(([k, v]): [string, string] => [k, k === 'webhook-timestamp' ? 'soon' : v]);
    const r = verify({ scheme: 'standard-webhooks', secrets: [SECRET], body: BODY, headers, now: T });
    expect(r.status).toBe('invalid');
    expect(r.hints).toEqual([]);
    expect(r.expected).toEqual([]);
  });

  it('names how many secrets were tried, and the stale timestamp as well, when nothing matches', () => {
    const two = verify({
      scheme: 'standard-webhooks',
      secrets: [OTHER, OTHER],
      body: BODY,
      headers: signed(),
      now: T,
    });
    expect(two.reason).toBe(
      'The signature does not match what any of the 2 configured secrets produces for this body.',
    );
    const stale = verify({
      scheme: 'standard-webhooks',
      secrets: [OTHER],
      body: BODY,
      headers: signed(),
      now: T + 600,
    });
    expect(stale.reason).toBe(
      'The signature does not match what the configured secret produces for this body, and the timestamp is 600 seconds old.',
    );
  });

  it('with no secret configured: invalid, nothing expected, no hints', () => {
    const r = verify({ scheme: 'standard-webhooks', secrets: [], body: BODY, headers: signed(), now: T });
    expect(r.status).toBe('invalid');
    expect(r.expected).toEqual([]);
    expect(r.hints).toEqual([]);
  });

  it('credits the first secret that matches', () => {
    const r = verify({
      scheme: 'standard-webhooks',
      secrets: [OTHER, SECRET, SECRET],
      body: BODY,
      headers: signed(),
      now: T,
    });
    expect(r.matchedSecretIndex).toBe(1);
  });

  it('reports no timestamp or skew for a scheme without one (GitHub)', () => {
    const headers = sign({
      scheme: 'github',
      secrets: ['gh-secret'],
      body: BODY,
      id: 'x',
      timestamp: T,
    }).headers;
    const r = verify({ scheme: 'github', secrets: ['gh-secret'], body: BODY, headers, now: T + 10_000 });
    expect(r.status).toBe('valid');
    expect(r).not.toHaveProperty('timestamp');
    expect(r).not.toHaveProperty('skewSeconds');
  });

  it('says when no configured secret can be used for the scheme', () => {
    const one = verify({
      scheme: 'standard-webhooks',
      secrets: ['whsec_%%%'],
      body: BODY,
      headers: signed(),
      now: T,
    });
    expect(one.reason).toBe('The configured secret cannot be used for this scheme.');
    const two = verify({
      scheme: 'standard-webhooks',
      secrets: ['whsec_%%%', 'whsec_%%%'],
      body: BODY,
      headers: signed(),
      now: T,
    });
    expect(two.reason).toBe('None of the configured secrets can be used for this scheme.');
  });

  it('blames the shape only when every received signature is malformed, not when one is merely wrong', () => {
    const withSignature = (value: string) =>
      signed().map(([k, v]): [string, string] => [k, k === 'webhook-signature' ? value : v]);
    // A sender that lists a malformed value and a well-formed one that does not match: the
    // mismatch is what the user must fix, so the reason says "does not match", not "wrong form".
    const wrong = Buffer.alloc(32, 7).toString('base64');
    const mixed = verify({
      scheme: 'standard-webhooks',
      secrets: [SECRET],
      body: BODY,
      headers: withSignature(`v1,%%% v1,${wrong}`),
      now: T,
    });
    expect(mixed.status).toBe('invalid');
    expect(mixed.reason).toBe('The signature does not match what the configured secret produces for this body.');
    // Every value malformed: the reason names the first one's form.
    const allBad = verify({
      scheme: 'standard-webhooks',
      secrets: [SECRET],
      body: BODY,
      headers: withSignature('v1,%%% v1,abc'),
      now: T,
    });
    expect(allBad.reason).toMatch(/^The webhook-signature value "v1,%%%" does not have the form v1,<44 base64 characters>\.$/);
  });
});
