import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { DigestEncoding, HmacAlgorithm } from '../../shared/signing';
import { HookbenchError } from '../../shared/errors';
import type { HeaderList, HeaderLookup, ParseResult, TokenShape } from './types';

export const WHSEC = 'whsec_';
export const DISPLAY_LIMIT = 4096;

export const hmac = (algorithm: HmacAlgorithm, key: Buffer, content: Buffer): Buffer =>
  createHmac(algorithm, key).update(content).digest();

export const md5 = (prefix: Buffer, content: Buffer): Buffer =>
  createHash('md5').update(prefix).update(content).digest();

export const encode = (digest: Buffer, encoding: DigestEncoding): string => digest.toString(encoding);

export const formatToken = (shape: TokenShape, digest: Buffer): string =>
  shape.prefix + encode(digest, shape.encoding);

/** Constant-time comparison of two signature values (only their lengths can leak). */
export function safeEqual(a: string, b: string): boolean {
  // Stryker disable next-line StringLiteral: Buffer.from(s, '') is UTF-8 as well (the default).
  const x = Buffer.from(a, 'utf8');
  // Stryker disable next-line StringLiteral: as above.
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function headerLookup(headers: HeaderList): HeaderLookup {
  const all = (name: string): string[] => {
    const wanted = name.toLowerCase();
    return headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v.trim());
  };
  return { all, first: (name) => all(name)[0] };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;

export const isBase64 = (s: string): boolean => s.length > 0 && BASE64.test(s);
export const isHex = (s: string): boolean => HEX.test(s);

/** Decodes a string in the given encoding, or returns undefined when it is not in that encoding. */
export function decodeAs(value: string, encoding: DigestEncoding | 'base64url'): Buffer | undefined {
  if (encoding === 'hex') return isHex(value) ? Buffer.from(value, 'hex') : undefined;
  if (encoding === 'base64') return isBase64(value) ? Buffer.from(value, 'base64') : undefined;
  return BASE64URL.test(value) ? Buffer.from(value, 'base64url') : undefined;
}

/** Matches a value against a shape: "ok" when it is prefix + digest in the right encoding. */
export function tokenProblem(shape: TokenShape, value: string, digestLength: number): string | undefined {
  const expectedLength = shape.encoding === 'hex' ? digestLength * 2 : Math.ceil(digestLength / 3) * 4;
  const form = `${shape.prefix}<${expectedLength} ${shape.encoding === 'hex' ? 'hex' : 'base64'} characters>`;
  if (!value.startsWith(shape.prefix))
    return `The ${shape.header} value "${short(value)}" does not have the form ${form}.`;
  const rest = value.slice(shape.prefix.length);
  const bytes = decodeAs(rest, shape.encoding);
  if (!bytes || bytes.length !== digestLength) {
    return `The ${shape.header} value "${short(value)}" does not have the form ${form}.`;
  }
  return undefined;
}

export const short = (value: string, max = 24): string =>
  value.length > max ? `${value.slice(0, max)}…` : value;

// Stryker disable next-line StringLiteral: Buffer.from(s, '') is UTF-8 as well (the default).
export const utf8Key = (secret: string): Buffer => Buffer.from(secret, 'utf8');

export function nonEmptySecret(secret: string): string {
  if (secret.length === 0)
    throw new HookbenchError('invalid_input', 'A signing secret is empty. Enter the secret or remove it.');
  return secret;
}

/** Standard Webhooks: the key is the base64-decoded part after "whsec_". */
export function whsecBase64Key(secret: string): Buffer {
  const encoded = nonEmptySecret(secret).startsWith(WHSEC) ? secret.slice(WHSEC.length) : secret;
  // isBase64 refuses "" and every other accepted string decodes to at least one byte.
  const key = isBase64(encoded) ? Buffer.from(encoded, 'base64') : undefined;
  if (!key) {
    throw new HookbenchError(
      'invalid_input',
      'A Standard Webhooks secret must be "whsec_" followed by base64; generate a new secret or paste the whole value.',
    );
  }
  return key;
}

/** Parses a Unix timestamp in seconds written as digits. */
export const parseUnixSeconds = (value: string | undefined): number | undefined =>
  // Stryker disable next-line ConditionalExpression: RegExp.test(undefined) tests the string "undefined", which is not digits either.
  value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;

/** Body bytes as text: UTF-8, invalid bytes as U+FFFD. */
export const bodyText = (body: Buffer): string => body.toString('utf8');

/** Caps a displayed string at 4096 characters and says how much was cut. */
export function truncateForDisplay(text: string): string {
  if (text.length <= DISPLAY_LIMIT) return text;
  return `${text.slice(0, DISPLAY_LIMIT)}\n… [truncated: ${text.length - DISPLAY_LIMIT} more characters not shown]`;
}

/** Renders id.timestamp.body style contents for display (a Buffer joins as UTF-8 text, like bodyText). */
export const displayParts = (parts: (string | Buffer)[]): string => truncateForDisplay(parts.join(''));

export const joinContent = (parts: (string | Buffer)[]): Buffer =>
  // Stryker disable next-line ConditionalExpression,StringLiteral: Buffer.from(buffer) copies the bytes, and '' is UTF-8 (the default).
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));

/** Parse for schemes with one plain signature header and nothing else signed. */
export function parseSingleHeader(headers: HeaderLookup, header: string): ParseResult {
  const received = headers.all(header);
  if (received.length === 0) return { kind: 'unsigned', header };
  if (received.every((v) => v === '')) {
    return { kind: 'malformed', reason: `The ${header} header is present but empty.`, received };
  }
  // Stryker disable next-line StringLiteral: the schemes parsed here sign the body alone; nothing reads their id.
  return { kind: 'ok', value: { received, id: '', timestampSigned: false } };
}
