import { useEffect, useState } from 'react';
import { Download, Pause, Play, Repeat, Square, Trash2 } from 'lucide-react';
import type { Run, RunItemDetail, RunItemSummary } from '../../../../shared/replay';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { formatTime } from '../../lib/format';
import { useStore } from '../../store';
import { ItemDiff } from './ItemDiff';
import { download, SIGNING_TEXT, STATUS_TONE, targetText, type Filter } from './run-format';
import { RunItems } from './RunItems';
import { Progress } from './RunProgress';
import './run-view.css';

const PAGE = 200;

/** One run: what it replayed and where, its counts, its items and the diff of the item picked. */
export function RunView({ run }: { run: Run }) {
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
        <RunItems items={items} matching={matching} filter={filter} picked={picked} setPicked={setPicked} />
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
