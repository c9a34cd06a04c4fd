import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { Download, FileSpreadsheet } from 'lucide-react';
import { downloadText } from '../../lib/download';
import { fileSlug, stack, toCsv, type SeriesDef } from './chart-data';

export interface ChartProps {
  title: string;
  /** Start of each bucket (ms) for a time chart; absent with `categories`. */
  t?: number[];
  /** Category names for a bar chart over categories (histogram, status classes). */
  categories?: string[];
  series: SeriesDef[];
  kind: 'stacked' | 'line' | 'bars';
  /** Formats y values (axis and hover). */
  format?: (v: number) => string;
  height?: number;
  /** Fixed y range, e.g. [0, 1] for a rate. */
  yRange?: [number, number];
  /** Shown under the title (the bucket size…). */
  note?: string;
}

// uPlot is not needed for the first screen (a request's Overview tab, the Overview area): it loads
// on a chart's first show, or once the page is up and idle, whichever comes first.
let UPlot: typeof uPlot | null = null;
let loading: Promise<typeof uPlot> | null = null;
const loadUPlot = () => (loading ??= import('uplot').then((m) => (UPlot = m.default)));
if (typeof window !== 'undefined') {
  const idle = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => void loadUPlot()) : void loadUPlot());
  const later = () => setTimeout(idle, 1000);
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
}

const cssVar = (name: string): string =>
  name.startsWith('--') ? getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888' : name;

const withAlpha = (color: string, alpha: number): string => {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const n = parseInt(m[1], 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
};

const timeLabel = (ms: number) => new Date(ms).toLocaleString();

function chartData(p: ChartProps): uPlot.AlignedData {
  const xs = p.categories ? p.categories.map((_, i) => i) : (p.t ?? []);
  const stacked = p.kind === 'stacked' ? stack(p.series) : null;
  const order = p.series.map((_, i) => i);
  if (stacked) order.reverse();
  return [xs, ...order.map((i) => (stacked ? stacked[i] : p.series[i].values))] as uPlot.AlignedData;
}

/** Options for the chart's shape; hover values are read from the latest props through `get`. */
function buildOpts(U: typeof uPlot, get: () => ChartProps, width: number): uPlot.Options {
  const p = get();
  const text = cssVar('--text-2');
  const grid = cssVar('--border');
  const fmt = p.format ?? ((v: number) => String(v));
  const categorical = !!p.categories;
  const xs = categorical ? p.categories!.map((_, i) => i) : (p.t ?? []);
  // Stacked: the running sums drawn top-first so each lower layer paints over the one above.
  const order = p.series.map((_, i) => i);
  if (p.kind === 'stacked') order.reverse();
  const bars = p.kind !== 'line' ? U.paths.bars!({ size: [0.8, 48], gap: 1 }) : undefined;
  const series: uPlot.Series[] = [
    categorical
      ? { label: 'Bucket', value: (_u, v) => (v === null ? '–' : (get().categories?.[v] ?? '')) }
      : { label: 'Time', value: (_u, v) => (v === null ? '–' : timeLabel(v)) },
    ...order.map((i): uPlot.Series => {
      const s = p.series[i];
      const color = cssVar(s.color);
      const fmtNow = (v: number) => (get().format ?? fmt)(v);
      return {
        label: s.label,
        stroke: color,
        width: p.kind === 'line' ? 1.5 : 0,
        fill: p.kind === 'line' ? undefined : withAlpha(color, 0.85),
        paths: bars,
        points: { show: p.kind === 'line' && xs.length < 60 },
        spanGaps: false,
        value: (_u, _v, _si, idx) => {
          if (idx === null || idx === undefined) return '–';
          const raw = get().series[i]?.values[idx];
          return raw === null || raw === undefined ? '–' : fmtNow(raw);
        },
      };
    }),
  ];
  const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px sans-serif' };
  const opts: uPlot.Options = {
    width,
    height: p.height ?? 200,
    ms: 1,
    series,
    legend: { live: true },
    cursor: { drag: { x: !categorical, y: false }, points: { show: p.kind === 'line' } },
    scales: {
      x: categorical ? { time: false, range: [-0.5, xs.length - 0.5] } : { time: true },
      y: p.yRange ? { range: p.yRange } : { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] },
    },
    axes: [
      categorical
        ? {
            ...axis,
            splits: () => xs,
            // Every k-th label when they would overlap (about 80 px each).
            values: (u, splits) => {
              const every = Math.max(1, Math.ceil((splits.length * 80) / Math.max(1, u.bbox.width / (window.devicePixelRatio || 1))));
              return splits.map((i) => (i % every === 0 ? (get().categories?.[i] ?? '') : ''));
            },
            size: 36,
          }
        : { ...axis },
      { ...axis, values: (_u, splits) => splits.map((v) => fmt(v)), size: 56 },
    ],
  };
  return opts;
}

