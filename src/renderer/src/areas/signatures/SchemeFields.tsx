import { useId } from 'react';
import { SCHEMES, schemeInfo, type SchemeId } from '../../../../shared/signing';
import { Segmented } from '../../components/controls';
import { Field } from '../../components/Field';
import type { CustomDraft } from '../../store/signatures-slice';

/** The scheme picker, with the custom scheme's settings when Custom is chosen. */
export function SchemeFields(props: {
  /** The Sign or Verify draft; only its scheme and custom settings are read. */
  draft: { scheme: SchemeId; custom: CustomDraft };
  update(patch: { scheme: SchemeId } | { custom: CustomDraft }): void;
}) {
  const id = useId();
  const { scheme, custom: c } = props.draft;
  const info = schemeInfo(scheme);
  const set = (patch: Partial<CustomDraft>) => props.update({ custom: { ...c, ...patch } });
  return (
    <div className="sig-scheme">
      <Field label="Scheme" htmlFor={`${id}-scheme`}>
        <select
          id={`${id}-scheme`}
          aria-label="Scheme"
          value={scheme}
          onChange={(e) => props.update({ scheme: e.target.value as SchemeId })}
        >
          {SCHEMES.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </Field>
      <p className="muted small sig-scheme-desc">
        {info.description}
        {info.headers.length > 0 && (
          <>
            {' '}
            Headers: <span className="mono">{info.headers.join(', ')}</span>.
          </>
        )}
      </p>
      {scheme === 'custom' && (
        <div className="sig-custom" role="group" aria-label="Custom scheme settings">
          <Field label="Signature header">
            <input
              aria-label="Signature header"
              value={c.header}
              onChange={(e) => set({ header: e.target.value })}
              spellCheck={false}
            />
          </Field>
          <Field label="Prefix">
            <input
              aria-label="Prefix"
              value={c.prefix}
              placeholder="none"
              onChange={(e) => set({ prefix: e.target.value })}
              spellCheck={false}
            />
          </Field>
          <Field label="Algorithm" group>
            <Segmented
              label="Algorithm"
              value={c.algorithm}
              onChange={(algorithm) => set({ algorithm })}
              options={[
                { value: 'sha1', label: 'SHA-1' },
                { value: 'sha256', label: 'SHA-256' },
                { value: 'sha512', label: 'SHA-512' },
              ]}
            />
          </Field>
          <Field label="Encoding" group>
            <Segmented
              label="Encoding"
              value={c.encoding}
              onChange={(encoding) => set({ encoding })}
              options={[
                { value: 'hex', label: 'Hex' },
                { value: 'base64', label: 'Base64' },
              ]}
            />
          </Field>
          <Field label="Signed content template" className="sig-wide">
            <input
              className="mono"
              aria-label="Signed content template"
              value={c.template}
              onChange={(e) => set({ template: e.target.value })}
              spellCheck={false}
              placeholder="{body}"
            />
            <span className="muted small">
              Placeholders: {'{id}'}, {'{timestamp}'} (Unix seconds), {'{body}'} (raw bytes).
            </span>
          </Field>
          <Field label="ID header">
            <input
              aria-label="ID header"
              value={c.idHeader}
              placeholder="optional"
              onChange={(e) => set({ idHeader: e.target.value })}
              spellCheck={false}
            />
          </Field>
          <Field label="Timestamp header">
            <input
              value={c.timestampHeader}
              placeholder="optional"
              onChange={(e) => set({ timestampHeader: e.target.value })}
              spellCheck={false}
            />
          </Field>
        </div>
      )}
    </div>
  );
}
