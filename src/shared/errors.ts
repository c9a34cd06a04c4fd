/** Error codes every host maps to the same meaning (HTTP status in the headless host). */
export const ERROR_CODES = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_method: 404,
  conflict: 409,
  payload_too_large: 413,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ApiIssue {
  path: (string | number)[];
  message: string;
}

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  issues?: ApiIssue[];
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody };

/** An error whose message is meant for the user: it says what went wrong and what to do. */
export class HookbenchError extends Error {
  readonly code: ErrorCode;
  readonly issues?: ApiIssue[];

  constructor(code: ErrorCode, message: string, issues?: ApiIssue[]) {
    super(message);
    this.name = 'HookbenchError';
    this.code = code;
    this.issues = issues;
  }

  toBody(): ApiErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export const notFound = (what: string, id: string | number): HookbenchError =>
  new HookbenchError('not_found', `${what} "${id}" does not exist. Refresh the list and try again.`);
