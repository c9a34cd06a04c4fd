import { Repeat, X } from 'lucide-react';
import type { DeliveryFilter } from '../../store/dispatch-slice';
import { useStore } from '../../store';

/** Multi-select over the delivery list: the checked rows, or every delivery matching the filters, for a replay run. */
export function DeliverySelectBar(props: {
  checked: Set<string>;
  allMatching: boolean;
  loaded: string[];
  total: number;
  filter: DeliveryFilter;
  onChange(checked: Set<string>, allMatching: boolean): void;
}) {
  const { checked, allMatching, loaded, total, filter } = props;
  const count = allMatching ? total : checked.size;
  const allLoaded = loaded.length > 0 && loaded.every((id) => checked.has(id));
  const replay = () => {
    const source = allMatching
      ? {
          type: 'deliveries' as const,
          limit: Math.max(1, Math.min(total, 100_000)),
          filter: {
            ...(filter.status ? { statuses: [filter.status] } : {}),
            ...(filter.endpointId ? { endpointId: filter.endpointId } : {}),
            ...(filter.topic ? { topic: filter.topic } : {}),
            ...(filter.eventId ? { eventId: filter.eventId } : {}),
            ...(filter.responseStatus !== undefined ? { responseStatus: filter.responseStatus } : {}),
            ...(filter.since !== undefined ? { since: filter.since } : {}),
            ...(filter.text ? { text: filter.text } : {}),
          },
        }
      : { type: 'deliveries' as const, ids: [...checked] };
    const label = allMatching
      ? `all ${total.toLocaleString()} matching deliveries`
      : `${count} selected ${count === 1 ? 'delivery' : 'deliveries'}`;
    useStore.getState().openReplay({ source, label, hasEndpoints: true });
  };
  return (
    <div className="dl-select-bar" aria-label="Selection">
      <input
        type="checkbox"
        className="dl-check"
        aria-label="Select all loaded deliveries"
        checked={allMatching || allLoaded}
        onChange={(e) => props.onChange(e.target.checked ? new Set(loaded) : new Set(), false)}
      />
      <span className="muted">
        {count ? `${count.toLocaleString()} selected` : 'Select deliveries to replay them'}
      </span>
      {!allMatching && allLoaded && total > loaded.length && (
        <button type="button" className="button small ghost" onClick={() => props.onChange(checked, true)}>
          Select all {total.toLocaleString()} matching
        </button>
      )}
      {count === 0 && total > 0 && (
        <button type="button" className="button small ghost" onClick={() => props.onChange(new Set(), true)}>
          Select all {total.toLocaleString()} matching
        </button>
      )}
      <span className="grow" />
      {count > 0 && (
        <>
          <button
            type="button"
            className="button small ghost"
            onClick={() => props.onChange(new Set(), false)}
          >
            <X size={13} /> Clear
          </button>
          <button type="button" className="button small primary" onClick={replay}>
            <Repeat size={13} /> Replay {count.toLocaleString()}…
          </button>
        </>
      )}
    </div>
  );
}