/** A canvas chart (uPlot) in a card: hover shows exact values; PNG and CSV export. */
export function Chart(p: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const props = useRef(p);
  props.current = p;
  const shape = `${p.kind}|${p.series.map((s) => s.label).join(',')}|${p.categories?.join(',') ?? ''}|${p.yRange ?? ''}`;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let gone = false;
    const create = () => {
      if (!UPlot || gone) return;
      plot.current?.destroy();
      plot.current = new UPlot(buildOpts(UPlot, () => props.current, Math.max(200, el.clientWidth)), chartData(props.current), el);
    };
    if (UPlot) create();
    else void loadUPlot().then(create);
    const ro = new ResizeObserver(() => {
      const w = Math.max(200, el.clientWidth);
      if (plot.current && Math.abs(plot.current.width - w) > 1) plot.current.setSize({ width: w, height: props.current.height ?? 200 });
    });
    ro.observe(el);
    // Colours come from the theme: rebuild when it changes.
    const mo = new MutationObserver(create);
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      gone = true;
      ro.disconnect();
      mo.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [shape]);

  useEffect(() => {
    // New values with the same shape (live refresh): the x range follows the data.
    plot.current?.setData(chartData(p));
  }, [p]);

  const exportPng = () => {
    const u = plot.current;
    if (!u) return;
    const src = u.ctx.canvas;
    const dpr = window.devicePixelRatio || 1;
    const head = Math.round(36 * dpr);
    const c = document.createElement('canvas');
    c.width = src.width;
    c.height = src.height + head;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = cssVar('--bg-elev');
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.fillStyle = cssVar('--text');
    ctx.font = `600 ${Math.round(13 * dpr)}px sans-serif`;
    ctx.fillText(p.title, 8 * dpr, 16 * dpr);
    let x = 8 * dpr;
    ctx.font = `${Math.round(11 * dpr)}px sans-serif`;
    for (const s of p.series) {
      ctx.fillStyle = cssVar(s.color);
      ctx.fillRect(x, 23 * dpr, 9 * dpr, 9 * dpr);
      ctx.fillStyle = cssVar('--text-2');
      ctx.fillText(s.label, x + 13 * dpr, 31 * dpr);
      x += ctx.measureText(s.label).width + 26 * dpr;
    }
    ctx.drawImage(src, 0, head);
    c.toBlob((blob) => {
      if (!blob) return;
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${fileSlug(p.title)}.png`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }, 'image/png');
  };

  const exportCsv = () => {
    const xs = p.categories ?? (p.t ?? []).map((t) => new Date(t).toISOString());
    downloadText(`${fileSlug(p.title)}.csv`, 'text/csv', toCsv(p.categories ? 'bucket' : 'time', xs, p.series));
  };

  return (
    <section className="card ov-chart" aria-label={p.title}>
      <header className="ov-chart-head">
        <div>
          <h2>{p.title}</h2>
          {p.note && <span className="muted small">{p.note}</span>}
        </div>
        <div className="ov-chart-tools">
          <button type="button" className="icon-button" aria-label={`Export ${p.title} as PNG`} title="Export PNG" onClick={exportPng}>
            <Download size={14} />
          </button>
          <button type="button" className="icon-button" aria-label={`Export ${p.title} data as CSV`} title="Export CSV" onClick={exportCsv}>
            <FileSpreadsheet size={14} />
          </button>
        </div>
      </header>
      <div ref={box} className="ov-chart-plot" />
    </section>
  );
}
