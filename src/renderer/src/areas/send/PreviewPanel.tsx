import { useEffect, useState } from 'react';
import { Eye } from 'lucide-react';
import type { Preview } from '../../../../shared/dispatcher-deliveries';
import { CodeEditor } from '../../components/CodeEditor';
import { CopyButton, RefreshButton } from '../../components/controls';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { formatBytes } from '../../lib/format';
import { sendBody } from './send-logic';
import type { SendDraft } from '../../store/dispatch-slice';
import './preview-panel.css';

export const languageOf = (contentType: string | undefined) =>
  /json/i.test(contentType ?? '') ? 'json' : /xml/i.test(contentType ?? '') ? 'xml' : 'text';

export const headerValue = (headers: [string, string][], name: string) =>
  headers.find(([n]) => n.toLowerCase() === name)?.[1];

/** The exact request an attempt would send now, from events.preview; refreshed as the draft changes. */
export function PreviewPanel(props: { draft: SendDraft; endpointId: string | null; valid: boolean }) {
  const { draft, endpointId, valid } = props;
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const body = JSON.stringify(sendBody(draft));

  useEffect(() => {
    if (!draft.topic || !valid) return;
    let live = true;
    setLoading(true);
    const t = setTimeout(async () => {
      try {
        const res = await api.events.preview({
          topic: draft.topic,
          ...JSON.parse(body),
          ...(endpointId ? { endpointId } : {}),
        });
        if (live) {
          setPreview(res);
          setError(null);
        }
      } catch (err) {
        if (live) setError(errorMessage(err));
      } finally {
        if (live) setLoading(false);
      }
    }, 350);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [draft.topic, body, endpointId, valid, tick]);

  const raw = preview
    ? `${preview.method} ${preview.url ?? '(endpoint URL)'}\n${preview.headers.map(([n, v]) => `${n}: ${v}`).join('\n')}\n\n${preview.body.text}`
    : '';

  return (
    <section className="preview card" aria-label="Preview">
      <header className="preview-head">
        <h2>
          <Eye size={14} /> Exactly what is sent
        </h2>
        <div className="preview-tools">
          {loading && <span className="faint small">Updating…</span>}
          <RefreshButton
            label="Refresh preview"
            title="New timestamp and signature"
            size={14}
            onClick={() => setTick((n) => n + 1)}
          />
          {preview && <CopyButton text={raw} label="Copy request" />}
        </div>
      </header>
      {!draft.topic ? (
        <p className="muted small pad">Pick an event to see the request.</p>
      ) : error ? (
        <div className="callout callout-err preview-error">{error}</div>
      ) : !valid && !preview ? (
        <p className="muted small pad">Fix the payload to see the request.</p>
      ) : preview ? (
        <div className={`preview-body ${!valid ? 'stale' : ''}`}>
          {!valid && <p className="small muted">Out of date: the last valid payload, until this one is fixed.</p>}
          <div className="preview-line mono">
            <strong>{preview.method}</strong>{' '}
            <span className="break">
              {preview.url ?? <span className="faint">(no endpoint chosen)</span>}
            </span>
          </div>
          <table className="header-table" aria-label="Headers">
            <tbody>
              {preview.headers.map(([n, v], i) => (
                <tr key={i} className={/signature/i.test(n) ? 'sig-row' : undefined}>
                  <td>{n}</td>
                  <td>{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="preview-sub">
            <span>Body</span>
            <span className="faint small">{formatBytes(preview.body.size)}</span>
          </div>
          <CodeEditor
            value={preview.body.encoding === 'utf8' ? preview.body.text : `(base64) ${preview.body.text}`}
            language={languageOf(headerValue(preview.headers, 'content-type'))}
            readOnly
            ariaLabel="Preview body"
            minHeight={80}
          />
          <details className="preview-signed">
            <summary>Signed content</summary>
            <pre className="mono" tabIndex={0} role="region" aria-label="Signed content">{preview.signedContent || '(nothing: this scheme signs nothing)'}</pre>
          </details>
          {preview.note && <p className="faint small">{preview.note}</p>}
        </div>
      ) : (
        <p className="muted small pad">Preparing the preview…</p>
      )}
    </section>
  );
}
