import { useState } from 'react';
import { Send } from 'lucide-react';
import type { ForwardRecord, RequestDetail } from '../../../../shared/receiver-requests';
import { parseHeaderBlock } from '../../../../shared/signing-schemes';
import { CodeEditor } from '../../components/CodeEditor';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { useStore } from '../../store';
import { ForwardResponse } from './ForwardResponse';
import { useDiscardGuard } from '../../components/discard';
import { bodyKind, prettyJson } from './request-format';
import { DialogFrame } from '../../components/DialogFrame';
import { Field } from '../../components/Field';
import './dialogs.css';

const URL_KEY = 'hookbench.forwardUrl';
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** Resend a captured request, optionally edited, to any URL, and show the downstream answer. */
export function ForwardDialog({ r, onClose, onSent }: { r: RequestDetail; onClose(): void; onSent(): void }) {
  const inboxForward = useStore((s) => s.inboxes.find((i) => i.slug === r.inbox)?.forwardUrl);
  const [url, setUrl] = useState(
    () => localStorage.getItem(URL_KEY) ?? inboxForward ?? 'http://localhost:3000/webhooks',
  );
  const [method, setMethod] = useState(r.method);
  const originalHeaders = r.headers.map(([k, v]) => `${k}: ${v}`).join('\n');
  const [headers, setHeaders] = useState(originalHeaders);
  // A body too large to inline is forwarded as stored, never edited from its preview.
  const originalBody = r.bodyTruncated ? null : r.body.text;
  const [body, setBody] = useState(originalBody ?? '');
  const [timeoutS, setTimeoutS] = useState(30);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ForwardRecord | null>(null);
  // Edits not sent yet are asked about; once sent, the record is kept in the request's Forwards.
  const guard = useDiscardGuard(
    true,
    result ? null : { url, method, headers, body, timeoutS },
    onClose,
    result ? null : undefined,
  );
  const binary = originalBody === null && r.body.size > 0;
  const kind = bodyKind(r.body, r.contentType);

  const send = async () => {
    setError(null);
    let parsed: [string, string][];
    try {
      parsed = parseHeaderBlock(headers);
    } catch (err) {
      return setError(`Headers: ${(err as Error).message}`);
    }
    setBusy(true);
    try {
      const rec = await api.requests.forward({
        id: r.id,
        url: url.trim(),
        method: method.trim(),
        headers: parsed,
        ...(binary || body === originalBody ? {} : { bodyText: body }),
        timeoutMs: Math.round(timeoutS * 1000),
      });
      localStorage.setItem(URL_KEY, url.trim());
      setResult(rec);
      onSent();
      void useStore.getState().refreshDetail();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <DialogFrame
      onOpenChange={guard.onOpenChange}
      className="dialog-wide forward-dialog"
      title={<>Forward request #{r.number}</>}
    >
          <form
            className="forward-form"
            onSubmit={(e) => {
              e.preventDefault();
              void send();
            }}
          >
            <div className="forward-grid">
              <div className="form-stack">
                <div className="url-line">
                  <Field label="Method" className="method-field">
                    <input
                      list="forward-methods"
                      className="mono"
                      value={method}
                      onChange={(e) => setMethod(e.target.value.toUpperCase())}
                      aria-label="Method"
                    />
                    <datalist id="forward-methods">
                      {METHODS.map((m) => (
                        <option key={m} value={m} />
                      ))}
                    </datalist>
                  </Field>
                  <Field label="Target URL" className="grow">
                    <input
                      className="mono"
                      value={url}
                      onChange={(e) => setUrl(e.target.value)}
                      aria-label="Target URL"
                      placeholder="http://localhost:3000/webhooks"
                      autoFocus
                    />
                  </Field>
                  <Field label="Timeout (s)" className="timeout-field">
                    <input
                      type="number"
                      min={0.1}
                      max={300}
                      step={0.1}
                      value={timeoutS}
                      onChange={(e) => setTimeoutS(Number(e.target.value))}
                      aria-label="Timeout in seconds"
                    />
                  </Field>
                </div>
                <Field
                  label={
                    <>
                      Headers{' '}
                      <span className="faint small">
                        one “Name: value” per line; Host and Content-Length are set for the target
                      </span>
                    </>
                  }
                >
                  <textarea
                    rows={Math.min(8, Math.max(3, r.headers.length))}
                    value={headers}
                    onChange={(e) => setHeaders(e.target.value)}
                    aria-label="Headers"
                    spellCheck={false}
                  />
                </Field>
                <div className="field">
                  <span>
                    Body{' '}
                    {!binary && body !== originalBody && (
                      <button
                        type="button"
                        className="link-button small"
                        onClick={() => setBody(originalBody ?? '')}
                      >
                        restore original
                      </button>
                    )}
                    {!binary && kind === 'json' && (
                      <button
                        type="button"
                        className="link-button small"
                        onClick={() => setBody(prettyJson(body))}
                      >
                        pretty-print (changes the bytes, and so the signature)
                      </button>
                    )}
                  </span>
                  {binary ? (
                    <div className="inline-banner">
                      The body is {r.bodyTruncated ? 'too large to edit here' : 'binary'} (
                      {r.body.size.toLocaleString()} bytes); it is sent unchanged.
                    </div>
                  ) : (
                    <CodeEditor
                      value={body}
                      onChange={setBody}
                      language={kind === 'json' ? 'json' : kind === 'xml' ? 'xml' : 'text'}
                      ariaLabel="Body"
                      minHeight={110}
                    />
                  )}
                </div>
                {error && (
                  <div className="field-error" role="alert">
                    {error}
                  </div>
                )}
              </div>
              <Field label="Downstream response" className="forward-result" group>
                {result ? (
                  <ForwardResponse record={result} />
                ) : (
                  <div className="forward-placeholder muted small">
                    {busy
                      ? 'Waiting for the answer…'
                      : 'Send to see what the target answers: status, headers, body and time.'}
                  </div>
                )}
              </Field>
            </div>
            <div className="dialog-actions">
              <button type="button" className="button" onClick={() => void guard.request()}>
                Close
              </button>
              <button type="submit" className="button primary" disabled={busy || !url.trim()}>
                <Send size={14} /> {busy ? 'Sending…' : result ? 'Send again' : 'Send'}
              </button>
            </div>
          </form>
    </DialogFrame>
  );
}
