import type { Run } from '../../../../shared/replay';
import { formatTime } from '../../lib/format';
import { useStore } from '../../store';
import { STATUS_TONE } from './run-format';
import { Progress } from './RunProgress';

/** The runs, newest first, on the left of the Runs screen. */
export function RunList({ runs, selected }: { runs: Run[]; selected: string | null }) {
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
