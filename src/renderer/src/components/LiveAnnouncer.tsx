import { useEffect, useState } from 'react';
import { api } from '../lib/api';
import { createAnnouncer } from '../lib/announcer';

/**
 * A polite live region that tells screen-reader users about new requests and delivery results,
 * one sentence per burst (a flood of 1,000 requests is one announcement).
 */
export function LiveAnnouncer() {
  const [text, setText] = useState('');
  useEffect(() => {
    let flip = false;
    const announcer = createAnnouncer(
      // The same sentence twice in a row is still announced: a zero-width space makes it differ.
      (t) => {
        flip = !flip;
        setText(flip ? t : `${t}\u200b`);
      },
      {
        set: (fn, ms) => window.setTimeout(fn, ms),
        clear: (h) => window.clearTimeout(h as number),
        now: Date.now,
      },
    );
    const counts = new Map<string, number>();
    const offs = [
      api.on('requests.received', (e) => {
        counts.clear();
        for (const r of e.items) counts.set(r.inbox, (counts.get(r.inbox) ?? 0) + 1);
        for (const [inbox, n] of counts) announcer.requests(inbox, n);
      }),
      api.on('deliveries.updated', (e) => {
        for (const d of e.items)
          if (d.status === 'succeeded' || d.status === 'failed' || d.status === 'retrying')
            announcer.delivery(d.id, d.status);
      }),
    ];
    return () => {
      offs.forEach((off) => off());
      announcer.dispose();
    };
  }, []);
  return (
    <div className="sr-only" role="status" aria-live="polite" data-testid="live-announcer">
      {text}
    </div>
  );
}
