import { useEffect, useState } from 'react';
import { BellRing, X } from 'lucide-react';
import type { Alert } from '../../../shared/monitoring';
import { api } from '../lib/api';
import { useStore } from '../store';
import '../areas/overview/overview.css';

/** Open alerts, above every area: the newest one in words, a way to the history, dismissable. */
export function AlertBanner() {
  const [open, setOpen] = useState<Alert[]>([]);
  const [dismissed, setDismissed] = useState<string | null>(null);
  useEffect(() => {
    const load = () => void api.alerts.list({ open: true, limit: 50 }).then(setOpen, () => undefined);
    load();
    const offs = [api.on('alerts.fired', load), api.on('alerts.cleared', load)];
    return () => offs.forEach((o) => o());
  }, []);
  const newest = open[0];
  if (!newest || dismissed === newest.id) return null;
  return (
    <div className="alert-banner" role="alert" aria-label="Open alerts">
      <BellRing size={15} aria-hidden />
      <span className="alert-banner-text">
        <strong>{newest.ruleName}:</strong> {newest.message}
        {open.length > 1 && ` (+${open.length - 1} more open)`}
      </span>
      <button
        type="button"
        className="button small"
        onClick={() => {
          window.history.pushState(null, '', '#/overview/alerts');
          useStore.setState({ area: 'overview' });
        }}
      >
        View alerts
      </button>
      <button type="button" className="icon-button" aria-label="Dismiss alert banner" onClick={() => setDismissed(newest.id)}>
        <X size={14} />
      </button>
    </div>
  );
}
