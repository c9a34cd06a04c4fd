import { bodyText, hmac, nonEmptySecret, parseSingleHeader, truncateForDisplay, utf8Key } from './primitives';
import type { SchemeImpl } from './types';

/**
 * The common shape of GitHub, SFTP To Go and MFTPlus: HMAC-SHA256 of the raw body, keyed by the
 * secret as UTF-8, one signature in one header. A scheme overrides what differs (extra headers).
 */
export function bodyHmacScheme(opts: {
  id: SchemeImpl['id'];
  header: string;
  prefix: string;
  encoding: 'hex' | 'base64';
}): SchemeImpl {
  return {
    id: opts.id,
    multiple: false,
    shape: () => ({ header: opts.header, prefix: opts.prefix, encoding: opts.encoding }),
    key: (secret) => utf8Key(nonEmptySecret(secret)),
    content: (ctx) => ctx.body,
    display: (ctx) => truncateForDisplay(bodyText(ctx.body)),
    digest: (key, content) => hmac('sha256', key, content),
    headers: (values) => [[opts.header, values[0]]],
    parse: (headers) => parseSingleHeader(headers, opts.header),
  };
}
