import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { diagnose, sign, verify } from '../../../src/core/signing';
import type { VerifyInput } from '../../../src/core/signing';
import { CustomScheme } from '../../../src/shared/signing';
import { COMPACT, crossed, hmac, ID, PLAIN_SECRET, STD_SECRET, T } from './diagnose-fixtures';

describe('diagnose: timestamps', () => {
  const input = (now: number, body = COMPACT): VerifyInput => ({
    ...crossed('standard-webhooks', STD_SECRET, COMPACT, body),
    now,
  });

  it('flags a stale timestamp alongside a mismatch', () => {
    const report = verify(input(T + 900, COMPACT.replace('12', '13')));
    expect(report.reason).toBe(
      'The signature does not match what the configured secret produces for this body, and the timestamp is 900 seconds old.',
    );
    expect(report.hints).toEqual([
      'The timestamp is 900 seconds old, beyond the 300-second tolerance: the request was delayed or replayed, or a clock is wrong.',
    ]);
  });

  it('flags a future timestamp', () => {
    expect(diagnose(input(T - 400))).toEqual([
      "The timestamp is 400 seconds in the future, beyond the 300-second tolerance: the sender's clock is ahead.",
    ]);
  });

  it('recognises a timestamp in milliseconds', () => {
    const ms = T * 1000;
    const { headers } = sign({
      scheme: 'stripe',
      secrets: ['whsec_abc123'],
      body: Buffer.from(COMPACT),
      id: ID,
      timestamp: ms,
    });
    const report = verify({
      scheme: 'stripe',
      secrets: ['whsec_abc123'],
      body: Buffer.from(COMPACT),
      headers,
      now: T,
    });
    expect(report.status).toBe('invalid');
    expect(report.hints).toEqual([
      'The timestamp looks like milliseconds; the scheme expects Unix time in seconds.',
    ]);
  });

  it('says nothing about a timestamp within tolerance', () => {
    expect(diagnose(input(T + 299, COMPACT.replace('12', '13')))).toEqual([]);
  });
});

describe('diagnose: wrong scheme', () => {
  it('spots a request that verifies under another scheme', () => {
    const { headers } = sign({
      scheme: 'github',
      secrets: [PLAIN_SECRET],
      body: Buffer.from(COMPACT),
      id: ID,
      timestamp: T,
    });
    const withLegacy: [string, string][] = [
      ['X-Hub-Signature', `sha1=${createHmac('sha1', PLAIN_SECRET).update(COMPACT).digest('hex')}`],
      ...headers,
    ];
    const report = verify({
      scheme: 'sftptogo',
      secrets: [PLAIN_SECRET],
      body: Buffer.from(COMPACT),
      headers: withLegacy,
      now: T,
    });
    expect(report.status).toBe('invalid');
    expect(report.hints).toEqual([
      'The request carries a valid GitHub signature in X-Hub-Signature-256; choose the GitHub scheme.',
    ]);
  });

  it("spots a value that is another scheme's computation", () => {
    const token = 'efb7e0030e6cef1b45d3d74a67881a2b';
    const custom = CustomScheme.parse({ header: 'X-Signature' });
    const md5 = createHash('md5')
      .update(token + COMPACT)
      .digest('hex');
    const report = verify({
      scheme: 'custom',
      secrets: [token],
      body: Buffer.from(COMPACT),
      headers: [['X-Signature', md5]],
      now: T,
      custom,
    });
    expect(report.hints).toEqual([
      'The signature value is what ExaVault computes for this request; the sender uses the ExaVault scheme.',
    ]);

    const stdValue = hmac(Buffer.from(STD_SECRET.slice(6), 'base64'), `${ID}.${T}.${COMPACT}`);
    const mft: [string, string][] = [
      ['X-Webhook-ID', ID],
      ['X-Webhook-Timestamp', String(T)],
      ['X-Webhook-Signature', `sha256=${stdValue}`],
    ];
    const mftReport = verify({
      scheme: 'mftplus',
      secrets: [STD_SECRET],
      body: Buffer.from(COMPACT),
      headers: mft,
      now: T,
    });
    expect(mftReport.hints).toContain(
      'The signature value is what Standard Webhooks computes for this request; the sender uses the Standard Webhooks scheme.',
    );
  });

  it('says nothing about schemes for an unrelated value', () => {
    const report = verify({
      scheme: 'mftplus',
      secrets: [PLAIN_SECRET],
      body: Buffer.from(COMPACT),
      headers: [['X-Webhook-Signature', `sha256=${hmac('unrelated', COMPACT)}`]],
      now: T,
    });
    expect(report.hints).toEqual([]);
  });

  it("names other schemes' headers when the request is unsigned for this one", () => {
    const { headers } = sign({
      scheme: 'standard-webhooks',
      secrets: [STD_SECRET],
      body: Buffer.from(COMPACT),
      id: ID,
      timestamp: T,
    });
    const report = verify({
      scheme: 'stripe',
      secrets: ['whsec_x'],
      body: Buffer.from(COMPACT),
      headers,
      now: T,
    });
    expect(report.status).toBe('unsigned');
    expect(report.hints).toEqual([
      'The request carries webhook-signature, the Standard Webhooks signature header; choose Standard Webhooks to verify it.',
    ]);
  });
});
