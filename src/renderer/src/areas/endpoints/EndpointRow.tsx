import { DropdownMenu } from 'radix-ui';
import {
  FlaskConical,
  KeyRound,
  ListChecks,
  MoreHorizontal,
  Pause,
  Pencil,
  Play,
  Activity,
  Power,
  Radio,
  Trash2,
} from 'lucide-react';
import type { Endpoint } from '../../../../shared/dispatcher';
import { schemeInfo } from '../../../../shared/signing';
import { formatDuration, formatTime } from '../../lib/format';
import { useStore } from '../../store';
import type { EndpointAction } from './EndpointsScreen';
import { EndpointSparkline } from '../overview/Sparkline';

const STATE_BADGE = { active: 'badge-ok', paused: 'badge-warn', disabled: 'badge-err' } as const;
const STATE_LABEL = { active: 'Active', paused: 'Paused', disabled: 'Disabled' } as const;

export function statusBadgeClass(status: number | null): string {
  if (status === null) return 'badge-err';
  if (status >= 200 && status < 300) return 'badge-ok';
  if (status >= 300 && status < 500) return 'badge-warn';
  return 'badge-err';
}

function SuccessRate({ rate, counted }: { rate: number | null; counted: number }) {
  if (rate === null) return <span className="faint">No attempts</span>;
  const pct = Math.round(rate * 1000) / 10;
  const tone = rate >= 0.95 ? 'ok' : rate >= 0.8 ? 'warn' : 'err';
  return (
    <span className="rate" title={`${pct}% of the last ${counted} attempts got a 2xx`}>
      <span className="rate-bar">
        <span className={`rate-fill rate-${tone}`} style={{ width: `${Math.max(2, rate * 100)}%` }} />
      </span>
      <span className="rate-text">{pct}%</span>
    </span>
  );
}

export function EndpointRow({
  endpoint: ep,
  onAction,
}: {
  endpoint: Endpoint;
  onAction(a: EndpointAction): void;
}) {
  const timeFormat = useStore((s) => s.settings?.timeFormat);
  const h = ep.health;
  const shown = ep.topics.slice(0, 3);
  return (
    <div className={`ep-row ep-${ep.state}`} role="listitem" aria-label={ep.name}>
      <div className="ep-main">
        <div className="ep-name-line">
          <button
            type="button"
            className="ep-name dx-link"
            onClick={() => onAction('edit')}
            title="Edit endpoint"
          >
            {ep.name}
          </button>
          <span className={`badge ${STATE_BADGE[ep.state]}`}>{STATE_LABEL[ep.state]}</span>
          {ep.type !== 'webhook' && (
            <span className="badge">
              {ep.type === 'teams' ? 'Teams' : ep.type[0].toUpperCase() + ep.type.slice(1)}
            </span>
          )}
        </div>
        <div className="ep-url mono" title={ep.url}>
          <span className="ep-method">{ep.method}</span> {ep.url}
        </div>
        <div className="ep-meta small faint">
          {schemeInfo(ep.signing.scheme).label} · secret <code>{ep.signing.secretHint}</code>
          {ep.signing.previousSecretExpiresAt && ep.signing.previousSecretExpiresAt > Date.now() && (
            <> · previous secret until {formatTime(ep.signing.previousSecretExpiresAt, timeFormat)}</>
          )}
          {h.queued > 0 && (
            <>
              {' '}
              · <span className="ep-queued">{h.queued} queued</span>
            </>
          )}
        </div>
        {ep.state === 'disabled' && ep.disabledReason && (
          <div className="ep-disabled small">{ep.disabledReason}</div>
        )}
      </div>
      <div className="ep-topics">
        {shown.map((t) => (
          <span key={t} className="chip chip-static mono">
            {t}
          </span>
        ))}
        {ep.topics.length > shown.length && (
          <span className="chip chip-static" title={ep.topics.slice(3).join(', ')}>
            +{ep.topics.length - shown.length}
          </span>
        )}
      </div>
      <div>
        <SuccessRate rate={h.successRate} counted={h.attemptsCounted} />
        <EndpointSparkline id={ep.id} />
      </div>
      <div className="ep-last">
        {h.lastAttemptAt === null ? (
          <span className="faint">—</span>
        ) : (
          <>
            <span className={`badge ${statusBadgeClass(h.lastStatus)}`} title={h.lastError ?? undefined}>
              {h.lastStatus ?? 'No answer'}
            </span>
            <span className="small faint">{formatTime(h.lastAttemptAt, timeFormat)}</span>
          </>
        )}
      </div>
      <div className={h.avgResponseMs !== null && h.avgResponseMs > 5000 ? 'ep-slow' : ''}>
        {h.avgResponseMs === null ? <span className="faint">—</span> : formatDuration(h.avgResponseMs)}
      </div>
      <div className="ep-actions">
        {ep.state === 'paused' && (
          <button
            type="button"
            className="button small"
            onClick={() => onAction('resume')}
            aria-label={`Resume ${ep.name}`}
          >
            <Play size={13} /> Resume
          </button>
        )}
        {ep.state === 'disabled' && (
          <button
            type="button"
            className="button small"
            onClick={() => onAction('reactivate')}
            aria-label={`Reactivate ${ep.name}`}
          >
            <Power size={13} /> Reactivate
          </button>
        )}
        <button
          type="button"
          className="button small"
          onClick={() => onAction('ping')}
          aria-label={`Ping ${ep.name}`}
          title="Send a webhook.ping"
        >
          <Radio size={13} /> Ping
        </button>
        <DropdownMenu.Root modal={false}>
          <DropdownMenu.Trigger className="icon-button" aria-label={`More actions for ${ep.name}`}>
            <MoreHorizontal size={16} />
          </DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
              <MenuItem icon={Pencil} label="Edit" onSelect={() => onAction('edit')} />
              <MenuItem icon={FlaskConical} label="Send test event…" onSelect={() => onAction('test')} />
              <MenuItem icon={ListChecks} label="View deliveries" onSelect={() => onAction('deliveries')} />
              <MenuItem icon={Activity} label="Health & charts" onSelect={() => onAction('health')} />
              <DropdownMenu.Separator className="menu-separator" />
              {ep.state === 'active' && (
                <MenuItem icon={Pause} label="Pause" onSelect={() => onAction('pause')} />
              )}
              {ep.state === 'paused' && (
                <MenuItem icon={Play} label="Resume" onSelect={() => onAction('resume')} />
              )}
              {ep.state === 'disabled' && (
                <MenuItem icon={Power} label="Reactivate" onSelect={() => onAction('reactivate')} />
              )}
              <MenuItem icon={KeyRound} label="Rotate secret…" onSelect={() => onAction('rotate')} />
              <DropdownMenu.Separator className="menu-separator" />
              <MenuItem icon={Trash2} label="Delete…" danger onSelect={() => onAction('delete')} />
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
      </div>
    </div>
  );
}

function MenuItem(props: { icon: typeof Pencil; label: string; onSelect(): void; danger?: boolean }) {
  const Icon = props.icon;
  return (
    <DropdownMenu.Item className={`menu-item ${props.danger ? 'danger' : ''}`} onSelect={props.onSelect}>
      <Icon size={14} /> {props.label}
    </DropdownMenu.Item>
  );
}
