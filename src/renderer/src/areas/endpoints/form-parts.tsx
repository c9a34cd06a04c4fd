import type { ReactNode } from 'react';
import { Plus, Trash2 } from 'lucide-react';
import { Field as CaptionedField } from '../../components/Field';
import type { EndpointDraft, FieldErrors } from './endpoint-form';

/** A labelled control with its hint or error underneath. */
export function Field(props: {
  label: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
  wide?: boolean;
  /** The control names itself (a segmented group): render a div, not a label. */
  group?: boolean;
}) {
  // The hint and error sit outside the label, so the control's accessible name is just its caption.
  return (
    <div className={`field-box ${props.wide ? 'field-wide' : ''}`}>
      <CaptionedField label={props.label} group={props.group}>
        {props.children}
      </CaptionedField>
      {props.error ? (
        <span className="field-error" role="alert">
          {props.error}
        </span>
      ) : (
        props.hint && <span className="field-hint">{props.hint}</span>
      )}
    </div>
  );
}

/** A heading that splits the endpoint dialog into parts. */
export function FormSection(props: { title: string; description?: string; children: ReactNode }) {
  return (
    <fieldset className="form-section">
      <legend>{props.title}</legend>
      {props.description && <p className="muted small form-section-desc">{props.description}</p>}
      <div className="form-grid">{props.children}</div>
    </fieldset>
  );
}

/** A list of name/value header pairs. */
export function HeaderList(props: {
  headers: { name: string; value: string }[];
  onChange(headers: { name: string; value: string }[]): void;
  errors: Partial<Record<string, string>>;
}) {
  const { headers, onChange } = props;
  const edit = (i: number, patch: Partial<{ name: string; value: string }>) =>
    onChange(headers.map((h, j) => (j === i ? { ...h, ...patch } : h)));
  return (
    <div className="header-list field-wide">
      {headers.map((h, i) => (
        <div key={i} className="header-row">
          <input
            aria-label={`Header ${i + 1} name`}
            placeholder="X-Environment"
            className="mono"
            value={h.name}
            onChange={(e) => edit(i, { name: e.target.value })}
          />
          <input
            aria-label={`Header ${i + 1} value`}
            placeholder="staging"
            className="mono"
            value={h.value}
            onChange={(e) => edit(i, { value: e.target.value })}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove header ${i + 1}`}
            onClick={() => onChange(headers.filter((_, j) => j !== i))}
          >
            <Trash2 size={14} />
          </button>
          {props.errors[`headers.${i}`] && (
            <span className="field-error header-error">{props.errors[`headers.${i}`]}</span>
          )}
        </div>
      ))}
      <div>
        <button
          type="button"
          className="button small"
          onClick={() => onChange([...headers, { name: '', value: '' }])}
        >
          <Plus size={13} /> Add header
        </button>
      </div>
    </div>
  );
}

/** What each part of the endpoint form gets. */
export interface PartProps {
  d: EndpointDraft;
  set(patch: Partial<EndpointDraft>): void;
  errors: FieldErrors;
  editing: boolean;
}
