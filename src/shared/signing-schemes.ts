import type { SchemeId, SchemeInfo } from './signing';

/**
 * The signature schemes' descriptions and the header-block parser: plain TypeScript, no zod, so
 * the renderer's start path (the Inbox's badges and header) can use them without loading the
 * schemas. signing.ts re-exports them.
 */

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
