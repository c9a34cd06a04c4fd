import { Ban, Repeat, Trash2, X } from 'lucide-react';
import type { DeliveryFilter as LogFilter } from '../../../../shared/delivery-filter';
import type { DeliveryFilter } from '../../store/dispatch-slice';
import { api } from '../../lib/api';
import { useStore } from '../../store';
import { exportCollection, ExportMenu, useBulkJob } from '../../components/BulkActions';
import { confirmDestructive } from '../../components/confirm';
import { downloadText } from '../../lib/download';

/** The most deliveries one export file carries (the newest ones). */
const EXPORT_MAX = 10_000;
/** The most deliveries one "all matching" cancel or delete works on. */
const BULK_MAX = 1_000_000;

/** The log's filter in the contract's words (a bulk action or a run source over "all matching"). */
export function logFilter(filter: DeliveryFilter): LogFilter {
  return {
    ...(filter.status ? { statuses: [filter.status] } : {}),
    ...(filter.endpointId ? { endpointId: filter.endpointId } : {}),
    ...(filter.topic ? { topic: filter.topic } : {}),
    ...(filter.eventId ? { eventId: filter.eventId } : {}),
    ...(filter.responseStatus !== undefined ? { responseStatus: filter.responseStatus } : {}),
    ...(filter.since !== undefined ? { since: filter.since } : {}),
    ...(filter.text ? { text: filter.text } : {}),
  };
}

const plural = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'delivery' : 'deliveries'}`;

/**
 * Multi-select over the delivery list: the ticked rows, or every delivery matching the filters
 * (server-side, not only the loaded rows), for a replay run, cancel, delete or export.
 */
export function DeliverySelectBar(props: {
  checked: Set<string>;
  allMatching: boolean;
  loaded: string[];
  total: number;
  filter: DeliveryFilter;
  onChange(checked: Set<string>, allMatching: boolean): void;
}) {
  const { checked, allMatching, loaded, total, filter } = props;
  const { busy, run } = useBulkJob();
  const count = allMatching ? total : checked.size;
  const allLoaded = loaded.length > 0 && loaded.every((id) => checked.has(id));
  const filtered = Object.keys(logFilter(filter)).length > 0;
  const what = allMatching
    ? `all ${plural(total)}${filtered ? ' matching the filters' : ''}`
    : `the ${plural(count)} selected`;
  const selection = (limit: number) =>
    allMatching ? { filter: logFilter(filter), limit } : { ids: [...checked].slice(0, limit) };

  const replay = () => {
    const source = allMatching
      ? { type: 'deliveries' as const, limit: Math.max(1, Math.min(total, 100_000)), filter: logFilter(filter) }
      : { type: 'deliveries' as const, ids: [...checked] };
    const label = allMatching
      ? `all ${total.toLocaleString()} matching deliveries`
      : `${count.toLocaleString()} selected ${count === 1 ? 'delivery' : 'deliveries'}`;
    useStore.getState().openReplay({ source, label, hasEndpoints: true });
  };

  const cancel = async () => {
    if (!(await confirmDestructive(`Cancel ${what}? Only pending and retrying ones are stopped; they are not sent again.`, 'Cancel deliveries')))
      return;
    await run(async () => {
      const r = await api.deliveries.cancelMany(selection(BULK_MAX));
      props.onChange(new Set(), false);
      void useStore.getState().loadDeliveries();
      return `Cancelled ${plural(r.cancelled)}${r.skipped ? `; ${r.skipped.toLocaleString()} had already finished` : ''}.`;
    }, 'Could not cancel');
  };

  const remove = async () => {
    if (
      !(await confirmDestructive(
        `Delete ${what} with their attempts? Pending and retrying ones are kept (cancel them first). This cannot be undone.`,
        `Delete ${count.toLocaleString()}`,
      ))
    )
      return;
    await run(async () => {
      const r = await api.deliveries.deleteMany(selection(BULK_MAX));
      props.onChange(new Set(), false);
      void useStore.getState().loadDeliveries();
      return `Deleted ${plural(r.deleted)}${r.skipped ? `; kept ${r.skipped.toLocaleString()} still pending or retrying` : ''}.`;
    }, 'Could not delete');
  };

  const exportJson = () =>
    run(async () => {
      const f = await api.deliveries.export(selection(EXPORT_MAX));
      downloadText(f.filename, f.mimeType, f.content);
      return `Exported ${plural(f.count)} as JSON${count > EXPORT_MAX ? ` (the newest ${EXPORT_MAX.toLocaleString()})` : ''}.`;
    }, 'Could not export');

  const exportAsCollection = () =>
    run(
      () =>
        exportCollection(
          {
            source: allMatching
              ? { type: 'deliveries', filter: logFilter(filter), limit: Math.max(1, Math.min(total, 100_000)) }
              : { type: 'deliveries', ids: [...checked] },
          },
          plural,
        ),
      'Could not export',
    );

  return (
    <div className="dl-select-bar" aria-label="Selection">
      <input
        type="checkbox"
        className="dl-check"
        aria-label="Select all loaded deliveries"
        checked={allMatching || allLoaded}
        onChange={(e) => props.onChange(e.target.checked ? new Set(loaded) : new Set(), false)}
      />
      <span className="muted" data-testid="delivery-selection">
        {count ? `${count.toLocaleString()} selected` : 'Tick deliveries for bulk actions'}
      </span>
      {count > 0 && (
        <button
          type="button"
          className="icon-button"
          aria-label="Clear the selection"
          title="Clear the selection"
          onClick={() => props.onChange(new Set(), false)}
        >
          <X size={14} />
        </button>
      )}
      {!allMatching && ((allLoaded && total > loaded.length) || (count === 0 && total > 0)) && (
        <button type="button" className="button small ghost" onClick={() => props.onChange(new Set(), true)}>
          Select all {total.toLocaleString()} matching
        </button>
      )}
      {count > 0 && (
        <span className="dl-select-actions">
          <ExportMenu
            busy={busy}
            items={[
              { label: 'As JSON, with every attempt', onSelect: () => void exportJson() },
              { label: 'As a collection (.hookbench.json)', onSelect: () => void exportAsCollection() },
            ]}
          />
          <button type="button" className="button small ghost" disabled={busy} onClick={() => void cancel()}>
            <Ban size={13} /> Cancel…
          </button>
          <button type="button" className="button small ghost danger" disabled={busy} onClick={() => void remove()}>
            <Trash2 size={13} /> Delete…
          </button>
          <button type="button" className="button small primary" disabled={busy} onClick={replay}>
            <Repeat size={13} /> Replay {count.toLocaleString()}…
          </button>
        </span>
      )}
    </div>
  );
}
