import {
  EndpointCreate,
  RETRY_PRESETS,
  type Endpoint,
  type EndpointCreateInput,
  type EndpointType,
  type EndpointUpdateInput,
  type HttpMethod,
  type RetryPreset,
} from '../../../../shared/dispatcher';
import { userWords } from '../../lib/field-errors';

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
import type { DigestEncoding, HmacAlgorithm, SchemeId } from '../../../../shared/signing';

/** The endpoint dialog's state: every field as the user types it (numbers as text). */
export interface EndpointDraft {
  name: string;
  url: string;
  description: string;
  type: EndpointType;
  method: HttpMethod;
  contentType: 'application/json' | 'application/xml' | 'custom';
  customContentType: string;
  authType: 'none' | 'basic' | 'bearer' | 'apiKey' | 'raw';
  username: string;
  password: string;
  token: string;
  apiKeyHeader: string;
  apiKeyValue: string;
  rawAuth: string;
  headers: { name: string; value: string }[];
  topics: string[];
  scheme: SchemeId;
  /** The user's own secret (ExaVault's token, say); empty = generate. */
  secret: string;
  customHeader: string;
  customPrefix: string;
  customAlgorithm: HmacAlgorithm;
  customEncoding: DigestEncoding;
  customTemplate: string;
  customIdHeader: string;
  customTimestampHeader: string;
  payloadTemplate: string;
  timeoutSeconds: string;
  connectTimeoutSeconds: string;
  retryMode: RetryPreset | 'custom';
  customDelays: string;
  maxConcurrency: string;
  rateLimit: string;
  allowPlainHttp: boolean;
  allowSelfSigned: boolean;
}

export const emptyDraft = (): EndpointDraft => ({
  name: '',
  url: '',
  description: '',
  type: 'webhook',
  method: 'POST',
  contentType: 'application/json',
  customContentType: '',
  authType: 'none',
  username: '',
  password: '',
  token: '',
  apiKeyHeader: 'X-API-Key',
  apiKeyValue: '',
  rawAuth: '',
  headers: [],
  topics: [],
  scheme: 'standard-webhooks',
  secret: '',
  customHeader: 'X-Signature',
  customPrefix: '',
  customAlgorithm: 'sha256',
  customEncoding: 'hex',
  customTemplate: '{body}',
  customIdHeader: '',
  customTimestampHeader: '',
  payloadTemplate: '',
  timeoutSeconds: '10',
  connectTimeoutSeconds: '5',
  retryMode: 'mftplus',
  customDelays: '60, 300, 1800',
  maxConcurrency: '10',
  rateLimit: '',
  allowPlainHttp: false,
  allowSelfSigned: false,
});

export function draftFrom(ep: Endpoint): EndpointDraft {
  const d = emptyDraft();
  const a = ep.auth;
  const known = ep.contentType === 'application/json' || ep.contentType === 'application/xml';
  return {
    ...d,
    name: ep.name,
    url: ep.url,
    description: ep.description,
    type: ep.type,
    method: ep.method,
    contentType: known ? (ep.contentType as EndpointDraft['contentType']) : 'custom',
    customContentType: known ? '' : ep.contentType,
    authType: a.type,
    username: a.type === 'basic' ? a.username : '',
    password: a.type === 'basic' ? a.password : '',
    token: a.type === 'bearer' ? a.token : '',
    apiKeyHeader: a.type === 'apiKey' ? a.header : d.apiKeyHeader,
    apiKeyValue: a.type === 'apiKey' ? a.value : '',
    rawAuth: a.type === 'raw' ? a.value : '',
    headers: ep.headers.map((h) => ({ ...h })),
    topics: [...ep.topics],
    scheme: ep.signing.scheme,
    customHeader: ep.signing.custom?.header ?? d.customHeader,
    customPrefix: ep.signing.custom?.prefix ?? '',
    customAlgorithm: ep.signing.custom?.algorithm ?? 'sha256',
    customEncoding: ep.signing.custom?.encoding ?? 'hex',
    customTemplate: ep.signing.custom?.template ?? '{body}',
    customIdHeader: ep.signing.custom?.idHeader ?? '',
    customTimestampHeader: ep.signing.custom?.timestampHeader ?? '',
    payloadTemplate: ep.payloadTemplate ?? '',
    timeoutSeconds: String(ep.timeoutSeconds),
    connectTimeoutSeconds: String(ep.connectTimeoutSeconds),
    retryMode: typeof ep.retry === 'string' ? ep.retry : 'custom',
    customDelays:
      typeof ep.retry === 'string' ? RETRY_PRESETS[ep.retry].delays.join(', ') : ep.retry.delays.join(', '),
    maxConcurrency: String(ep.maxConcurrency),
    rateLimit: ep.rateLimitPerSecond === null ? '' : String(ep.rateLimitPerSecond),
    allowPlainHttp: ep.allowPlainHttp,
    allowSelfSigned: ep.allowSelfSigned,
  };
}

