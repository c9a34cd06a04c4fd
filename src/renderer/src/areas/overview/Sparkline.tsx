import { useEffect, useRef } from 'react';
import { useSparkline } from './sparklines';
import './overview.css';

const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';

/** Volume (bars) and success rate (line) of an endpoint over the last 24 h, on a small canvas. */
export function EndpointSparkline({ id, width = 120, height = 24 }: { id: string; width?: number; height?: number }) {
  const s = useSparkline(id);
  const ref = useRef<HTMLCanvasElement>(null);
  const line = s?.line ?? null;
  const total = line ? line.attempts.reduce((a, b) => a + b, 0) : 0;
  const ok = line ? line.attempts.reduce((a, n, i) => a + n * (line.successRate[i] ?? 0), 0) : 0;

  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = width * dpr;
    c.height = height * dpr;
    const ctx = c.getContext('2d')!;
    ctx.scale(dpr, dpr);
    ctx.clearRect(0, 0, width, height);
    if (!line) return;
    const n = line.attempts.length;
    const max = Math.max(1, ...line.attempts);
    const w = width / n;
    ctx.fillStyle = cssVar('--border-strong');
    line.attempts.forEach((a, i) => {
      const h = a ? Math.max(1, (a / max) * (height - 2)) : 0;
      ctx.fillRect(i * w + 0.5, height - h, Math.max(1, w - 1), h);
    });
    ctx.strokeStyle = cssVar('--ok');
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    let drawing = false;
    line.successRate.forEach((r, i) => {
      if (r === null) {
        drawing = false;
        return;
      }
      const x = i * w + w / 2;
      const y = 1 + (1 - r) * (height - 3);
      if (drawing) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      drawing = true;
    });
    ctx.stroke();
  }, [line, width, height]);

  const label = !s
    ? 'Loading activity'
    : total === 0
      ? 'No attempts in the last 24 h'
      : `${total} attempts in the last 24 h, ${Math.round((ok / total) * 1000) / 10}% succeeded`;
  return (
    <span className="sparkline" title={label}>
      <canvas ref={ref} style={{ width, height }} role="img" aria-label={label} />
    </span>
  );
}
