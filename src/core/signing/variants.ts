import type { DigestEncoding, SchemeId } from '../../shared/signing';
import { bodyText, decodeAs, isBase64, isHex, WHSEC } from './primitives';

/** A body the sender may have signed instead of the bytes that arrived. */
export interface BodyVariant {
  body: Buffer;
  hint: string;
}

const reserialized = (how: string): string =>
  `The signature matches the body re-serialized as ${how}: the JSON was parsed and re-stringified on one side, so sign and verify the raw bytes instead.`;

/** JSON re-serializations and trailing-newline changes of a body, each different from it. */
export function bodyVariants(body: Buffer): BodyVariant[] {
  const variants: BodyVariant[] = [];
  const text = bodyText(body);
  if (text.endsWith('\n')) {
    const cut = text.endsWith('\r\n') ? 2 : 1;
    variants.push({
      body: body.subarray(0, body.length - cut),
      hint: 'The signature matches the body without its trailing newline: a newline was added after signing, or the sender trimmed the body before signing.',
    });
  } else {
    const hint =
      'The signature matches the body with a trailing newline added: the sender signed a newline that did not arrive, or it was stripped in transit.';
    variants.push({ body: Buffer.concat([body, Buffer.from('\n')]), hint });
    variants.push({ body: Buffer.concat([body, Buffer.from('\r\n')]), hint });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed !== null && typeof parsed === 'object') {
    variants.push({
      body: Buffer.from(JSON.stringify(parsed)),
      hint: reserialized('compact JSON (JSON.stringify)'),
    });
    variants.push({
      body: Buffer.from(JSON.stringify(parsed, null, 2)),
      hint: reserialized('2-space indented JSON'),
    });
  }
  // The most specific explanation wins when two changes give the same bytes.
  return variants.filter(
    (v, i) => !v.body.equals(body) && !variants.slice(0, i).some((w) => w.body.equals(v.body)),
  );
}

/** Another way to turn the secret into a key, and what it is called in a hint. */
export interface KeyVariant {
  key: Buffer;
  describes: string;
}

/** How each scheme is meant to turn the secret into a key. */
export const CANONICAL_KEY: Record<SchemeId, string> = {
  'standard-webhooks': 'the base64-decoded bytes after "whsec_", as Standard Webhooks requires',
  github: 'the secret text as UTF-8, as GitHub does',
  stripe: 'the whole "whsec_…" string as UTF-8, prefix included, as Stripe does',
  sftptogo: 'the secret text as UTF-8',
  mftplus: 'the secret text as UTF-8',
  exavault: 'the verification token text',
  custom: 'the secret text as UTF-8',
};

/** The usual ways a sender interprets a secret: raw text, prefix kept or dropped, base64 or hex decoded. */
export function keyVariants(secret: string): KeyVariant[] {
  const hasPrefix = secret.startsWith(WHSEC);
  const rest = hasPrefix ? secret.slice(WHSEC.length) : secret;
  const variants: KeyVariant[] = [
    { key: Buffer.from(secret, 'utf8'), describes: 'the raw secret text (UTF-8)' },
    hasPrefix
      ? { key: Buffer.from(rest, 'utf8'), describes: 'the secret text with its "whsec_" prefix dropped' }
      : {
          key: Buffer.from(WHSEC + secret, 'utf8'),
          describes: 'the secret text with a "whsec_" prefix kept in front',
        },
  ];
  if (isBase64(rest)) {
    const describes = hasPrefix ? 'the base64-decoded bytes after "whsec_"' : 'the base64-decoded secret';
    variants.push({ key: Buffer.from(rest, 'base64'), describes });
  }
  if (isHex(rest)) variants.push({ key: Buffer.from(rest, 'hex'), describes: 'the hex-decoded secret' });
  return variants.filter((v) => v.key.length > 0);
}

/** One reading of a received value: its digest bytes, encoding and whether the prefix was right. */
export interface TokenReading {
  bytes: Buffer;
  encoding: DigestEncoding | 'base64url';
  prefixOk: boolean;
  /** The prefix found when it is not the expected one ('' when there was none). */
  foundPrefix: string;
}

/** Every plausible decoding of a received value, with or without the expected prefix. */
export function readToken(value: string, prefix: string): TokenReading[] {
  const pieces: { rest: string; prefixOk: boolean; foundPrefix: string }[] = [];
  if (value.startsWith(prefix))
    pieces.push({ rest: value.slice(prefix.length), prefixOk: true, foundPrefix: prefix });
  const other = /^([A-Za-z0-9]{1,10}[=,])(.+)$/.exec(value);
  if (other && other[1] !== prefix) pieces.push({ rest: other[2], prefixOk: false, foundPrefix: other[1] });
  if (prefix !== '' && !value.startsWith(prefix) && !other)
    pieces.push({ rest: value, prefixOk: false, foundPrefix: '' });
  const readings: TokenReading[] = [];
  for (const piece of pieces) {
    for (const encoding of ['hex', 'base64', 'base64url'] as const) {
      if (encoding === 'base64url' && !/[-_]/.test(piece.rest)) continue;
      const bytes = decodeAs(piece.rest, encoding);
      if (bytes) readings.push({ bytes, encoding, prefixOk: piece.prefixOk, foundPrefix: piece.foundPrefix });
    }
  }
  return readings;
}
