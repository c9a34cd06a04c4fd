import { useEffect, useState } from 'react';
import { DropdownMenu } from 'radix-ui';
import { Ban, Clock, CopyPlus, MoreHorizontal, RotateCw, Sparkles } from 'lucide-react';
import type { DeliveryDetail as Detail } from '../../../../shared/dispatcher-deliveries';
import { ROLE_LABELS } from '../../../../shared/identity';
import { CopyButton } from '../../components/controls';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { formatBytes, formatTime } from '../../lib/format';
import { useStore } from '../../store';
import { AttemptCard } from './AttemptCard';
import { capturesByAttempt, KIND_LABEL, STATUS_BADGE, STATUS_LABEL, untilText, type CapturedRequest } from './delivery-format';

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

  // The requests this Hookbench's inboxes captured from it (refetched when one arrives or goes).
  const [captures, setCaptures] = useState<CapturedRequest[]>([]);
  const [capturesTick, setCapturesTick] = useState(0);
  useEffect(() => {
    let live = true;
    api.requests
      .findByDeliveryId({ deliveryId: id })
      .then((r) => live && setCaptures(r.items))
      .catch(() => live && setCaptures([]));
    return () => {
      live = false;
    };
  }, [id, tick, capturesTick]);
  useEffect(() => {
    const offReceived = api.on('requests.received', (p) => {
      if (p.items.some((r) => r.deliveryId === id)) setCapturesTick((n) => n + 1);
    });
    const offDeleted = api.on('requests.deleted', () => setCapturesTick((n) => n + 1));
    return () => {
      offReceived();
      offDeleted();
    };
  }, [id]);

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

  /** Sends it again as a new delivery (new delivery and attempt ids), of the same event or a new one. */
  const resendAsNew = async (newEventId: boolean) => {
    setBusy(true);
    const s = useStore.getState();
    try {
      const d = await api.deliveries.retry({ id, newId: true, newEventId });
      s.deliveriesUpdated([d]);
      s.notify(
        'success',
        newEventId
          ? 'Sent as a new event: new event id and time, new delivery id.'
          : 'Sent as a new delivery of the same event: same event id, new delivery id.',
      );
      s.selectDelivery(d.id);
    } catch (err) {
      s.notify('error', errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const attempts = [...detail.attemptList].sort((a, b) => b.number - a.number);
  const capturedBy = capturesByAttempt(detail.attemptList, captures);
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
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void act('retry')}
            title="Send it again under the same delivery id: the event keeps its id and time, the attempt is new"
          >
            <RotateCw size={14} /> Retry now
          </button>
          <DropdownMenu.Root>
            <DropdownMenu.Trigger asChild>
              <button type="button" className="icon-button" aria-label="More ways to resend" disabled={busy}>
                <MoreHorizontal size={16} />
              </button>
            </DropdownMenu.Trigger>
            <DropdownMenu.Portal>
              <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
                <DropdownMenu.Item className="menu-item" onSelect={() => void resendAsNew(false)}>
                  <CopyPlus size={14} /> Resend as a new delivery (same event id)
                </DropdownMenu.Item>
                <DropdownMenu.Item className="menu-item" onSelect={() => void resendAsNew(true)}>
                  <Sparkles size={14} /> Resend as a new event (new event id and time)
                </DropdownMenu.Item>
              </DropdownMenu.Content>
            </DropdownMenu.Portal>
          </DropdownMenu.Root>
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
      {detail.identity.length > 0 && (
        <>
          <h3 className="dd-sub">Identity and time values</h3>
          <p className="muted small dd-identity-note">
            As {detail.attempts > 0 ? 'the latest attempt sent them' : 'the first attempt will send them'}:
            event values are the same for every endpoint and retry, the delivery’s for every retry, the
            attempt’s new each time.
          </p>
          <table className="dd-identity">
            <tbody>
              {detail.identity.map((v) => (
                <tr key={`${v.in}|${v.header ?? ''}|${v.role}|${v.format}`}>
                  <th scope="row">
                    {ROLE_LABELS[v.role]}
                    <span className="faint">{v.in === 'header' ? `${v.header} header` : 'in the body'}</span>
                  </th>
                  <td className="mono">
                    {v.value}{' '}
                    <CopyButton text={v.value} label={`Copy ${ROLE_LABELS[v.role].toLowerCase()}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
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
            <AttemptCard key={a.id} a={a} open={i === 0} captured={capturedBy.get(a.id)} />
          ))}
        </ol>
      )}
    </div>
  );
}
