import type { StoredBody } from '../../shared/dispatcher-deliveries';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A body for the API: UTF-8 text when it is valid UTF-8, base64 otherwise. */
export function storedBody(buf: Buffer | null | undefined, size?: number | null): StoredBody {
  const bytes = buf ?? Buffer.alloc(0);
  const real = size ?? bytes.length;
  try {
    return { text: strictUtf8.decode(bytes), encoding: 'utf8', size: real, truncated: real > bytes.length };
  } catch {
    // A capped body may end inside a multi-byte character: drop that partial character.
    for (let cut = 1; real > bytes.length && cut <= 3; cut++) {
      try {
        return {
          text: strictUtf8.decode(bytes.subarray(0, bytes.length - cut)),
          encoding: 'utf8',
          size: real,
          truncated: true,
        };
      } catch {
        // try a shorter cut
      }
    }
    return { text: bytes.toString('base64'), encoding: 'base64', size: real, truncated: real > bytes.length };
  }
}
