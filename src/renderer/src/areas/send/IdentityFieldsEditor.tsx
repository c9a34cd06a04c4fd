import { Plus, Trash2 } from 'lucide-react';
import {
  FORMAT_LABELS,
  IDENTITY_FIELDS_MAX,
  IdentityRole,
  ROLE_LABELS,
  checkIdentityFields,
  formatsForRole,
  type IdentityField,
} from '../../../../shared/identity';

const DEFAULT_FORMAT: Record<IdentityField['role'], IdentityField['format']> = {
  'event.id': 'uuid',
  'event.time': 'iso8601',
  'delivery.id': 'uuid',
  'endpoint.id': 'uuid',
  'attempt.id': 'uuid',
  'attempt.number': 'integer',
  'attempt.time': 'epoch-s',
};

/**
 * Marks which fields of a custom event's sample (or which headers) carry its event id, time,
 * delivery id, attempt id / number or endpoint id, so sends fill them afresh like the products do.
 */
export function IdentityFieldsEditor(props: {
  value: IdentityField[];
  onChange(next: IdentityField[]): void;
  sample: string;
  format: 'json' | 'xml';
}) {
  const { value, onChange } = props;
  const problems = checkIdentityFields(value, props.sample, props.format);
  const problemOf = (i: number) => problems.find((p) => p.index === i)?.message;
  const set = (i: number, patch: Partial<IdentityField>) =>
    onChange(value.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <div className="field identity-fields">
      <span>Identity and time fields</span>
      <p className="muted small">
        Fields filled afresh when sent instead of the sample’s fixed values: event fields once per send (the
        same for every endpoint and retry, so consumers can deduplicate), delivery fields per delivery,
        attempt fields on every attempt.
      </p>
      {value.length > 0 && (
        <table className="identity-table">
          <thead>
            <tr>
              <th>In</th>
              <th>Field path or header</th>
              <th>Value</th>
              <th>Format</th>
              <th aria-label="Remove" />
            </tr>
          </thead>
          <tbody>
            {value.map((f, i) => {
              const problem = problemOf(i);
              return (
                <tr key={i}>
                  <td>
                    <select
                      aria-label={`Field ${i + 1} place`}
                      value={f.in}
                      onChange={(e) => set(i, { in: e.target.value as IdentityField['in'] })}
                    >
                      <option value="body">Body</option>
                      <option value="header">Header</option>
                    </select>
                  </td>
                  <td>
                    <input
                      className="mono"
                      aria-label={`Field ${i + 1} path`}
                      aria-invalid={!!problem}
                      value={f.path}
                      placeholder={f.in === 'body' ? 'meta.eventId' : 'X-Event-Id'}
                      onChange={(e) => set(i, { path: e.target.value })}
                    />
                    {problem && <div className="field-error">{problem}</div>}
                  </td>
                  <td>
                    <select
                      aria-label={`Field ${i + 1} value`}
                      value={f.role}
                      onChange={(e) => {
                        const role = e.target.value as IdentityField['role'];
                        set(i, {
                          role,
                          format: formatsForRole(role).includes(f.format) ? f.format : DEFAULT_FORMAT[role],
                        });
                      }}
                    >
                      {IdentityRole.options.map((r) => (
                        <option key={r} value={r}>
                          {ROLE_LABELS[r]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select
                      aria-label={`Field ${i + 1} format`}
                      value={f.format}
                      onChange={(e) => set(i, { format: e.target.value as IdentityField['format'] })}
                    >
                      {formatsForRole(f.role).map((fm) => (
                        <option key={fm} value={fm}>
                          {FORMAT_LABELS[fm]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Remove field ${i + 1}`}
                      onClick={() => onChange(value.filter((_, j) => j !== i))}
                    >
                      <Trash2 size={14} />
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div>
        <button
          type="button"
          className="button small"
          disabled={value.length >= IDENTITY_FIELDS_MAX}
          onClick={() =>
            onChange([
              ...value,
              { in: props.format === 'xml' ? 'header' : 'body', path: '', role: 'event.id', format: 'uuid' },
            ])
          }
        >
          <Plus size={14} /> Mark a field
        </button>
      </div>
    </div>
  );
}

/** Whether the marked fields can be saved: every path filled and fitting the sample. */
export const identityProblem = (
  value: IdentityField[],
  sample: string,
  format: 'json' | 'xml',
): string | null => {
  const empty = value.findIndex((f) => !f.path.trim());
  if (empty >= 0) return `Identity field ${empty + 1}: enter a field path or header name, or remove it.`;
  const problems = checkIdentityFields(value, sample, format);
  return problems.length ? `Identity field ${problems[0].index + 1}: ${problems[0].message}` : null;
};
