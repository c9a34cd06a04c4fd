import { useSyncExternalStore } from 'react';
import type { Sparklines } from '../../../../shared/monitoring';
import { api } from '../../lib/api';

/**
 * The endpoint list's sparklines (last 24 h in 24 buckets), fetched once for all rows and kept
 * fresh on stats.updated (at most every 5 s) while any row shows one.
 */
let data: Sparklines | null = null;
const listeners = new Set<() => void>();
let off: (() => void) | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;

const load = () => {
  api.stats
    .sparklines({ window: '24h', buckets: 24 })
    .then((d) => {
      data = d;
      listeners.forEach((l) => l());
    })
    .catch(() => undefined);
};

function subscribe(l: () => void): () => void {
  listeners.add(l);
  if (listeners.size === 1) {
    load();
    off = api.on('stats.updated', () => {
      timer ??= setTimeout(() => {
        timer = null;
        load();
      }, 5000);
    });
  }
  return () => {
    listeners.delete(l);
    if (listeners.size === 0) {
      off?.();
      off = null;
      if (timer) clearTimeout(timer);
      timer = null;
    }
  };
}

export function useSparkline(id: string) {
  const all = useSyncExternalStore(subscribe, () => data);
  return all ? { bucketMs: all.bucketMs, from: all.from, line: all.endpoints.find((e) => e.id === id) ?? null } : null;
}
