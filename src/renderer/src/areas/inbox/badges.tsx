import { ShieldAlert, ShieldCheck, ShieldOff } from 'lucide-react';
import type { SchemeId, SignatureStatus } from '../../../../shared/signing';
import { schemeInfo } from '../../../../shared/signing-schemes';
import './badges.css';

const METHOD_TONE: Record<string, string> = {
  GET: 'm-get',
  POST: 'm-post',
  PUT: 'm-put',
  PATCH: 'm-patch',
  DELETE: 'm-delete',
};

export function MethodBadge({ method }: { method: string }) {
  return <span className={`method ${METHOD_TONE[method] ?? 'm-other'}`}>{method}</span>;
}

/** What the receiver answered: a status code, or that it hung or dropped the connection. */
export function StatusBadge({ kind, status }: { kind: string; status: number | null }) {
  if (kind === 'hang')
    return (
      <span className="badge" title="The receiver never answered (hang rule)">
        hang
      </span>
    );
  if (kind === 'drop')
    return (
      <span className="badge badge-err" title="The receiver dropped the connection (drop rule)">
        drop
      </span>
    );
  const tone =
    status === null
      ? ''
      : status < 300
        ? 'badge-ok'
        : status < 400
          ? 'badge-accent'
          : status < 500
            ? 'badge-warn'
            : 'badge-err';
  return (
    <span className={`badge status ${tone}`} title={`Answered ${status ?? '—'}`}>
      {status ?? '—'}
    </span>
  );
}

export function SignatureBadge(props: {
  status: SignatureStatus;
  scheme: SchemeId | null;
  reason?: string;
  compact?: boolean;
}) {
  const label = props.scheme ? schemeInfo(props.scheme).label : null;
  if (props.status === 'valid')
    return (
      <span className="badge badge-ok" title={`Signature valid${label ? ` (${label})` : ''}`}>
        <ShieldCheck size={11} /> valid
      </span>
    );
  if (props.status === 'invalid')
    return (
      <span className="badge badge-err" title={props.reason ?? 'Signature invalid'}>
        <ShieldAlert size={11} /> invalid
      </span>
    );
  return (
    <span
      className="badge badge-muted"
      title={
        props.scheme
          ? `No ${label} signature on this request`
          : 'Signature verification is off for this inbox'
      }
    >
      {/* The same words in the list and in the detail. */}
      <ShieldOff size={11} /> {props.scheme ? 'unsigned' : 'not checked'}
    </span>
  );
}

/**
 * A request that carries a delivery id already seen. When the earlier one was refused (not 2xx),
 * the sender is retrying, as it should: a neutral "retry". Otherwise a real duplicate: a warning.
 */
export function repeatKind(earlierStatus: number | null | undefined): 'retry' | 'duplicate' {
  return earlierStatus !== undefined &&
    (earlierStatus === null || earlierStatus < 200 || earlierStatus >= 300)
    ? 'retry'
    : 'duplicate';
}
