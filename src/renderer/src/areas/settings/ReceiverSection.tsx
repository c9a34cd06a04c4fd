import { useEffect } from 'react';
import { AlertTriangle } from 'lucide-react';
import { CopyButton, Row, Section, Toggle } from '../../components/controls';
import { NumberSetting, NumberSettingRow } from '../../components/NumberSetting';
import { api } from '../../lib/api';
import { useStore } from '../../store';
import './receiver-section.css';

/** Settings → Receiver: where the embedded receiver listens and how it guards itself. */
export function ReceiverSection() {
  const settings = useStore((s) => s.settings);
  const status = useStore((s) => s.receiver);
  const update = useStore((s) => s.updateSettings);
  const saving = useStore((s) => s.settingsSaving);

  useEffect(() => {
    void useStore.getState().loadReceiver();
  }, []);
  if (!settings) return null;

  return (
    <Section
      title="Receiver"
      description="The local server that captures webhooks into your inboxes. Changes apply at once; open connections finish first."
    >
      <Row label="Status" hint={status?.error ?? undefined}>
        {status ? (
          <span className="receiver-status">
            <span className={`badge ${status.running ? 'badge-ok' : status.paused ? 'badge-warn' : 'badge-err'}`}>
              {status.running ? 'Running' : status.paused ? 'Paused' : 'Stopped'}
            </span>
            <span className="muted small">
              {status.capturedSinceStart.toLocaleString()} captured ·{' '}
              {status.rejectedSinceStart.toLocaleString()} refused · {status.openConnections} open connection
              {status.openConnections === 1 ? '' : 's'}
            </span>
            {(status.running || status.paused) && (
              <button
                type="button"
                className="button small"
                title={status.paused ? undefined : 'Close the receiver’s ports until you resume it or restart Hookbench'}
                onClick={() =>
                  void api.receiver
                    .pause({ paused: !status.paused })
                    .catch((e: Error) => useStore.getState().notify('error', e.message))
                }
              >
                {status.paused ? 'Resume' : 'Pause'}
              </button>
            )}
          </span>
        ) : (
          <span className="muted">Unknown</span>
        )}
      </Row>
      {status?.baseUrls.map((u) => (
        <Row
          key={u}
          label={u.startsWith('https') ? 'HTTPS URL' : 'URL'}
          hint="An inbox lives at this URL followed by its slug."
        >
          <span className="mono">{u}/</span>
          <CopyButton text={`${u}/`} label={`Copy receiver ${u.startsWith('https') ? 'HTTPS ' : ''}URL`} />
        </Row>
      ))}
      <Row
        label="Port"
        hint={
          status?.http && status.http.port !== settings.receiverPort
            ? `Listening on ${status.http.port} right now (set on the command line with --receiver-port).`
            : 'HTTP port the receiver listens on (default 7780).'
        }
      >
        <NumberSetting k="receiverPort" label="Receiver port" min={1} max={65535} />
      </Row>
      <Row
        label="Listen on all interfaces"
        hint="Off: only this machine can send (127.0.0.1). On: other machines on your network can too."
      >
        <Toggle
          label="Listen on all interfaces"
          checked={settings.receiverListenAll}
          disabled={saving}
          onChange={(receiverListenAll) => void update({ receiverListenAll })}
        />
      </Row>
      {settings.receiverListenAll && (
        <div className="row-warning" role="alert">
          <AlertTriangle size={16} />
          <span>
            The receiver is reachable from other machines on your network, without authentication. Anyone who
            can reach this port can send requests into your inboxes and, with auto-create on, create inboxes.
            Turn this off when you no longer need it.
          </span>
        </div>
      )}
      <Row
        label="HTTPS"
        hint="A second listener with a self-signed certificate Hookbench generates and keeps, to test clients against TLS."
      >
        <Toggle
          label="HTTPS"
          checked={settings.receiverHttps}
          disabled={saving}
          onChange={(receiverHttps) => void update({ receiverHttps })}
        />
      </Row>
      {settings.receiverHttps && (
        <>
          <Row label="HTTPS port">
            <NumberSetting k="receiverHttpsPort" label="HTTPS port" min={1} max={65535} />
          </Row>
          {status?.certificateFingerprint && (
            <Row
              label="Certificate"
              hint={
                status.certificatePath ? (
                  <span className="mono break">{status.certificatePath}</span>
                ) : undefined
              }
            >
              <span className="mono small break fingerprint" title="SHA-256 fingerprint">
                {status.certificateFingerprint}
              </span>
              <CopyButton text={status.certificateFingerprint} label="Copy certificate fingerprint" />
            </Row>
          )}
        </>
      )}
      <Row
        label="Create inboxes on first request"
        hint="A request to an unknown slug creates that inbox instead of getting 404."
      >
        <Toggle
          label="Create inboxes on first request"
          checked={settings.receiverAutoCreateInboxes}
          disabled={saving}
          onChange={(receiverAutoCreateInboxes) => void update({ receiverAutoCreateInboxes })}
        />
      </Row>
      <NumberSettingRow
        k="receiverMaxConnections"
        label="Connection limit"
        hint="Further connections wait or are refused."
        min={1}
        max={100000}
      />
      <NumberSettingRow
        k="receiverHeadersTimeoutMs"
        label="Header timeout"
        hint="A client that takes longer to send its headers is cut off."
        min={1000}
        max={600000}
        unit="ms"
      />
      <NumberSettingRow
        k="receiverRequestTimeoutMs"
        label="Request timeout"
        hint="The most time a client gets to send its whole request."
        min={1000}
        max={3600000}
        unit="ms"
      />
      <NumberSettingRow
        k="receiverMaxHeaderBytes"
        label="Header size limit"
        hint="Requests with larger headers get 431."
        min={1024}
        max={1048576}
        unit="bytes"
      />
    </Section>
  );
}
