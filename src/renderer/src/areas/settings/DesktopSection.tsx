import { Row, Section, Toggle } from '../../components/controls';
import { useStore } from '../../store';

/** Settings → Desktop (the Electron app only): the tray icon, and what quitting does. */
export function DesktopSection() {
  const trayIcon = useStore((s) => s.settings?.trayIcon ?? false);
  const update = useStore((s) => s.updateSettings);
  const saving = useStore((s) => s.settingsSaving);
  return (
    <Section title="Desktop" description="How the desktop app sits on your system.">
      <Row
        label="Show in the tray"
        hint="An icon in the tray (menu bar on macOS) with the receiver's address and how many requests arrived while the window was in the background. With it on, closing the window keeps the receiver running; quit from the icon's menu."
      >
        <Toggle
          label="Show in the tray"
          checked={trayIcon}
          disabled={saving}
          onChange={(v) => void update({ trayIcon: v })}
        />
      </Row>
      <Row
        label="On quit"
        hint="Deliveries in flight get up to 2 seconds to finish. Any still running stay reserved and are sent again after the next start, so none is lost (an endpoint may then get one twice, as with any retry)."
      >
        <span className="muted">Finish for 2 s, then resume on next start</span>
      </Row>
    </Section>
  );
}
