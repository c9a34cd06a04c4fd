import { bodyHmacScheme } from './body-hmac';
import { parseUnixSeconds } from './primitives';
import type { SchemeImpl } from './types';

const SIGNATURE = 'X-Webhook-Signature';
const ID = 'X-Webhook-ID';
const TIMESTAMP = 'X-Webhook-Timestamp';

/** Seed 004 calls X-Webhook-Timestamp a Unix timestamp; an ISO date is read too, to be lenient. */
function readTimestamp(value: string | undefined): number | undefined {
  const seconds = parseUnixSeconds(value);
  if (seconds !== undefined || value === undefined) return seconds;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * MFTPlus (seed 004): "sha256=<hex>" HMAC-SHA256 of the raw body. X-Webhook-ID and
 * X-Webhook-Timestamp (Unix seconds) travel alongside but are not signed, so the timestamp is
 * reported, not enforced.
 */
const base = bodyHmacScheme({ id: 'mftplus', header: SIGNATURE, prefix: 'sha256=', encoding: 'hex' });

export const mftplus: SchemeImpl = {
  ...base,
  headers: (values, ctx) => [
    [ID, ctx.id],
    [TIMESTAMP, String(ctx.timestamp)],
    [SIGNATURE, values[0]],
  ],
  parse(headers) {
    const result = base.parse(headers);
    if (result.kind !== 'ok') return result;
    const id = headers.first(ID) ?? '';
    const timestamp = readTimestamp(headers.first(TIMESTAMP));
    return { kind: 'ok', value: { ...result.value, id, timestamp } };
  },
};
