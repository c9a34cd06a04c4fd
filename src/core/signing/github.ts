import { bodyText, hmac, nonEmptySecret, parseSingleHeader, truncateForDisplay, utf8Key } from './primitives';
import type { SchemeImpl } from './types';

const SIGNATURE = 'X-Hub-Signature-256';

/** GitHub: HMAC-SHA256 of the raw body with the secret as UTF-8, "sha256=<hex>". */
export const github: SchemeImpl = {
  id: 'github',
  multiple: false,
  shape: () => ({ header: SIGNATURE, prefix: 'sha256=', encoding: 'hex' }),
  key: (secret) => utf8Key(nonEmptySecret(secret)),
  content: (ctx) => ctx.body,
  display: (ctx) => truncateForDisplay(bodyText(ctx.body)),
  digest: (key, content) => hmac('sha256', key, content),
  headers: (values) => [[SIGNATURE, values[0]]],
  parse: (headers) => parseSingleHeader(headers, SIGNATURE),
};
