import { useMemo } from 'react';
import { CopyButton } from '../../../components/controls';

/** Headers in arrival order, original case; repeated names are marked. */
export function HeadersTable({ headers, compact }: { headers: [string, string][]; compact?: boolean }) {
  const repeated = useMemo(() => {
    const counts = new Map<string, number>();
    headers.forEach(([k]) => counts.set(k.toLowerCase(), (counts.get(k.toLowerCase()) ?? 0) + 1));
    return counts;
  }, [headers]);
  if (!headers.length) return <p className="muted small">No headers.</p>;
  return (
    <table className={`table headers-table ${compact ? 'compact' : ''}`} aria-label="Headers">
      {!compact && (
        <thead>
          <tr>
            <th style={{ width: 36 }}>#</th>
            <th>Name</th>
            <th>Value</th>
            <th style={{ width: 36 }} aria-label="Copy" />
          </tr>
        </thead>
      )}
      <tbody>
        {headers.map(([k, v], i) => (
          <tr key={i}>
            {!compact && <td className="faint mono">{i + 1}</td>}
            <td className="mono header-name">
              {k}
              {(repeated.get(k.toLowerCase()) ?? 0) > 1 && (
                <span className="badge badge-accent" title="This header appears more than once">
                  ×{repeated.get(k.toLowerCase())}
                </span>
              )}
            </td>
            <td className="mono break header-value">{v}</td>
            {!compact && (
              <td>
                <CopyButton text={v} label={`Copy ${k}`} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HeadersTab({ headers }: { headers: [string, string][] }) {
  const asText = headers.map(([k, v]) => `${k}: ${v}`).join('\n');
  return (
    <div className="headers-tab">
      <div className="tab-toolbar">
        <span className="small muted">{headers.length} headers, in the order and case they arrived</span>
        <span className="spacer" />
        <CopyButton text={asText} label="Copy all headers" />
      </div>
      <HeadersTable headers={headers} />
    </div>
  );
}
