import { Info } from 'lucide-react';
import { hostKind } from '../../lib/api';
import { CopyButton, Row, Section, Segmented, Toggle } from '../../components/controls';
import { useStore } from '../../store';
import { RemoveDemoButton, TryTheLoopButton } from '../../components/TryTheLoop';
import { DeliverySection } from './DeliverySection';
import { DesktopSection } from './DesktopSection';
import { ReceiverSection } from './ReceiverSection';

export function SettingsScreen() {
  const settings = useStore((s) => s.settings);
  const info = useStore((s) => s.info);
  const update = useStore((s) => s.updateSettings);
  const saving = useStore((s) => s.settingsSaving);
  const openAbout = useStore((s) => s.setAboutOpen);

  return (
    <div className="area">
      <header className="area-header">
        <div>
          <h1>Settings</h1>
          <p className="muted">Changes are saved as you make them and kept in this data directory.</p>
        </div>
        <button className="button" type="button" onClick={() => openAbout(true)}>
          <Info size={16} /> About Hookbench
        </button>
      </header>
      <div className="area-body settings">
        {!settings ? (
          <div className="muted">Loading settings…</div>
        ) : (
          <>
            <Section title="Appearance">
              <Row label="Theme" hint="System follows your operating system's light or dark mode.">
                <Segmented
                  label="Theme"
                  value={settings.theme}
                  disabled={saving}
                  onChange={(theme) => void update({ theme })}
                  options={[
                    { value: 'system', label: 'System' },
                    { value: 'light', label: 'Light' },
                    { value: 'dark', label: 'Dark' },
                  ]}
                />
              </Row>
              <Row label="Times" hint="How times of requests and deliveries are shown.">
                <Segmented
                  label="Times"
                  value={settings.timeFormat}
                  disabled={saving}
                  onChange={(timeFormat) => void update({ timeFormat })}
                  options={[
                    { value: 'relative', label: 'Relative' },
                    { value: 'local', label: 'Local' },
                    { value: 'utc', label: 'UTC' },
                  ]}
                />
              </Row>
            </Section>
            <ReceiverSection />
            <DeliverySection />
            {hostKind === 'electron' && <DesktopSection />}
            <Section
              title="Demo"
              description="A ready-made loop for a first look or a presentation: an inbox that fails twice, an endpoint that retries into it, one signed event, retries sped up 10×."
            >
              <Row
                label="Try the loop"
                hint="Creates the “try-the-loop” inbox and endpoint (again, if they exist) and sends one event."
              >
                <RemoveDemoButton />
                <TryTheLoopButton />
              </Row>
            </Section>
            <Section title="Safety">
              <Row
                label="Ask before deleting"
                hint="Confirm before clearing an inbox or deleting endpoints and requests."
              >
                <Toggle
                  label="Ask before deleting"
                  checked={settings.confirmDestructive}
                  disabled={saving}
                  onChange={(confirmDestructive) => void update({ confirmDestructive })}
                />
              </Row>
            </Section>
            {info && (
              <Section
                title="Storage"
                description="Everything Hookbench keeps lives in one SQLite file in this folder."
              >
                <Row label="Data directory">
                  <span className="mono break">{info.dataDir}</span>
                  <CopyButton text={info.dataDir} label="Copy data directory" />
                </Row>
                <Row label="Database">
                  <span className="mono break">{info.databasePath}</span>
                </Row>
                <Row label="Schema">
                  <span>
                    {info.schemaVersion} migrations applied · SQLite {info.sqlite}
                  </span>
                </Row>
                <Row label="Running as">
                  <span>{hostKind === 'electron' ? 'Desktop app' : 'hookbench serve, in your browser'}</span>
                </Row>
              </Section>
            )}
            {hostKind === 'browser' && (
              <Section
                title="Automation API"
                description="Everything in this UI is also a POST /api/<method> call with the bearer token that hookbench serve printed."
              >
                <Row label="Base URL">
                  <span className="mono">{window.location.origin}/api/</span>
                  <CopyButton text={`${window.location.origin}/api/`} label="Copy API base URL" />
                </Row>
                <Row label="Reference">
                  <a href="/api/openapi.json" target="_blank" rel="noreferrer">
                    OpenAPI document
                  </a>
                </Row>
              </Section>
            )}
          </>
        )}
      </div>
    </div>
  );
}
