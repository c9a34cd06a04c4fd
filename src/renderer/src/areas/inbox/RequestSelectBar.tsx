import { useEffect } from 'react';
import { Repeat, Trash2, X } from 'lucide-react';
import { useShallow } from 'zustand/react/shallow';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { useStore } from '../../store';
import { activeQuery } from '../../store/inbox-slice';
import { exportCollection, ExportMenu, useBulkJob } from '../../components/BulkActions';
import { confirmDestructive } from '../../components/confirm';
import { exportRequests } from './RequestPane';
import { useRequestSelection } from './request-selection';
import './request-select.css';

/** The most requests one export file carries (the newest ones). */
const EXPORT_MAX = 10_000;
/** The most requests one delete of "all matching" removes. */
const DELETE_MAX = 1_000_000;

const plural = (n: number) => `${n.toLocaleString()} request${n === 1 ? '' : 's'}`;

/** The "select all loaded" tick at the start of the list bar. */
export function SelectAllTick() {
  const ids = useStore(useShallow((s) => s.requests.map((r) => r.id)));
  const { checked, allMatching } = useRequestSelection();
  const all = allMatching || (ids.length > 0 && ids.every((id) => checked.has(id)));
  const some = !all && checked.size > 0;
  return (
    <input
      type="checkbox"
      className="req-select-all"
      aria-label="Select all loaded requests"
      checked={all}
      ref={(el) => {
        if (el) el.indeterminate = some;
      }}
      disabled={!ids.length}
      onChange={(e) => useRequestSelection.getState().set(e.target.checked ? ids : [])}
    />
  );
}

/**
 * Deletes the ticked requests, or every request matching the filter ("Select all N matching"),
 * after a confirmation that says how many. The select bar's Delete and the list's Delete key.
 */
export async function deleteTicked(setBusy: (busy: boolean) => void = () => undefined): Promise<void> {
  const { inboxSlug: slug, requestQuery: query, requestsTotal: total } = useStore.getState();
  const sel = useRequestSelection.getState();
  const { checked, allMatching } = sel;
  const count = allMatching ? total : checked.size;
  if (!slug || count === 0) return;
  const filtered = activeQuery(query) !== undefined;
  const what = allMatching
    ? `all ${plural(total)}${filtered ? ' matching the filters' : ''} of /${slug}/`
    : `the ${plural(count)} selected`;
  if (!(await confirmDestructive(`Delete ${what}? This cannot be undone.`, `Delete ${count.toLocaleString()}`)))
    return;
  const { notify, loadRequests, deleteRequests } = useStore.getState();
  setBusy(true);
  try {
    if (allMatching) {
      const r = await api.requests.deleteMatching({ inbox: slug, query: activeQuery(query), limit: DELETE_MAX });
      notify('success', `Deleted ${plural(r.deleted)} from /${slug}/.`);
      await loadRequests();
    } else {
      await deleteRequests([...checked]);
      notify('success', `Deleted ${plural(count)}.`);
    }
    sel.clear();
  } catch (err) {
    notify('error', `Could not delete: ${errorMessage(err)}`);
  } finally {
    setBusy(false);
  }
}

/**
 * Bulk actions over the ticked requests, or over every request matching the filter on the server
 * ("Select all N matching"): export (HAR or JSON), replay, delete. Shown while something is ticked.
 */
export function RequestSelectBar() {
  const slug = useStore((s) => s.inboxSlug);
  const query = useStore(useShallow((s) => s.requestQuery));
  const total = useStore((s) => s.requestsTotal);
  const ids = useStore(useShallow((s) => s.requests.map((r) => r.id)));
  const { checked, allMatching } = useRequestSelection();
  const { busy, setBusy, run } = useBulkJob();

  // A new inbox or filter is a new set to choose from; rows that went are no longer ticked.
  const queryKey = JSON.stringify(activeQuery(query) ?? {});
  useEffect(() => useRequestSelection.getState().clear(), [slug, queryKey]);
  useEffect(() => useRequestSelection.getState().keepOnly(ids), [ids]);

  const count = allMatching ? total : checked.size;
  if (!slug || count === 0) return null;
  const filtered = activeQuery(query) !== undefined;
  const what = allMatching
    ? `all ${plural(total)}${filtered ? ' matching the filters' : ''} of /${slug}/`
    : `the ${plural(count)} selected`;
  const sel = useRequestSelection.getState();
  const allLoaded = ids.length > 0 && ids.every((id) => checked.has(id));
  const remove = () => deleteTicked(setBusy);
  const howMany = count > EXPORT_MAX ? `Newest ${EXPORT_MAX.toLocaleString()}` : plural(count);

  const exportAs = async (format: 'har' | 'json') => {
    setBusy(true);
    try {
      await exportRequests(
        allMatching ? { inbox: slug, query: activeQuery(query) } : { ids: [...checked].slice(0, EXPORT_MAX) },
        format,
      );
    } finally {
      setBusy(false);
    }
  };

  const exportAsCollection = () =>
    run(
      () =>
        exportCollection(
          {
            source: allMatching
              ? { type: 'requests', inbox: slug, query: activeQuery(query), limit: Math.min(Math.max(total, 1), 100_000) }
              : { type: 'requests', ids: [...checked].sort((a, b) => a - b) },
            name: slug,
          },
          plural,
        ),
      'Could not export',
    );

  const replay = () =>
    useStore.getState().openReplay({
      source: allMatching
        ? { type: 'requests', inbox: slug, query: activeQuery(query), limit: Math.min(Math.max(total, 1), 100_000) }
        : { type: 'requests', ids: [...checked].sort((a, b) => a - b) },
      label: what,
      hasEndpoints: false,
    });

  return (
    <div className="req-select-bar" role="region" aria-label="Selected requests">
      <span className="req-select-info">
        <span className="small" data-testid="request-selection">
          <strong>{count.toLocaleString()}</strong> {allMatching ? (filtered ? 'matching, all selected' : 'all selected') : 'selected'}
        </span>
        {!allMatching && allLoaded && total > ids.length && (
          <button type="button" className="button ghost small" onClick={() => sel.set([], true)}>
            Select all {total.toLocaleString()}
            {filtered ? ' matching' : ''}
          </button>
        )}
      </span>
      <span className="req-select-actions">
        <ExportMenu
          busy={busy}
          items={[
            { label: `${howMany} as HAR`, onSelect: () => void exportAs('har') },
            { label: `${howMany} as JSON`, onSelect: () => void exportAs('json') },
            { label: 'As a collection (.hookbench.json)', onSelect: () => void exportAsCollection() },
          ]}
        />
        <button type="button" className="button ghost small" disabled={busy} onClick={replay}>
          <Repeat size={13} /> Replay…
        </button>
        <button type="button" className="button ghost small danger" disabled={busy} onClick={() => void remove()}>
          <Trash2 size={13} /> Delete…
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Clear the selection"
          title="Clear the selection (Esc)"
          onClick={() => sel.clear()}
        >
          <X size={14} />
        </button>
      </span>
    </div>
  );
}
