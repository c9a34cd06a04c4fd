import { SCHEMES, schemeInfo } from '../../../../shared/signing';
import { Segmented } from '../../components/controls';
import { type EndpointDraft } from './endpoint-form';
import { Field, FormSection, type PartProps } from './form-parts';

/** How attempts are signed: scheme, own secret, custom scheme settings. */
export function SigningPart({ d, set, errors, editing }: PartProps) {
  const info = schemeInfo(d.scheme);
  return (
    <FormSection title="Signing" description={info.description}>
      <Field
        label="Signature scheme"
        hint={info.headers.length ? `Headers: ${info.headers.join(', ')}` : undefined}
      >
        <select value={d.scheme} onChange={(e) => set({ scheme: e.target.value as EndpointDraft['scheme'] })}>
          {SCHEMES.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label={editing ? 'Replace the secret (optional)' : 'Own secret (optional)'}
        error={errors.secret}
        hint={
          editing
            ? 'Leave empty to keep the current secret. To change it safely, use Rotate secret.'
            : `Leave empty to generate one. ${info.secretFormat}`
        }
      >
        <input
          className="mono"
          value={d.secret}
          onChange={(e) => set({ secret: e.target.value })}
          placeholder={editing ? 'Keep the current secret' : 'Generate a secret'}
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
      {d.scheme === 'custom' && (
        <>
          <Field label="Signature header" error={errors.customHeader}>
            <input
              className="mono"
              value={d.customHeader}
              onChange={(e) => set({ customHeader: e.target.value })}
            />
          </Field>
          <Field label="Value prefix" hint="Put before the digest, e.g. “sha256=”.">
            <input
              className="mono"
              value={d.customPrefix}
              onChange={(e) => set({ customPrefix: e.target.value })}
            />
          </Field>
          <Field label="Algorithm" group>
            <Segmented
              label="Algorithm"
              value={d.customAlgorithm}
              onChange={(customAlgorithm) => set({ customAlgorithm })}
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
              value={d.customEncoding}
              onChange={(customEncoding) => set({ customEncoding })}
              options={[
                { value: 'hex', label: 'Hex' },
                { value: 'base64', label: 'Base64' },
              ]}
            />
          </Field>
          <Field
            label="Signed content"
            wide
            hint="{id}, {timestamp} (Unix seconds) and {body} are replaced before signing."
          >
            <input
              className="mono"
              value={d.customTemplate}
              onChange={(e) => set({ customTemplate: e.target.value })}
            />
          </Field>
          <Field label="Id header (optional)" error={errors.customIdHeader}>
            <input
              className="mono"
              placeholder="X-Webhook-ID"
              value={d.customIdHeader}
              onChange={(e) => set({ customIdHeader: e.target.value })}
            />
          </Field>
          <Field label="Timestamp header (optional)" error={errors.customTimestampHeader}>
            <input
              className="mono"
              placeholder="X-Webhook-Timestamp"
              value={d.customTimestampHeader}
              onChange={(e) => set({ customTimestampHeader: e.target.value })}
            />
          </Field>
        </>
      )}
    </FormSection>
  );
}
