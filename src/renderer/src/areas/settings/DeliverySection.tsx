import { Row, Section, Segmented } from '../../components/controls';
import { NumberSetting } from '../../components/NumberSetting';
import { useStore } from '../../store';

const SPEEDS = ['1', '10', '100', '1000'] as const;

/** Settings → Delivery: how the dispatcher paces retries and when it gives up on an endpoint. */
export function DeliverySection() {
  const compression = useStore((s) => s.settings?.dispatchTimeCompression ?? 1);
  const update = useStore((s) => s.updateSettings);
  const saving = useStore((s) => s.settingsSaving);
  const preset = SPEEDS.find((v) => Number(v) === compression);
  return (
    <Section
      title="Delivery"
      description="How Hookbench paces retries of webhooks it sends, when it stops sending to an endpoint that keeps failing, and how long the delivery log keeps deliveries."
    >
      <Row
        label="Time compression"
        hint="Runs retry schedules faster for demos and tests: at 100×, MFTPlus's 30-minute retry comes after 18 seconds. Use 1× for real behaviour."
      >
        <Segmented
          label="Time compression"
          value={preset ?? ''}
          disabled={saving}
          onChange={(v) => void update({ dispatchTimeCompression: Number(v) })}
          options={SPEEDS.map((v) => ({ value: v, label: `${v}×` }))}
        />
        <NumberSetting k="dispatchTimeCompression" label="Time compression factor" min={1} max={1000} integer={false} unit="×" width={80} />
      </Row>
      <Row
        label="Disable failing endpoints"
        hint="After this many deliveries in a row end in failure, the endpoint is disabled until you reactivate it, and you are told. 0 never disables."
      >
        <NumberSetting k="dispatchDisableAfterFailures" label="Failed deliveries before disabling" min={0} max={10000} unit="failed deliveries" />
      </Row>
      <Row
        label="Keep deliveries"
        hint="The delivery log keeps the newest this many deliveries; older finished ones are deleted in the background, with their attempts. Pending and retrying ones are never deleted. 0 keeps all."
      >
        <NumberSetting k="deliveriesKeepCount" label="Deliveries to keep" min={0} max={100_000_000} unit="newest deliveries" width={120} />
      </Row>
      <Row
        label="Delete deliveries after"
        hint="Finished deliveries older than this are deleted in the background, a small batch at a time. 0 keeps them however old."
      >
        <NumberSetting k="deliveriesKeepDays" label="Days to keep deliveries" min={0} max={3650} unit="days" />
      </Row>
    </Section>
  );
}
