import { z } from 'zod';

/**
 * Signature schemes Hookbench speaks, shared by the receiver (verify), the dispatcher (sign)
 * and the renderer (pickers, reports). Pure TypeScript: the crypto lives in src/core/signing.
 */

export const SchemeId = z.enum([
  'standard-webhooks',
  'github',
  'stripe',
  'sftptogo',
  'mftplus',
  'exavault',
  'custom',
]);
export type SchemeId = z.infer<typeof SchemeId>;

export const HmacAlgorithm = z.enum(['sha1', 'sha256', 'sha512']);
export type HmacAlgorithm = z.infer<typeof HmacAlgorithm>;

export const DigestEncoding = z.enum(['hex', 'base64']);
export type DigestEncoding = z.infer<typeof DigestEncoding>;

/** An HTTP header name (RFC 9110 token characters). */
const HeaderName = z
  .string()
  .trim()
  .min(1, 'Enter a header name.')
  .regex(
    /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/,
    "A header name may only contain letters, digits and !#$%&'*+-.^_`|~.",
  );

/**
 * A user-defined HMAC scheme. The key is the secret as UTF-8; the template's placeholders
 * {id}, {timestamp} and {body} are replaced by the delivery id, the Unix timestamp in seconds
 * and the raw body bytes.
 */
export const CustomScheme = z
  .object({
    header: HeaderName,
    prefix: z.string().default(''),
    algorithm: HmacAlgorithm.default('sha256'),
    encoding: DigestEncoding.default('hex'),
    template: z.string().default('{body}'),
    idHeader: HeaderName.optional(),
    timestampHeader: HeaderName.optional(),
  })
  .strict();
export type CustomScheme = z.infer<typeof CustomScheme>;
export type CustomSchemeInput = z.input<typeof CustomScheme>;

export const SignatureStatus = z.enum(['valid', 'invalid', 'unsigned']);
export type SignatureStatus = z.infer<typeof SignatureStatus>;

export const ExpectedSignature = z.object({
  /** Index into the secrets that were checked (0 = current secret). */
  secretIndex: z.number().int().nonnegative(),
  /** First 4 and last 2 characters of the secret, never more. */
  secretHint: z.string(),
  /** The signature value this secret produces, in the form the header carries it. */
  value: z.string(),
});
export type ExpectedSignature = z.infer<typeof ExpectedSignature>;

export const VerifyReport = z.object({
  status: SignatureStatus,
  /** One sentence a user understands; absent when the signature is valid. */
  reason: z.string().optional(),
  scheme: SchemeId,
  /** The exact string that was signed (body as UTF-8, bad bytes as U+FFFD, truncated with a note). */
  signedContent: z.string().optional(),
  /** The signature values found in the request. */
  received: z.array(z.string()),
  expected: z.array(ExpectedSignature),
  /** The timestamp the request carries, Unix seconds. */
  timestamp: z.number().optional(),
  /** now − timestamp in seconds: positive when the timestamp is in the past. */
  skewSeconds: z.number().optional(),
  matchedSecretIndex: z.number().int().nonnegative().optional(),
  /** The usual mistakes that recomputation could actually detect, one sentence each. */
  hints: z.array(z.string()),
});
export type VerifyReport = z.infer<typeof VerifyReport>;

export const SchemeInfo = z.object({
  id: SchemeId,
  label: z.string(),
  description: z.string(),
  /** Headers the scheme uses; the signature header comes first. */
  headers: z.array(z.string()),
  /** Whether one request can carry several signatures (secret rotation overlap). */
  multipleSignatures: z.boolean(),
  /** Whether a signed timestamp is checked against a tolerance window. */
  timestamped: z.boolean(),
  secretFormat: z.string(),
});
export type SchemeInfo = z.infer<typeof SchemeInfo>;

