import type { SecretCipher } from '../core/context';

interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/** Secrets at rest through the OS keychain (Keychain, DPAPI, libsecret/kwallet) when it is there. */
export function createSafeStorageCipher(safeStorage: SafeStorageLike): SecretCipher | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  // On Linux without a keyring Electron falls back to a hard-coded key: no better than a key file.
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return undefined;
  return {
    kind: 'os',
    encrypt: (plain) => 'os:' + safeStorage.encryptString(plain).toString('base64'),
    decrypt: (stored) => safeStorage.decryptString(Buffer.from(stored.replace(/^os:/, ''), 'base64')),
  };
}
