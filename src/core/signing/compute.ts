import type { CustomScheme } from '../../shared/signing';
import { HookbenchError } from '../../shared/errors';
import { formatToken } from './primitives';
import type { SchemeImpl, SignContext } from './types';

export interface KeyedSecret {
  index: number;
  secret: string;
  key: Buffer;
}

export interface UnusableSecret {
  index: number;
  problem: string;
}

/** Turns each secret into its key; secrets the scheme cannot use are reported, not thrown. */
export function keysFor(
  impl: SchemeImpl,
  secrets: string[],
): { usable: KeyedSecret[]; unusable: UnusableSecret[] } {
  const usable: KeyedSecret[] = [];
  const unusable: UnusableSecret[] = [];
  secrets.forEach((secret, index) => {
    try {
      usable.push({ index, secret, key: impl.key(secret) });
    } catch (err) {
      if (!(err instanceof HookbenchError)) throw err;
      unusable.push({ index, problem: err.message });
    }
  });
  return { usable, unusable };
}

export const digestFor = (impl: SchemeImpl, key: Buffer, ctx: SignContext): Buffer =>
  impl.digest(key, impl.content(ctx), ctx.custom);

export const tokenFor = (impl: SchemeImpl, key: Buffer, ctx: SignContext): string =>
  formatToken(impl.shape(ctx.custom), digestFor(impl, key, ctx));

/** The digest size of a scheme, in bytes. */
export const digestLength = (impl: SchemeImpl, custom?: CustomScheme): number =>
  impl.digest(Buffer.from('k'), Buffer.alloc(0), custom).length;

/** "the secret" or "secret 2 of 3", for sentences. */
export const whichSecret = (index: number, count: number): string =>
  count === 1 ? 'the secret' : `secret ${index + 1} of ${count}`;
