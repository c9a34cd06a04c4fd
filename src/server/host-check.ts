import net from 'node:net';

/**
 * DNS-rebinding guard: a browser page on evil.example that resolves to 127.0.0.1 still sends
 * `Host: evil.example`, so only our own names are accepted. When listening on all interfaces,
 * any IP literal is accepted too (a user reaching this machine by address), plus names the user
 * allowed explicitly.
 */
export function createHostCheck(opts: { bindHost: string; port: () => number; allowedHosts?: string[] }) {
  const wildcard = opts.bindHost === '0.0.0.0' || opts.bindHost === '::';
  // Stryker disable next-line ArrayDeclaration: a placeholder name in place of "no extra names" is one more name nobody sends.
  const names = new Set(['localhost', '127.0.0.1', '::1', opts.bindHost.toLowerCase(), ...(opts.allowedHosts ?? []).map((h) => h.toLowerCase())]);
  return (hostHeader: string | undefined): boolean => {
    // Stryker disable next-line ConditionalExpression: without it, "" fails to parse and undefined parses as host "undefined", port 80 — refused either way; kept to say so plainly.
    if (!hostHeader) return false;
    let u: URL;
    try {
      u = new URL(`http://${hostHeader}`);
    } catch {
      return false;
    }
    // Stryker disable next-line Regex: URL puts "[" only first and "]" only last, so dropping either anchor changes nothing.
    const hostname = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const port = u.port || '80';
    if (port !== String(opts.port())) return false;
    if (names.has(hostname)) return true;
    return wildcard && net.isIP(hostname) !== 0;
  };
}
