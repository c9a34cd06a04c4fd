import type { Endpoint } from '../../../../shared/dispatcher';
import { Segmented } from '../../components/controls';
import type { SendDraft } from '../../store/dispatch-slice';
import { useStore } from '../../store';
import { TryTheLoopLink } from '../../components/TryTheLoop';
import { subscribersOf } from './send-logic';
import './target-panel.css';

const STATE_NOTE = { active: '', paused: 'paused: held until resumed', disabled: 'disabled' } as const;

/** Where the event goes: every subscriber of the topic (fan-out), or endpoints chosen by hand. */
export function TargetPanel(props: {
  draft: SendDraft;
  endpoints: Endpoint[];
  onChange(patch: Partial<SendDraft>): void;
}) {
  const { draft, endpoints, onChange } = props;
  const subscribers = subscribersOf(endpoints, draft.topic);
  const toggle = (id: string) =>
    onChange({
      chosen: draft.chosen.includes(id) ? draft.chosen.filter((x) => x !== id) : [...draft.chosen, id],
    });

  return (
    <section className="card targets" aria-label="Send to">
      <header className="targets-head">
        <h2>Send to</h2>
        <Segmented
          label="Send to"
          value={draft.mode}
          onChange={(mode) => onChange({ mode })}
          options={[
            { value: 'fanout', label: 'Subscribers' },
            { value: 'chosen', label: 'Chosen endpoints' },
          ]}
        />
      </header>
      {endpoints.length === 0 ? (
        <p className="muted small pad">
          No endpoints yet.{' '}
          <button type="button" className="dx-link" onClick={() => useStore.getState().navigate('endpoints')}>
            Add one in Endpoints
          </button>
          , or <TryTheLoopLink /> to see a whole send → retry → verified loop.
        </p>
      ) : draft.mode === 'fanout' ? (
        subscribers.length === 0 ? (
          <p className="muted small pad">
            No active endpoint subscribes to <code>{draft.topic || '…'}</code>. Choose endpoints by hand to
            send it anyway.
          </p>
        ) : (
          <ul className="target-list" aria-label="Subscribers">
            {subscribers.map((e) => (
              <li key={e.id} className="target">
                <span className={`status-dot ${e.state === 'active' ? 'tone-ok' : 'tone-warn'}`} />
                <span className="target-name">{e.name}</span>
                <span className="faint small ellipsis">{STATE_NOTE[e.state] || e.url}</span>
              </li>
            ))}
          </ul>
        )
      ) : (
        <ul className="target-list" aria-label="Endpoints">
          {endpoints.map((e) => (
            <li key={e.id}>
              <label className={`target ${e.state === 'disabled' ? 'off' : ''}`}>
                <input
                  type="checkbox"
                  checked={draft.chosen.includes(e.id)}
                  disabled={e.state === 'disabled'}
                  onChange={() => toggle(e.id)}
                  aria-label={e.name}
                />
                <span className="target-name">{e.name}</span>
                <span className="faint small ellipsis">{STATE_NOTE[e.state] || e.url}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
