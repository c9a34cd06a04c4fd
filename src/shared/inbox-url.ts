import type { ReceiverStatus } from './receiver';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);
const ANY = new Set(['0.0.0.0', '::', '']);

/**
 * The inbox slug a URL points at when it is this receiver's own address: a loopback host (or the
 * host it listens on) and the port of its http or https listener; null otherwise.
 */
export function inboxSlugAt(url: string, status: Pick<ReceiverStatus, 'http' | 'https'>): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const listener = u.protocol === 'http:' ? status.http : u.protocol === 'https:' ? status.https : null;
  if (!listener) return null;
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  if (port !== listener.port) return null;
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const bound = listener.host.toLowerCase();
  if (!LOOPBACK.has(host) && (ANY.has(bound) || host !== bound)) return null;
  const first = u.pathname.split('/')[1] ?? '';
  try {
    return decodeURIComponent(first) || null;
  } catch {
    return null;
  }
}
