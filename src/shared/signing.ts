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

// The scheme list and the header-block parser are plain TypeScript in signing-schemes.ts (the
// renderer's start path imports them from there, without zod); re-exported for everyone else.
export { parseHeaderBlock, SCHEMES, schemeInfo, secretHint } from './signing-schemes';
