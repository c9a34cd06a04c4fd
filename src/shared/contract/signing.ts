import { z } from 'zod';
import { CustomScheme, SchemeId, SchemeInfo, VerifyReport } from '../signing';
import { method } from './define';

const Empty = z.object({}).strict();

/** Bodies cross the API as text: UTF-8 as is, or base64 for bytes that are not UTF-8. */
export const BodyEncoding = z.enum(['utf8', 'base64']);
export type BodyEncoding = z.infer<typeof BodyEncoding>;

export const HeaderPair = z.tuple([z.string(), z.string()]);

/** Header pairs in arrival order, or a pasted block of "Name: value" lines. */
export const HeadersInput = z.union([z.array(HeaderPair), z.string()]);
export type HeadersInput = z.infer<typeof HeadersInput>;

const Secrets = z.array(z.string()).max(20, 'Check at most 20 secrets at once.');

const needsCustom = (value: { scheme: SchemeId; custom?: unknown }, ctx: z.RefinementCtx): void => {
  if (value.scheme === 'custom' && value.custom === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['custom'],
      message: 'The custom scheme needs its settings (at least the header name).',
    });
  }
};

export const SigningVerifyInput = z
  .object({
    scheme: SchemeId,
    secrets: Secrets,
    body: z.string(),
    bodyEncoding: BodyEncoding.optional(),
    headers: HeadersInput,
    /** Unix seconds to verify at (for example when the request was received); defaults to now. */
    now: z.number().int().nonnegative().optional(),
    toleranceSeconds: z.number().int().nonnegative().optional(),
    custom: CustomScheme.optional(),
  })
  .strict()
  .superRefine(needsCustom);
export type SigningVerifyInput = z.input<typeof SigningVerifyInput>;

export const SigningSignInput = z
  .object({
    scheme: SchemeId,
    secrets: Secrets.min(1, 'Add a signing secret.').refine(
      (s) => s.every((x) => x.length > 0),
      'A secret is empty.',
    ),
    body: z.string(),
    bodyEncoding: BodyEncoding.optional(),
    /** The message id; a new one is made when absent. */
    id: z.string().min(1).optional(),
    /** Unix seconds; defaults to now. */
    timestamp: z.number().int().nonnegative().optional(),
    custom: CustomScheme.optional(),
  })
  .strict()
  .superRefine(needsCustom);
export type SigningSignInput = z.input<typeof SigningSignInput>;

export const SigningSignOutput = z.object({
  headers: z.array(HeaderPair),
  signedContent: z.string(),
  id: z.string(),
  timestamp: z.number().int(),
});
export type SigningSignOutput = z.infer<typeof SigningSignOutput>;

export const signingMethods = {
  'signing.verify': method(
    SigningVerifyInput,
    VerifyReport,
    "Check a request's signature and explain any failure.",
  ),
  'signing.sign': method(
    SigningSignInput,
    SigningSignOutput,
    'Compute the signature headers a sender would add to a body.',
  ),
  'signing.generateSecret': method(
    z.object({ scheme: SchemeId }).strict(),
    z.object({ secret: z.string() }),
    "Make a new random secret in the scheme's usual form.",
  ),
  'signing.schemes': method(
    Empty,
    z.array(SchemeInfo),
    'The signature schemes Hookbench can sign and verify.',
  ),
};
