import type { ReactNode } from 'react';

/** One headline figure above a panel's charts. */
export function Kpi({ label, value, tone, hint }: { label: string; value: string; tone?: 'ok' | 'warn' | 'err'; hint?: string }) {
  return (
    <div className={`card ov-kpi${tone ? ` ov-kpi-${tone}` : ''}`} role="group" aria-label={label}>
      <div className="muted small">{label}</div>
      <div className="ov-kpi-value" data-kpi={label}>
        {value}
      </div>
      {hint && <div className="muted small">{hint}</div>}
    </div>
  );
}

/**
 * A titled table card of a panel (region named `label`), or `empty` when there are no rows.
 * Columns with `num` are right-aligned figures; `row` renders one <tr>.
 */
export function StatsTable<R>(props: {
  label: string;
  heading?: ReactNode;
  className?: string;
  columns: { title: string; num?: boolean }[];
  rows: R[];
  empty: string;
  row(r: R): ReactNode;
}) {
  return (
    <section className={`card ov-table${props.className ? ` ${props.className}` : ''}`} aria-label={props.label}>
      <h2>{props.heading ?? props.label}</h2>
      {props.rows.length === 0 ? (
        <p className="muted small">{props.empty}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              {props.columns.map((c) => (
                <th key={c.title} className={c.num ? 'num' : undefined}>
                  {c.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{props.rows.map(props.row)}</tbody>
        </table>
      )}
    </section>
  );
}
