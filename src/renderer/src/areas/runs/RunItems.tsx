import type { RunItemSummary } from '../../../../shared/replay';
import { formatDuration } from '../../lib/format';
import type { Filter } from './run-format';
import './run-items.css';

/** One run's items (the first page of those the filter matches), each with its verdict. */
export function RunItems({
  items,
  matching,
  filter,
  picked,
  setPicked,
}: {
  items: RunItemSummary[];
  matching: number;
  filter: Filter;
  picked: number | null;
  setPicked: (index: number) => void;
}) {
  return (
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
  );
}
