import { Segmented } from '../../components/controls';
import { Field as CaptionedField } from '../../components/Field';
import { type EndpointDraft } from './endpoint-form';
import { Field, FormSection, HeaderList, type PartProps } from './form-parts';

/** The request an attempt sends: method, content type, custom headers, authentication, body template. */
export function RequestPart({ d, set, errors }: PartProps) {
  return (
    <FormSection
      title="Request"
      description="How each delivery is sent. Slack, Teams and Discord always get JSON by POST."
    >
      <Field label="Method" group>
        <Segmented
          label="Method"
          value={d.method}
          onChange={(method) => set({ method })}
          options={(['POST', 'PUT', 'PATCH'] as const).map((m) => ({ value: m, label: m }))}
        />
      </Field>
      <Field label="Content type" error={errors.contentType}>
        <div className="inline-controls">
          <select
            value={d.contentType}
            onChange={(e) => set({ contentType: e.target.value as EndpointDraft['contentType'] })}
          >
            <option value="application/json">JSON (application/json)</option>
            <option value="application/xml">XML (application/xml)</option>
            <option value="custom">Custom…</option>
          </select>
          {d.contentType === 'custom' && (
            <input
              aria-label="Custom content type"
              className="mono"
              placeholder="text/plain; charset=utf-8"
              value={d.customContentType}
              onChange={(e) => set({ customContentType: e.target.value })}
            />
          )}
        </div>
      </Field>
      <Field label="Authentication">
        <select
          value={d.authType}
          onChange={(e) => set({ authType: e.target.value as EndpointDraft['authType'] })}
        >
          <option value="none">None</option>
          <option value="basic">Basic (user name and password)</option>
          <option value="bearer">Bearer token</option>
          <option value="apiKey">API key header</option>
          <option value="raw">Raw Authorization header</option>
        </select>
      </Field>
      <AuthFields d={d} set={set} errors={errors} />
      <CaptionedField label="Custom headers" className="field-wide" group>
        <HeaderList headers={d.headers} onChange={(headers) => set({ headers })} errors={errors} />
      </CaptionedField>
      <Field
        label="Payload template (optional)"
        wide
        error={errors.payloadTemplate}
        hint={
          <>
            Rendered for every delivery to this endpoint instead of the event payload. Use{' '}
            <code>{'{{data.transferId}}'}</code>, <code>{'{{event.topic}}'}</code>, <code>{'{{uuid}}'}</code>,{' '}
            <code>{'{% if status == "failed" %}…{% endif %}'}</code>.
          </>
        }
      >
        <textarea
          rows={3}
          value={d.payloadTemplate}
          onChange={(e) => set({ payloadTemplate: e.target.value })}
          placeholder={'{ "alert": "{{event.topic}}", "id": "{{event.id}}" }'}
          spellCheck={false}
        />
      </Field>
    </FormSection>
  );
}

function AuthFields({ d, set, errors }: Omit<PartProps, 'editing'>) {
  if (d.authType === 'basic')
    return (
      <div className="form-pair">
        <Field label="User name" error={errors.username}>
          <input value={d.username} onChange={(e) => set({ username: e.target.value })} autoComplete="off" />
        </Field>
        <Field label="Password" error={errors.password}>
          <input
            type="password"
            value={d.password}
            onChange={(e) => set({ password: e.target.value })}
            autoComplete="new-password"
          />
        </Field>
      </div>
    );
  if (d.authType === 'bearer')
    return (
      <Field label="Bearer token" error={errors.token} hint="Sent as “Authorization: Bearer <token>”.">
        <input
          className="mono"
          value={d.token}
          onChange={(e) => set({ token: e.target.value })}
          autoComplete="off"
        />
      </Field>
    );
  if (d.authType === 'apiKey')
    return (
      <div className="form-pair">
        <Field label="Header" error={errors.apiKeyHeader}>
          <input
            className="mono"
            value={d.apiKeyHeader}
            onChange={(e) => set({ apiKeyHeader: e.target.value })}
          />
        </Field>
        <Field label="API key" error={errors.authValue}>
          <input
            className="mono"
            value={d.apiKeyValue}
            onChange={(e) => set({ apiKeyValue: e.target.value })}
            autoComplete="off"
          />
        </Field>
      </div>
    );
  if (d.authType === 'raw')
    return (
      <Field
        label="Authorization value"
        error={errors.authValue}
        hint="Sent as is, e.g. “Bearer 0123…” (SFTP To Go's Authorization header)."
      >
        <input
          className="mono"
          value={d.rawAuth}
          onChange={(e) => set({ rawAuth: e.target.value })}
          autoComplete="off"
        />
      </Field>
    );
  return <div />;
}
