import { RETRY_PRESETS } from '../../../../shared/dispatcher';
import { SCHEMES, schemeInfo } from '../../../../shared/signing';
import { Segmented, Toggle } from '../../components/controls';
import {
  describeDelays,
  parseDelays,
  RETRY_OPTIONS,
  urlHint,
  type EndpointDraft,
  type FieldErrors,
} from './endpoint-form';
import { Field, FormSection, HeaderList } from './form-parts';
import { TopicsPicker } from './TopicsPicker';
import { LocalInboxPicker } from './LocalInboxPicker';

export interface PartProps {
  d: EndpointDraft;
  set(patch: Partial<EndpointDraft>): void;
  errors: FieldErrors;
  editing: boolean;
}

export function GeneralPart({ d, set, errors }: PartProps) {
  const hint = urlHint(d.url, d.allowPlainHttp);
  return (
    <FormSection title="Endpoint">
      <Field label="Nickname" error={errors.name}>
        <input
          value={d.name}
          onChange={(e) => set({ name: e.target.value })}
          placeholder="Orders service (staging)"
          autoFocus
        />
      </Field>
      <Field
        label="Type"
        hint={
          d.type === 'webhook'
            ? 'An HTTP request with the event as the body.'
            : 'The event is wrapped in a chat message.'
        }
      >
        <select value={d.type} onChange={(e) => set({ type: e.target.value as EndpointDraft['type'] })}>
          <option value="webhook">Webhook</option>
          <option value="slack">Slack incoming webhook</option>
          <option value="teams">Microsoft Teams</option>
          <option value="discord">Discord</option>
        </select>
      </Field>
      <Field
        label="URL"
        wide
        error={errors.url ?? (hint?.error ? hint.text : undefined)}
        hint={hint && !hint.error ? hint.text : undefined}
      >
        <input
          className="mono"
          value={d.url}
          onChange={(e) => set({ url: e.target.value })}
          placeholder="https://example.com/webhooks"
          spellCheck={false}
        />
      </Field>
      <LocalInboxPicker onPick={(url) => set({ url })} />
      <TopicsPicker topics={d.topics} onChange={(topics) => set({ topics })} error={errors.topics} />
      <Field label="Description (optional)" wide error={errors.description}>
        <input
          value={d.description}
          onChange={(e) => set({ description: e.target.value })}
          placeholder="What this endpoint is for"
        />
      </Field>
    </FormSection>
  );
}

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
      <div className="field field-wide">
        <span>Custom headers</span>
        <HeaderList headers={d.headers} onChange={(headers) => set({ headers })} errors={errors} />
      </div>
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

export function DeliveryPart({ d, set, errors }: PartProps) {
  const delays = d.retryMode === 'custom' ? parseDelays(d.customDelays) : RETRY_PRESETS[d.retryMode].delays;
  return (
    <FormSection title="Delivery" description="Timeouts, retries and limits. Redirects are never followed.">
      <Field
        label="Timeout (seconds)"
        error={errors.timeoutSeconds}
        hint="The whole attempt; seed products use 10 s."
      >
        <input
          type="number"
          min={0.1}
          step="any"
          value={d.timeoutSeconds}
          onChange={(e) => set({ timeoutSeconds: e.target.value })}
        />
      </Field>
      <Field label="Connect timeout (seconds)" error={errors.connectTimeoutSeconds}>
        <input
          type="number"
          min={0.1}
          step="any"
          value={d.connectTimeoutSeconds}
          onChange={(e) => set({ connectTimeoutSeconds: e.target.value })}
        />
      </Field>
      <Field
        label="Retry policy"
        wide
        group
        error={d.retryMode === 'custom' ? errors.customDelays : undefined}
        hint={
          d.retryMode === 'custom' || delays.some(Number.isNaN)
            ? `Retries after: ${delays.some(Number.isNaN) ? '…' : describeDelays(delays)}`
            : RETRY_PRESETS[d.retryMode].label
        }
      >
        <div className="inline-controls">
          <Segmented
            label="Retry policy"
            value={d.retryMode}
            onChange={(retryMode) => set({ retryMode })}
            options={RETRY_OPTIONS}
          />
          {d.retryMode === 'custom' && (
            <input
              aria-label="Retry delays"
              className="mono grow"
              placeholder="60, 5m, 30m, 2h"
              value={d.customDelays}
              onChange={(e) => set({ customDelays: e.target.value })}
            />
          )}
        </div>
      </Field>
      <Field label="Concurrency limit" error={errors.maxConcurrency} hint="Attempts in flight at once.">
        <input
          type="number"
          min={1}
          step={1}
          value={d.maxConcurrency}
          onChange={(e) => set({ maxConcurrency: e.target.value })}
        />
      </Field>
      <Field label="Rate limit (per second)" error={errors.rateLimit} hint="Empty: unlimited.">
        <input
          type="number"
          min={0.01}
          step="any"
          placeholder="Unlimited"
          value={d.rateLimit}
          onChange={(e) => set({ rateLimit: e.target.value })}
        />
      </Field>
      <div className="toggle-row field-wide">
        <Toggle
          label="Allow plain HTTP"
          checked={d.allowPlainHttp}
          onChange={(allowPlainHttp) => set({ allowPlainHttp })}
        />
        <div>
          <div>Allow plain HTTP</div>
          <div className="muted small">Needed for http:// URLs other than localhost and 127.0.0.1.</div>
        </div>
      </div>
      <div className="toggle-row field-wide">
        <Toggle
          label="Allow self-signed certificates"
          checked={d.allowSelfSigned}
          onChange={(allowSelfSigned) => set({ allowSelfSigned })}
        />
        <div>
          <div>Allow self-signed certificates</div>
          <div className="muted small">
            Otherwise an HTTPS endpoint with an untrusted certificate fails with a clear error.
          </div>
        </div>
      </div>
    </FormSection>
  );
}
