import { useState } from 'react';
import type { ResponseSpec } from '../../../../../shared/receiver';
import { parseHeaderBlock } from '../../../../../shared/signing-schemes';
import './rules.css';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
export const statusText = (s: number) => STATUS_TEXT[s] ?? '';

/** Headers edited as "Name: value" lines; the parsed pairs go up only when every line parses. */
export function HeaderLines(props: {
  value: [string, string][];
  onChange(v: [string, string][]): void;
  label: string;
  /** The visible label, when shorter than the accessible one. */
  title?: string;
  rows?: number;
}) {
  const [text, setText] = useState(() => props.value.map(([k, v]) => `${k}: ${v}`).join('\n'));
  const [error, setError] = useState<string | null>(null);
  return (
    <label className="field">
      <span>{props.title ?? props.label}</span>
      <textarea
        rows={props.rows ?? 2}
        value={text}
        spellCheck={false}
        placeholder="Content-Type: application/json"
        aria-label={props.label}
        onChange={(e) => {
          setText(e.target.value);
          try {
            props.onChange(parseHeaderBlock(e.target.value));
            setError(null);
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      />
      {error && <span className="field-error">{error}</span>}
    </label>
  );
}

/** What is wrong with an answer's numbers, in words, per field (checked as you type). */
export function responseProblems(v: ResponseSpec): { status?: string; delayMs?: string } {
  const out: { status?: string; delayMs?: string } = {};
  if (!Number.isInteger(v.status) || v.status < 100 || v.status > 599)
    out.status = 'A status is a whole number from 100 to 599.';
  if (!Number.isInteger(v.delayMs) || v.delayMs < 0 || v.delayMs > 600_000)
    out.delayMs = 'A delay from 0 to 600000 ms (10 minutes).';
  return out;
}

/** One answer: status, delay, headers and body. */
export function ResponseEditor(props: {
  value: ResponseSpec;
  onChange(v: ResponseSpec): void;
  label?: string;
  compact?: boolean;
}) {
  const v = props.value;
  const set = (patch: Partial<ResponseSpec>) => props.onChange({ ...v, ...patch });
  const prefix = props.label ? `${props.label} ` : '';
  const statusProblem = responseProblems(v).status;
  const delayProblem = responseProblems(v).delayMs;
  return (
    <div className={`response-editor ${props.compact ? 'compact' : ''}`}>
      <div className="inline-fields">
        <label className="field status-field">
          <span>Status</span>
          <input
            type="number"
            min={100}
            max={599}
            value={v.status}
            aria-label={`${prefix}status`}
            aria-invalid={!!statusProblem}
            onChange={(e) => set({ status: Number(e.target.value) })}
          />
          {statusProblem && <span className="field-error">{statusProblem}</span>}
        </label>
        <span className="muted small status-text">{statusText(v.status)}</span>
        <label className="field delay-field">
          <span>Delay (ms)</span>
          <input
            type="number"
            min={0}
            max={600000}
            value={v.delayMs}
            aria-label={`${prefix}delay in milliseconds`}
            aria-invalid={!!delayProblem}
            onChange={(e) => set({ delayMs: Number(e.target.value) })}
          />
          {delayProblem && <span className="field-error">{delayProblem}</span>}
        </label>
      </div>
      <HeaderLines
        label={`${prefix}headers`.replace(/^./, (c) => c.toUpperCase())}
        title="Headers"
        value={v.headers}
        onChange={(headers) => set({ headers })}
      />
      <label className="field">
        <span>Body</span>
        <textarea
          rows={props.compact ? 2 : 4}
          value={v.body}
          spellCheck={false}
          aria-label={`${prefix}body`}
          onChange={(e) => set({ body: e.target.value })}
        />
      </label>
    </div>
  );
}
