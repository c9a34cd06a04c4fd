import { HookbenchError } from '../../shared/errors';
import type { CoreContext, SecretCipher } from '../context';
import { createFileCipher } from './file-cipher';

/**
 * The one place secrets are sealed and opened. Values are never logged; errors name the
 * problem, never the value.
 */
export interface SecretVault {
  readonly kind: SecretCipher['kind'];
  seal(plain: string): string;
  open(sealed: string): string;
}

export function createSecretVault(ctx: Pick<CoreContext, 'options' | 'dataDir'>): SecretVault {
  const cipher = ctx.options.secretCipher ?? createFileCipher(ctx.dataDir);
  return {
    kind: cipher.kind,
    seal: (plain) => cipher.encrypt(plain),
    open(sealed) {
      try {
        return cipher.decrypt(sealed);
      } catch (err) {
        throw new HookbenchError(
          'unavailable',
          `A stored secret could not be decrypted (${(err as Error).message}). Rotate the endpoint's secret to set a new one.`,
        );
      }
    },
  };
}
