import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SequenceState } from '../../../../../shared/receiver';
import { api } from '../../../lib/api';
import { errorMessage } from '../../../lib/api-error';
import { useStore } from '../../../store';

/** The saved inbox's sequence positions, refreshed as requests arrive; and a reset. */
export function useSequences(slug: string | undefined) {
  const [items, setItems] = useState<SequenceState[]>([]);
  const load = useCallback(async () => {
    if (!slug) return;
    try {
      setItems((await api.inboxes.sequences({ slug })).items);
    } catch {
      setItems([]); // the inbox is gone: nothing to show
    }
  }, [slug]);
  useEffect(() => {
    void load();
    if (!slug) return;
    return api.on('requests.received', (p) => {
      if (p.items.some((r) => r.inbox === slug)) void load();
    });
  }, [load, slug]);
  const reset = async (ruleId: string, deliveryId?: string) => {
    if (!slug) return;
    try {
      setItems((await api.inboxes.resetSequence({ slug, ruleId, deliveryId })).items);
      useStore.getState().notify('success', deliveryId ? `Sequence restarted for delivery ${deliveryId}` : 'Sequence restarted at step 1');
    } catch (err) {
      useStore.getState().notify('error', `Could not reset the sequence: ${errorMessage(err)}`);
    }
  };
  const byRule = useMemo(() => new Map(items.map((s) => [s.ruleId, s])), [items]);
  return { byRule, reset };
}
