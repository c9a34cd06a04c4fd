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

/**
 * One HAR 1.2 entry. HAR 1.2 keeps a request body (postData) as text only: a UTF-8 body as sent is
 * its `text`; a binary or compressed body is left out of postData (its `comment` says so and why)
 * and its exact bytes go in the custom field `_hookbench.bodyBase64` (HAR allows fields starting
 * with "_"; readers ignore them), so nothing reads base64 as if it were the body.
 */
export function harEntry(r: RequestDetail, baseUrl: string) {
  const header = (name: string) => r.headers.find(([k]) => k.toLowerCase() === name)?.[1];
  const mime = header('content-type') ?? 'application/octet-stream';
  const asText = r.body.text !== null && !r.contentEncoding;
  const hasBody = r.body.size > 0 || !['GET', 'HEAD'].includes(r.method);
  const postData = !hasBody
    ? undefined
    : asText
      ? { mimeType: mime, text: r.body.text! }
      : {
          mimeType: mime,
          params: [],
          comment: `The body (${r.body.size} bytes${r.contentEncoding ? `, ${r.contentEncoding}-encoded as sent` : ', binary'}) is not included here: HAR 1.2 keeps request bodies as text only. Its exact bytes are in _hookbench.bodyBase64 (base64).`,
        };
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
    _hookbench: {
      id: r.id,
      number: r.number,
      inbox: r.inbox,
      remoteAddress: r.remoteAddress,
      signature: r.signature,
      duplicateOf: r.duplicateOf,
      ...(hasBody && !asText ? { bodyBase64: r.body.base64 } : {}),
    },
  };
}

/** A file name for an export: a single request is named after itself ("hookbench-shop-3-post-orders-created"). */
export function exportName(inbox: string, one: { number: number; method: string; path: string } | null, date: string): string {
  if (!one) return `hookbench-${inbox}-${date}`;
  const path = one.path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60).toLowerCase();
  return `hookbench-${inbox}-${one.number}-${one.method.toLowerCase().replace(/[^a-z]/g, '')}${path ? `-${path}` : ''}`;
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
