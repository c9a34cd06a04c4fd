import { useEffect, useState } from 'react';
import type { DeliveryFilter } from '../../store/dispatch-slice';

const SINCE = [
  { label: 'Any time', ms: 0 },
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 24 hours', ms: 86_400_000 },
  { label: 'Last 7 days', ms: 7 * 86_400_000 },
  { label: 'A time…', ms: -1 },
];

/** A time as the value of a datetime-local field (local time, to the second). */
const localValue = (ms: number): string => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 19);
};

/** The delivery log's finer filters: the answer's status, a time window, text in the bodies, and the order. */
export function DeliveryLogFilters({
  filter,
  setFilter,
}: {
  filter: DeliveryFilter;
  setFilter(f: DeliveryFilter): void;
}) {
  const [text, setText] = useState(filter.text ?? '');
  const [sinceWindow, setSinceWindow] = useState(0);
  useEffect(() => setText(filter.text ?? ''), [filter.text]);
  useEffect(() => {
    if (filter.since === undefined) setSinceWindow(0);
  }, [filter.since]);
  useEffect(() => {
    const t = setTimeout(() => {
      if ((filter.text ?? '') !== text.trim()) setFilter({ ...filter, text: text.trim() || undefined });
    }, 350);
    return () => clearTimeout(t);
  }, [text, filter, setFilter]);
  const answer = filter.responseStatus === undefined ? '' : String(filter.responseStatus);
  return (
    <>
      <label className="dl-filter">
        <span>Answer</span>
        <select
          aria-label="Answer"
          value={answer}
          onChange={(e) => {
            const v = e.target.value;
            setFilter({
              ...filter,
              responseStatus:
                v === '' ? undefined : /^\d+$/.test(v) ? Number(v) : (v as DeliveryFilter['responseStatus']),
            });
          }}
        >
          <option value="">Any answer</option>
          <option value="2xx">2xx</option>
          <option value="3xx">3xx</option>
          <option value="4xx">4xx</option>
          <option value="5xx">5xx</option>
          <option value="none">No answer</option>
        </select>
      </label>
      <label className="dl-filter">
        <span>Since</span>
        <select
          aria-label="Since"
          value={sinceWindow}
          onChange={(e) => {
            const ms = Number(e.target.value);
            setSinceWindow(ms);
            // "A time…": from the start of this hour until the user picks one.
            if (ms === -1) setFilter({ ...filter, since: filter.since ?? Date.now() - (Date.now() % 3_600_000) });
            else setFilter({ ...filter, since: ms ? Date.now() - ms : undefined });
          }}
        >
          {SINCE.map((s) => (
            <option key={s.ms} value={s.ms}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      {sinceWindow === -1 && (
        <label className="dl-filter">
          <span className="sr-only">Since the time</span>
          <input
            type="datetime-local"
            step={1}
            aria-label="Since the time"
            style={{ minWidth: 200 }}
            value={filter.since !== undefined ? localValue(filter.since) : ''}
            onChange={(e) => {
              const ms = new Date(e.target.value).getTime();
              if (Number.isFinite(ms)) setFilter({ ...filter, since: ms });
            }}
          />
        </label>
      )}
      <label className="dl-filter">
        <span>Search</span>
        <input
          aria-label="Search payloads and answers"
          placeholder="Text in payload or answer"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <label className="dl-filter">
        <span>Order</span>
        <select
          aria-label="Order"
          value={filter.sort ?? 'time'}
          onChange={(e) =>
            setFilter({ ...filter, sort: e.target.value === 'duration' ? 'duration' : undefined })
          }
        >
          <option value="time">Newest first</option>
          <option value="duration">Slowest first</option>
        </select>
      </label>
    </>
  );
}
