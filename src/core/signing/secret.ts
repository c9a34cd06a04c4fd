import { randomBytes, randomInt } from 'node:crypto';
import type { SchemeId } from '../../shared/signing';
import { WHSEC } from './primitives';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const alphanumeric = (length: number): string =>
  Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');

/** A fresh random secret in the form the scheme's senders use. */
export function generateSecret(scheme: SchemeId): string {
  switch (scheme) {
    case 'standard-webhooks':
      return WHSEC + randomBytes(24).toString('base64');
    case 'stripe':
      return WHSEC + alphanumeric(32);
    case 'github':
      return randomBytes(20).toString('hex');
    case 'exavault':
      return randomBytes(16).toString('hex');
    case 'mftplus':
      return randomBytes(32).toString('hex');
    case 'sftptogo':
    case 'custom':
      return randomBytes(32).toString('base64url');
  }
}
