import type { RequestDetail } from '../../shared/receiver-requests';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other',
  307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden',
  404: 'Not Found', 410: 'Gone', 413: 'Content Too Large', 429: 'Too Many Requests', 500: 'Internal Server Error',
  502: 'Bad Gateway', 503: 'Service Unavailable',
};

const nv = (pairs: [string, string][]) => pairs.map(([name, value]) => ({ name, value }));

function queryString(query: string): { name: string; value: string }[] {
  if (!query) return [];
  return query.split('&').filter(Boolean).map((part) => {
    const i = part.indexOf('=');
    const dec = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    return i === -1 ? { name: dec(part), value: '' } : { name: dec(part.slice(0, i)), value: dec(part.slice(i + 1)) };
  });
}

/** One HAR 1.2 entry. Binary bodies are base64 with `_encoding: "base64"` (HAR's custom-field form). */
export function harEntry(r: RequestDetail, baseUrl: string) {
  const header = (name: string) => r.headers.find(([k]) => k.toLowerCase() === name)?.[1];
  const mime = header('content-type') ?? 'application/octet-stream';
  const postData =
    r.body.size > 0 || !['GET', 'HEAD'].includes(r.method)
      ? r.body.text !== null
        ? { mimeType: mime, text: r.body.text }
        : { mimeType: mime, text: r.body.base64, _encoding: 'base64' }
      : undefined;
  const res = r.response;
  const resType = res.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  return {
    startedDateTime: new Date(r.receivedAt).toISOString(),
    time: r.bodyReadMs + r.response.delayMs,
    request: {
      method: r.method,
      url: baseUrl + r.url,
      httpVersion: `HTTP/${r.httpVersion}`,
      cookies: [],
      headers: nv(r.headers),
      queryString: queryString(r.query),
      ...(postData ? { postData } : {}),
      headersSize: -1,
      bodySize: r.body.size,
    },
    response: {
      status: res.status ?? 0,
      statusText: res.status ? (STATUS_TEXT[res.status] ?? '') : res.kind === 'drop' ? 'Connection dropped' : 'No answer (hang)',
      httpVersion: `HTTP/${r.httpVersion}`,
      cookies: [],
      headers: nv(res.headers),
      content: { size: Buffer.byteLength(res.body), mimeType: resType, text: res.body },
      redirectURL: res.headers.find(([k]) => k.toLowerCase() === 'location')?.[1] ?? '',
      headersSize: -1,
      bodySize: Buffer.byteLength(res.body),
    },
    cache: {},
    timings: { send: 0, wait: r.response.delayMs, receive: r.bodyReadMs },
    serverIPAddress: undefined,
    _hookbench: { id: r.id, inbox: r.inbox, remoteAddress: r.remoteAddress, signature: r.signature, duplicateOf: r.duplicateOf },
  };
}

export function toHar(requests: RequestDetail[], baseUrl: string, version: string): string {
  return JSON.stringify(
    { log: { version: '1.2', creator: { name: 'Hookbench', version }, entries: requests.map((r) => harEntry(r, baseUrl)) } },
    null,
    2,
  );
}

/** The HAR file around its entries, for writing it entry by entry (`entries` goes between the two). */
export function harFrame(version: string): { head: string; tail: string } {
  const creator = JSON.stringify({ name: 'Hookbench', version });
  return { head: `{\n  "log": {\n    "version": "1.2",\n    "creator": ${creator},\n    "entries": [\n`, tail: '\n    ]\n  }\n}\n' };
}
