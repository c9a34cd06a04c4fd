import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sign, verify } from '../../../src/core/signing';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OTHER = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
const T = 1_767_225_600; // 2026-01-01T00:00:00Z
const ID = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
const BODY = '{"type":"file.created","data":{"path":"dir/file1.txt","size":357464}}';

const asObject = (headers: [string, string][]): Record<string, string> => Object.fromEntries(headers);

describe('standard-webhooks', () => {
  beforeEach(() => vi.setSystemTime(new Date(T * 1000)));
  afterEach(() => vi.useRealTimers());

  it('matches the published test vector byte for byte', () => {
    const { headers, signedContent } = sign({
      scheme: 'standard-webhooks',
      secrets: [SECRET],
      body: Buffer.from('{"test": 2432232314}'),
      id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: 1614265330,
    });
    expect(headers).toEqual([
      ['webhook-id', 'msg_p5jXN8AQM9LWM0D4loKWxJek'],
      ['webhook-timestamp', '1614265330'],
      ['webhook-signature', 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='],
    ]);
    expect(signedContent).toBe('msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}');
  });

  it('our signature passes the official library', () => {
    const { headers } = sign({
      scheme: 'standard-webhooks',
      secrets: [SECRET],
      body: Buffer.from(BODY),
      id: ID,
      timestamp: T,
    });
    expect(new Webhook(SECRET).verify(BODY, asObject(headers))).toEqual(JSON.parse(BODY));
    expect(asObject(headers)['webhook-signature']).toBe(
      new Webhook(SECRET).sign(ID, new Date(T * 1000), BODY),
    );
  });

  it("the official library's signature verifies as valid", () => {
    const signature = new Webhook(SECRET).sign(ID, new Date(T * 1000), BODY);
    const report = verify({
      scheme: 'standard-webhooks',
      secrets: [SECRET],
      body: Buffer.from(BODY),
      headers: [
        ['Webhook-Id', ID],
        ['Webhook-Timestamp', String(T)],
        ['Webhook-Signature', signature],
      ],
      now: T + 10,
    });
    expect(report).toMatchObject({
      status: 'valid',
      matchedSecretIndex: 0,
      received: [signature],
      timestamp: T,
      skewSeconds: 10,
      signedContent: `${ID}.${T}.${BODY}`,
      hints: [],
    });
    expect(report.reason).toBeUndefined();
    expect(report.expected).toEqual([{ secretIndex: 0, secretHint: 'whse…Sw', value: signature }]);
  });

  const signedHeaders = (): [string, string][] =>
    sign({ scheme: 'standard-webhooks', secrets: [SECRET], body: Buffer.from(BODY), id: ID, timestamp: T })
      .headers;

  it('a tampered body is invalid with a reason, for us and for the official library', () => {
    const tampered = BODY.replace('357464', '357465');
    const report = verify({
      scheme: 'standard-webhooks',
      secrets: [SECRET],
      body: Buffer.from(tampered),
      headers: signedHeaders(),
      now: T,
    });
    expect(report.status).toBe('invalid');
    expect(report.reason).toBe(
      'The signature does not match what the configured secret produces for this body.',
    );
    expect(report.matchedSecretIndex).toBeUndefined();
    expect(() => new Webhook(SECRET).verify(tampered, asObject(signedHeaders()))).toThrow(
      'No matching signature found',
    );
  });

  it('a wrong secret is invalid and lists what each secret expects', () => {
    const report = verify({
      scheme: 'standard-webhooks',
      secrets: [OTHER],
      body: Buffer.from(BODY),
      headers: signedHeaders(),
      now: T,
    });
    expect(report.status).toBe('invalid');
    expect(report.expected).toEqual([
      { secretIndex: 0, secretHint: 'whse…oD', value: new Webhook(OTHER).sign(ID, new Date(T * 1000), BODY) },
    ]);
    expect(report.received).toEqual([new Webhook(SECRET).sign(ID, new Date(T * 1000), BODY)]);
  });

  it('a stale timestamp is invalid with the skew', () => {
    const report = verify({
      scheme: 'standard-webhooks',
      secrets: [SECRET],
      body: Buffer.from(BODY),
      headers: signedHeaders(),
      now: T + 600,
    });
    expect(report).toMatchObject({
      status: 'invalid',
      skewSeconds: 600,
      timestamp: T,
      matchedSecretIndex: 0,
    });
    expect(report.reason).toBe(
      'The signature matches the secret, but its timestamp is 600 seconds old, outside the 300-second tolerance.',
    );
    vi.setSystemTime(new Date((T + 600) * 1000));
    expect(() => new Webhook(SECRET).verify(BODY, asObject(signedHeaders()))).toThrow(
      'Message timestamp too old',
    );
  });

  it('honours a custom tolerance and flags future timestamps', () => {
    const base = {
      scheme: 'standard-webhooks' as const,
      secrets: [SECRET],
      body: Buffer.from(BODY),
      headers: signedHeaders(),
    };
    expect(verify({ ...base, now: T + 600, toleranceSeconds: 900 }).status).toBe('valid');
    const future = verify({ ...base, now: T - 400 });
    expect(future.skewSeconds).toBe(-400);
    expect(future.reason).toContain('400 seconds in the future');
  });

  it('the tolerance is inclusive, to the second, in both directions', () => {
    const base = {
      scheme: 'standard-webhooks' as const,
      secrets: [SECRET],
      body: Buffer.from(BODY),
      headers: signedHeaders(),
    };
    expect(verify({ ...base, now: T + 300 }).status).toBe('valid');
    expect(verify({ ...base, now: T - 300 }).status).toBe('valid');
    expect(verify({ ...base, now: T + 301 }).status).toBe('invalid');
    expect(verify({ ...base, now: T - 301 }).status).toBe('invalid');
    expect(verify({ ...base, now: T, toleranceSeconds: 0 }).status).toBe('valid');
    expect(verify({ ...base, now: T + 1, toleranceSeconds: 0 }).status).toBe('invalid');
    expect(verify({ ...base, now: T + 1, toleranceSeconds: 0 }).reason).toBe(
      'The signature matches the secret, but its timestamp is 1 second old, outside the 0-second tolerance.',
    );
    expect(verify({ ...base, now: T - 1, toleranceSeconds: 0 }).reason).toContain('1 second in the future');
  });

  it('a missing signature header is unsigned', () => {
    const headers = signedHeaders().filter(([name]) => name !== 'webhook-signature');
    const report = verify({
      scheme: 'standard-webhooks',
      secrets: [SECRET],
      body: Buffer.from(BODY),
      headers,
      now: T,
    });
    expect(report).toMatchObject({ status: 'unsigned', received: [], expected: [] });
    expect(report.reason).toBe(
      'The request has no webhook-signature header, so it carries no Standard Webhooks signature.',
    );
  });

  it('malformed headers are invalid with a precise reason', () => {
    const body = Buffer.from(BODY);
    const run = (headers: [string, string][]) =>
      verify({ scheme: 'standard-webhooks', secrets: [SECRET], body, headers, now: T });
    const sig = asObject(signedHeaders())['webhook-signature'];
    expect(
      run([
        ['webhook-signature', sig],
        ['webhook-timestamp', String(T)],
      ]).reason,
    ).toBe('The webhook-id header is missing, and it is part of the signed content.');
    expect(
      run([
        ['webhook-signature', sig],
        ['webhook-id', ID],
        ['webhook-timestamp', '2026-01-01'],
      ]).reason,
    ).toBe('The webhook-timestamp header "2026-01-01" is not a Unix time in seconds.');
    expect(
      run([
        ['webhook-signature', 'v1a,abc'],
        ['webhook-id', ID],
        ['webhook-timestamp', String(T)],
      ]).reason,
    ).toBe('The webhook-signature header has no "v1,<base64>" signature (found "v1a,abc").');
  });

  it('no secrets configured is invalid', () => {
    const report = verify({
      scheme: 'standard-webhooks',
      secrets: [],
      body: Buffer.from(BODY),
      headers: signedHeaders(),
      now: T,
    });
    expect(report.status).toBe('invalid');
    expect(report.reason).toBe(
      "No signing secret is configured, so the Standard Webhooks signature cannot be checked; add the sender's secret.",
    );
  });

  it('rotation: two secrets give two signatures and either one verifies', () => {
    const { headers } = sign({
      scheme: 'standard-webhooks',
      secrets: [SECRET, OTHER],
      body: Buffer.from(BODY),
      id: ID,
      timestamp: T,
    });
    const signature = asObject(headers)['webhook-signature'];
    expect(signature).toBe(
      `${new Webhook(SECRET).sign(ID, new Date(T * 1000), BODY)} ${new Webhook(OTHER).sign(ID, new Date(T * 1000), BODY)}`,
    );
    expect(() => new Webhook(SECRET).verify(BODY, asObject(headers))).not.toThrow();
    expect(() => new Webhook(OTHER).verify(BODY, asObject(headers))).not.toThrow();
    const body = Buffer.from(BODY);
    expect(
      verify({ scheme: 'standard-webhooks', secrets: [OTHER], body, headers, now: T }).matchedSecretIndex,
    ).toBe(0);
    // Receiver side: the new secret first, the old one still accepted.
    const fromOld = new Webhook(SECRET).sign(ID, new Date(T * 1000), BODY);
    const oldOnly: [string, string][] = [
      ['webhook-id', ID],
      ['webhook-timestamp', String(T)],
      ['webhook-signature', fromOld],
    ];
    const report = verify({
      scheme: 'standard-webhooks',
      secrets: [OTHER, SECRET],
      body,
      headers: oldOnly,
      now: T,
    });
    expect(report).toMatchObject({ status: 'valid', matchedSecretIndex: 1 });
  });

  it('rejects a secret that is not whsec_ + base64 when signing, and reports it when verifying', () => {
    expect(() =>
      sign({
        scheme: 'standard-webhooks',
        secrets: ['whsec_not base64!'],
        body: Buffer.from(BODY),
        id: ID,
        timestamp: T,
      }),
    ).toThrow(/must be "whsec_" followed by base64/);
    const report = verify({
      scheme: 'standard-webhooks',
      secrets: ['whsec_not base64!', SECRET],
      body: Buffer.from(BODY),
      headers: signedHeaders(),
      now: T,
    });
    expect(report).toMatchObject({ status: 'valid', matchedSecretIndex: 1 });
    expect(report.hints[0]).toMatch(/^Secret 1 of 2 cannot be used: A Standard Webhooks secret must be/);
  });

  it('signs raw bytes, and shows invalid UTF-8 as U+FFFD in the signed content', () => {
    const body = Buffer.from([0x7b, 0xff, 0x7d]);
    const { headers, signedContent } = sign({
      scheme: 'standard-webhooks',
      secrets: [SECRET],
      body,
      id: ID,
      timestamp: T,
    });
    expect(signedContent).toBe(`${ID}.${T}.{\uFFFD}`);
    expect(verify({ scheme: 'standard-webhooks', secrets: [SECRET], body, headers, now: T }).status).toBe(
      'valid',
    );
    expect(
      verify({
        scheme: 'standard-webhooks',
        secrets: [SECRET],
        body: Buffer.from(`{\uFFFD}`),
        headers,
        now: T,
      }).status,
    ).toBe('invalid');
  });
});
