import type { ReactNode } from 'react';
import {
  AlertTriangle,
  Check,
  CircleHelp,
  Lightbulb,
  LoaderCircle,
  ShieldAlert,
  ShieldCheck,
  ShieldQuestion,
} from 'lucide-react';
import { schemeInfo, type VerifyReport } from '../../../../shared/signing';
import { CopyButton } from '../../components/controls';
import { classifyHint } from './hints';
import { loadExample } from './load-example';
import { SignedContent } from './SignedContent';

const VERDICT = {
  valid: { title: 'Valid signature', icon: ShieldCheck },
  invalid: { title: 'Invalid signature', icon: ShieldAlert },
  unsigned: { title: 'Not signed', icon: ShieldQuestion },
} as const;

/** Characters of `value` that differ from `other` at the same position are marked. */
function Diff({ value, other }: { value: string; other?: string }) {
  if (other === undefined || other === value) return <>{value}</>;
  const out: ReactNode[] = [];
  let run = '';
  let runDiff = false;
  const flush = () => {
    if (run) out.push(runDiff ? <mark key={out.length}>{run}</mark> : <span key={out.length}>{run}</span>);
    run = '';
  };
  [...value].forEach((ch, i) => {
    const d = other[i] !== ch;
    if (d !== runDiff) flush();
    runDiff = d;
    run += ch;
  });
  flush();
  return <>{out}</>;
}

/** Unix seconds as an ISO date, or '' when out of range (a millisecond timestamp read as seconds). */
export const isoSeconds = (seconds: number): string => {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace('.000Z', 'Z');
};

function skewText(skew: number): string {
  const abs = Math.abs(skew);
  const amount =
    abs < 120
      ? `${abs} s`
      : abs < 7200
        ? `${Math.round(abs / 60)} min`
        : abs < 172_800
          ? `${(abs / 3600).toFixed(1)} h`
          : `${Math.round(abs / 86_400).toLocaleString()} days`;
  return skew >= 0 ? `${amount} old` : `${amount} in the future`;
}

export function VerdictPanel(props: {
  report: VerifyReport | null;
  error: string | null;
  pending: boolean;
  /** The field number (1-based) of each secret sent, by its index in the request. */
  secretNumbers: number[];
  /** What a check still needs (an empty secret): shown instead of a verdict. */
  missing?: string[];
  toleranceSeconds: number;
}) {
  const { report, error } = props;
  if (error) {
    return (
      <div
        className="card sig-verdict sig-verdict-error"
        data-testid="verdict"
        data-status="error"
        role="status"
      >
        <AlertTriangle size={20} />
        <div>
          <h2>Cannot check this request</h2>
          <p>{error}</p>
        </div>
      </div>
    );
  }
  if (!report && props.missing && props.missing.length > 0) {
    return (
      <div className="card sig-empty" data-testid="verdict" data-status="missing" role="status">
        <CircleHelp size={28} strokeWidth={1.5} />
        <h2>Not checked yet</h2>
        <p>To check this request, the lab still needs:</p>
        <ul className="sig-missing">
          {props.missing.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      </div>
    );
  }
  if (!report) {
    return (
      <div className="card sig-empty" data-testid="verdict" data-status="none">
        <CircleHelp size={28} strokeWidth={1.5} />
        <p>Paste a body and its headers and enter the secret: the verdict appears here as you type.</p>
        <button type="button" className="button primary" onClick={() => void loadExample('github', 'verify')}>
          Try a signed GitHub request
        </button>
        <p className="muted small">Every scheme has one under Load example.</p>
      </div>
    );
  }
  const v = VERDICT[report.status];
  const many = props.secretNumbers.length > 1;
  const secretName = (index: number) => `Secret ${props.secretNumbers[index] ?? index + 1}`;
  const label = schemeInfo(report.scheme).label;
  const received0 = report.received[0];
  const timestamped = report.timestamp !== undefined;
  const stale = report.skewSeconds !== undefined && Math.abs(report.skewSeconds) > props.toleranceSeconds;
  return (
    <div className="sig-result" data-pending={props.pending || undefined}>
      <div
        className={`card sig-verdict sig-verdict-${report.status}`}
        data-testid="verdict"
        data-status={report.status}
        role="status"
      >
        <v.icon size={28} />
        <div className="sig-verdict-text">
          <h2>
            {v.title} <span className="badge">{label}</span>
            {props.pending && <LoaderCircle size={14} className="sig-spin" aria-label="Checking" />}
          </h2>
          {report.reason && <p data-testid="verdict-reason">{report.reason}</p>}
          {report.status === 'valid' && report.matchedSecretIndex !== undefined && (
            <p>
              Matched {many ? secretName(report.matchedSecretIndex).toLowerCase() : 'the secret'} (
              <span className="mono">
                {report.expected.find((e) => e.secretIndex === report.matchedSecretIndex)?.secretHint}
              </span>
              ).
            </p>
          )}
        </div>
      </div>

      {report.hints.length > 0 && (
        <div className="sig-hints" aria-label="Likely mistakes">
          {report.hints.map((hint) => {
            const k = classifyHint(hint);
            return (
              <div key={hint} className={`sig-callout sig-callout-${k.kind}`} data-kind={k.kind}>
                <Lightbulb size={16} />
                <div>
                  <strong>{k.title}</strong>
                  <p>{hint}</p>
                </div>
              </div>
            );
          })}
        </div>
      )}

      {(report.received.length > 0 || report.expected.length > 0) && (
        <section className="card sig-compare" aria-label="Expected and received signatures">
          <div>
            <h3>Received</h3>
            {report.received.length === 0 && <p className="muted small">No signature value.</p>}
            {report.received.map((r, i) => (
              <div key={i} className="lab-value mono" data-testid="received-value">
                {r}
              </div>
            ))}
          </div>
          <div>
            <h3>Expected</h3>
            {report.expected.length === 0 && <p className="muted small">No usable secret.</p>}
            {report.expected.map((e) => {
              const match = e.secretIndex === report.matchedSecretIndex;
              return (
                <div key={e.secretIndex} className={`sig-expected ${match ? 'match' : ''}`}>
                  <div className="small muted sig-expected-head">
                    {match ? <Check size={13} /> : null}
                    {many ? secretName(e.secretIndex) : 'Secret'} <span className="mono">{e.secretHint}</span>
                    {match ? ' · matched' : ' · tried'}
                    <CopyButton
                      text={e.value}
                      label={`Copy expected value for ${secretName(e.secretIndex).toLowerCase()}`}
                    />
                  </div>
                  <div className="lab-value mono" data-testid="expected-value">
                    {match ? e.value : <Diff value={e.value} other={received0} />}
                  </div>
                </div>
              );
            })}
          </div>
        </section>
      )}

      {timestamped && (
        <section className="card lab-facts" aria-label="Timestamp">
          <div>
            <span className="muted small">Timestamp</span>
            <span className="mono">{report.timestamp}</span>
            <span className="small muted">{isoSeconds(report.timestamp ?? 0)}</span>
          </div>
          {report.skewSeconds !== undefined && (
            <div>
              <span className="muted small">Skew</span>
              <span className={`badge ${stale ? 'badge-warn' : 'badge-ok'}`}>
                {skewText(report.skewSeconds)}
              </span>
              <span className="small muted">tolerance {props.toleranceSeconds} s</span>
            </div>
          )}
        </section>
      )}

      {report.signedContent !== undefined && <SignedContent text={report.signedContent} />}
    </div>
  );
}
