import { useState } from 'react';
import { ChevronRight, CornerUpRight, Send } from 'lucide-react';
import type { ForwardRecord, RequestDetail } from '../../../../../shared/receiver-requests';
import { formatBytes, formatDuration, formatTime } from '../../../lib/format';
import { base64ToBytes, hexDump } from '../request-format';
import { HeadersTable } from './HeadersTab';
import { useStore } from '../../../store';
import { StatusBadge } from '../badges';
import { ForwardResponse } from '../ForwardResponse';
import './forwards.css';

export function ForwardsTab({ r, onForward }: { r: RequestDetail; onForward(): void }) {
  if (!r.forwards.length) {
    return (
      <div className="sig-off">
        <CornerUpRight size={28} />
        <h3>Not forwarded yet</h3>
        <p className="muted">
          Resend this request to your local server or any URL, edited or as it came, and see what it answers.
        </p>
        <button type="button" className="button primary" onClick={onForward}>
          <Send size={14} /> Forward…
        </button>
      </div>
    );
  }
  return (
    <div className="forwards">
      <div className="tab-toolbar">
        <span className="small muted">
          Every resend of this request, newest first, with the answer it got downstream.
        </span>
        <span className="spacer" />
        <button type="button" className="button small" onClick={onForward}>
          <Send size={13} /> Forward again…
        </button>
      </div>
      {[...r.forwards].reverse().map((f, i) => (
        <ForwardItem key={f.id} f={f} open={i === 0} />
      ))}
    </div>
  );
}

function ForwardItem({ f, open: initiallyOpen }: { f: ForwardRecord; open: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  const timeFormat = useStore((s) => s.settings?.timeFormat ?? 'relative');
  return (
    <div className="card forward-item">
      <button type="button" className="forward-head" aria-expanded={open} onClick={() => setOpen(!open)}>
        <ChevronRight size={14} className={open ? 'rot90' : ''} />
        {f.response ? (
          <StatusBadge kind="respond" status={f.response.status} />
        ) : (
          <span className="badge badge-err">failed</span>
        )}
        <span className="mono small">{f.method}</span>
        <span className="mono small forward-url">{f.url}</span>
        <span className="spacer" />
        {f.auto && <span className="badge badge-accent">auto</span>}
        <span className="small muted">{formatDuration(f.durationMs)}</span>
        <span className="small faint">{formatTime(f.at, timeFormat)}</span>
      </button>
      {open && (
        <div className="forward-body">
          <ForwardSent f={f} />
          <h4 className="forward-section">What came back</h4>
          <ForwardResponse record={f} />
        </div>
      )}
    </div>
  );
}

/** Exactly what a forward sent: method, URL, headers, body; and the request it became here. */
function ForwardSent({ f }: { f: ForwardRecord }) {
  return (
    <section className="forward-sent" aria-label="What was sent">
      <h4 className="forward-section">What was sent</h4>
      <p className="mono small break">
        {f.method} {f.url}
      </p>
      {f.capturedAs && (
        <p className="small">
          Captured here as{' '}
          <button type="button" className="link-button" onClick={() => openRequest(f.capturedAs!.inbox, f.capturedAs!.id)}>
            request #{f.capturedAs.number} in {f.capturedAs.inbox}
          </button>
        </p>
      )}
      <HeadersTable headers={f.headers} compact />
      {f.body === null || f.body === undefined ? (
        <p className="small muted">Body: this request's body, as captured.</p>
      ) : f.body.size === 0 ? (
        <p className="small muted">Body: empty (edited).</p>
      ) : (
        <>
          <p className="small muted">
            Body (edited), {formatBytes(f.body.size)}
            {f.bodyTruncated && ', the first 64 KiB shown'}:
          </p>
          <pre className="mono small forward-sent-body" tabIndex={0} role="region" aria-label="Body sent">
            {f.body.text ?? hexDump(base64ToBytes(f.body.base64), 4096)}
          </pre>
        </>
      )}
    </section>
  );
}

/** Opens a captured request in its inbox. */
export function openRequest(inbox: string, id: number): void {
  const s = useStore.getState();
  if (s.inboxSlug !== inbox) s.openInbox(inbox, id);
  else s.selectRequest(id);
}
