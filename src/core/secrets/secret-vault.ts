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

const vaults = new WeakMap<object, SecretVault>();

/**
 * The core's one vault: every area that stores a secret (endpoint secrets and auth values,
 * secret-bearing custom headers, inbox verification secrets) seals it through this, with the
 * host's cipher when it gives one (Electron's safeStorage) and the key file otherwise
 * (`hookbench serve`, tests).
 */
export function secretVaultOf(ctx: Pick<CoreContext, 'options' | 'dataDir'>): SecretVault {
  let vault = vaults.get(ctx);
  if (!vault) {
    vault = createSecretVault(ctx);
    vaults.set(ctx, vault);
  }
  return vault;
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
          `A stored secret could not be decrypted (${(err as Error).message}). Set the secret again (rotate the endpoint's secret, or re-enter the inbox's).`,
        );
      }
    },
  };
}
