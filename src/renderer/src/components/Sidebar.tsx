import { AREAS, type AreaDef } from '../areas/registry';
import { hostKind } from '../lib/api';
import { useStore } from '../store';
import { LiveAnnouncer } from './LiveAnnouncer';
import { Logo } from './Logo';
import { SkipLink } from './SkipLink';

const GROUPS: { id: AreaDef['group']; label: string | null }[] = [
  { id: 'receive', label: 'Receive' },
  { id: 'send', label: 'Send' },
  { id: 'tools', label: 'Tools' },
  { id: 'app', label: null },
];

const CONNECTION_TEXT = {
  open: 'Connected',
  connecting: 'Connecting…',
  retrying: 'Reconnecting…',
  unauthorized: 'Token rejected',
} as const;

export function Sidebar() {
  const area = useStore((s) => s.area);
  const navigate = useStore((s) => s.navigate);
  const connection = useStore((s) => s.connection);
  const version = useStore((s) => s.info?.version);
  const openAbout = useStore((s) => s.setAboutOpen);

  return (
    <nav className="sidebar" aria-label="Main">
      <SkipLink />
      <LiveAnnouncer />
      <button type="button" className="brand" onClick={() => openAbout(true)} title="About Hookbench">
        <Logo size={26} />
        <span className="brand-name">Hookbench</span>
      </button>
      {GROUPS.map((g) => (
        <div key={g.id} className={`nav-group ${g.id === 'app' ? 'nav-bottom' : ''}`}>
          {g.label && <div className="nav-label">{g.label}</div>}
          {AREAS.filter((a) => a.group === g.id).map((a) => (
            <a
              key={a.id}
              href={`#/${a.id}`}
              className={`nav-item ${area === a.id ? 'active' : ''}`}
              aria-current={area === a.id ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(a.id);
              }}
            >
              <a.icon size={17} strokeWidth={1.8} />
              <span>{a.label}</span>
            </a>
          ))}
        </div>
      ))}
      <div className="sidebar-foot">
        <span className={`dot dot-${connection}`} aria-hidden="true" />
        <span className="small">
          {hostKind === 'electron' ? 'Desktop' : CONNECTION_TEXT[connection]}
          {version && <span className="muted"> · v{version}</span>}
        </span>
      </div>
    </nav>
  );
}
