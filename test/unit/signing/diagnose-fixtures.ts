import { createHmac } from 'node:crypto';
import { sign } from '../../../src/core/signing';
import type { VerifyInput } from '../../../src/core/signing';
import type { SchemeId } from '../../../src/shared/signing';

/** Fixtures shared by the diagnose tests. */
export const T = 1_767_225_600;
export const ID = 'msg_diag_1';
export const STD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
export const PLAIN_SECRET = 'plain-secret-for-tests';
export const PRETTY = JSON.stringify(
  { event: 'file.created', data: { path: 'dir/a.txt', size: 12 } },
  null,
  2,
);
export const COMPACT = JSON.stringify(JSON.parse(PRETTY));

export const hmac = (key: string | Buffer, content: string, encoding: 'hex' | 'base64' = 'hex') =>
  createHmac('sha256', key).update(content).digest(encoding);

/** Verifies `body` whose signature was computed over `signedBody` with `secret`. */
export function crossed(scheme: SchemeId, secret: string, signedBody: string, body: string): VerifyInput {
  const { headers } = sign({
    scheme,
    secrets: [secret],
    body: Buffer.from(signedBody),
    id: ID,
    timestamp: T,
  });
  return { scheme, secrets: [secret], body: Buffer.from(body), headers, now: T };
}
