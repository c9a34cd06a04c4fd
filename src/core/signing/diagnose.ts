import { schemeInfo } from '../../shared/signing';
import { digestFor, keysFor, tokenFor, type KeyedSecret } from './compute';
import { formatToken, headerLookup, safeEqual } from './primitives';
import { BUILT_IN, IMPLS } from './registry';
import type { HeaderLookup, ParsedSignature, SchemeImpl, SignContext, VerifyInput } from './types';
import { bodyVariants, CANONICAL_KEY, keyVariants, readToken } from './variants';

/** Unix seconds stay below this for millennia; a larger timestamp is almost surely milliseconds. */
const MILLISECONDS_THRESHOLD = 100_000_000_000;

/**
 * The usual mistakes behind a failed verification, each confirmed by recomputing the signature
 * the mistaken way (or, for timestamps, by arithmetic). Returns one sentence per finding.
 */
export function diagnose(input: VerifyInput): string[] {
  const impl = IMPLS[input.scheme];
  if (input.scheme === 'custom' && !input.custom) return [];
  const lookup = headerLookup(input.headers);
  const parsed = impl.parse(lookup, input.custom);
  if (parsed.kind === 'unsigned') return otherSchemeHeaders(impl, lookup);
  if (parsed.kind === 'malformed') return [];
  const found = parsed.value;
  const ctx: SignContext = {
    body: input.body,
    id: found.id,
    timestamp: found.timestamp ?? 0,
    custom: input.custom,
  };
  const { usable } = keysFor(impl, input.secrets);
  const hints = [
    ...bodyHints(impl, usable, ctx, found.received),
    ...keyHints(impl, input.secrets, usable, ctx, found.received),
    ...encodingHints(impl, usable, ctx, found.received),
    ...timestampHints(found, input),
    ...schemeHints(impl, input, lookup, found, usable),
  ];
  return [...new Set(hints)];
}

const anyMatch = (values: string[], received: string[]): boolean =>
  values.some((value) => received.some((r) => safeEqual(value, r)));

function bodyHints(impl: SchemeImpl, usable: KeyedSecret[], ctx: SignContext, received: string[]): string[] {
  return bodyVariants(ctx.body)
    .filter((variant) =>
      anyMatch(
        usable.map(({ key }) => tokenFor(impl, key, { ...ctx, body: variant.body })),
        received,
      ),
    )
    .map((variant) => variant.hint);
}

function keyHints(
  impl: SchemeImpl,
  secrets: string[],
  usable: KeyedSecret[],
  ctx: SignContext,
  received: string[],
): string[] {
  const hints: string[] = [];
  secrets.forEach((secret, index) => {
    const canonical = usable.find((u) => u.index === index)?.key;
    for (const variant of keyVariants(secret)) {
      if (canonical?.equals(variant.key)) continue;
      if (anyMatch([tokenFor(impl, variant.key, ctx)], received)) {
        hints.push(
          `The signature matches when the key is ${variant.describes} instead of ${CANONICAL_KEY[impl.id]}.`,
        );
      }
    }
  });
  return hints;
}

function encodingHints(
  impl: SchemeImpl,
  usable: KeyedSecret[],
  ctx: SignContext,
  received: string[],
): string[] {
  const shape = impl.shape(ctx.custom);
  const { label } = schemeInfo(impl.id);
  const want = shape.encoding === 'hex' ? 'hex' : 'base64';
  const hints: string[] = [];
  for (const { key } of usable) {
    const digest = digestFor(impl, key, ctx);
    const canonical = formatToken(shape, digest);
    for (const value of received) {
      if (value === canonical) continue;
      const reading = readToken(value, shape.prefix).find((r) => r.bytes.equals(digest));
      if (!reading) continue;
      if (reading.encoding !== shape.encoding) {
        hints.push(
          `The received value is the right signature encoded as ${reading.encoding}, but ${label} expects ${want}.`,
        );
      } else if (reading.prefixOk) {
        hints.push(
          `The received value is the right signature in uppercase hex, but ${label} compares lowercase hex exactly.`,
        );
      }
      if (!reading.prefixOk) {
        hints.push(
          shape.prefix === ''
            ? `The received value carries a "${reading.foundPrefix}" prefix that ${label} does not use.`
            : reading.foundPrefix === ''
              ? `The received value lacks the "${shape.prefix}" prefix that ${label} requires.`
              : `The received value starts with "${reading.foundPrefix}" where ${label} requires "${shape.prefix}".`,
        );
      }
    }
  }
  return hints;
}

function timestampHints(found: ParsedSignature, input: VerifyInput): string[] {
  if (!found.timestampSigned || found.timestamp === undefined) return [];
  if (found.timestamp > MILLISECONDS_THRESHOLD) {
    return ['The timestamp looks like milliseconds; the scheme expects Unix time in seconds.'];
  }
  const skew = input.now - found.timestamp;
  const tolerance = input.toleranceSeconds ?? 300;
  if (Math.abs(skew) <= tolerance) return [];
  return skew > 0
    ? [
        `The timestamp is ${skew} seconds old, beyond the ${tolerance}-second tolerance: the request was delayed or replayed, or a clock is wrong.`,
      ]
    : [
        `The timestamp is ${-skew} seconds in the future, beyond the ${tolerance}-second tolerance: the sender's clock is ahead.`,
      ];
}

/** The request verifies under another scheme, or its value is another scheme's computation. */
function schemeHints(
  impl: SchemeImpl,
  input: VerifyInput,
  lookup: HeaderLookup,
  found: ParsedSignature,
  usable: KeyedSecret[],
): string[] {
  const hints: string[] = [];
  const ours = usable.map(({ key }) =>
    digestFor(impl, key, {
      body: input.body,
      id: found.id,
      timestamp: found.timestamp ?? 0,
      custom: input.custom,
    }),
  );
  for (const other of BUILT_IN) {
    if (other.id === impl.id) continue;
    const { label } = schemeInfo(other.id);
    const theirs = other.parse(lookup);
    const ctx: SignContext = {
      body: input.body,
      id: theirs.kind === 'ok' && theirs.value.id !== '' ? theirs.value.id : found.id,
      timestamp: (theirs.kind === 'ok' ? theirs.value.timestamp : undefined) ?? found.timestamp ?? 0,
    };
    const { usable: otherKeys } = keysFor(other, input.secrets);
    const tokens = otherKeys.map(({ key }) => tokenFor(other, key, ctx));
    if (theirs.kind === 'ok' && anyMatch(tokens, theirs.value.received)) {
      hints.push(
        `The request carries a valid ${label} signature in ${other.shape().header}; choose the ${label} scheme.`,
      );
      continue;
    }
    const digests = otherKeys
      .map(({ key }) => digestFor(other, key, ctx))
      .filter((d) => !ours.some((o) => o.equals(d)));
    const readings = found.received.flatMap((value) => readToken(value, ''));
    if (readings.some((r) => digests.some((d) => d.equals(r.bytes)))) {
      hints.push(
        `The signature value is what ${label} computes for this request; the sender uses the ${label} scheme.`,
      );
    }
  }
  return hints;
}

function otherSchemeHeaders(impl: SchemeImpl, lookup: HeaderLookup): string[] {
  return BUILT_IN.filter((other) => other.id !== impl.id && lookup.all(other.shape().header).length > 0).map(
    (other) => {
      const { label } = schemeInfo(other.id);
      return `The request carries ${other.shape().header}, the ${label} signature header; choose ${label} to verify it.`;
    },
  );
}
