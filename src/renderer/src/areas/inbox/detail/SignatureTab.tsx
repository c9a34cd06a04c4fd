import { FlaskConical, Lightbulb, ShieldAlert, ShieldCheck, ShieldOff } from 'lucide-react';
import type { RequestDetail } from '../../../../../shared/receiver-requests';
import { schemeInfo } from '../../../../../shared/signing-schemes';
import { CopyButton } from '../../../components/controls';
import { openInSignatureLab } from '../../signatures/open-in-lab';
import { useStore } from '../../../store';
import './signature.css';

/**
 * Hands the request, exactly as received, to the Signature lab with the inbox's scheme and secrets
 * (so the lab checks it as the inbox did), to try other secrets or schemes there.
 */
const openInLab = (r: RequestDetail) => {
  const verify = useStore.getState().inboxes.find((i) => i.slug === r.inbox)?.verify ?? null;
  openInSignatureLab({
    body: r.body.text ?? r.body.base64,
    bodyEncoding: r.body.text === null ? 'base64' : 'utf8',
    headers: r.headers,
    scheme: verify?.scheme ?? r.verification?.scheme,
    receivedAt: r.receivedAt,
    ...(verify ? { secrets: verify.secrets, custom: verify.custom, toleranceSeconds: verify.toleranceSeconds } : {}),
  });
};

function LabButton({ r }: { r: RequestDetail }) {
  return (
    <button type="button" className="button" onClick={() => openInLab(r)}>
      <FlaskConical size={15} /> Open in Signature lab
    </button>
  );
}

const skewText = (s: number) => {
  const abs = Math.abs(s);
  const amount =
    abs < 120
      ? `${Math.round(abs)} s`
      : abs < 7200
        ? `${Math.round(abs / 60)} min`
        : `${(abs / 3600).toFixed(1)} h`;
  return s >= 0 ? `${amount} old` : `${amount} in the future`;
};

export function SignatureTab({ r, onSetUp }: { r: RequestDetail; onSetUp(): void }) {
  const v = r.verification;
  if (!v) {
    return (
      <div className="sig-off">
        <ShieldOff size={28} />
        <h3>Signature verification is off for this inbox</h3>
        <p className="muted">
          Pick the scheme your sender uses (Standard Webhooks, GitHub, Stripe…) and its secret; every request
          is then checked as it arrives, and invalid ones tell you why.
        </p>
        <div className="area-actions">
          <button type="button" className="button primary" onClick={onSetUp}>
            Set up verification
          </button>
          <LabButton r={r} />
        </div>
      </div>
    );
  }
  const info = schemeInfo(v.scheme);
  const Icon = v.status === 'valid' ? ShieldCheck : v.status === 'invalid' ? ShieldAlert : ShieldOff;
  const title =
    v.status === 'valid' ? 'Valid signature' : v.status === 'invalid' ? 'Invalid signature' : 'Not signed';
  return (
    <div className="sig">
      <div className={`verdict verdict-${v.status}`} role="status">
        <Icon size={22} />
        <div>
          <div className="verdict-title">
            {title} <span className="muted">· {info.label}</span>
          </div>
          {v.reason && <div className="verdict-reason">{v.reason}</div>}
          {v.status === 'valid' && v.matchedSecretIndex !== undefined && (
            <div className="verdict-reason">
              Matched secret #{v.matchedSecretIndex + 1}
              {v.expected[v.matchedSecretIndex] && (
                <span className="mono"> ({v.expected[v.matchedSecretIndex].secretHint})</span>
              )}
              {v.matchedSecretIndex > 0 &&
                ' — an older secret: the sender has not switched to the current one yet.'}
            </div>
          )}
        </div>
        <span className="spacer" />
        <LabButton r={r} />
      </div>

      {v.hints.length > 0 && (
        <ul className="hints">
          {v.hints.map((h) => (
            <li key={h}>
              <Lightbulb size={14} /> {h}
            </li>
          ))}
        </ul>
      )}

      <dl className="facts sig-facts">
        <dt>Scheme</dt>
        <dd>
          {info.label} <span className="faint">· {info.description}</span>
        </dd>
        <dt>Received</dt>
        <dd>
          {v.received.length ? (
            v.received.map((s, i) => (
              <div key={i} className="sig-value mono break">
                {s}
              </div>
            ))
          ) : (
            <span className="faint">
              No signature in{' '}
              {info.headers[0] ? <span className="mono">{info.headers[0]}</span> : 'the request'}
            </span>
          )}
        </dd>
        <dt>Expected</dt>
        <dd>
          {v.expected.map((e) => (
            <div
              key={e.secretIndex}
              className={`sig-value mono break ${v.matchedSecretIndex === e.secretIndex ? 'match' : ''}`}
            >
              <span className="badge" title="Which secret produced this value">
                secret #{e.secretIndex + 1} {e.secretHint}
              </span>{' '}
              {e.value}
            </div>
          ))}
        </dd>
        {v.timestamp !== undefined && (
          <>
            <dt>Timestamp</dt>
            <dd>
              <span className="mono">{v.timestamp}</span>{' '}
              <span className="faint">· {new Date(v.timestamp * 1000).toISOString()}</span>
              {v.skewSeconds !== undefined && (
                <span className={Math.abs(v.skewSeconds) > 300 ? 'badge badge-warn' : 'badge'}>
                  {skewText(v.skewSeconds)}
                </span>
              )}
            </dd>
          </>
        )}
      </dl>

      {v.signedContent !== undefined && (
        <section>
          <div className="tab-toolbar">
            <h3>Signed content</h3>
            <span className="small muted">the exact string the HMAC was computed over</span>
            <span className="spacer" />
            <CopyButton text={v.signedContent} label="Copy signed content" />
          </div>
          <pre className="signed-content mono" tabIndex={0} role="region" aria-label="Signed content">
            {v.signedContent}
          </pre>
        </section>
      )}
    </div>
  );
}
