import type { AttemptErrorCode } from '../../shared/dispatcher-deliveries';

/** An attempt's failure in words a user understands, with a stable code for scripts. */
export interface AttemptError {
  code: AttemptErrorCode;
  message: string;
}

const SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);
const TLS_CODES: Record<string, string> = {
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for a different host name',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'its certificate chain is incomplete (an intermediate certificate is missing)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate is issued by an authority this computer does not trust',
  UNABLE_TO_GET_ISSUER_CERT: 'its certificate is issued by an authority this computer does not trust',
  CERT_REVOKED: 'its certificate was revoked',
  ERR_SSL_WRONG_VERSION_NUMBER: 'it does not speak TLS on that port (is it plain HTTP?)',
  EPROTO: 'the TLS handshake failed (is it plain HTTP on that port?)',
};

const causeCode = (err: unknown): string | undefined => {
  let e = err as { code?: string; cause?: unknown } | undefined;
  for (let i = 0; e && i < 5; i++) {
    if (e.code && e.code !== 'UND_ERR_CONNECT' && !(e.code === 'UND_ERR_SOCKET' && e.cause)) return e.code;
    e = e.cause as typeof e;
  }
  return (err as { code?: string })?.code;
};

/** Maps a Node/undici error to what the user sees. `host` is "name:port". */
export function describeNetworkError(
  err: unknown,
  host: string,
  timeoutSeconds: number,
  connectTimeoutSeconds: number,
): AttemptError {
  const code = causeCode(err) ?? '';
  if (code === 'ECONNREFUSED') {
    return {
      code: 'connection_refused',
      message: `Connection refused: nothing is listening at ${host}. Check the URL and that the receiving server is running.`,
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') {
    return {
      code: 'dns',
      message: `DNS lookup failed: the host name in ${host} could not be resolved. Check the spelling of the URL and your network.`,
    };
  }
  if (SELF_SIGNED.has(code)) {
    return {
      code: 'tls_self_signed',
      message: `TLS error: ${host} presented a self-signed certificate, which Hookbench does not trust. Use a certificate from a trusted authority, or turn on "Allow self-signed certificate" for this endpoint if you trust this server.`,
    };
  }
  if (TLS_CODES[code] || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /CERT/.test(code)) {
    const why = TLS_CODES[code] ?? `the TLS handshake failed (${code})`;
    return { code: 'tls', message: `TLS error: ${host} could not be verified: ${why}.` };
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    return {
      code: 'connect_timeout',
      message: `Connection timed out: ${host} did not accept a connection within ${connectTimeoutSeconds} s.`,
    };
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'HOOKBENCH_TIMEOUT') {
    return {
      code: 'timeout',
      message: `Timed out: ${host} did not answer within ${timeoutSeconds} s. The endpoint must respond within its timeout.`,
    };
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') {
    return {
      code: 'connection_reset',
      message: `Connection closed: ${host} closed the connection before answering.`,
    };
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') {
    return {
      code: 'network',
      message: `Network error: ${host} cannot be reached from this computer (${code}).`,
    };
  }
  const msg = err instanceof Error ? err.message : String(err);
  return { code: 'network', message: `Network error talking to ${host}: ${msg}${code ? ` (${code})` : ''}.` };
}
