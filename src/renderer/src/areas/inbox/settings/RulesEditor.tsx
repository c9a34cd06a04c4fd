import { DropdownMenu } from 'radix-ui';
import { ArrowDown, ArrowUp, Plus, RotateCcw, Trash2 } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ResponseRule, ResponseSpec, RuleAction, SequenceState } from '../../../../../shared/receiver';
import { api } from '../../../lib/api';
import { errorMessage } from '../../../lib/api-error';
import { useStore } from '../../../store';
import { Toggle } from '../../../components/controls';
import { ResponseEditor } from './ResponseEditor';
import './rules.css';

const JSON_CT: [string, string][] = [['Content-Type', 'application/json']];
const spec = (status: number, body: string, headers: [string, string][] = JSON_CT): ResponseSpec => ({
  status,
  headers,
  body,
  delayMs: 0,
});

const PRESETS: { label: string; name: string; action: RuleAction }[] = [
  {
    label: '500, 500, then 200 (retry test)',
    name: 'Fail twice, then succeed',
    action: {
      type: 'sequence',
      after: 'repeat-last',
      per: 'inbox',
      steps: [
        spec(500, '{"error":"try again"}'),
        spec(500, '{"error":"try again"}'),
        spec(200, '{"ok":true}'),
      ],
    },
  },
  {
    label: '429 with Retry-After',
    name: 'Rate limited',
    action: {
      type: 'respond',
      ...spec(429, '{"error":"rate limited"}', [...JSON_CT, ['Retry-After', '30']]),
    },
  },
  { label: '410 Gone (unsubscribe)', name: 'Gone', action: { type: 'respond', ...spec(410, '') } },
  {
    label: 'Redirect',
    name: 'Redirect',
    action: { type: 'redirect', status: 302, location: 'https://example.com/', delayMs: 0 },
  },
  { label: 'Hang until the client times out', name: 'Hang', action: { type: 'hang' } },
  { label: 'Drop the connection', name: 'Drop', action: { type: 'drop', delayMs: 0 } },
  { label: 'Custom answer', name: 'Custom answer', action: { type: 'respond', ...spec(200, '{"ok":true}') } },
];

const ACTION_LABEL: Record<RuleAction['type'], string> = {
  respond: 'Answer',
  sequence: 'Sequence',
  redirect: 'Redirect',
  hang: 'Hang',
  drop: 'Drop connection',
};

function defaultAction(type: RuleAction['type']): RuleAction {
  return PRESETS.find((p) => p.action.type === type)!.action;
}

export function RulesEditor({
  slug,
  rules,
  onChange,
}: {
  /** The saved inbox, for the live state of its sequence rules. */
  slug?: string;
  rules: ResponseRule[];
  onChange(rules: ResponseRule[]): void;
}) {
  const sequences = useSequences(slug);
  const update = (i: number, rule: ResponseRule) => onChange(rules.map((r, j) => (j === i ? rule : r)));
  const move = (i: number, d: number) => {
    const next = [...rules];
    [next[i], next[i + d]] = [next[i + d], next[i]];
    onChange(next);
  };
  return (
    <div className="rules">
      {rules.length === 0 && (
        <p className="muted small">No rules: every request gets the default answer above.</p>
      )}
      {rules.map((rule, i) => (
        <RuleCard
          key={rule.id ?? `new-${i}`}
          index={i}
          rule={rule}
          onChange={(r) => update(i, r)}
          onRemove={() => onChange(rules.filter((_, j) => j !== i))}
          onMove={(d) => move(i, d)}
          first={i === 0}
          last={i === rules.length - 1}
          state={rule.id ? sequences.byRule.get(rule.id) : undefined}
          onReset={(deliveryId) => rule.id && void sequences.reset(rule.id, deliveryId)}
        />
      ))}
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger asChild>
          <button type="button" className="button small">
            <Plus size={13} /> Add rule
          </button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu" align="start" sideOffset={4}>
            {PRESETS.map((p) => (
              <DropdownMenu.Item
                key={p.label}
                className="menu-item"
                onSelect={() =>
                  onChange([
                    ...rules,
                    { name: p.name, enabled: true, match: {}, action: structuredClone(p.action) },
                  ])
                }
              >
                {p.label}
              </DropdownMenu.Item>
            ))}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </div>
  );
}

function RuleCard(props: {
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

/** The saved inbox's sequence positions, refreshed as requests arrive; and a reset. */
function useSequences(slug: string | undefined) {
  const [items, setItems] = useState<SequenceState[]>([]);
  const load = useCallback(async () => {
    if (!slug) return;
    try {
      setItems((await api.inboxes.sequences({ slug })).items);
    } catch {
      setItems([]); // the inbox is gone: nothing to show
    }
  }, [slug]);
  useEffect(() => {
    void load();
    if (!slug) return;
    return api.on('requests.received', (p) => {
      if (p.items.some((r) => r.inbox === slug)) void load();
    });
  }, [load, slug]);
  const reset = async (ruleId: string, deliveryId?: string) => {
    if (!slug) return;
    try {
      setItems((await api.inboxes.resetSequence({ slug, ruleId, deliveryId })).items);
      useStore.getState().notify('success', deliveryId ? `Sequence restarted for delivery ${deliveryId}` : 'Sequence restarted at step 1');
    } catch (err) {
      useStore.getState().notify('error', `Could not reset the sequence: ${errorMessage(err)}`);
    }
  };
  const byRule = useMemo(() => new Map(items.map((s) => [s.ruleId, s])), [items]);
  return { byRule, reset };
}

/** "Next answer: step 2 of 3 (500)", per inbox or per delivery id, with a reset. */
function SequenceStatus(props: { n: number; state?: SequenceState; changed: boolean; onReset(deliveryId?: string): void }) {
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
