import net from 'node:net';

/**
 * DNS-rebinding guard: a browser page on evil.example that resolves to 127.0.0.1 still sends
 * `Host: evil.example`, so only our own names are accepted. When listening on all interfaces,
 * any IP literal is accepted too (a user reaching this machine by address), plus names the user
 * allowed explicitly.
 */
export function createHostCheck(opts: { bindHost: string; port: () => number; allowedHosts?: string[] }) {
  const wildcard = opts.bindHost === '0.0.0.0' || opts.bindHost === '::';
  const names = new Set(['localhost', '127.0.0.1', '::1', opts.bindHost.toLowerCase(), ...(opts.allowedHosts ?? []).map((h) => h.toLowerCase())]);
  return (hostHeader: string | undefined): boolean => {
    if (!hostHeader) return false;
    let hostname: string;
    let port: string;
    try {
      const u = new URL(`http://${hostHeader}`);
      hostname = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
      port = u.port || '80';
    } catch {
      return false;
    }
    if (port !== String(opts.port())) return false;
    if (names.has(hostname)) return true;
    return wildcard && net.isIP(hostname) !== 0;
  };
}
