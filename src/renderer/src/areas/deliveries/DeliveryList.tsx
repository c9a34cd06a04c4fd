import { useRef } from 'react';
import { Check } from 'lucide-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Delivery } from '../../../../shared/dispatcher-deliveries';
import { formatDuration, formatTime } from '../../lib/format';
import { useStore } from '../../store';
import { KIND_LABEL, STATUS_LABEL, STATUS_TONE, untilText } from './delivery-format';
import './delivery-select.css';

/** The delivery timeline, newest first, virtualized. */
export function DeliveryList(props: {
  items: Delivery[];
  selected: string | null;
  onSelect(id: string): void;
  onMore?(): void;
  /** Checkboxes for multi-select (replay). */
  checked?: Set<string>;
  onCheck?(id: string, on: boolean, range?: boolean): void;
}) {
  const timeFormat = useStore((s) => s.settings?.timeFormat);
  const parent = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render only
  const rows = useVirtualizer({
    count: props.items.length + (props.onMore ? 1 : 0),
    getScrollElement: () => parent.current,
    estimateSize: () => 62,
    overscan: 8,
  });
  const hasSelected = props.items.some((d) => d.id === props.selected);
  return (
    <div className="dl-scroll" ref={parent} role="listbox" aria-label="Deliveries">
      <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
        {rows.getVirtualItems().map((v) => {
          if (v.index >= props.items.length)
            return (
              <div
                key="more"
                className="dl-more"
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  transform: `translateY(${v.start}px)`,
                }}
              >
                <button type="button" className="button small" onClick={props.onMore}>
                  Load older deliveries
                </button>
              </div>
            );
          const d = props.items[v.index];
          const sel = d.id === props.selected;
          const ticked = props.checked?.has(d.id) ?? false;
          return (
            <div
              key={d.id}
              role="option"
              aria-selected={sel}
              // One Tab stop for the list (the selected row, else the first); arrows move within it.
              tabIndex={sel || (v.index === 0 && !hasSelected) ? 0 : -1}
              className={`dl-row ${sel ? 'selected' : ''} ${props.onCheck ? 'checkable' : ''}`}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: v.size,
                transform: `translateY(${v.start}px)`,
              }}
              onMouseDown={(e) => {
                // A Shift range is a selection of rows, not of text.
                if (e.shiftKey && props.onCheck) e.preventDefault();
              }}
              onClick={(e) => {
                // Ctrl/Cmd-click ticks a row, Shift-click ticks the range from the last tick.
                if (props.onCheck && (e.ctrlKey || e.metaKey || e.shiftKey)) {
                  e.preventDefault();
                  props.onCheck(d.id, e.shiftKey ? true : !ticked, e.shiftKey);
                } else props.onSelect(d.id);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') props.onSelect(d.id);
                if (e.key === ' ' && props.onCheck) {
                  e.preventDefault();
                  props.onCheck(d.id, !ticked, e.shiftKey);
                }
                if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                  e.preventDefault();
                  const next = props.items[v.index + (e.key === 'ArrowDown' ? 1 : -1)];
                  if (next) {
                    props.onSelect(next.id);
                    (
                      e.currentTarget.parentElement?.querySelector(
                        `[data-id="${next.id}"]`,
                      ) as HTMLElement | null
                    )?.focus();
                  }
                }
              }}
              data-id={d.id}
            >
              {props.onCheck && (
                // Not a nested control (a listbox option may hold none): a tick the pointer toggles;
                // the keyboard toggles it with Space on the row, and the row's name says so.
                <span
                  aria-hidden="true"
                  className={`dl-check ${ticked ? 'on' : ''}`}
                  title={ticked ? 'Untick' : 'Tick for replay'}
                  onClick={(e) => {
                    e.stopPropagation();
                    props.onCheck!(d.id, !ticked, e.shiftKey);
                  }}
                >
                  {ticked && <Check size={11} strokeWidth={3} />}
                </span>
              )}
              {ticked && <span className="sr-only">Ticked. </span>}
              <span className={`status-dot ${STATUS_TONE[d.status]}`} aria-hidden="true" />
              <div className="dl-main">
                <div className="dl-line">
                  <span className="mono dl-topic">{d.topic}</span>
                  {d.kind !== 'event' && <span className="badge">{KIND_LABEL[d.kind]}</span>}
                  <span className="dl-time faint small">{formatTime(d.createdAt, timeFormat)}</span>
                </div>
                <div className="dl-line small">
                  <span className="dl-endpoint muted">
                    <span className="sr-only">to </span>
                    {d.endpointName}
                  </span>
                  <span className="dl-facts">
                    {/* The status in words, not only the dot's colour. */}
                    <span className={`dl-state ${d.status}`}>{STATUS_LABEL[d.status]}</span>
                    {d.lastStatus !== null ? (
                      <span className={`dl-code ${d.lastStatus >= 200 && d.lastStatus < 300 ? 'ok' : 'bad'}`}>
                        {d.lastStatus}
                      </span>
                    ) : d.lastError ? (
                      <span className="dl-code bad">error</span>
                    ) : null}
                    {d.durationMs !== null && <span className="faint">{formatDuration(d.durationMs)}</span>}
                    <span className="faint">
                      {d.attempts}/{d.maxAttempts}
                    </span>
                    {d.status === 'retrying' && d.nextAttemptAt && (
                      <span className="dl-next">next {untilText(d.nextAttemptAt)}</span>
                    )}
                  </span>
                </div>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
