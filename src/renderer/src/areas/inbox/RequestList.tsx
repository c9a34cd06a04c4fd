import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Check, Copy as CopyIcon, CornerUpRight } from 'lucide-react';
import type { RequestItem } from '../../../../shared/receiver-requests';
import { formatBytes, formatTime, type TimeFormat } from '../../lib/format';
import { useStore } from '../../store';
import { confirmDestructive } from '../../components/confirm';
import { MethodBadge, repeatKind, SignatureBadge, StatusBadge } from './badges';
import { useNow } from './use-now';
import { useRequestSelection } from './request-selection';
import { deleteTicked } from './RequestSelectBar';

const ROW = 58;

export function RequestList() {
  const requests = useStore((s) => s.requests);
  // The answer each loaded request got, to tell a sender's retry from a real duplicate.
  const answered = useMemo(() => new Map(requests.map((r) => [r.id, r.answer.status])), [requests]);
  const selected = useStore((s) => s.selectedRequestId);
  const hasMore = useStore((s) => s.requestsNext !== null);
  const loading = useStore((s) => s.requestsLoading);
  const timeFormat = useStore((s) => s.settings?.timeFormat ?? 'relative');
  const select = useStore((s) => s.selectRequest);
  const now = useNow(timeFormat === 'relative' ? 10_000 : null);
  const scroller = useRef<HTMLDivElement>(null);
  const checked = useRequestSelection((s) => s.checked);
  const allMatching = useRequestSelection((s) => s.allMatching);
  const tick = useCallback((id: number, on: boolean, range: boolean) => {
    useRequestSelection.getState().tick(id, on, range, useStore.getState().requests.map((r) => r.id));
  }, []);

  // eslint-disable-next-line react-hooks/incompatible-library -- the list re-renders with the store anyway
  const virtual = useVirtualizer({
    count: requests.length + (hasMore ? 1 : 0),
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 12,
    getItemKey: (i) => requests[i]?.id ?? 'more',
  });
  const items = virtual.getVirtualItems();

  // Keyset pagination: fetch the next page when the loader row scrolls into view.
  const last = items[items.length - 1];
  useEffect(() => {
    if (last && last.index >= requests.length - 1 && hasMore && !loading)
      void useStore.getState().loadMoreRequests();
  }, [last?.index, requests.length, hasMore, loading]); // eslint-disable-line react-hooks/exhaustive-deps

  // New requests arrive on top: keep what the user is looking at in place unless they are at the top.
  const topId = requests[0]?.id;
  const prevTop = useRef<{ id: number | undefined }>({ id: topId });
  useLayoutEffect(() => {
    const el = scroller.current;
    const prev = prevTop.current;
    if (el && prev.id !== undefined && topId !== undefined && topId > prev.id && el.scrollTop > 0) {
      const added = requests.findIndex((r) => r.id === prev.id);
      if (added > 0) el.scrollTop += added * ROW;
    }
    prevTop.current = { id: topId };
  }, [topId, requests]);

  const move = useCallback(
    (delta: number) => {
      const list = useStore.getState().requests;
      if (!list.length) return;
      const cur = list.findIndex((r) => r.id === useStore.getState().selectedRequestId);
      const next = Math.max(0, Math.min(list.length - 1, cur === -1 ? 0 : cur + delta));
      select(list[next].id);
      virtual.scrollToIndex(next, { align: 'auto' });
    },
    [select, virtual],
  );

  const onKeyDown = async (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'j') move(1);
    else if (e.key === 'ArrowUp' || e.key === 'k') move(-1);
    else if (e.key === 'PageDown') move(10);
    else if (e.key === 'PageUp') move(-10);
    else if (e.key === 'Home') move(-Infinity);
    else if (e.key === 'End') {
      // The real last request, not the last loaded page: load the rest first.
      e.preventDefault();
      move(Infinity);
      if (useStore.getState().requestsNext !== null) {
        const all = await useStore.getState().loadAllRequests();
        if (all || useStore.getState().requestsNext !== null) move(Infinity);
      }
      return;
    } else if (e.key === ' ' && selected !== null) {
      const on = !(allMatching || checked.has(selected));
      tick(selected, on, e.shiftKey);
    } else if ((e.key === 'a' || e.key === 'A') && (e.ctrlKey || e.metaKey)) {
      useRequestSelection.getState().set(useStore.getState().requests.map((r) => r.id));
    } else if (e.key === 'Escape' && (checked.size || allMatching)) {
      useRequestSelection.getState().clear();
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && (checked.size || allMatching)) {
      // With rows ticked, Delete is the bar's Delete: the ticked ones, never the row under focus.
      e.preventDefault();
      await deleteTicked();
      return;
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && selected !== null) {
      e.preventDefault();
      if (await confirmDestructive(`Delete request #${useStore.getState().requests.find((x) => x.id === selected)?.number ?? selected}?`))
        void useStore.getState().deleteRequests([selected]);
      return;
    } else return;
    e.preventDefault();
  };

  return (
    <div
      ref={scroller}
      className="request-list"
      role="listbox"
      aria-label="Captured requests"
      tabIndex={0}
      aria-activedescendant={selected !== null ? `req-${selected}` : undefined}
      onKeyDown={(e) => void onKeyDown(e)}
    >
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {items.map((v) => {
          const r = requests[v.index];
          return (
            <div key={v.key} className="vrow" style={{ transform: `translateY(${v.start}px)`, height: ROW }}>
              {r ? (
                <Row
                  item={r}
                  active={r.id === selected}
                  timeFormat={timeFormat}
                  now={now}
                  onSelect={select}
                  ticked={allMatching || checked.has(r.id)}
                  onTick={tick}
                  earlierStatus={r.duplicateOf !== null ? answered.get(r.duplicateOf) : undefined}
                />
              ) : (
                <div className="row-loading muted small">Loading older requests…</div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

const Row = memo(function Row(props: {
  item: RequestItem;
  active: boolean;
  timeFormat: TimeFormat;
  now: number;
  onSelect(id: number): void;
  /** Ticked for a bulk action (delete, export, replay). */
  ticked: boolean;
  onTick(id: number, on: boolean, range: boolean): void;
  /** The answer status of the request this one repeats (undefined: not loaded). */
  earlierStatus?: number | null;
}) {
  const r = props.item;
  const target = r.path + (r.query ? `?${r.query}` : '');
  return (
    <div
      id={`req-${r.id}`}
      role="option"
      aria-selected={props.active}
      className={`req-row req-checkable ${props.active ? 'active' : ''} ${props.ticked ? 'ticked' : ''}`}
      onMouseDown={(e) => {
        // A Shift range is a selection of rows, not of text.
        if (e.shiftKey) e.preventDefault();
      }}
      onClick={(e) => {
        // Ctrl/Cmd-click ticks a row, Shift-click ticks the range from the last tick.
        if (e.ctrlKey || e.metaKey || e.shiftKey) {
          e.preventDefault();
          props.onTick(r.id, e.shiftKey ? true : !props.ticked, e.shiftKey);
        } else props.onSelect(r.id);
      }}
    >
      {/* Not a nested control (a listbox option may hold none): a tick the pointer toggles; the
          keyboard ticks the active row with Space, and the row's name says when it is ticked. */}
      <span
        aria-hidden="true"
        className={`req-tick ${props.ticked ? 'req-tick-on' : ''}`}
        title={props.ticked ? 'Untick' : 'Tick (Space; Shift-click for a range)'}
        onClick={(e) => {
          e.stopPropagation();
          props.onTick(r.id, !props.ticked, e.shiftKey);
        }}
      >
        {props.ticked && <Check size={11} strokeWidth={3} />}
      </span>
      {props.ticked && <span className="sr-only">Ticked. </span>}
      <div className="req-line">
        <MethodBadge method={r.method} />
        <span className="req-path mono" title={target}>
          {r.path}
          {r.query && <span className="faint">?{r.query}</span>}
        </span>
        <StatusBadge kind={r.answer.kind} status={r.answer.status} />
      </div>
      <div className="req-meta small">
        <span className="muted" title={new Date(r.receivedAt).toLocaleString()}>
          {formatTime(r.receivedAt, props.timeFormat, Math.max(props.now, r.receivedAt))}
        </span>
        <span className="faint">{formatBytes(r.bodySize)}</span>
        <SignatureBadge
          status={r.signature.status}
          scheme={r.signature.scheme}
          reason={r.signature.reason}
          compact
        />
        {r.duplicateOf !== null &&
          (repeatKind(props.earlierStatus) === 'retry' ? (
            <span
              className="badge badge-muted"
              title={`A retry: same delivery id as request #${r.duplicateOfNumber ?? r.duplicateOf}, which was not answered 2xx`}
            >
              <CopyIcon size={10} /> retry
            </span>
          ) : (
            <span className="badge badge-warn" title={`Same delivery id as request #${r.duplicateOfNumber ?? r.duplicateOf}`}>
              <CopyIcon size={10} /> dup
            </span>
          ))}
        {r.forward && (
          <span
            className={`badge ${r.forward.status !== null && r.forward.status < 400 ? 'badge-ok' : 'badge-err'}`}
            title={r.forward.error ?? 'Forwarded'}
          >
            <CornerUpRight size={10} /> {r.forward.status ?? 'failed'}
          </span>
        )}
        <span className="spacer" />
        <span className="faint mono" title={`Request ${r.number} of this inbox (id ${r.id})`}>
          #{r.number}
        </span>
      </div>
    </div>
  );
});
