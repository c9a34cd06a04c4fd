import { bodyText, hmac, nonEmptySecret, parseSingleHeader, truncateForDisplay, utf8Key } from './primitives';
import type { SchemeImpl } from './types';

const SIGNATURE = 'X-Hub-Signature';

/** SFTP To Go (seed 000): X-Hub-Signature is the base64 HMAC-SHA256 of the body. */
export const sftptogo: SchemeImpl = {
  id: 'sftptogo',
  multiple: false,
  shape: () => ({ header: SIGNATURE, prefix: '', encoding: 'base64' }),
  key: (secret) => utf8Key(nonEmptySecret(secret)),
  content: (ctx) => ctx.body,
  display: (ctx) => truncateForDisplay(bodyText(ctx.body)),
  digest: (key, content) => hmac('sha256', key, content),
  headers: (values) => [[SIGNATURE, values[0]]],
  parse: (headers) => parseSingleHeader(headers, SIGNATURE),
};
