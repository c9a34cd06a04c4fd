import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sign, verify } from '../../../src/core/signing';
import { CustomScheme } from '../../../src/shared/signing';

const T = 1_767_225_600;
const ID = 'whevt_1a2b3c4d5e6f7g8h';

describe('sftptogo (seed 000)', () => {
  const secret = 'stg-signing-secret-7f3c5b1d';
  const body = JSON.stringify(
    { Id: '2e579289-4c4a-4085-9b43-74020865cdda', Topic: 'webhook.ping', Resource: 'webhook' },
    null,
    2,
  );
  const expected = createHmac('sha256', secret).update(body).digest('base64');

  it('X-Hub-Signature is the base64 HMAC-SHA256 of the body', () => {
    const { headers, signedContent } = sign({
      scheme: 'sftptogo',
      secrets: [secret, 'ignored'],
      body: Buffer.from(body),
      id: ID,
      timestamp: T,
    });
    expect(headers).toEqual([['X-Hub-Signature', expected]]);
    expect(signedContent).toBe(body);
    const report = verify({
      scheme: 'sftptogo',
      secrets: [secret],
      body: Buffer.from(body),
      headers,
      now: T,
    });
    expect(report).toMatchObject({ status: 'valid', matchedSecretIndex: 0, received: [expected] });
  });

  it("treats the seed's example header as a well-formed value that needs the real secret", () => {
    const report = verify({
      scheme: 'sftptogo',
      secrets: [secret],
      body: Buffer.from(body),
      headers: [
        ['Authorization', 'Bearer 01234567-89ab-cdef-0123-456789abcdef'],
        ['X-Hub-Signature', 'cLcN5U5x+jHEkANnVaaRwBw7yE4uv4pXdjcY9Cajc7M='],
      ],
      now: T,
    });
    expect(report.status).toBe('invalid');
    expect(report.reason).toBe(
      'The signature does not match what the configured secret produces for this body.',
    );
  });

  it('a missing header is unsigned', () => {
    expect(
      verify({ scheme: 'sftptogo', secrets: [secret], body: Buffer.from(body), headers: [], now: T }).status,
    ).toBe('unsigned');
  });
});

describe('mftplus (seed 004)', () => {
  // The seed's own Node.js verification example, verbatim in spirit.
  function seedVerifySignature(payload: string, signature: string, secret: string): boolean {
    const digest = createHmac('sha256', secret).update(payload).digest('hex');
    const expectedSignature = `sha256=${digest}`;
    const a = Buffer.from(signature);
    const b = Buffer.from(expectedSignature);
    return a.length === b.length && timingSafeEqual(a, b);
  }
  const secret = 'your-signing-secret';
  const body = JSON.stringify({
    id: ID,
    event: 'transfer.completed',
    timestamp: '2026-04-29T15:30:00Z',
    data: { transferId: 'trf_1a2b3c4d5e6f', size: 1048576, status: 'completed' },
  });

  it('signs sha256=<hex> of the body and sends X-Webhook-ID and a Unix X-Webhook-Timestamp', () => {
    const { headers } = sign({
      scheme: 'mftplus',
      secrets: [secret],
      body: Buffer.from(body),
      id: ID,
      timestamp: T,
    });
    expect(headers).toEqual([
      ['X-Webhook-ID', ID],
      ['X-Webhook-Timestamp', '1767225600'],
      ['X-Webhook-Signature', `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`],
    ]);
    expect(seedVerifySignature(body, headers[2][1], secret)).toBe(true);
  });

  it('verifies, and reports the unsigned timestamp without enforcing it', () => {
    const { headers } = sign({
      scheme: 'mftplus',
      secrets: [secret],
      body: Buffer.from(body),
      id: ID,
      timestamp: T,
    });
    const report = verify({
      scheme: 'mftplus',
      secrets: [secret],
      body: Buffer.from(body),
      headers,
      now: T + 3600,
    });
    expect(report).toMatchObject({ status: 'valid', timestamp: T, skewSeconds: 3600, matchedSecretIndex: 0 });
    const tampered = verify({
      scheme: 'mftplus',
      secrets: [secret],
      body: Buffer.from(`${body} `),
      headers,
      now: T,
    });
    expect(tampered.status).toBe('invalid');
  });
});

