import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import type { ResponseRule, RuleAction, SequenceState } from '../../../../../shared/receiver';
import { Toggle } from '../../../components/controls';
import { ResponseEditor } from './ResponseEditor';
import { ACTION_LABEL, defaultAction } from './rule-presets';
import { SequenceStatus } from './SequenceStatus';
import './rules.css';

/** One rule: when it applies, what it answers, and for a sequence where it stands. */
export function RuleCard(props: {
  index: number;
  rule: ResponseRule;
  first: boolean;
  last: boolean;
  onChange(r: ResponseRule): void;
  onRemove(): void;
  onMove(d: number): void;
  /** The saved rule's sequence position (undefined: not saved yet, or not a sequence). */
  state?: SequenceState;
  onReset(deliveryId?: string): void;
}) {
  const { rule } = props;
  const n = props.index + 1;
  const set = (patch: Partial<ResponseRule>) => props.onChange({ ...rule, ...patch });
  const setMatch = (patch: Partial<ResponseRule['match']>) => {
    const match = { ...rule.match, ...patch };
    (Object.keys(match) as (keyof typeof match)[]).forEach((k) => match[k] === undefined && delete match[k]);
    set({ match });
  };
  const a = rule.action;
  return (
    <div className={`card rule ${rule.enabled ? '' : 'disabled'}`} data-testid="rule">
      <div className="rule-head">
        <span className="rule-num">{n}</span>
        <Toggle label={`Rule ${n} enabled`} checked={rule.enabled} onChange={(enabled) => set({ enabled })} />
        <input
          className="rule-name"
          value={rule.name}
          placeholder="Rule name"
          aria-label={`Rule ${n} name`}
          onChange={(e) => set({ name: e.target.value })}
        />
        <select
          aria-label={`Rule ${n} action`}
          value={a.type}
          onChange={(e) =>
            set({ action: structuredClone(defaultAction(e.target.value as RuleAction['type'])) })
          }
        >
          {Object.entries(ACTION_LABEL).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="icon-button"
          aria-label={`Move rule ${n} up`}
          disabled={props.first}
          onClick={() => props.onMove(-1)}
        >
          <ArrowUp size={14} />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={`Move rule ${n} down`}
          disabled={props.last}
          onClick={() => props.onMove(1)}
        >
          <ArrowDown size={14} />
        </button>
        <button
          type="button"
          className="icon-button danger"
          aria-label={`Delete rule ${n}`}
          onClick={props.onRemove}
        >
          <Trash2 size={14} />
        </button>
      </div>
      <div className="rule-match">
        <span className="rule-label">When</span>
        <input
          className="mono"
          placeholder="any method"
          aria-label={`Rule ${n} methods`}
          defaultValue={rule.match.methods?.join(', ') ?? ''}
          onChange={(e) => {
            const methods = e.target.value
              .split(/[\s,]+/)
              .filter(Boolean)
              .map((m) => m.toUpperCase());
            setMatch({ methods: methods.length ? methods : undefined });
          }}
        />
        <input
          className="mono"
          placeholder="path, e.g. /orders/*"
          aria-label={`Rule ${n} path`}
          value={rule.match.path ?? ''}
          onChange={(e) => setMatch({ path: e.target.value || undefined })}
        />
        <input
          className="mono"
          placeholder="header name"
          aria-label={`Rule ${n} header name`}
          value={rule.match.header?.name ?? ''}
          onChange={(e) =>
            setMatch({
              header: e.target.value
                ? { name: e.target.value, contains: rule.match.header?.contains }
                : undefined,
            })
          }
        />
        <input
          className="mono"
          placeholder="header contains"
          aria-label={`Rule ${n} header contains`}
          disabled={!rule.match.header}
          value={rule.match.header?.contains ?? ''}
          onChange={(e) =>
            rule.match.header &&
            setMatch({ header: { name: rule.match.header.name, contains: e.target.value || undefined } })
          }
        />
        <input
          className="mono"
          placeholder="body contains"
          aria-label={`Rule ${n} body contains`}
          value={rule.match.bodyContains ?? ''}
          onChange={(e) => setMatch({ bodyContains: e.target.value || undefined })}
        />
      </div>
      <div className="rule-action">
        {a.type === 'respond' && (
          <ResponseEditor
            compact
            label={`Rule ${n}`}
            value={a}
            onChange={(v) => set({ action: { ...v, type: 'respond' } })}
          />
        )}
        {a.type === 'sequence' && (
          <div className="steps">
            {a.steps.map((s, j) => (
              <div key={j} className="step">
                <div className="step-head">
                  <span className="small muted">
                    Request {j + 1}
                    {j === a.steps.length - 1 ? ' and after' : ''}
                  </span>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove step ${j + 1} of rule ${n}`}
                    disabled={a.steps.length === 1}
                    onClick={() => set({ action: { ...a, steps: a.steps.filter((_, k) => k !== j) } })}
                  >
                    <Trash2 size={13} />
                  </button>
                </div>
                <ResponseEditor
                  compact
                  label={`Rule ${n} step ${j + 1}`}
                  value={s}
                  onChange={(v) => set({ action: { ...a, steps: a.steps.map((x, k) => (k === j ? v : x)) } })}
                />
              </div>
            ))}
            <SequenceStatus
              n={n}
              state={props.state}
              changed={props.state !== undefined && (props.state.steps !== a.steps.length || props.state.per !== a.per)}
              onReset={props.onReset}
            />
            <div className="step-foot">
              <button
                type="button"
                className="button small"
                onClick={() =>
                  set({ action: { ...a, steps: [...a.steps, structuredClone(a.steps[a.steps.length - 1])] } })
                }
              >
                <Plus size={12} /> Add step
              </button>
              <label className="small">
                Then{' '}
                <select
                  aria-label={`Rule ${n} after the last step`}
                  value={a.after}
                  onChange={(e) => set({ action: { ...a, after: e.target.value as 'repeat-last' | 'loop' } })}
                >
                  <option value="repeat-last">repeat the last step</option>
                  <option value="loop">start over</option>
                </select>
              </label>
              <label className="small">
                Steps count{' '}
                <select
                  aria-label={`Rule ${n} steps count per`}
                  value={a.per}
                  onChange={(e) => set({ action: { ...a, per: e.target.value as 'inbox' | 'delivery' } })}
                >
                  <option value="inbox">for the whole inbox</option>
                  <option value="delivery">per delivery id</option>
                </select>
              </label>
            </div>
          </div>
        )}
        {a.type === 'redirect' && (
          <div className="inline-fields">
            <label className="field">
              <span>Status</span>
              <select
                aria-label={`Rule ${n} redirect status`}
                value={a.status}
                onChange={(e) => set({ action: { ...a, status: Number(e.target.value) as typeof a.status } })}
              >
                {[301, 302, 303, 307, 308].map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
            <label className="field grow">
              <span>Location</span>
              <input
                className="mono"
                aria-label={`Rule ${n} location`}
                value={a.location}
                onChange={(e) => set({ action: { ...a, location: e.target.value } })}
              />
            </label>
          </div>
        )}
        {a.type === 'hang' && (
          <p className="small muted">
            The request is stored and never answered; the client waits until its own timeout.
          </p>
        )}
        {a.type === 'drop' && (
          <div className="inline-fields">
            <p className="small muted grow">
              The request is stored, then the connection is closed without an answer.
            </p>
            <label className="field delay-field">
              <span>After (ms)</span>
              <input
                type="number"
                min={0}
                aria-label={`Rule ${n} drop delay`}
                value={a.delayMs}
                onChange={(e) => set({ action: { ...a, delayMs: Number(e.target.value) } })}
              />
            </label>
          </div>
        )}
      </div>
    </div>
  );
}
