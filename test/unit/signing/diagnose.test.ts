import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { diagnose, verify } from '../../../src/core/signing';
import { CustomScheme, type SchemeId } from '../../../src/shared/signing';
import { COMPACT, crossed, hmac, ID, PLAIN_SECRET, PRETTY, STD_SECRET, T } from './diagnose-fixtures';

const reserialized = (how: string) =>
  `The signature matches the body re-serialized as ${how}: the JSON was parsed and re-stringified on one side, so sign and verify the raw bytes instead.`;
const NEWLINE_ADDED =
  'The signature matches the body without its trailing newline: a newline was added after signing, or the sender trimmed the body before signing.';
const NEWLINE_REMOVED =
  'The signature matches the body with a trailing newline added: the sender signed a newline that did not arrive, or it was stripped in transit.';

describe('diagnose: body changes', () => {
  it('detects a body re-serialized as compact JSON', () => {
    const input = crossed('github', PLAIN_SECRET, COMPACT, PRETTY);
    expect(diagnose(input)).toEqual([reserialized('compact JSON (JSON.stringify)')]);
    expect(verify(input).hints).toEqual([reserialized('compact JSON (JSON.stringify)')]);
  });

  it('detects a body re-serialized with 2-space indentation', () => {
    expect(diagnose(crossed('standard-webhooks', STD_SECRET, PRETTY, COMPACT))).toEqual([
      reserialized('2-space indented JSON'),
    ]);
  });

  it('says nothing about re-serialization when the content really differs', () => {
    expect(diagnose(crossed('github', PLAIN_SECRET, COMPACT, COMPACT.replace('12', '13')))).toEqual([]);
  });

  it('detects a trailing newline added after signing', () => {
    expect(diagnose(crossed('stripe', 'whsec_abc123', COMPACT, `${COMPACT}\n`))).toEqual([NEWLINE_ADDED]);
    expect(diagnose(crossed('stripe', 'whsec_abc123', COMPACT, `${COMPACT}\r\n`))).toEqual([NEWLINE_ADDED]);
  });

  it('detects a trailing newline removed after signing', () => {
    expect(diagnose(crossed('sftptogo', PLAIN_SECRET, `${COMPACT}\n`, COMPACT))).toEqual([NEWLINE_REMOVED]);
  });

  it('gives no hints for a valid request', () => {
    const input = crossed('github', PLAIN_SECRET, COMPACT, COMPACT);
    expect(verify(input).status).toBe('valid');
    expect(diagnose(input)).toEqual([]);
  });
});

describe('diagnose: encodings and prefixes', () => {
  const digest = createHmac('sha256', PLAIN_SECRET).update(COMPACT).digest();
  const run = (scheme: SchemeId, header: string, value: string) =>
    verify({
      scheme,
      secrets: [PLAIN_SECRET],
      body: Buffer.from(COMPACT),
      headers: [[header, value]],
      now: T,
    });

  it('detects base64 where hex is expected', () => {
    const report = run('github', 'X-Hub-Signature-256', `sha256=${digest.toString('base64')}`);
    expect(report.hints).toEqual([
      'The received value is the right signature encoded as base64, but GitHub expects hex.',
    ]);
  });

  it('detects hex where base64 is expected', () => {
    const report = run('sftptogo', 'X-Hub-Signature', digest.toString('hex'));
    expect(report.hints).toEqual([
      'The received value is the right signature encoded as hex, but SFTP To Go expects base64.',
    ]);
  });

  it('detects a missing prefix and uppercase hex', () => {
    expect(run('mftplus', 'X-Webhook-Signature', digest.toString('hex')).hints).toEqual([
      'The received value lacks the "sha256=" prefix that MFTPlus requires.',
    ]);
    expect(
      run('github', 'X-Hub-Signature-256', `sha256=${digest.toString('hex').toUpperCase()}`).hints,
    ).toEqual([
      'The received value is the right signature in uppercase hex, but GitHub compares lowercase hex exactly.',
    ]);
  });

  it('says nothing about encodings for an unrelated value', () => {
    const unrelated = createHmac('sha256', 'other').update(COMPACT).digest();
    expect(run('github', 'X-Hub-Signature-256', `sha256=${unrelated.toString('base64')}`).hints).toEqual([]);
    expect(run('sftptogo', 'X-Hub-Signature', unrelated.toString('hex')).hints).toEqual([]);
  });
});

describe('diagnose: key interpretation', () => {
  const stdHeaders = (signature: string): [string, string][] => [
    ['webhook-id', ID],
    ['webhook-timestamp', String(T)],
    ['webhook-signature', `v1,${signature}`],
  ];
  const stdContent = `${ID}.${T}.${COMPACT}`;

  it('detects a Standard Webhooks secret used as raw text instead of base64-decoded', () => {
    const report = verify({
      scheme: 'standard-webhooks',
      secrets: [STD_SECRET],
      body: Buffer.from(COMPACT),
      headers: stdHeaders(hmac(STD_SECRET, stdContent, 'base64')),
      now: T,
    });
    expect(report.hints).toEqual([
      'The signature matches when the key is the raw secret text (UTF-8) instead of the base64-decoded bytes after "whsec_", as Standard Webhooks requires.',
    ]);
  });

  it('detects a custom-scheme secret that the sender base64-decoded', () => {
    const secret = 'c2VjcmV0LWJ5dGVzLWhlcmU=';
    const custom = CustomScheme.parse({ header: 'X-Sig' });
    const value = hmac(Buffer.from(secret, 'base64'), COMPACT);
    const report = verify({
      scheme: 'custom',
      secrets: [secret],
      body: Buffer.from(COMPACT),
      headers: [['X-Sig', value]],
      now: T,
      custom,
    });
    expect(report.hints).toEqual([
      'The signature matches when the key is the base64-decoded secret instead of the secret text as UTF-8.',
    ]);
  });

  it('detects a Stripe secret with its whsec_ prefix dropped', () => {
    const secret = 'whsec_abcDEF123456';
    const header = `t=${T},v1=${hmac('abcDEF123456', `${T}.${COMPACT}`)}`;
    const report = verify({
      scheme: 'stripe',
      secrets: [secret],
      body: Buffer.from(COMPACT),
      headers: [['Stripe-Signature', header]],
      now: T,
    });
    expect(report.hints).toEqual([
      'The signature matches when the key is the secret text with its "whsec_" prefix dropped instead of the whole "whsec_…" string as UTF-8, prefix included, as Stripe does.',
    ]);
  });

  it('detects a whsec_ prefix kept by the sender', () => {
    const value = `sha256=${hmac(`whsec_${PLAIN_SECRET}`, COMPACT)}`;
    const report = verify({
      scheme: 'github',
      secrets: [PLAIN_SECRET],
      body: Buffer.from(COMPACT),
      headers: [['X-Hub-Signature-256', value]],
      now: T,
    });
    expect(report.hints).toEqual([
      'The signature matches when the key is the secret text with a "whsec_" prefix kept in front instead of the secret text as UTF-8, as GitHub does.',
    ]);
  });

  it('says nothing about keys when the secret is simply wrong', () => {
    const report = verify({
      scheme: 'standard-webhooks',
      secrets: [STD_SECRET],
      body: Buffer.from(COMPACT),
      headers: stdHeaders(hmac('some other key', stdContent, 'base64')),
      now: T,
    });
    expect(report.status).toBe('invalid');
    expect(report.hints).toEqual([]);
  });
});
