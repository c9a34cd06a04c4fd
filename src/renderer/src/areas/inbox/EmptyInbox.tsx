import { Radio } from 'lucide-react';
import { CopyButton } from '../../components/controls';
import { TryTheLoopButton } from '../../components/TryTheLoop';
import { useStore } from '../../store';
import { inboxUrl } from './request-format';

/** The list while an inbox has no request yet. */
export function WaitingForRequests() {
  return (
    <div className="list-message waiting">
      <Radio size={22} />
      <div>Waiting for the first request…</div>
      <div className="small faint">It shows up here the moment it arrives.</div>
    </div>
  );
}

/** How to send a first request: ready-to-copy commands with this inbox's URL. */
export function EmptyInbox() {
  const slug = useStore((s) => s.inboxSlug) ?? 'default';
  const base = useStore((s) => s.receiver?.baseUrls[0]);
  const url = inboxUrl(base, slug);
  const commands = [
    {
      label: 'Send a JSON webhook',
      cmd: `curl -X POST ${url}hello -H 'Content-Type: application/json' -d '{"event":"ping","id":1}'`,
    },
    { label: 'Or any method and path', cmd: `curl '${url}orders/42?source=test'` },
  ];
  return (
    <div className="empty-inbox">
      <div className="empty-icon">
        <Radio size={28} />
      </div>
      <h2>Send your first request</h2>
      <p className="muted">
        Any method and any path under <span className="mono">{url}</span> is captured, exactly as it arrives.
        Point a service's webhook URL here, or try it from a terminal:
      </p>
      {commands.map((c) => (
        <div key={c.label} className="cmd-block">
          <div className="small muted">{c.label}</div>
          <div className="cmd">
            <code>{c.cmd}</code>
            <CopyButton text={c.cmd} label={`Copy command: ${c.label}`} />
          </div>
        </div>
      ))}
      <p className="small faint">
        Set the answer, signature verification and auto-forwarding in <strong>Inbox settings</strong>.
      </p>
      <div className="try-loop-box">
        <div>
          <strong>New here?</strong>
          <p className="small muted">
            See the whole loop in under a minute, offline: Hookbench sends a signed event to an inbox that
            fails twice, retries it and shows it verified. Remove it in one click in Settings.
          </p>
        </div>
        <TryTheLoopButton primary />
      </div>
    </div>
  );
}
