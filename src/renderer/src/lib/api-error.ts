import type { ApiErrorBody, ApiIssue, ErrorCode } from '../../../shared/errors';

/** A failed call: the code and message come from the host, ready to show to the user. */
export class ApiError extends Error {
  readonly code: ErrorCode | 'network';
  readonly issues?: ApiIssue[];
  constructor(body: ApiErrorBody | { code: 'network'; message: string }) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.issues = 'issues' in body ? body.issues : undefined;
  }
}

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
