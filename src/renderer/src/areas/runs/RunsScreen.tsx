import { useEffect, useRef, useState } from 'react';
import { Download, FileUp, Pause, Play, Repeat, Square, Trash2 } from 'lucide-react';
import type { Run, RunItemDetail, RunItemSummary } from '../../../../shared/replay';
import { RefreshButton } from '../../components/controls';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { formatDuration, formatTime } from '../../lib/format';
import { useStore } from '../../store';
import { ItemDiff } from './ItemDiff';
import './runs.css';

type Filter = 'all' | 'changed' | 'same' | 'failed' | 'not_sent' | 'pending';

const STATUS_TONE: Record<Run['status'], string> = {
  running: 'badge-accent',
  paused: 'badge-warn',
  completed: 'badge-ok',
  cancelled: 'badge',
  stopped: 'badge-err',
};

const PAGE = 200;

function download(filename: string, mimeType: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const SIGNING_TEXT: Record<Run['options']['signing']['mode'], string> = {
  endpoint: 're-signed',
  secret: 'signed with a given secret',
  keep: 'captured signatures',
  none: 'unsigned',
};

function targetText(run: Run): string {
  const t = run.target;
  if (t.type === 'url') return `${t.baseUrl}${t.stripPrefix ? ` (without ${t.stripPrefix})` : ''}`;
  if (t.type === 'inbox') return `inbox /${t.slug}/`;
  return 'original endpoints';
}

function Progress({ run }: { run: Run }) {
  const c = run.counts;
  const pct = (n: number) => `${c.total ? (n / c.total) * 100 : 0}%`;
  const green = c.same + c.noBaseline;
  const red = Math.max(0, c.done - green - c.changed);
  return (
    <div
      className="run-progress"
      role="progressbar"
      aria-label="Run progress"
      aria-valuemin={0}
      aria-valuemax={c.total}
      aria-valuenow={c.done + c.notSent}
    >
      <span className="seg seg-same" style={{ width: pct(green) }} />
      <span className="seg seg-changed" style={{ width: pct(c.changed) }} />
      <span className="seg seg-failed" style={{ width: pct(red) }} />
      <span className="seg seg-notsent" style={{ width: pct(c.notSent) }} />
    </div>
  );
}

function RunList({ runs, selected }: { runs: Run[]; selected: string | null }) {
  const timeFormat = useStore((s) => s.settings?.timeFormat);
  return (
    <div className="runs-list" role="listbox" aria-label="Runs">
      {runs.map((r) => (
        <button
          key={r.id}
          type="button"
          role="option"
          aria-selected={r.id === selected}
          className={`runs-row ${r.id === selected ? 'selected' : ''}`}
          onClick={() => useStore.getState().selectRun(r.id)}
        >
          <span className="runs-row-line">
            <span className="runs-name">{r.name}</span>
            <span className={`badge ${STATUS_TONE[r.status]}`}>{r.status}</span>
          </span>
          <Progress run={r} />
          <span className="runs-row-line small faint">
            <span>
              {r.counts.done + r.counts.notSent}/{r.counts.total}
              {r.counts.changed > 0 && (
                <span className="run-changed-text"> · {r.counts.changed} changed</span>
              )}
              {r.counts.failed > 0 && <span className="run-failed-text"> · {r.counts.failed} failed</span>}
            </span>
            <span>{formatTime(r.createdAt, timeFormat)}</span>
          </span>
        </button>
      ))}
    </div>
  );
}

function RunView({ run }: { run: Run }) {
  const runs = useStore((s) => s.runs);
  const notify = useStore((s) => s.notify);
  const [filter, setFilter] = useState<Filter>('all');
  const [items, setItems] = useState<RunItemSummary[]>([]);
  const [matching, setMatching] = useState(0);
  const [picked, setPicked] = useState<number | null>(null);
  const [detail, setDetail] = useState<RunItemDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [against, setAgainst] = useState('');
  const [compareText, setCompareText] = useState<string | null>(null);
  const progressKey = `${run.counts.done}/${run.counts.notSent}/${run.status}`;

  useEffect(() => {
    let live = true;
    api.runs
      .get({ id: run.id, filter, limit: PAGE })
      .then((r) => {
        if (!live) return;
        setItems(r.items);
        setMatching(r.matching);
        setError(null);
      })
      .catch((err) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [run.id, filter, progressKey]);

  useEffect(() => {
    setPicked(null);
    setDetail(null);
    setCompareText(null);
  }, [run.id]);

  useEffect(() => {
    if (picked === null) return;
    let live = true;
    api.runs
      .get({ id: run.id, item: picked, limit: 1 })
      .then((r) => live && setDetail(r.item))
      .catch((err) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [run.id, picked, progressKey]);

  const act = async (what: 'pause' | 'resume' | 'cancel' | 'delete') => {
    try {
      if (what === 'delete') {
        await api.runs.delete({ id: run.id });
        useStore.getState().runChanged(null, run.id);
        return;
      }
      const next = await api.runs[what]({ id: run.id });
      useStore.getState().runChanged(next, next.id);
    } catch (err) {
      notify('error', errorMessage(err));
    }
  };

  const exportAs = async (format: 'json' | 'junit' | 'collection') => {
    try {
      const f = await api.runs.export({ id: run.id, format });
      download(f.filename, f.mimeType, f.content);
    } catch (err) {
      notify('error', errorMessage(err));
    }
  };

  const compareWith = async (other: string) => {
    setAgainst(other);
    if (!other) return setCompareText(null);
    try {
      const r = await api.runs.compare({ id: other, against: run.id, limit: 1 });
      const o = runs.find((x) => x.id === other);
      setCompareText(
        `Against “${o?.name ?? other}”: ${r.counts.same} same, ${r.counts.changed} changed, ${r.counts.missing} without an answer in one of the runs.`,
      );
    } catch (err) {
      setCompareText(errorMessage(err));
    }
  };

  const c = run.counts;
  const active = run.status === 'running' || run.status === 'paused';
  const chips: { id: Filter; label: string; n: number; tone: string }[] = [
    { id: 'all', label: 'All', n: c.total, tone: '' },
    { id: 'same', label: 'Same', n: c.same, tone: 'chip-same' },
    { id: 'changed', label: 'Changed', n: c.changed, tone: 'chip-changed' },
    { id: 'failed', label: 'Failed', n: c.failed, tone: 'chip-failed' },
    { id: 'not_sent', label: 'Not sent', n: c.notSent, tone: 'chip-notsent' },
    ...(c.pending ? [{ id: 'pending' as const, label: 'Pending', n: c.pending, tone: '' }] : []),
  ];
  const others = runs.filter((r) => r.id !== run.id && r.status !== 'running');

  return (
    <div className="run-view">
      <div className="run-head">
        <div className="run-head-main">
          <h2 className="run-title">
            {run.name} <span className={`badge ${STATUS_TONE[run.status]}`}>{run.status}</span>
          </h2>
          <p className="muted small">
            {run.sourceLabel} → <span className="mono">{targetText(run)}</span> ·{' '}
            {run.options.keepId ? 'same ids' : 'new ids'} · {SIGNING_TEXT[run.options.signing.mode]}
            {run.rate > 0 && ` · ${run.rate}/s`}
          </p>
          {run.note && <p className="small run-failed-text">{run.note}</p>}
        </div>
        <div className="area-actions run-actions">
          {run.status === 'running' && (
            <button type="button" className="button small" onClick={() => void act('pause')}>
              <Pause size={13} /> Pause
            </button>
          )}
          {run.status === 'paused' && (
            <button type="button" className="button small" onClick={() => void act('resume')}>
              <Play size={13} /> Resume
            </button>
          )}
          {active && (
            <button type="button" className="button small danger" onClick={() => void act('cancel')}>
              <Square size={13} /> Cancel
            </button>
          )}
          {!active && (
            <>
              <button
                type="button"
                className="button small"
                onClick={() => void exportAs('json')}
                title="Results as JSON"
              >
                <Download size={13} /> JSON
              </button>
              <button
                type="button"
                className="button small"
                onClick={() => void exportAs('junit')}
                title="Results as JUnit XML"
              >
                <Download size={13} /> JUnit
              </button>
              <button
                type="button"
                className="button small"
                onClick={() => void exportAs('collection')}
                title="A collection with these answers as baselines"
              >
                <Download size={13} /> Collection
              </button>
              <button
                type="button"
                className="button small"
                title="Replay the same items again"
                onClick={() =>
                  useStore.getState().openReplay({
                    source: { type: 'run', runId: run.id },
                    label: `the ${c.total} items of “${run.name}”`,
                    hasEndpoints: run.source.type === 'deliveries',
                  })
                }
              >
                <Repeat size={13} /> Again
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label="Delete run"
                title="Delete run"
                onClick={() => void act('delete')}
              >
                <Trash2 size={14} />
              </button>
            </>
          )}
        </div>
      </div>
      <div className="run-counts">
        <Progress run={run} />
        <div className="run-chips" role="tablist" aria-label="Show items">
          {chips.map((ch) => (
            <button
              key={ch.id}
              type="button"
              role="tab"
              aria-selected={filter === ch.id}
              className={`run-chip ${ch.tone} ${filter === ch.id ? 'run-chip-on' : ''}`}
              onClick={() => setFilter(ch.id)}
            >
              {ch.label} <strong>{ch.n.toLocaleString()}</strong>
            </button>
          ))}
          {c.noBaseline > 0 && <span className="faint small">{c.noBaseline} without a baseline</span>}
          {others.length > 0 && !active && (
            <select
              className="run-against"
              aria-label="Compare with another run"
              value={against}
              onChange={(e) => void compareWith(e.target.value)}
            >
              <option value="">Compare with a run…</option>
              {others.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} ({formatTime(o.createdAt)})
                </option>
              ))}
            </select>
          )}
        </div>
        {compareText && (
          <p className="small muted" data-testid="run-compare">
            {compareText}
          </p>
        )}
      </div>
      {error && <div className="banner banner-error">{error}</div>}
      <div className="run-split">
        <div className="run-items" role="listbox" aria-label="Items">
          {items.length === 0 ? (
            <p className="muted pad small">{filter === 'all' ? 'No items.' : 'No item in this group.'}</p>
          ) : (
            items.map((it) => (
              <button
                key={it.index}
                type="button"
                role="option"
                aria-selected={picked === it.index}
                className={`run-item ${picked === it.index ? 'selected' : ''}`}
                onClick={() => setPicked(it.index)}
              >
                <span
                  className={`run-verdict v-${it.state === 'answered' ? (it.verdict ?? 'none') : it.state}`}
                  title={it.verdict ?? it.state}
                />
                <span className="faint small run-idx">{it.index + 1}</span>
                <span className="mono small run-url">
                  {it.method} {it.url}
                </span>
                <span className="mono small run-status">
                  {it.baselineStatus ?? '–'} →{' '}
                  {it.status ?? (it.state === 'error' ? 'error' : it.state === 'not_sent' ? 'not sent' : '…')}
                </span>
                <span className="faint small run-dur">
                  {it.durationMs !== null ? formatDuration(it.durationMs) : ''}
                </span>
              </button>
            ))
          )}
          {matching > items.length && (
            <p className="faint small pad">
              Showing the first {items.length} of {matching.toLocaleString()}.
            </p>
          )}
        </div>
        <div className="run-detail">
          {detail ? (
            <ItemDiff item={detail} />
          ) : (
            <div className="empty-state">
              <p>Select an item to see its answer next to the baseline, with the changes highlighted.</p>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

export function RunsScreen() {
  const runs = useStore((s) => s.runs);
  const loaded = useStore((s) => s.runsLoaded);
  const error = useStore((s) => s.runsError);
  const selected = useStore((s) => s.selectedRunId);
  const notify = useStore((s) => s.notify);
  const file = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void useStore.getState().loadRuns();
  }, []);

  const importFile = async (f: File) => {
    try {
      const res = await api.collections.import({
        content: await f.text(),
        name: f.name.replace(/\.hookbench\.json$|\.json$/i, ''),
      });
      if (!res.collection) {
        const first = res.rejected
          .slice(0, 3)
          .map((r) => (r.index < 0 ? r.reason : `item ${r.index + 1}: ${r.reason}`));
        notify(
          'error',
          `Nothing imported. ${first.join(' · ')}${res.rejected.length > 3 ? ` (and ${res.rejected.length - 3} more)` : ''}`,
        );
        return;
      }
      notify('success', `Imported ${res.imported} request${res.imported === 1 ? '' : 's'} from ${f.name}.`);
      useStore.getState().openReplay({
        source: { type: 'collection', collectionId: res.collection.id },
        label: `collection “${res.collection.name}”`,
        hasEndpoints: false,
      });
    } catch (err) {
      notify('error', errorMessage(err));
    }
  };

  const run = runs.find((r) => r.id === selected) ?? null;
  return (
    <div className="area">
      <header className="area-header">
        <div>
          <h1>Replay runs</h1>
          <p className="muted">
            Replay deliveries and captured requests in bulk and see which answers changed.
          </p>
        </div>
        <div className="area-actions">
          <input
            ref={file}
            type="file"
            accept=".json,application/json"
            hidden
            aria-label="Collection file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void importFile(f);
            }}
          />
          <button type="button" className="button" onClick={() => file.current?.click()}>
            <FileUp size={14} /> Import collection
          </button>
          <RefreshButton onClick={() => void useStore.getState().loadRuns()} />
        </div>
      </header>
      {error && <div className="banner banner-error">Could not load runs: {error}</div>}
      {loaded && runs.length === 0 ? (
        <div className="empty-state">
          <Repeat size={36} strokeWidth={1.5} />
          <h2>No replay runs yet</h2>
          <p>
            Select deliveries (or filter them) and choose Replay, replay an inbox&apos;s requests, or import a
            collection.
          </p>
          <button type="button" className="button" onClick={() => useStore.getState().navigate('deliveries')}>
            Go to Deliveries
          </button>
        </div>
      ) : (
        <div className="runs-layout">
          <RunList runs={runs} selected={selected} />
          <div className="runs-main">
            {run ? (
              <RunView run={run} />
            ) : (
              <div className="empty-state">{loaded ? <p>Select a run.</p> : <p>Loading runs…</p>}</div>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
