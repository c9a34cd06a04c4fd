import { describe, expect, it } from 'vitest';
import { sign, verify } from '../../../src/core/signing';
import {
  decodeAs,
  displayParts,
  headerLookup,
  isBase64,
  isHex,
  nonEmptySecret,
  parseSingleHeader,
  parseUnixSeconds,
  safeEqual,
  short,
  tokenProblem,
  truncateForDisplay,
  whsecBase64Key,
} from '../../../src/core/signing/primitives';

/**
 * The building blocks every scheme relies on (issue 15: mutation testing of signing): which
 * strings count as base64/base64url/hex, the exact truncation points of what is shown, header
 * lookup, secrets that cannot be used, and the single-header parse. Each case is something a user
 * sees: a signature accepted or refused, a reason's wording, a secret refused with a clear error.
 */
describe('signing primitives', () => {
  it('accepts base64 only in whole 4-character groups, with or without the final padding', () => {
    expect(isBase64('')).toBe(false);
    expect(isBase64('ab')).toBe(true);
    expect(isBase64('ab==')).toBe(true);
    expect(isBase64('abc')).toBe(true);
    expect(isBase64('abc=')).toBe(true);
    expect(isBase64('abcd')).toBe(true);
    expect(isBase64('abcde')).toBe(false);
    expect(isBase64('ab-_')).toBe(false);
    expect(decodeAs('', 'base64')).toBeUndefined();
    expect(decodeAs('aGk=', 'base64')).toEqual(Buffer.from('hi'));
  });

  it('decodes base64url by its own alphabet, anchored at both ends', () => {
    expect(decodeAs('ab-_', 'base64url')).toEqual(Buffer.from('ab-_', 'base64url'));
    expect(decodeAs('aGk', 'base64url')).toEqual(Buffer.from('hi'));
    expect(decodeAs('aGk=', 'base64url')).toEqual(Buffer.from('hi'));
    expect(decodeAs('aGk==', 'base64url')).toEqual(Buffer.from('hi'));
    expect(decodeAs('aGk===', 'base64url')).toBeUndefined();
    expect(decodeAs('!aGk', 'base64url')).toBeUndefined();
    expect(decodeAs('aGk!', 'base64url')).toBeUndefined();
    expect(decodeAs('ab+/', 'base64url')).toBeUndefined();
    expect(decodeAs('', 'base64url')).toBeUndefined();
  });

  it('accepts hex only as whole bytes, anchored at both ends', () => {
    expect(isHex('0aFf')).toBe(true);
    expect(isHex('0aF')).toBe(false);
    expect(isHex('zz0a')).toBe(false);
    expect(isHex('0azz')).toBe(false);
    expect(isHex('')).toBe(false);
    expect(decodeAs('0aff', 'hex')).toEqual(Buffer.from([0x0a, 0xff]));
    expect(decodeAs('0ag0', 'hex')).toBeUndefined();
  });

  it('compares signatures exactly, multi-byte characters included', () => {
    expect(safeEqual('v1,abc', 'v1,abc')).toBe(true);
    expect(safeEqual('v1,abc', 'v1,abd')).toBe(false);
    expect(safeEqual('v1,abc', 'v1,ab')).toBe(false);
    expect(safeEqual('é', 'é')).toBe(true);
    expect(safeEqual('é', 'e\u0301')).toBe(false);
  });

  it('finds headers by name in any case, every occurrence, with surrounding spaces trimmed', () => {
    const h = headerLookup([
      ['Webhook-Signature', '  v1,a  '],
      ['webhook-id', 'msg_1'],
      ['WEBHOOK-SIGNATURE', 'v1,b'],
    ]);
    expect(h.all('webhook-signature')).toEqual(['v1,a', 'v1,b']);
    expect(h.first('Webhook-Id')).toBe('msg_1');
    expect(h.first('webhook-timestamp')).toBeUndefined();
  });

  it('says a value without the prefix has the wrong form, even if the rest would decode', () => {
    const shape = { header: 'webhook-signature', prefix: 'v1,', encoding: 'base64' as const };
    const digest = Buffer.alloc(32, 1).toString('base64');
    expect(tokenProblem(shape, `v1,${digest}`, 32)).toBeUndefined();
    expect(tokenProblem(shape, `v2,${digest}`, 32)).toBe(
      `The webhook-signature value "v2,${digest.slice(0, 21)}…" does not have the form v1,<44 base64 characters>.`,
    );
    expect(tokenProblem(shape, 'v1,aGk=', 32)).toBe(
      'The webhook-signature value "v1,aGk=" does not have the form v1,<44 base64 characters>.',
    );
    const hex = { header: 'x-hub-signature-256', prefix: 'sha256=', encoding: 'hex' as const };
    expect(tokenProblem(hex, 'sha256=zz', 32)).toBe(
      'The x-hub-signature-256 value "sha256=zz" does not have the form sha256=<64 hex characters>.',
    );
  });

  it('shortens a shown value after exactly 24 characters', () => {
    const a24 = 'a'.repeat(24);
    expect(short(a24)).toBe(a24);
    expect(short(`${a24}b`)).toBe(`${a24}…`);
    expect(short('abcdef', 3)).toBe('abc…');
  });

  it('shows at most 4,096 characters of signed content and says how many more there were', () => {
    const exact = 'x'.repeat(4096);
    expect(truncateForDisplay(exact)).toBe(exact);
    expect(truncateForDisplay(`${exact}yz`)).toBe(`${exact}\n… [truncated: 2 more characters not shown]`);
    // Bytes are shown as UTF-8 text, invalid bytes as U+FFFD, next to the string parts.
    expect(displayParts(['msg_1.', Buffer.from('17.'), Buffer.from([0x68, 0xff, 0x69])])).toBe(
      'msg_1.17.h\uFFFDi',
    );
  });

  it('reads Unix timestamps of 1 to 15 digits only', () => {
    expect(parseUnixSeconds('1700000000')).toBe(1_700_000_000);
    expect(parseUnixSeconds('0')).toBe(0);
    expect(parseUnixSeconds('9'.repeat(15))).toBe(999_999_999_999_999);
    expect(parseUnixSeconds('9'.repeat(16))).toBeUndefined();
    expect(parseUnixSeconds('')).toBeUndefined();
    expect(parseUnixSeconds('-5')).toBeUndefined();
    expect(parseUnixSeconds('17e8')).toBeUndefined();
    expect(parseUnixSeconds(undefined)).toBeUndefined();
  });

  it('refuses an empty secret and a Standard Webhooks secret that is not base64, as invalid input', () => {
    expect(() => nonEmptySecret('')).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        message: 'A signing secret is empty. Enter the secret or remove it.',
      }),
    );
    expect(nonEmptySecret('s')).toBe('s');
    const refused = expect.objectContaining({
      code: 'invalid_input',
      message:
        'A Standard Webhooks secret must be "whsec_" followed by base64; generate a new secret or paste the whole value.',
    });
    expect(() => whsecBase64Key('whsec_')).toThrow(refused);
    expect(() => whsecBase64Key('whsec_%%%')).toThrow(refused);
    expect(whsecBase64Key('whsec_aGk=')).toEqual(Buffer.from('hi'));
    expect(whsecBase64Key('aGk=')).toEqual(Buffer.from('hi'));
  });

  it('a single-header scheme: absent is unsigned, present but empty is malformed, one real value among empties is checked', () => {
    expect(parseSingleHeader(headerLookup([]), 'x-hub-signature-256')).toEqual({
      kind: 'unsigned',
      header: 'x-hub-signature-256',
    });
    expect(parseSingleHeader(headerLookup([['X-Hub-Signature-256', '  ']]), 'x-hub-signature-256')).toEqual({
      kind: 'malformed',
      reason: 'The x-hub-signature-256 header is present but empty.',
      received: [''],
    });
    // Through verify, as a user sees it: GitHub's header sent empty, then next to a good value.
    const secret = 'It’s a Secret to Everybody';
    const body = Buffer.from('Hello, World!');
    const good = sign({ scheme: 'github', secrets: [secret], body, id: 'x', timestamp: 0 }).headers;
    const empty = verify({
      scheme: 'github',
      secrets: [secret],
      body,
      headers: [['X-Hub-Signature-256', '']],
      now: 0,
    });
    expect(empty.status).toBe('invalid');
    expect(empty.reason).toBe('The X-Hub-Signature-256 header is present but empty.');
    const mixed = verify({
      scheme: 'github',
      secrets: [secret],
      body,
      headers: [['X-Hub-Signature-256', ''], ...good],
      now: 0,
    });
    expect(mixed.status).toBe('valid');
  });
});
