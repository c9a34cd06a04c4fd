import { RotateCcw } from 'lucide-react';
import type { SequenceState } from '../../../../../shared/receiver';

/** "Next answer: step 2 of 3 (500)", per inbox or per delivery id, with a reset. */
export function SequenceStatus(props: { n: number; state?: SequenceState; changed: boolean; onReset(deliveryId?: string): void }) {
  const s = props.state;
  if (!s) return <p className="small muted sequence-status">Save to start this sequence; its position shows here.</p>;
  if (props.changed)
    return <p className="small muted sequence-status">Saving restarts this sequence at step 1.</p>;
  const next = (step: number, status: number | null) => (
    <>
      step <strong>{step}</strong> of {s.steps}
      {status !== null && <span className="mono"> ({status})</span>}
    </>
  );
  return (
    <div className="sequence-status small" data-testid={`sequence-status-${props.n}`}>
      <div className="sequence-line">
        <span aria-live="polite">
          {s.per === 'delivery' ? 'Requests without a delivery id get ' : 'Next request gets '}
          {next(s.nextStep, s.nextStatus)}
          <span className="muted">
            {' '}
            · {s.served.toLocaleString()} answered{s.per === 'delivery' ? ' without an id' : ''}
          </span>
        </span>
        <button
          type="button"
          className="button small"
          disabled={s.served === 0 && s.deliveriesTracked === 0}
          onClick={() => props.onReset()}
        >
          <RotateCcw size={12} /> Reset{s.per === 'delivery' ? ' all' : ''}
        </button>
      </div>
      {s.per === 'delivery' && (
        <>
          <p className="muted">
            Each delivery id walks the steps from 1: {s.deliveriesTracked.toLocaleString()} tracked
            {s.deliveriesTracked > s.deliveries.length ? `, newest ${s.deliveries.length} shown` : ''}.
          </p>
          {s.deliveries.length > 0 && (
            <ul className="sequence-deliveries">
              {s.deliveries.map((d) => (
                <li key={d.deliveryId}>
                  <span className="mono break">{d.deliveryId}</span>
                  <span>
                    next {next(d.nextStep, d.nextStatus)}
                    <span className="muted"> · {d.served} answered</span>
                  </span>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Restart the sequence for delivery ${d.deliveryId}`}
                    title="Restart at step 1"
                    onClick={() => props.onReset(d.deliveryId)}
                  >
                    <RotateCcw size={12} />
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
