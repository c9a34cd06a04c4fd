import type { RequestDetail } from '../../../../../shared/receiver-requests';
import { CopyButton } from '../../../components/controls';
import { queryParams } from '../request-format';

/** The query string as a table: names, decoded values, repeats (like the form-body table). */
export function QueryTab({ r }: { r: RequestDetail }) {
  const params = queryParams(r.query);
  if (params.length === 0) return <p className="muted">This request has no query string.</p>;
  return (
    <div className="query-tab">
      <p className="small muted">
        {params.length} parameter{params.length === 1 ? '' : 's'}, decoded (“+” is a space). The query as sent:{' '}
        <span className="mono break">?{r.query}</span> <CopyButton text={`?${r.query}`} label="Copy the query string" />
      </p>
      <table className="table headers-table" aria-label="Query parameters">
        <thead>
          <tr>
            <th>Name</th>
            <th>Value</th>
          </tr>
        </thead>
        <tbody>
          {params.map((p, i) => (
            <tr key={i}>
              <td className="mono header-name">
                {p.name || <span className="faint">(empty name)</span>}
                {p.of > 1 && (
                  <span className="badge badge-muted" title={`"${p.name}" appears ${p.of} times`}>
                    {p.occurrence} of {p.of}
                  </span>
                )}
              </td>
              <td className="mono break header-value">
                {p.value === '' ? <span className="faint">(empty)</span> : p.value}
                {p.raw !== p.value && p.raw !== '' && <div className="faint small">as sent: {p.raw}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
