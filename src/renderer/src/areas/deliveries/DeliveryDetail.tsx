import { useEffect, useState } from 'react';
import { Ban, Clock, RotateCw } from 'lucide-react';
import type { DeliveryDetail as Detail } from '../../../../shared/dispatcher-deliveries';
import { CopyButton } from '../../components/controls';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { formatBytes, formatTime } from '../../lib/format';
import { useStore } from '../../store';
import { AttemptCard } from './AttemptCard';
import { KIND_LABEL, STATUS_BADGE, STATUS_LABEL, untilText } from './delivery-format';

/** One delivery: its facts, manual retry and cancel, and every attempt newest first. */
export function DeliveryDetail({ id }: { id: string }) {
  const tick = useStore((s) => s.deliveryTicks[id]);
  const timeFormat = useStore((s) => s.settings?.timeFormat);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [, setNow] = useState(0);

  useEffect(() => {
    let live = true;
    api.deliveries
      .get({ id })
      .then((d) => live && (setDetail(d), setError(null)))
      .catch((err) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [id, tick]);

  // Keep "next attempt in …" honest.
  useEffect(() => {
    if (detail?.status !== 'retrying' && detail?.status !== 'pending') return;
    const t = setInterval(() => setNow((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [detail?.status]);

  if (error) return <div className="callout callout-err dd-error">{error}</div>;
  if (!detail || detail.id !== id) return <div className="muted pad">Loading the delivery…</div>;

  const act = async (what: 'retry' | 'cancel') => {
    setBusy(true);
    const s = useStore.getState();
    try {
      const d = await api.deliveries[what]({ id });
      s.deliveriesUpdated([d]);
      s.notify(
        'success',
        what === 'retry'
          ? 'Sending it again now, with the same delivery id.'
          : 'Delivery cancelled: no more attempts.',
      );
    } catch (err) {
      s.notify('error', errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const attempts = [...detail.attemptList].sort((a, b) => b.number - a.number);
  const waiting = detail.status === 'pending' || detail.status === 'retrying';
  return (
    <div className="dd">
      <header className="dd-head">
        <div className="dd-title">
          <h2 className="mono">{detail.topic}</h2>
          <span className={`badge ${STATUS_BADGE[detail.status]}`}>{STATUS_LABEL[detail.status]}</span>
          {detail.kind !== 'event' && <span className="badge">{KIND_LABEL[detail.kind]}</span>}
        </div>
        <div className="area-actions">
          {waiting && (
            <button
              type="button"
              className="button danger"
              disabled={busy}
              onClick={() => void act('cancel')}
            >
              <Ban size={14} /> Cancel
            </button>
          )}
          <button type="button" className="button" disabled={busy} onClick={() => void act('retry')}>
            <RotateCw size={14} /> Retry now
          </button>
        </div>
      </header>
      <dl className="kv dd-facts">
        <dt>Endpoint</dt>
        <dd>{detail.endpointName}</dd>
        <dt>Delivery id</dt>
        <dd className="mono">
          {detail.id} <CopyButton text={detail.id} label="Copy delivery id" />
        </dd>
        <dt>Event id</dt>
        <dd className="mono">{detail.eventId}</dd>
        <dt>Created</dt>
        <dd>{formatTime(detail.createdAt, timeFormat)}</dd>
        <dt>Attempts</dt>
        <dd>
          {detail.attempts} of {detail.maxAttempts}
        </dd>
        {detail.nextAttemptAt && waiting && (
          <>
            <dt>Next attempt</dt>
            <dd className="dd-next">
              <Clock size={13} /> {untilText(detail.nextAttemptAt)} (
              {formatTime(detail.nextAttemptAt, timeFormat === 'relative' ? 'local' : timeFormat)})
            </dd>
          </>
        )}
        <dt>Body</dt>
        <dd>
          {detail.contentType} · {formatBytes(detail.body.size)}
        </dd>
      </dl>
      {detail.status === 'failed' && detail.lastError && (
        <div className="callout callout-err">
          Failed after {detail.attempts} {detail.attempts === 1 ? 'attempt' : 'attempts'}: {detail.lastError}
        </div>
      )}
      <h3 className="dd-sub">Attempts</h3>
      {attempts.length === 0 ? (
        <p className="muted small">
          No attempt yet
          {detail.status === 'pending' ? ': it is queued (held while its endpoint is paused).' : '.'}
        </p>
      ) : (
        <ol className="attempts">
          {attempts.map((a, i) => (
            <AttemptCard key={a.id} a={a} open={i === 0} />
          ))}
        </ol>
      )}
    </div>
  );
}