describe('exavault (seed 002)', () => {
  const token = 'efb7e0030e6cef1b45d3d74a67881a2b'; // the seed's verification token
  const body =
    '{ "accountname": "omorgan", "username": "omorgan", "operation": "Upload", "protocol": "web", "path": "/ExaVault Quick Start (8).pdf", "sourcepath": "", "attempt": 1 }';
  const expected = createHash('md5')
    .update(token + body)
    .digest('hex');

  it('X-Exavault-Signature is md5(token + raw body), and the token never shows in the signed content', () => {
    // Pinned from a separate computation. The seed's published header (186e8c73…) cannot be reproduced:
    // the scraped page lost the raw body's exact whitespace.
    expect(expected).toBe('e7573227f8292e6954470568f9994196');
    const { headers, signedContent } = sign({
      scheme: 'exavault',
      secrets: [token],
      body: Buffer.from(body),
      id: ID,
      timestamp: T,
    });
    expect(headers).toEqual([['X-Exavault-Signature', expected]]);
    expect(signedContent).toBe(`{verification token}${body}`);
    expect(signedContent).not.toContain(token);
    const report = verify({ scheme: 'exavault', secrets: [token], body: Buffer.from(body), headers, now: T });
    expect(report).toMatchObject({ status: 'valid', signedContent: `{verification token}${body}` });
    expect(report.expected).toEqual([{ secretIndex: 0, secretHint: 'efb7…2b', value: expected }]);
  });

  it('a different body is invalid', () => {
    const report = verify({
      scheme: 'exavault',
      secrets: [token],
      body: Buffer.from(body.replace('Upload', 'Delete')),
      headers: [['x-exavault-signature', expected]],
      now: T,
    });
    expect(report.status).toBe('invalid');
  });
});

describe('custom', () => {
  const secret = 'custom-secret-0042';
  const body = '{"hello":"world"}';

  it('signs a template of id, timestamp and body with the configured algorithm, encoding and prefix', () => {
    const custom = CustomScheme.parse({
      header: 'X-Signature',
      prefix: 'sha512=',
      algorithm: 'sha512',
      encoding: 'base64',
      template: '{timestamp}:{id}:{body}',
      idHeader: 'X-Request-Id',
      timestampHeader: 'X-Timestamp',
    });
    const { headers, signedContent } = sign({
      scheme: 'custom',
      secrets: [secret],
      body: Buffer.from(body),
      id: ID,
      timestamp: T,
      custom,
    });
    const value = createHmac('sha512', secret).update(`${T}:${ID}:${body}`).digest('base64');
    expect(headers).toEqual([
      ['X-Request-Id', ID],
      ['X-Timestamp', String(T)],
      ['X-Signature', `sha512=${value}`],
    ]);
    expect(signedContent).toBe(`${T}:${ID}:${body}`);
    expect(
      verify({ scheme: 'custom', secrets: [secret], body: Buffer.from(body), headers, now: T, custom }),
    ).toMatchObject({
      status: 'valid',
      timestamp: T,
    });
    const stale = verify({
      scheme: 'custom',
      secrets: [secret],
      body: Buffer.from(body),
      headers,
      now: T + 301,
      custom,
    });
    expect(stale).toMatchObject({ status: 'invalid', skewSeconds: 301 });
  });

  it('defaults to hex HMAC-SHA256 of the body with no prefix', () => {
    const custom = CustomScheme.parse({ header: 'X-Sig' });
    expect(custom).toEqual({
      header: 'X-Sig',
      prefix: '',
      algorithm: 'sha256',
      encoding: 'hex',
      template: '{body}',
    });
    const { headers } = sign({
      scheme: 'custom',
      secrets: [secret],
      body: Buffer.from(body),
      id: ID,
      timestamp: T,
      custom,
    });
    expect(headers).toEqual([['X-Sig', createHmac('sha256', secret).update(body).digest('hex')]]);
  });

  it('sha1 works too', () => {
    const custom = CustomScheme.parse({ header: 'X-Sig', algorithm: 'sha1', prefix: 'sha1=' });
    const { headers } = sign({
      scheme: 'custom',
      secrets: [secret],
      body: Buffer.from(body),
      id: ID,
      timestamp: T,
      custom,
    });
    expect(headers).toEqual([['X-Sig', `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`]]);
  });

  it('explains templates whose headers are not configured or not sent', () => {
    const custom = CustomScheme.parse({ header: 'X-Sig', template: '{id}.{body}' });
    const run = (c: CustomScheme, headers: [string, string][]) =>
      verify({ scheme: 'custom', secrets: [secret], body: Buffer.from(body), headers, now: T, custom: c });
    expect(run(custom, [['X-Sig', 'abc']]).reason).toBe(
      'The template signs {id}, but no ID header is configured to read it from.',
    );
    expect(run({ ...custom, idHeader: 'X-Id' }, [['X-Sig', 'abc']]).reason).toBe(
      'The X-Id header is missing, and it is part of the signed content.',
    );
    expect(
      verify({ scheme: 'custom', secrets: [secret], body: Buffer.from(body), headers: [], now: T }).reason,
    ).toBe('The custom scheme has no settings: set at least its signature header.');
    expect(() =>
      sign({ scheme: 'custom', secrets: [secret], body: Buffer.from(body), id: ID, timestamp: T }),
    ).toThrow(/custom scheme needs its settings/);
  });

  it('rejects header names that are not HTTP tokens and unknown fields', () => {
    expect(CustomScheme.safeParse({ header: 'X Sig' }).success).toBe(false);
    expect(CustomScheme.safeParse({ header: '' }).success).toBe(false);
    expect(CustomScheme.safeParse({ header: 'X-Sig', keyEncoding: 'base64' }).success).toBe(false);
  });
});
