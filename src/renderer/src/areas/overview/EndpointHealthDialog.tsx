import { useState } from 'react';
import { Dialog } from 'radix-ui';
import type { Endpoint } from '../../../../shared/dispatcher';
import type { StatsWindowName } from '../../../../shared/monitoring';
import { api } from '../../lib/api';
import { Segmented } from '../../components/controls';
import { DialogFrame, DialogTitle } from '../../components/DialogFrame';
import { DeliveryPanel } from './DeliveryPanel';
import { useLive } from './use-live';
import './overview.css';

/** One endpoint's health: its charts over a window and its last failures (live). */
export function EndpointHealthDialog({ endpoint, onClose }: { endpoint: Endpoint; onClose(): void }) {
  const [win, setWin] = useState<StatsWindowName>('24h');
  const stats = useLive(
    () => api.stats.endpoint({ id: endpoint.id, window: win }),
    `${endpoint.id}|${win}`,
    30_000,
  );
  return (
    <DialogFrame
      onOpenChange={(o) => !o && onClose()}
      className="ov-health-dialog"
      closeButton={false}
      actions={<Dialog.Close className="button">Close</Dialog.Close>}
    >
      <div className="ov-health-head">
        <DialogTitle>Health of “{endpoint.name}”</DialogTitle>
        <Segmented<StatsWindowName>
          label="Time window"
          value={win}
          onChange={setWin}
          options={[
            { value: '1h', label: '1 h' },
            { value: '24h', label: '24 h' },
            { value: '7d', label: '7 d' },
          ]}
        />
      </div>
      <div className="ov-health-body">
        {stats.error ? (
          <div className="banner banner-error">{stats.error}</div>
        ) : stats.data ? (
          <DeliveryPanel stats={stats.data} compact />
        ) : (
          <p className="muted">Loading…</p>
        )}
      </div>
    </DialogFrame>
  );
}