const num = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s));

/** Parses "60, 5m, 2h" into seconds; NaN marks a bad entry. */
export function parseDelays(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((t) => {
      const m = /^(\d+(?:\.\d+)?)(ms|s|m|min|h|d)?$/i.exec(t);
      if (!m) return Number.NaN;
      const n = Number(m[1]);
      const unit = (m[2] ?? 's').toLowerCase();
      return unit === 'ms'
        ? n / 1000
        : unit === 'm' || unit === 'min'
          ? n * 60
          : unit === 'h'
            ? n * 3600
            : unit === 'd'
              ? n * 86400
              : n;
    });
}

export function customScheme(d: EndpointDraft) {
  return {
    header: d.customHeader.trim(),
    prefix: d.customPrefix,
    algorithm: d.customAlgorithm,
    encoding: d.customEncoding,
    template: d.customTemplate || '{body}',
    ...(d.customIdHeader.trim() ? { idHeader: d.customIdHeader.trim() } : {}),
    ...(d.customTimestampHeader.trim() ? { timestampHeader: d.customTimestampHeader.trim() } : {}),
  };
}

/** The fields shared by create and update, as the contract takes them. */
export function fieldsOf(d: EndpointDraft) {
  const auth =
    d.authType === 'basic'
      ? { type: 'basic' as const, username: d.username, password: d.password }
      : d.authType === 'bearer'
        ? { type: 'bearer' as const, token: d.token }
        : d.authType === 'apiKey'
          ? { type: 'apiKey' as const, header: d.apiKeyHeader, value: d.apiKeyValue }
          : d.authType === 'raw'
            ? { type: 'raw' as const, value: d.rawAuth }
            : { type: 'none' as const };
  return {
    name: d.name,
    url: d.url,
    description: d.description,
    type: d.type,
    method: d.method,
    contentType: d.contentType === 'custom' ? d.customContentType : d.contentType,
    auth,
    headers: d.headers.filter((h) => h.name.trim() || h.value.trim()),
    topics: d.topics,
    payloadTemplate: d.payloadTemplate.trim() ? d.payloadTemplate : null,
    timeoutSeconds: num(d.timeoutSeconds),
    connectTimeoutSeconds: num(d.connectTimeoutSeconds),
    retry: d.retryMode === 'custom' ? { delays: parseDelays(d.customDelays) } : d.retryMode,
    maxConcurrency: num(d.maxConcurrency),
    rateLimitPerSecond: d.rateLimit.trim() === '' ? null : num(d.rateLimit),
    allowPlainHttp: d.allowPlainHttp,
    allowSelfSigned: d.allowSelfSigned,
  };
}

export function createInput(d: EndpointDraft): EndpointCreateInput {
  return {
    ...fieldsOf(d),
    signing: {
      scheme: d.scheme,
      ...(d.secret ? { secret: d.secret } : {}),
      ...(d.scheme === 'custom' ? { custom: customScheme(d) } : {}),
    },
  };
}

