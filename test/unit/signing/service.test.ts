import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import { generateSecret, sign, verify } from '../../../src/core/signing';
import { createSigningService } from '../../../src/core/signing/service';
import { createFakeClock } from '../../../src/core/util/clock';
import { signingMethods } from '../../../src/shared/contract/signing';
import { HookbenchError } from '../../../src/shared/errors';
import { parseHeaderBlock, SCHEMES, SchemeId, secretHint, VerifyReport } from '../../../src/shared/signing';

const T = 1_767_225_600;
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const clock = createFakeClock(T * 1000 + 999);
const service = createSigningService({ clock });
const signInput = (input: unknown) => signingMethods['signing.sign'].input.parse(input);
const verifyInput = (input: unknown) => signingMethods['signing.verify'].input.parse(input);

describe('signing service', () => {
  it('signs with the clock and a fresh id when none are given, and the output fits the contract', () => {
    const out = service['signing.sign'](
      signInput({ scheme: 'standard-webhooks', secrets: [SECRET], body: '{"a":1}' }),
    );
    expect(out.timestamp).toBe(T);
    expect(out.id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(signingMethods['signing.sign'].output.parse(out)).toEqual(out);
    vi.setSystemTime(new Date(T * 1000));
    try {
      expect(new Webhook(SECRET).verify('{"a":1}', Object.fromEntries(out.headers))).toEqual({ a: 1 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('verifies a pasted header block and a base64 body at the clock time', () => {
    const body = Buffer.from([0x00, 0xff, 0x10]);
    const { headers } = sign({ scheme: 'github', secrets: ['s3cret-value'], body, id: 'x', timestamp: T });
    const block = `POST /hooks/github HTTP/1.1\r\nHost: localhost\r\n${headers.map(([n, v]) => `${n}: ${v}`).join('\r\n')}\r\n`;
    const report = service['signing.verify'](
      verifyInput({
        scheme: 'github',
        secrets: ['s3cret-value'],
        body: body.toString('base64'),
        bodyEncoding: 'base64',
        headers: block,
      }),
    );
    expect(report).toMatchObject({ status: 'valid', signedContent: '\u0000\uFFFD\u0010' });
    expect(VerifyReport.parse(report)).toEqual(report);
  });

  it('uses the clock for staleness unless a verification time is given', () => {
    const { headers } = sign({
      scheme: 'stripe',
      secrets: ['whsec_abc'],
      body: Buffer.from('{}'),
      id: 'x',
      timestamp: T - 1000,
    });
    const input = { scheme: 'stripe', secrets: ['whsec_abc'], body: '{}', headers };
    expect(service['signing.verify'](verifyInput(input))).toMatchObject({
      status: 'invalid',
      skewSeconds: 1000,
    });
    expect(service['signing.verify'](verifyInput({ ...input, now: T - 1000 })).status).toBe('valid');
  });

  it('rejects bad input at the boundary with clear messages', () => {
    expect(() =>
      service['signing.verify'](
        verifyInput({ scheme: 'github', secrets: [], body: '%%%', bodyEncoding: 'base64', headers: [] }),
      ),
    ).toThrow(HookbenchError);
    expect(() =>
      service['signing.verify'](
        verifyInput({ scheme: 'github', secrets: [], body: '', headers: 'not a header' }),
      ),
    ).toThrow('Line 1 of the headers is not "Name: value": "not a header".');
    expect(
      signingMethods['signing.verify'].input.safeParse({
        scheme: 'custom',
        secrets: [],
        body: '',
        headers: [],
      }).success,
    ).toBe(false);
    expect(
      signingMethods['signing.sign'].input.safeParse({ scheme: 'github', secrets: [], body: '' }).success,
    ).toBe(false);
    expect(
      signingMethods['signing.sign'].input.safeParse({ scheme: 'github', secrets: ['a'], body: '', extra: 1 })
        .success,
    ).toBe(false);
  });

  it('lists schemes and generates secrets through the contract', () => {
    const schemes = service['signing.schemes'](signingMethods['signing.schemes'].input.parse({}));
    expect(schemes.map((s) => s.id)).toEqual(SchemeId.options);
    expect(signingMethods['signing.schemes'].output.parse(schemes)).toEqual(schemes);
    expect(service['signing.generateSecret']({ scheme: 'stripe' }).secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
  });
});

describe('generateSecret', () => {
  const cases: [SchemeId, RegExp][] = [
    ['standard-webhooks', /^whsec_[A-Za-z0-9+/]{32}$/],
    ['stripe', /^whsec_[A-Za-z0-9]{32}$/],
    ['github', /^[0-9a-f]{40}$/],
    ['exavault', /^[0-9a-f]{32}$/],
    ['mftplus', /^[0-9a-f]{64}$/],
    ['sftptogo', /^[A-Za-z0-9_-]{43}$/],
    ['custom', /^[A-Za-z0-9_-]{43}$/],
  ];
  it.each(cases)(
    '%s secrets have the usual form, differ each time and sign round-trip',
    (scheme, pattern) => {
      const a = generateSecret(scheme);
      expect(a).toMatch(pattern);
      expect(generateSecret(scheme)).not.toBe(a);
      const custom =
        scheme === 'custom'
          ? {
              header: 'X-Sig',
              prefix: '',
              algorithm: 'sha256' as const,
              encoding: 'hex' as const,
              template: '{body}',
            }
          : undefined;
      const body = Buffer.from('{"ok":true}');
      const { headers } = sign({ scheme, secrets: [a], body, id: 'id-1', timestamp: T, custom });
      expect(verify({ scheme, secrets: [a], body, headers, now: T, custom }).status).toBe('valid');
    },
  );

  it('Standard Webhooks secrets decode to 24 key bytes', () => {
    expect(Buffer.from(generateSecret('standard-webhooks').slice(6), 'base64')).toHaveLength(24);
  });
});

describe('shared helpers', () => {
  it('secretHint shows only the first 4 and last 2 characters', () => {
    expect(secretHint('whsec_abcdefghx2')).toBe('whse…x2');
    expect(secretHint('short')).toBe('s…');
    expect(secretHint('ab')).toBe('…');
  });

  it('parseHeaderBlock keeps order and duplicates, skips the request line and unfolds continuations', () => {
    expect(
      parseHeaderBlock(
        'POST https://webhook.site/394f HTTP/1.1\nX-A: 1\n\nx-a: 2\nX-Long: part one\n  part two\nEmpty:',
      ),
    ).toEqual([
      ['X-A', '1'],
      ['x-a', '2'],
      ['X-Long', 'part one part two'],
      ['Empty', ''],
    ]);
  });

  it('SCHEMES describes every scheme once, signature header first', () => {
    expect(SCHEMES.map((s) => s.id)).toEqual(SchemeId.options);
    expect(SCHEMES.find((s) => s.id === 'github')?.headers).toEqual(['X-Hub-Signature-256']);
    expect(SCHEMES.filter((s) => s.multipleSignatures).map((s) => s.id)).toEqual([
      'standard-webhooks',
      'stripe',
    ]);
  });

  it('truncates long signed content to 4096 characters with a note', () => {
    const body = Buffer.from('x'.repeat(5000));
    const { signedContent } = sign({ scheme: 'github', secrets: ['k'], body, id: 'i', timestamp: T });
    expect(signedContent).toBe(`${'x'.repeat(4096)}\n… [truncated: 904 more characters not shown]`);
  });
});

describe('custom scheme settings that cannot be verified', () => {
  it('refuse to sign {timestamp} or {id} without the header that carries them', () => {
    const base = { secrets: ['k'], body: Buffer.from('x'), id: 'm1', timestamp: 1_700_000_000 };
    expect(() =>
      sign({ ...base, scheme: 'custom', custom: { header: 'X-Sig', prefix: '', algorithm: 'sha256', encoding: 'hex', template: '{timestamp}.{body}' } }),
    ).toThrow(/timestamp header/);
    expect(() =>
      sign({ ...base, scheme: 'custom', custom: { header: 'X-Sig', prefix: '', algorithm: 'sha256', encoding: 'hex', template: '{id}.{body}' } }),
    ).toThrow(/ID header/);
    const ok = sign({
      ...base,
      scheme: 'custom',
      custom: { header: 'X-Sig', prefix: '', algorithm: 'sha256', encoding: 'hex', template: '{timestamp}.{body}', timestampHeader: 'X-Ts' },
    });
    expect(ok.headers.map(([n]) => n)).toEqual(expect.arrayContaining(['X-Sig', 'X-Ts']));
  });
});
