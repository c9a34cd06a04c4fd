import { useEffect, useRef, useState } from 'react';

const KEY = (id: string) => `hookbench.pane.${id}`;

/**
 * A drag handle on the right edge of a side pane (put it inside the pane, which it makes
 * `position: relative`). It sets `--pane-w` on the pane's parent, whose grid uses it for the pane's
 * column (clamped there, e.g. `clamp(260px, var(--pane-w, 34%), calc(100% - 380px))`), and keeps
 * the width in localStorage so the pane opens at the size it was left. Arrow keys resize it too;
 * a double-click (or Home) goes back to the default size.
 */
export function PaneResizer({ id, label }: { id: string; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  // The pane's width as a focusable separator announces it (aria-valuenow is required for one).
  const [now, setNow] = useState(0);

  const apply = (width: number | null) => {
    const grid = ref.current?.parentElement?.parentElement;
    if (!grid) return;
    if (width === null) grid.style.removeProperty('--pane-w');
    else grid.style.setProperty('--pane-w', `${Math.round(width)}px`);
  };
  const save = (width: number | null) => {
    try {
      if (width === null) localStorage.removeItem(KEY(id));
      else localStorage.setItem(KEY(id), String(Math.round(width)));
    } catch {
      // Storage can be unavailable (private mode): the size then lasts until the window closes.
    }
  };
  const current = () => ref.current?.parentElement?.getBoundingClientRect().width ?? 0;

  useEffect(() => {
    let stored: number | null;
    try {
      const v = Number(localStorage.getItem(KEY(id)));
      stored = Number.isFinite(v) && v >= 120 && v <= 4000 ? v : null;
    } catch {
      stored = null;
    }
    apply(stored);
    const pane = ref.current?.parentElement;
    if (!pane || typeof ResizeObserver === 'undefined') return;
    const watch = new ResizeObserver(() => setNow(Math.round(pane.getBoundingClientRect().width)));
    watch.observe(pane);
    return () => watch.disconnect();
  }, [id]);

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    const pane = ref.current?.parentElement;
    if (!pane || e.button !== 0) return;
    e.preventDefault();
    const left = pane.getBoundingClientRect().left;
    const handle = e.currentTarget;
    handle.setPointerCapture(e.pointerId);
    let last = current();
    const move = (ev: PointerEvent) => {
      last = ev.clientX - left;
      apply(last);
    };
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
      // Save what the layout allowed, not where the pointer went.
      save(current() || last);
      apply(current() || last);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const step = e.shiftKey ? 64 : 16;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      apply(current() + (e.key === 'ArrowLeft' ? -step : step));
      save(current());
      apply(current());
    } else if (e.key === 'Home') {
      e.preventDefault();
      apply(null);
      save(null);
    }
  };

  return (
    <div
      ref={ref}
      className="pane-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={now}
      aria-valuemin={120}
      aria-valuemax={4000}
      aria-valuetext={`${now} pixels wide`}
      title={`${label} (double-click: default size)`}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      onDoubleClick={() => {
        apply(null);
        save(null);
      }}
    />
  );
}