/** The update: every field, plus signing only when it changed (a new scheme generates a new secret). */
export function updateInput(d: EndpointDraft, ep: Endpoint): { input: EndpointUpdateInput } {
  const schemeChanged = d.scheme !== ep.signing.scheme;
  const customChanged =
    d.scheme === 'custom' && JSON.stringify(customScheme(d)) !== JSON.stringify(ep.signing.custom ?? null);
  const signing =
    schemeChanged || customChanged || d.secret
      ? {
          ...(schemeChanged ? { scheme: d.scheme } : {}),
          ...(d.secret ? { secret: d.secret } : {}),
          ...(d.scheme === 'custom' ? { custom: customScheme(d) } : {}),
        }
      : undefined;
  return {
    input: { id: ep.id, ...fieldsOf(d), ...(signing ? { signing } : {}) },
  };
}

/** Field errors by the dialog's field key, from the contract's own schema. */
export type FieldErrors = Partial<Record<string, string>>;

const KEY_FOR: Record<string, string> = {
  'auth.username': 'username',
  'auth.token': 'token',
  'auth.header': 'apiKeyHeader',
  'auth.value': 'authValue',
  'signing.secret': 'secret',
  'signing.custom.header': 'customHeader',
  'signing.custom.idHeader': 'customIdHeader',
  'signing.custom.timestampHeader': 'customTimestampHeader',
  rateLimitPerSecond: 'rateLimit',
};

export function validateDraft(d: EndpointDraft): FieldErrors {
  const errors: FieldErrors = {};
  const res = EndpointCreate.safeParse(createInput(d));
  if (!res.success) {
    for (const issue of res.error.issues) {
      const path = issue.path.map(String);
      let key = KEY_FOR[path.join('.')] ?? path[0];
      if (path[0] === 'headers') key = `headers.${path[1]}`;
      else if (path[0] === 'topics' && path.length > 1) key = 'topics';
      else if (path[0] === 'retry') key = 'customDelays';
      const msg = /expected number, received NaN|Invalid input: expected number/i.test(issue.message)
        ? 'Enter a number.'
        : sentence(userWords(issue.message));
      errors[key] ??= msg;
    }
  }
  if (d.retryMode === 'custom' && parseDelays(d.customDelays).some(Number.isNaN))
    errors.customDelays = 'Write delays as numbers of seconds (or 5m, 2h), separated by commas.';
  const urlProblem = urlHint(d.url, d.allowPlainHttp);
  if (urlProblem?.error) errors.url = urlProblem.text;
  return errors;
}

const LOCAL = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/** What the URL field should say: an error (not a URL, plain HTTP not allowed) or a note. */
export function urlHint(url: string, allowPlainHttp: boolean): { error: boolean; text: string } | null {
  const v = url.trim();
  if (!v) return null;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return { error: true, text: 'Enter a full URL, like https://example.com/webhooks.' };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    return { error: true, text: 'Use an http:// or https:// URL.' };
  if (u.protocol === 'http:' && !LOCAL.test(u.hostname) && !allowPlainHttp)
    return {
      error: true,
      text: 'Plain HTTP is only allowed for localhost and 127.0.0.1. Use HTTPS, or allow plain HTTP below.',
    };
  if (u.protocol === 'http:')
    return { error: false, text: 'Plain HTTP: fine for local testing; nothing is encrypted.' };
  return null;
}

export const RETRY_OPTIONS: { value: EndpointDraft['retryMode']; label: string }[] = [
  { value: 'mftplus', label: 'MFTPlus' },
  { value: 'standard-webhooks', label: 'Standard Webhooks' },
  { value: 'exponential', label: 'Exponential' },
  { value: 'custom', label: 'Custom' },
];

/** "1 min, 5 min, 30 min, 2 h" from seconds. */
export function describeDelays(delays: readonly number[]): string {
  if (!delays.length) return 'No retries: one attempt only.';
  return delays
    .map((s) =>
      s < 60
        ? `${s} s`
        : s < 3600
          ? `${+(s / 60).toFixed(1)} min`
          : s < 86400
            ? `${+(s / 3600).toFixed(1)} h`
            : `${+(s / 86400).toFixed(1)} d`,
    )
    .join(', ');
}
