import { useState } from 'react';
import { Eye, EyeOff, Plus, Trash2 } from 'lucide-react';
import type { VerifyConfig } from '../../../../../shared/receiver';
import { SCHEMES, schemeInfo } from '../../../../../shared/signing-schemes';
import type { CustomScheme, SchemeId } from '../../../../../shared/signing';
import { Toggle } from '../../../components/controls';
import { Field } from '../../../components/Field';

const DEFAULT_CUSTOM: CustomScheme = {
  header: 'X-Signature',
  prefix: 'sha256=',
  algorithm: 'sha256',
  encoding: 'hex',
  template: '{body}',
};

export function VerificationForm(props: {
  value: VerifyConfig | null;
  onChange(v: VerifyConfig | null): void;
  duplicateJsonField: string | null;
  onDuplicateField(v: string | null): void;
}) {
  const v = props.value;
  const [reveal, setReveal] = useState(false);
  const set = (patch: Partial<VerifyConfig>) => v && props.onChange({ ...v, ...patch });
  const info = v ? schemeInfo(v.scheme) : null;

  return (
    <div className="form-stack">
      <div className="toggle-line">
        <Toggle
          label="Verify signatures"
          checked={!!v}
          onChange={(on) =>
            props.onChange(on ? { scheme: 'standard-webhooks', secrets: [''], toleranceSeconds: 300 } : null)
          }
        />
        <div>
          <div>Verify signatures</div>
          <div className="small muted">
            Check every request of this inbox as it arrives; the list shows valid, invalid or unsigned.
          </div>
        </div>
      </div>
      {v && info && (
        <>
          <Field label="Scheme">
            <select
              aria-label="Scheme"
              value={v.scheme}
              onChange={(e) => {
                const scheme = e.target.value as SchemeId;
                set({ scheme, custom: scheme === 'custom' ? (v.custom ?? DEFAULT_CUSTOM) : undefined });
              }}
            >
              {SCHEMES.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
            <span className="small muted" style={{ fontWeight: 400 }}>
              {info.description}
              {info.headers.length > 0 && (
                <>
                  {' '}
                  Headers: <span className="mono">{info.headers.join(', ')}</span>.
                </>
              )}
            </span>
          </Field>
          <div className="field">
            <span>
              Secrets{' '}
              <button
                type="button"
                className="link-button small"
                onClick={() => setReveal(!reveal)}
                aria-label={reveal ? 'Hide secrets' : 'Show secrets'}
              >
                {reveal ? <EyeOff size={12} /> : <Eye size={12} />} {reveal ? 'hide' : 'show'}
              </button>
            </span>
            <span className="small muted" style={{ fontWeight: 400 }}>
              {info.secretFormat} The first is the current secret; add the previous one while a sender
              rotates.
            </span>
            {v.secrets.map((s, i) => (
              <div key={i} className="secret-line">
                <span className="faint small">#{i + 1}</span>
                <input
                  className="mono grow"
                  type={reveal ? 'text' : 'password'}
                  autoComplete="off"
                  aria-label={`Secret ${i + 1}`}
                  value={s}
                  placeholder={
                    v.scheme === 'standard-webhooks' || v.scheme === 'stripe' ? 'whsec_…' : 'secret'
                  }
                  onChange={(e) => set({ secrets: v.secrets.map((x, j) => (j === i ? e.target.value : x)) })}
                />
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove secret ${i + 1}`}
                  disabled={v.secrets.length === 1}
                  onClick={() => set({ secrets: v.secrets.filter((_, j) => j !== i) })}
                >
                  <Trash2 size={14} />
                </button>
              </div>
            ))}
            {v.secrets.length < 10 && (
              <button
                type="button"
                className="button small fit"
                onClick={() => set({ secrets: [...v.secrets, ''] })}
              >
                <Plus size={12} /> Add secret
              </button>
            )}
          </div>
          {(info.timestamped || v.scheme === 'custom') && (
            <Field label="Timestamp tolerance (seconds)" className="narrow">
              <input
                type="number"
                min={0}
                aria-label="Timestamp tolerance in seconds"
                value={v.toleranceSeconds}
                onChange={(e) => set({ toleranceSeconds: Number(e.target.value) })}
              />
            </Field>
          )}
          {v.scheme === 'custom' && (
            <CustomFields value={v.custom ?? DEFAULT_CUSTOM} onChange={(custom) => set({ custom })} />
          )}
        </>
      )}
      <Field label="Duplicate detection: JSON id field">
        <input
          className="mono"
          aria-label="Duplicate JSON id field"
          placeholder="e.g. id or data.event_id (webhook-id and X-Webhook-ID are always used)"
          value={props.duplicateJsonField ?? ''}
          onChange={(e) => props.onDuplicateField(e.target.value.trim() ? e.target.value : null)}
        />
      </Field>
    </div>
  );
}

function CustomFields({ value: c, onChange }: { value: CustomScheme; onChange(c: CustomScheme): void }) {
  const set = (patch: Partial<CustomScheme>) => onChange({ ...c, ...patch });
  const opt = (s: string) => (s.trim() ? s : undefined);
  return (
    <div className="custom-grid">
      <Field label="Signature header">
        <input
          className="mono"
          aria-label="Signature header"
          value={c.header}
          onChange={(e) => set({ header: e.target.value })}
        />
      </Field>
      <Field label="Prefix">
        <input
          className="mono"
          aria-label="Signature prefix"
          value={c.prefix}
          onChange={(e) => set({ prefix: e.target.value })}
        />
      </Field>
      <Field label="Algorithm">
        <select
          aria-label="Algorithm"
          value={c.algorithm}
          onChange={(e) => set({ algorithm: e.target.value as CustomScheme['algorithm'] })}
        >
          <option value="sha1">HMAC-SHA1</option>
          <option value="sha256">HMAC-SHA256</option>
          <option value="sha512">HMAC-SHA512</option>
        </select>
      </Field>
      <Field label="Encoding">
        <select
          aria-label="Encoding"
          value={c.encoding}
          onChange={(e) => set({ encoding: e.target.value as CustomScheme['encoding'] })}
        >
          <option value="hex">hex</option>
          <option value="base64">base64</option>
        </select>
      </Field>
      <Field
        label={
          <>
            Signed content template ({'{id}'}, {'{timestamp}'}, {'{body}'})
          </>
        }
        className="span2"
      >
        <input
          className="mono"
          aria-label="Signed content template"
          value={c.template}
          onChange={(e) => set({ template: e.target.value })}
        />
      </Field>
      <Field label="Id header">
        <input
          className="mono"
          aria-label="Id header"
          value={c.idHeader ?? ''}
          onChange={(e) => set({ idHeader: opt(e.target.value) })}
        />
      </Field>
      <Field label="Timestamp header">
        <input
          className="mono"
          aria-label="Timestamp header"
          value={c.timestampHeader ?? ''}
          onChange={(e) => set({ timestampHeader: opt(e.target.value) })}
        />
      </Field>
    </div>
  );
}
