import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';

/**
 * Loads data and keeps it live: reloads on `stats.updated` (at most every 2 s) and every
 * `everyMs` (so a window ending now slides), and whenever `key` changes.
 */
export function useLive<T>(load: () => Promise<T>, key: string, everyMs: number | null) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loader = useRef(load);
  loader.current = load;
  const last = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const seq = useRef(0);

  const reload = useCallback(() => {
    const my = ++seq.current;
    last.current = Date.now();
    loader
      .current()
      .then((d) => {
        if (my !== seq.current) return;
        setData(d);
        setError(null);
      })
      .catch((err: unknown) => my === seq.current && setError(errorMessage(err)));
  }, []);

  useEffect(() => {
    reload();
  }, [key, reload]);

  useEffect(() => {
    const off = api.on('stats.updated', () => {
      if (pending.current) return;
      const wait = Math.max(0, 2000 - (Date.now() - last.current));
      pending.current = setTimeout(() => {
        pending.current = null;
        reload();
      }, wait);
    });
    const timer = everyMs ? setInterval(reload, everyMs) : null;
    return () => {
      off();
      if (timer) clearInterval(timer);
      if (pending.current) clearTimeout(pending.current);
      pending.current = null;
    };
  }, [everyMs, reload]);

  return { data, error, reload };
}
