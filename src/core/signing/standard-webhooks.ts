import { displayParts, hmac, joinContent, parseUnixSeconds, short, whsecBase64Key } from './primitives';
import type { SchemeImpl, SignContext } from './types';

const SIGNATURE = 'webhook-signature';
const ID = 'webhook-id';
const TIMESTAMP = 'webhook-timestamp';

const parts = (ctx: SignContext): (string | Buffer)[] => [`${ctx.id}.${ctx.timestamp}.`, ctx.body];

/** Standard Webhooks: HMAC-SHA256 of "id.timestamp.body", base64, "v1,<sig>" space-separated. */
export const standardWebhooks: SchemeImpl = {
  id: 'standard-webhooks',
  multiple: true,
  shape: () => ({ header: SIGNATURE, prefix: 'v1,', encoding: 'base64' }),
  key: whsecBase64Key,
  content: (ctx) => joinContent(parts(ctx)),
  display: (ctx) => displayParts(parts(ctx)),
  digest: (key, content) => hmac('sha256', key, content),
  headers: (values, ctx) => [
    [ID, ctx.id],
    [TIMESTAMP, String(ctx.timestamp)],
    [SIGNATURE, values.join(' ')],
  ],
  parse(headers) {
    const raw = headers.all(SIGNATURE);
    if (raw.length === 0) return { kind: 'unsigned', header: SIGNATURE };
    const received = raw.flatMap((v) => v.split(/\s+/)).filter((v) => v !== '');
    if (received.length === 0) {
      return { kind: 'malformed', reason: 'The webhook-signature header is present but empty.', received };
    }
    if (!received.some((v) => v.startsWith('v1,'))) {
      return {
        kind: 'malformed',
        reason: `The webhook-signature header has no "v1,<base64>" signature (found "${short(received.join(' '), 40)}").`,
        received,
      };
    }
    const id = headers.first(ID);
    if (id === undefined || id === '') {
      return {
        kind: 'malformed',
        reason: 'The webhook-id header is missing, and it is part of the signed content.',
        received,
      };
    }
    const rawTimestamp = headers.first(TIMESTAMP);
    const timestamp = parseUnixSeconds(rawTimestamp);
    if (timestamp === undefined) {
      const reason =
        rawTimestamp === undefined
          ? 'The webhook-timestamp header is missing, and it is part of the signed content.'
          : `The webhook-timestamp header "${short(rawTimestamp)}" is not a Unix time in seconds.`;
      return { kind: 'malformed', reason, received };
    }
    return { kind: 'ok', value: { received, id, timestamp, timestampSigned: true } };
  },
};
