import { bodyText, md5, nonEmptySecret, parseSingleHeader, truncateForDisplay, utf8Key } from './primitives';
import type { SchemeImpl } from './types';

const SIGNATURE = 'X-Exavault-Signature';
/** The token is part of the signed string; reports show this placeholder instead of it. */
export const TOKEN_PLACEHOLDER = '{verification token}';

/** ExaVault (seed 002): MD5 of the verification token followed by the raw body, hex. */
export const exavault: SchemeImpl = {
  id: 'exavault',
  multiple: false,
  shape: () => ({ header: SIGNATURE, prefix: '', encoding: 'hex' }),
  key: (secret) => utf8Key(nonEmptySecret(secret)),
  content: (ctx) => ctx.body,
  display: (ctx) => truncateForDisplay(TOKEN_PLACEHOLDER + bodyText(ctx.body)),
  digest: (key, content) => md5(key, content),
  headers: (values) => [[SIGNATURE, values[0]]],
  parse: (headers) => parseSingleHeader(headers, SIGNATURE),
};
