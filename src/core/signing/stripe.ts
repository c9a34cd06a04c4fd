import {
  displayParts,
  hmac,
  joinContent,
  nonEmptySecret,
  parseUnixSeconds,
  short,
  utf8Key,
} from './primitives';
import type { SchemeImpl, SignContext } from './types';

const SIGNATURE = 'Stripe-Signature';

const parts = (ctx: SignContext): (string | Buffer)[] => [`${ctx.timestamp}.`, ctx.body];

/** Stripe: HMAC-SHA256 of "t.body" with the whole whsec_ string as key, "t=<ts>,v1=<hex>[,v1=…]". */
export const stripe: SchemeImpl = {
  id: 'stripe',
  multiple: true,
  shape: () => ({ header: SIGNATURE, prefix: 'v1=', encoding: 'hex' }),
  key: (secret) => utf8Key(nonEmptySecret(secret)),
  content: (ctx) => joinContent(parts(ctx)),
  display: (ctx) => displayParts(parts(ctx)),
  digest: (key, content) => hmac('sha256', key, content),
  headers: (values, ctx) => [[SIGNATURE, [`t=${ctx.timestamp}`, ...values].join(',')]],
  parse(headers) {
    const raw = headers.all(SIGNATURE);
    if (raw.length === 0) return { kind: 'unsigned', header: SIGNATURE };
    const items = raw.flatMap((v) => v.split(',')).map((item) => item.trim());
    const received = items.filter((item) => item.startsWith('v1='));
    if (items.every((item) => item === '')) {
      return { kind: 'malformed', reason: `The ${SIGNATURE} header is present but empty.`, received };
    }
    const t = items.find((item) => item.startsWith('t='));
    if (t === undefined) {
      return { kind: 'malformed', reason: `The ${SIGNATURE} header has no "t=<timestamp>" part.`, received };
    }
    const timestamp = parseUnixSeconds(t.slice(2));
    if (timestamp === undefined) {
      return {
        kind: 'malformed',
        reason: `The ${SIGNATURE} timestamp "${short(t)}" is not a Unix time in seconds.`,
        received,
      };
    }
    if (received.length === 0) {
      return { kind: 'malformed', reason: `The ${SIGNATURE} header has no "v1=<hex>" signature.`, received };
    }
    return { kind: 'ok', value: { received, id: '', timestamp, timestampSigned: true } };
  },
};
