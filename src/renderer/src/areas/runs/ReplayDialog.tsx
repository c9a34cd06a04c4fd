import { useEffect, useState } from 'react';
import { Play } from 'lucide-react';
import type { MethodInput } from '../../../../shared/contract';
import { DEFAULT_IGNORE_PATHS } from '../../../../shared/replay-compare';
import { parseHeaderBlock, SchemeId, schemeInfo } from '../../../../shared/signing';
import { Segmented, Toggle } from '../../components/controls';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { useStore } from '../../store';
import './runs.css';
import { DialogFrame } from '../../components/DialogFrame';
import { Field } from '../../components/Field';

type Options = NonNullable<MethodInput<'runs.create'>['options']>;
type TargetKind = 'original' | 'url' | 'inbox';
type SignMode = 'endpoint' | 'secret' | 'keep' | 'none';

const TARGET_KEY = 'hookbench.replayTarget';

/** Starts a replay run for what the Deliveries or Inbox screen chose (a selection or every match). */
export function ReplayDialog() {
  const intent = useStore((s) => s.replayIntent);
  const close = () => useStore.getState().openReplay(null);
  const endpoints = useStore((s) => s.endpoints);
  const inboxes = useStore((s) => s.inboxes);
  const [name, setName] = useState('');
  const [target, setTarget] = useState<TargetKind>('original');
  const [baseUrl, setBaseUrl] = useState(() => localStorage.getItem(TARGET_KEY) ?? 'http://localhost:3000');
  const [strip, setStrip] = useState('');
  const [inbox, setInbox] = useState('');
  const [keepId, setKeepId] = useState(false);
  const [sign, setSign] = useState<SignMode>('endpoint');
  const [signer, setSigner] = useState('');
  const [scheme, setScheme] = useState<SchemeId>('standard-webhooks');
  const [secret, setSecret] = useState('');
  const [concurrency, setConcurrency] = useState(4);
  const [rate, setRate] = useState('');
  const [stopOnFailure, setStopOnFailure] = useState(false);
  const [ignore, setIgnore] = useState(DEFAULT_IGNORE_PATHS.join('\n'));
  const [setHeaders, setSetHeaders] = useState('');
  const [removeHeaders, setRemoveHeaders] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!intent) return;
    const s = useStore.getState();
    if (!s.endpointsLoaded) void s.loadEndpoints();
    if (!s.inboxes.length) void s.loadInboxes();
    setError(null);
    setTarget(intent.hasEndpoints ? 'original' : 'url');
    setSign(intent.hasEndpoints ? 'endpoint' : 'keep');
    setKeepId(!intent.hasEndpoints);
  }, [intent]);

  if (!intent) return null;

  const start = async () => {
    setError(null);
    let headerEdits: [string, string][];
    try {
      headerEdits = setHeaders.trim() ? parseHeaderBlock(setHeaders) : [];
    } catch (err) {
      return setError(`Headers to set: ${(err as Error).message}`);
    }
    const removals = removeHeaders
      .split(/[\s,]+/)
      .map((h) => h.trim())
      .filter(Boolean);
    const signing: Options['signing'] =
      sign === 'secret'
        ? { mode: 'secret', scheme, secret }
        : sign === 'endpoint'
          ? { mode: 'endpoint', ...(signer ? { endpointId: signer } : {}) }
          : { mode: sign };
    const options: Options = {
      keepId: sign === 'keep' ? true : keepId,
      signing,
      concurrency,
      ...(rate.trim() ? { ratePerSecond: Number(rate) } : {}),
      stopOnFailure,
      compare: {
        ignorePaths: ignore
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      },
      ...(headerEdits.length || removals.length
        ? { edits: { setHeaders: headerEdits, removeHeaders: removals } }
        : {}),
    };
    const runTarget: MethodInput<'runs.create'>['target'] =
      target === 'url'
        ? { type: 'url', baseUrl: baseUrl.trim(), ...(strip.trim() ? { stripPrefix: strip.trim() } : {}) }
        : target === 'inbox'
          ? { type: 'inbox', slug: inbox || inboxes[0]?.slug || 'default' }
          : { type: 'original' };
    setBusy(true);
    try {
      const run = await api.runs.create({
        ...(name.trim() ? { name: name.trim() } : {}),
        source: intent.source,
        target: runTarget,
        options,
      });
      if (target === 'url') localStorage.setItem(TARGET_KEY, baseUrl.trim());
      const s = useStore.getState();
      s.runChanged(run, run.id);
      s.selectRun(run.id);
      close();
      s.navigate('runs');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <DialogFrame
      onOpenChange={(o) => !o && close()}
      className="dialog-wide replay-dialog"
      title={<>Replay {intent.label}</>}
    >
          <form
            className="replay-form"
            onSubmit={(e) => {
              e.preventDefault();
              void start();
            }}
          >
            <div className="replay-grid">
              <div className="form-stack">
                <Field label="Send to" group>
                  <Segmented<TargetKind>
                    label="Send to"
                    value={target}
                    onChange={setTarget}
                    options={[
                      {
                        value: 'original',
                        label: intent.hasEndpoints ? 'Original endpoint' : 'Captured URL',
                      },
                      { value: 'url', label: 'Another URL' },
                      { value: 'inbox', label: 'Local inbox' },
                    ]}
                  />
                </Field>
                {target === 'url' && (
                  <div className="replay-row">
                    <Field label="Base URL (replaces scheme, host and port)" className="grow">
                      <input
                        className="mono"
                        aria-label="Base URL"
                        value={baseUrl}
                        onChange={(e) => setBaseUrl(e.target.value)}
                        placeholder="https://staging.example.com"
                      />
                    </Field>
                    <Field label="Strip path prefix">
                      <input
                        className="mono"
                        aria-label="Strip path prefix"
                        value={strip}
                        onChange={(e) => setStrip(e.target.value)}
                        placeholder="/webhooks"
                      />
                    </Field>
                  </div>
                )}
                {target === 'inbox' && (
                  <Field label="Inbox">
                    <select aria-label="Inbox" value={inbox} onChange={(e) => setInbox(e.target.value)}>
                      {inboxes.map((i) => (
                        <option key={i.slug} value={i.slug}>
                          {i.name} (/{i.slug}/)
                        </option>
                      ))}
                    </select>
                  </Field>
                )}
                <div className="replay-row">
                  <Field label="Signature" className="grow">
                    <select
                      aria-label="Signature"
                      value={sign}
                      onChange={(e) => setSign(e.target.value as SignMode)}
                    >
                      <option value="endpoint">
                        {intent.hasEndpoints
                          ? "Re-sign with the endpoint's current secret"
                          : "Sign with an endpoint's secret"}
                      </option>
                      <option value="secret">Sign with a scheme and secret</option>
                      <option value="keep">Keep the captured signature (replay protection test)</option>
                      <option value="none">No signature</option>
                    </select>
                  </Field>
                  <Field label="Delivery id">
                    <select
                      aria-label="Delivery id"
                      value={sign === 'keep' || keepId ? 'keep' : 'new'}
                      disabled={sign === 'keep'}
                      onChange={(e) => setKeepId(e.target.value === 'keep')}
                    >
                      <option value="new">New id</option>
                      <option value="keep">Keep (idempotency test)</option>
                    </select>
                  </Field>
                </div>
                {sign === 'endpoint' && (
                  <Field label={intent.hasEndpoints ? 'Signing endpoint' : 'Endpoint whose secret signs'}>
                    <select
                      aria-label="Signing endpoint"
                      value={signer}
                      onChange={(e) => setSigner(e.target.value)}
                    >
                      {intent.hasEndpoints && <option value="">Each delivery's own endpoint</option>}
                      {!intent.hasEndpoints && <option value="">Choose an endpoint…</option>}
                      {endpoints.map((e) => (
                        <option key={e.id} value={e.id}>
                          {e.name}
                        </option>
                      ))}
                    </select>
                  </Field>
                )}
                {sign === 'secret' && (
                  <div className="replay-row">
                    <Field label="Scheme">
                      <select
                        aria-label="Scheme"
                        value={scheme}
                        onChange={(e) => setScheme(e.target.value as SchemeId)}
                      >
                        {SchemeId.options
                          .filter((s) => s !== 'custom')
                          .map((s) => (
                            <option key={s} value={s}>
                              {schemeInfo(s).label}
                            </option>
                          ))}
                      </select>
                    </Field>
                    <Field label="Secret" className="grow">
                      <input
                        className="mono"
                        type="password"
                        aria-label="Secret"
                        value={secret}
                        onChange={(e) => setSecret(e.target.value)}
                        autoComplete="off"
                      />
                    </Field>
                  </div>
                )}
                <div className="replay-row">
                  <Field label="Concurrency">
                    <input
                      type="number"
                      min={1}
                      max={64}
                      aria-label="Concurrency"
                      value={concurrency}
                      onChange={(e) => setConcurrency(Math.max(1, Math.min(64, Number(e.target.value) || 1)))}
                    />
                  </Field>
                  <Field label="Rate limit (per s)">
                    <input
                      type="number"
                      min={0.1}
                      step={0.1}
                      aria-label="Rate limit"
                      value={rate}
                      placeholder="none"
                      onChange={(e) => setRate(e.target.value)}
                    />
                  </Field>
                  <Field label="Stop on first failure" className="replay-toggle">
                    <Toggle
                      label="Stop on first failure"
                      checked={stopOnFailure}
                      onChange={setStopOnFailure}
                    />
                  </Field>
                </div>
                <Field label="Run name">
                  <input
                    aria-label="Run name"
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                    placeholder={`Replay of ${intent.label}`}
                  />
                </Field>
              </div>
              <div className="form-stack">
                <Field
                  label={
                    <>
                      Ignore in comparisons{' '}
                      <span className="faint small">
                        JSON paths, one per line: $.data.id, $..*_at, $.items[*].ts
                      </span>
                    </>
                  }
                >
                  <textarea
                    aria-label="Ignored JSON paths"
                    rows={6}
                    value={ignore}
                    onChange={(e) => setIgnore(e.target.value)}
                    spellCheck={false}
                  />
                </Field>
                <Field
                  label={
                    <>
                      Headers to set <span className="faint small">“Name: value” per line</span>
                    </>
                  }
                >
                  <textarea
                    aria-label="Headers to set"
                    rows={3}
                    value={setHeaders}
                    onChange={(e) => setSetHeaders(e.target.value)}
                    spellCheck={false}
                  />
                </Field>
                <Field label="Headers to remove">
                  <input
                    className="mono"
                    aria-label="Headers to remove"
                    value={removeHeaders}
                    onChange={(e) => setRemoveHeaders(e.target.value)}
                    placeholder="X-Debug, Cookie"
                  />
                </Field>
              </div>
            </div>
            {error && (
              <div className="field-error" role="alert">
                {error}
              </div>
            )}
            <div className="dialog-actions">
              <button type="button" className="button" onClick={close}>
                Cancel
              </button>
              <button type="submit" className="button primary" disabled={busy}>
                <Play size={14} /> {busy ? 'Starting…' : 'Start replay'}
              </button>
            </div>
          </form>
    </DialogFrame>
  );
}
