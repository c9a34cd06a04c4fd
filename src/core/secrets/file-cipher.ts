import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SecretCipher } from '../context';

/**
 * Encrypts secrets at rest with AES-256-GCM and a random key kept in `<dataDir>/secret.key`
 * (mode 0600), used when the host offers no OS keychain (headless, tests).
 *
 * What this protects: a copy of the database on its own (an export, a backup, a file attached
 * to a bug report) does not reveal endpoint secrets or auth values. What it does not protect
 * against: someone who can read the user's files, since the key file sits next to the
 * database. The Electron host passes a safeStorage-backed cipher instead.
 */
export const KEY_FILE = 'secret.key';
const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

function loadOrCreateKey(file: string): Buffer {
  try {
    const fd = fs.openSync(file, 'wx', 0o600);
    try {
      const key = crypto.randomBytes(KEY_BYTES);
      fs.writeSync(fd, key.toString('base64'));
      fs.fsyncSync(fd);
      return key;
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new Error(
      `The key file ${file} is damaged (expected ${KEY_BYTES} bytes). Restore it from a backup, or move it away to start with new secrets.`,
    );
  }
  return key;
}

export function createFileCipher(dataDir: string): SecretCipher {
  const key = loadOrCreateKey(path.join(dataDir, KEY_FILE));
  return {
    kind: 'file',
    encrypt(plain: string): string {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64')}`;
    },
    decrypt(stored: string): string {
      if (!stored.startsWith(`${VERSION}:`)) throw new Error('A stored secret is in an unknown format.');
      const raw = Buffer.from(stored.slice(VERSION.length + 1), 'base64');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new Error(
          `A stored secret cannot be decrypted: ${KEY_FILE} is not the key it was written with.`,
        );
      }
    },
  };
}