export const SCHEMES: readonly SchemeInfo[] = [
  {
    id: 'standard-webhooks',
    label: 'Standard Webhooks',
    description: 'HMAC-SHA256 of "id.timestamp.body", base64, as "v1,<signature>" (space-separated list).',
    headers: ['webhook-signature', 'webhook-id', 'webhook-timestamp'],
    multipleSignatures: true,
    timestamped: true,
    secretFormat: '"whsec_" followed by base64; the key is the base64-decoded part after "whsec_".',
  },
  {
    id: 'github',
    label: 'GitHub',
    description: 'HMAC-SHA256 of the raw body, hex, as "sha256=<signature>".',
    headers: ['X-Hub-Signature-256'],
    multipleSignatures: false,
    timestamped: false,
    secretFormat: 'Any string; the key is its UTF-8 bytes.',
  },
  {
    id: 'stripe',
    label: 'Stripe',
    description: 'HMAC-SHA256 of "timestamp.body", hex, as "t=<timestamp>,v1=<signature>[,v1=…]".',
    headers: ['Stripe-Signature'],
    multipleSignatures: true,
    timestamped: true,
    secretFormat: '"whsec_…"; the key is the whole string, prefix included, as UTF-8.',
  },
  {
    id: 'sftptogo',
    label: 'SFTP To Go',
    description: 'HMAC-SHA256 of the raw body, base64.',
    headers: ['X-Hub-Signature'],
    multipleSignatures: false,
    timestamped: false,
    secretFormat: 'The signing secret shown once when the webhook is created; the key is its UTF-8 bytes.',
  },
  {
    id: 'mftplus',
    label: 'MFTPlus',
    description:
      'HMAC-SHA256 of the raw body, hex, as "sha256=<signature>"; the id and timestamp headers are not signed.',
    headers: ['X-Webhook-Signature', 'X-Webhook-ID', 'X-Webhook-Timestamp'],
    multipleSignatures: false,
    timestamped: false,
    secretFormat: 'Any string; the key is its UTF-8 bytes.',
  },
  {
    id: 'exavault',
    label: 'ExaVault',
    description: 'MD5 of the verification token followed by the raw body, hex.',
    headers: ['X-Exavault-Signature'],
    multipleSignatures: false,
    timestamped: false,
    secretFormat: "The account's verification token (32 hex characters).",
  },
  {
    id: 'custom',
    label: 'Custom',
    description:
      'HMAC (SHA-1/256/512) of a template of {id}, {timestamp} and {body}, hex or base64, with an optional prefix.',
    headers: [],
    multipleSignatures: false,
    timestamped: false,
    secretFormat: 'Any string; the key is its UTF-8 bytes.',
  },
];

export const schemeInfo = (id: SchemeId): SchemeInfo => {
  const info = SCHEMES.find((s) => s.id === id);
  if (!info) throw new Error(`Unknown signature scheme "${id}".`);
  return info;
};

/** Shows the first 4 and last 2 characters of a secret (fewer for short secrets). */
export const secretHint = (secret: string): string => {
  const chars = Array.from(secret);
  if (chars.length >= 10) return `${chars.slice(0, 4).join('')}…${chars.slice(-2).join('')}`;
  if (chars.length >= 4) return `${chars[0]}…`;
  return '…';
};

/**
 * Parses a pasted header block ("Name: value" per line). A leading request line
 * ("POST /path HTTP/1.1") and blank lines are skipped; indented lines continue the previous
 * value. Throws an Error naming the first line that is not a header.
 */
export function parseHeaderBlock(text: string): [string, string][] {
  const headers: [string, string][] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last[1] = `${last[1]} ${line.trim()}`;
      return;
    }
    const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:[ \t]*(.*)$/.exec(line);
    if (match) {
      headers.push([match[1], match[2].trim()]);
      return;
    }
    if (headers.length === 0 && /^[A-Z]+ \S+( HTTP\/\d(\.\d)?)?$/.test(line.trim())) return;
    throw new Error(`Line ${i + 1} of the headers is not "Name: value": "${line.slice(0, 60)}".`);
  });
  return headers;
}
