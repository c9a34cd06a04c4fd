import { schemeInfo, secretHint, type ExpectedSignature, type VerifyReport } from '../../shared/signing';
import { digestLength, keysFor, tokenFor, whichSecret } from './compute';
import { diagnose } from './diagnose';
import { headerLookup, safeEqual, tokenProblem } from './primitives';
import { IMPLS } from './registry';
import type { SignContext, VerifyInput } from './types';

export const DEFAULT_TOLERANCE_SECONDS = 300;

/** "742 seconds old" / "30 seconds in the future". */
export const describeSkew = (skew: number): string => {
  // A timestamp in milliseconds reads as tens of thousands of years ahead; say what it is instead.
  if (skew < -1e11) return 'in milliseconds rather than seconds (it reads as far in the future)';
  return skew >= 0
    ? `${skew} second${skew === 1 ? '' : 's'} old`
    : `${-skew} second${skew === -1 ? '' : 's'} in the future`;
};

/**
 * Verifies a received request. unsigned: the scheme's signature header is absent. invalid: a
 * precise reason plus the hints diagnose() could confirm by recomputation. Comparisons are
 * constant-time.
 */
export function verify(input: VerifyInput): VerifyReport {
  const { scheme } = input;
  const impl = IMPLS[scheme];
  const label = schemeInfo(scheme).label;
  const empty = { scheme, received: [], expected: [], hints: [] };
  if (scheme === 'custom' && !input.custom) {
    return {
      ...empty,
      status: 'invalid',
      reason: 'The custom scheme has no settings: set at least its signature header.',
    };
  }
  const parsed = impl.parse(headerLookup(input.headers), input.custom);
  if (parsed.kind === 'unsigned') {
    const reason = `The request has no ${parsed.header} header, so it carries no ${label} signature.`;
    return { ...empty, status: 'unsigned', reason, hints: diagnose(input) };
  }
  if (parsed.kind === 'malformed') {
    return { ...empty, status: 'invalid', reason: parsed.reason, received: parsed.received };
  }

  const found = parsed.value;
  const ctx: SignContext = {
    body: input.body,
    id: found.id,
    timestamp: found.timestamp ?? 0,
    custom: input.custom,
  };
  // Stryker disable next-line ConditionalExpression: without a timestamp the skew is NaN instead of undefined, and both are ignored: `base` leaves it out, and `stale` is false (only schemes that sign a timestamp set timestampSigned, and they refuse a request without one as malformed; Math.abs(NaN) > tolerance is false anyway).
  const skewSeconds = found.timestamp === undefined ? undefined : input.now - found.timestamp;
  const base = {
    scheme,
    received: found.received,
    signedContent: impl.display(ctx),
    ...(found.timestamp === undefined ? {} : { timestamp: found.timestamp, skewSeconds }),
  };
  if (input.secrets.length === 0) {
    return {
      ...base,
      status: 'invalid',
      reason: `No signing secret is configured, so the ${label} signature cannot be checked; add the sender's secret.`,
      expected: [],
      hints: [],
    };
  }

  const { usable, unusable } = keysFor(impl, input.secrets);
  const count = input.secrets.length;
  const expected: ExpectedSignature[] = usable.map(({ index, secret, key }) => ({
    secretIndex: index,
    secretHint: secretHint(secret),
    value: tokenFor(impl, key, ctx),
  }));
  let matchedSecretIndex: number | undefined;
  for (const candidate of expected) {
    for (const value of found.received) {
      if (safeEqual(candidate.value, value) && matchedSecretIndex === undefined)
        matchedSecretIndex = candidate.secretIndex;
    }
  }
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  // Stryker disable next-line ConditionalExpression: dropping the undefined check gives Math.abs(undefined) = NaN, and NaN > tolerance is false, the same answer.
  const stale = found.timestampSigned && skewSeconds !== undefined && Math.abs(skewSeconds) > tolerance;
  const secretHints = unusable.map(
    ({ index, problem }) => `${capitalize(whichSecret(index, count))} cannot be used: ${problem}`,
  );

  if (matchedSecretIndex !== undefined && !stale) {
    return { ...base, status: 'valid', expected, matchedSecretIndex, hints: secretHints };
  }
  const hints = [...secretHints, ...diagnose(input)];
  if (matchedSecretIndex !== undefined) {
    const reason =
      `The signature matches ${whichSecret(matchedSecretIndex, count)}, but its timestamp is ` +
      `${describeSkew(skewSeconds ?? 0)}, outside the ${tolerance}-second tolerance.`;
    return { ...base, status: 'invalid', reason, expected, matchedSecretIndex, hints };
  }
  return {
    ...base,
    status: 'invalid',
    reason: mismatchReason(input, found.received, usable.length, stale, skewSeconds),
    expected,
    hints,
  };
}

function mismatchReason(
  input: VerifyInput,
  received: string[],
  usableCount: number,
  stale: boolean,
  skew?: number,
): string {
  const impl = IMPLS[input.scheme];
  const count = input.secrets.length;
  if (usableCount === 0) {
    return count === 1
      ? 'The configured secret cannot be used for this scheme.'
      : 'None of the configured secrets can be used for this scheme.';
  }
  const shape = impl.shape(input.custom);
  const problems = received.map((value) => tokenProblem(shape, value, digestLength(impl, input.custom)));
  const shapeProblem = problems.every((p) => p !== undefined) ? problems[0] : undefined;
  if (shapeProblem) return shapeProblem;
  const secrets = count === 1 ? 'the configured secret' : `any of the ${count} configured secrets`;
  // Stryker disable next-line ConditionalExpression: stale implies a timestamp, so skew is defined whenever stale is true.
  const also = stale && skew !== undefined ? `, and the timestamp is ${describeSkew(skew)}` : '';
  return `The signature does not match what ${secrets} produces for this body${also}.`;
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
