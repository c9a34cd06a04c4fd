/** Pure helpers for the Overview's charts: stacking, CSV, labels, windows. */

export interface SeriesDef {
  label: string;
  values: (number | null)[];
  /** A CSS variable (e.g. '--ok') or a colour. */
  color: string;
}

/** Running sums for a stacked chart: result[i] = values[0] + … + values[i]. */
export function stack(series: SeriesDef[]): number[][] {
  const out: number[][] = [];
  series.forEach((s, i) => {
    out.push(s.values.map((v, j) => (v ?? 0) + (i > 0 ? out[i - 1][j] : 0)));
  });
  return out;
}

const csvCell = (v: string | number | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** A chart's data as CSV: one row per x (ISO time or category), one column per series. */
export function toCsv(xLabel: string, xs: (string | number)[], series: SeriesDef[]): string {
  const head = [xLabel, ...series.map((s) => s.label)].map(csvCell).join(',');
  const rows = xs.map((x, i) => [x, ...series.map((s) => s.values[i] ?? null)].map(csvCell).join(','));
  return [head, ...rows].join('\n') + '\n';
}

export const fileSlug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'chart';

export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  if (ms >= 10_000) return `${Number((ms / 1000).toFixed(1))} s`;
  if (ms >= 1000) return `${Number((ms / 1000).toFixed(2))} s`;
  return `${ms >= 100 ? Math.round(ms) : Math.round(ms * 10) / 10} ms`;
}

export const formatPct = (r: number | null): string =>
  r === null ? '–' : `${(Math.round(r * 1000) / 10).toFixed(r === 1 || r === 0 ? 0 : 1)}%`;

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** A chart value that counts things (rounded: a stacked or averaged value can be fractional). */
export const formatRoundCount = (v: number): string => formatCount(Math.round(v));

/** Labels of latency histogram buckets from their upper bounds. */
export function bucketLabels(bounds: number[]): string[] {
  const f = (ms: number) => (ms >= 1000 ? `${ms / 1000}s` : `${ms}ms`);
  return [...bounds.map((b, i) => (i === 0 ? `<${f(b)}` : `${f(bounds[i - 1])}–${f(b)}`)), `≥${f(bounds[bounds.length - 1])}`];
}

export const bucketLabel = (ms: number): string => {
  const m = ms / 60_000;
  return m >= 60 ? `${m / 60} h` : `${m} min`;
};
