import { useState } from 'react';
import { ChevronDown, ChevronRight, Clock, Hand, Inbox } from 'lucide-react';
import type { Attempt, StoredBody } from '../../../../shared/dispatcher-deliveries';
import { CodeEditor } from '../../components/CodeEditor';
import { CopyButton } from '../../components/controls';
import { formatBytes, formatDuration, formatTime } from '../../lib/format';
import { useStore } from '../../store';
import { openRequest } from '../inbox/detail/ForwardsTab';
import { headerValue, languageOf } from '../send/PreviewPanel';
import { untilText, type CapturedRequest } from './delivery-format';

function Headers({ headers, label }: { headers: [string, string][]; label: string }) {
  if (!headers.length) return <p className="faint small">No headers.</p>;
  return (
    <table className="header-table" aria-label={label}>
      <tbody>
        {headers.map(([n, v], i) => (
          <tr key={i}>
            <td>{n}</td>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Body({
  body,
  contentType,
  label,
}: {
  body: StoredBody;
  contentType: string | undefined;
  label: string;
}) {
  if (body.size === 0) return <p className="faint small">Empty body.</p>;
  return (
    <>
      <CodeEditor
        value={body.encoding === 'utf8' ? body.text : body.text}
        language={body.encoding === 'utf8' ? languageOf(contentType) : 'text'}
        readOnly
        ariaLabel={label}
        minHeight={60}
      />
      <p className="faint small">
        {formatBytes(body.size)}
        {body.encoding === 'base64' && ' · binary, shown as base64'}
        {body.truncated && ' · truncated to the first 64 KiB'}
      </p>
    </>
  );
}

/** Where time went: connect, waiting for the first byte, reading the rest. */
function Timings({ t }: { t: Attempt['timings'] }) {
  const total = Math.max(t.totalMs, 0.001);
  const connect = t.connectMs ?? 0;
  const wait = t.firstByteMs !== null ? Math.max(0, t.firstByteMs - connect) : 0;
  const rest = Math.max(0, total - connect - wait);
  return (
    <div className="timings">
      <div className="timing-bar" aria-hidden="true">
        <span className="tb-connect" style={{ width: `${(connect / total) * 100}%` }} />
        <span className="tb-wait" style={{ width: `${(wait / total) * 100}%` }} />
        <span className="tb-read" style={{ width: `${(rest / total) * 100}%` }} />
      </div>
      <dl className="timing-facts">
        <dt>
          <i className="tb-connect" /> Connect
        </dt>
        <dd>{t.connectMs === null ? '—' : t.connectMs === 0 ? 'reused' : formatDuration(t.connectMs)}</dd>
        <dt>
          <i className="tb-wait" /> First byte
        </dt>
        <dd>{t.firstByteMs === null ? '—' : formatDuration(t.firstByteMs)}</dd>
        <dt>
          <i className="tb-read" /> Total
        </dt>
        <dd>{formatDuration(t.totalMs)}</dd>
      </dl>
    </div>
  );
}

/** Opens a captured request in the Inbox area. */
function openCaptured(c: CapturedRequest): void {
  useStore.getState().navigate('inbox');
  openRequest(c.inbox, c.id);
}

export function AttemptCard({
  a,
  open: initiallyOpen,
  captured,
}: {
  a: Attempt;
  open: boolean;
  /** The request a local inbox captured from this attempt, if any. */
  captured?: CapturedRequest;
}) {
  const [open, setOpen] = useState(initiallyOpen);
  const timeFormat = useStore((s) => s.settings?.timeFormat);
  const status = a.response?.status ?? null;
  const ok = a.outcome === 'succeeded';
  return (
    <li className={`attempt ${ok ? 'ok' : 'bad'}`}>
      <span className={`attempt-dot ${ok ? 'tone-ok' : 'tone-err'}`} aria-hidden="true" />
      <div className="attempt-card card">
        <button type="button" className="attempt-head" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? <ChevronDown size={14} /> : <ChevronRight size={14} />}
          <strong>Attempt {a.number}</strong>
          {a.manual && (
            <span className="badge" title="Sent by a manual retry">
              <Hand size={11} /> Manual
            </span>
          )}
          <span className={`badge ${ok ? 'badge-ok' : 'badge-err'}`}>{status ?? 'No response'}</span>
          <span className="attempt-err ellipsis">{!ok && a.error ? a.error.message : ''}</span>
          <span className="faint small attempt-when">
            {formatTime(a.startedAt, timeFormat)} · {formatDuration(a.timings.totalMs)}
          </span>
        </button>
        {open && (
          <div className="attempt-body">
            {a.error && (
              <div className="callout callout-err">
                <span>
                  <strong>{a.error.message}</strong> <span className="mono small">({a.error.code})</span>
                </span>
              </div>
            )}
            {a.nextAttemptAt && (
              <div className="callout callout-info">
                <Clock size={15} />
                <span>
                  Next attempt {untilText(a.nextAttemptAt)} ·{' '}
                  {formatTime(a.nextAttemptAt, timeFormat === 'relative' ? 'local' : timeFormat)}
                </span>
              </div>
            )}
            {captured && (
              <p className="attempt-captured small">
                <Inbox size={13} aria-hidden="true" /> Captured by the inbox <strong>{captured.inbox}</strong>:{' '}
                <button type="button" className="link-button" onClick={() => openCaptured(captured)}>
                  Open captured request #{captured.number}
                </button>
              </p>
            )}
            <Timings t={a.timings} />
            <div className="attempt-cols">
              <section>
                <h4>
                  Request{' '}
                  <CopyButton
                    text={`${a.request.method} ${a.request.url}\n${a.request.headers.map(([n, v]) => `${n}: ${v}`).join('\n')}\n\n${a.request.body.text}`}
                    label="Copy request"
                  />
                </h4>
                <div className="preview-line mono">
                  <strong>{a.request.method}</strong> <span className="break">{a.request.url}</span>
                </div>
                <Headers headers={a.request.headers} label="Request headers" />
                <Body
                  body={a.request.body}
                  contentType={headerValue(a.request.headers, 'content-type')}
                  label="Request body"
                />
              </section>
              <section>
                <h4>Response</h4>
                {a.response ? (
                  <>
                    <div className="preview-line mono">
                      <strong>{a.response.status}</strong>
                    </div>
                    <Headers headers={a.response.headers} label="Response headers" />
                    <Body
                      body={a.response.body}
                      contentType={headerValue(a.response.headers, 'content-type')}
                      label="Response body"
                    />
                  </>
                ) : (
                  <p className="faint small">No response was received.</p>
                )}
              </section>
            </div>
          </div>
        )}
      </div>
    </li>
  );
}
