import { HookbenchError } from '../../shared/errors';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** localhost, 127.0.0.1 and ::1 (and *.localhost, which always resolves to loopback). */
export const isLocalHost = (hostname: string): boolean => {
  const h = hostname.toLowerCase();
  return LOCAL_HOSTS.has(h) || h.endsWith('.localhost');
};

/**
 * Checks an endpoint URL: http(s) only, no credentials in it, and HTTPS unless the host is
 * local or the user allowed plain HTTP for this endpoint. Returns the parsed URL.
 */
export function checkEndpointUrl(raw: string, allowPlainHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HookbenchError(
      'invalid_input',
      `"${raw.slice(0, 100)}" is not a URL. Enter a full URL such as https://example.com/webhooks.`,
      [{ path: ['url'], message: 'Not a URL.' }],
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new HookbenchError(
      'invalid_input',
      `Webhooks are sent over HTTPS or HTTP, not ${url.protocol.replace(':', '')}. Enter an https:// URL.`,
      [{ path: ['url'], message: 'Use https://.' }],
    );
  }
  if (url.username || url.password) {
    throw new HookbenchError(
      'invalid_input',
      "Put credentials in the endpoint's authentication settings, not in the URL.",
      [{ path: ['url'], message: 'No user:password@ in the URL.' }],
    );
  }
  if (url.protocol === 'http:' && !allowPlainHttp && !isLocalHost(url.hostname)) {
    throw new HookbenchError(
      'invalid_input',
      `Plain HTTP is only allowed for localhost, 127.0.0.1 and ::1; ${url.host} needs an https:// URL. To send unencrypted anyway, turn on "Allow plain HTTP" for this endpoint.`,
      [{ path: ['url'], message: 'HTTPS required.' }],
    );
  }
  return url;
}
