import { RETRY_PRESETS } from '../../../../shared/dispatcher';
import { Segmented, Toggle } from '../../components/controls';
import { describeDelays, parseDelays, RETRY_OPTIONS } from './endpoint-form';
import { Field, FormSection, type PartProps } from './form-parts';

/** Retries, timeouts, concurrency and rate limit. */
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
