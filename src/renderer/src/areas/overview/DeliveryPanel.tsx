import type { DeliveryStats, EndpointStatsRow } from '../../../../shared/monitoring';
import { useStore } from '../../store';
import { Chart } from './Chart';
import { bucketLabel, bucketLabels, formatCount, formatMs, formatPct, formatRoundCount } from './chart-data';
import { Kpi, StatsTable } from './panel-parts';

/** Opens a delivery's timeline in the Deliveries area. */
export function openDelivery(id: string): void {
  const s = useStore.getState();
  s.navigate('deliveries');
  s.selectDelivery(id);
}

const slowCount = (s: DeliveryStats) => {
  const i = s.histogram.bounds.indexOf(5000);
  return i < 0 ? 0 : s.histogram.counts.slice(i + 1).reduce((a, b) => a + b, 0);
};

/** Delivery charts, KPIs, endpoint tables and the last failures. */
export function DeliveryPanel({ stats, compact }: { stats: DeliveryStats; compact?: boolean }) {
  const s = stats.series;
  const per = bucketLabel(stats.bucketMs);
  const t = stats.totals;
  const failRate = t.attempts ? (t.retried + t.failed) / t.attempts : null;
  const failing = [...stats.endpoints]
    .filter((e) => e.retried + e.failed > 0)
    .sort((a, b) => (b.retried + b.failed) / b.attempts - (a.retried + a.failed) / a.attempts)
    .slice(0, 8);
  return (
    <div className="ov-panel">
      <div className="ov-kpis">
        <Kpi label="Attempts" value={formatCount(t.attempts)} hint={`${formatCount(t.succeeded)} succeeded`} />
        <Kpi
          label="Success rate"
          value={formatPct(t.successRate)}
          tone={t.successRate === null ? undefined : t.successRate >= 0.99 ? 'ok' : t.successRate >= 0.95 ? 'warn' : 'err'}
          hint={failRate === null ? undefined : `${formatPct(failRate)} of attempts failed`}
        />
        <Kpi label="Failed for good" value={formatCount(t.failed)} tone={t.failed ? 'err' : undefined} hint={`${formatCount(t.retried)} retried`} />
        <Kpi label="Latency p95" value={formatMs(t.p95)} hint={`p50 ${formatMs(t.p50)} · p99 ${formatMs(t.p99)}`} />
        <Kpi label="Slower than 5 s" value={formatCount(slowCount(stats))} tone={slowCount(stats) ? 'warn' : undefined} hint={`max ${formatMs(t.maxMs)}`} />
      </div>
      <div className="ov-grid">
        <Chart
          title="Deliveries by outcome"
          note={`attempts per ${per}`}
          t={s.t}
          kind="stacked"
          series={[
            { label: 'Succeeded', values: s.succeeded, color: '--ok' },
            { label: 'Retried', values: s.retried, color: '--warn' },
            { label: 'Failed', values: s.failed, color: '--err' },
          ]}
          format={formatRoundCount}
        />
        <Chart
          title="Success rate"
          note={`per ${per}`}
          t={s.t}
          kind="line"
          yRange={[0, 1]}
          series={[{ label: 'Success rate', values: s.successRate, color: '--ok' }]}
          format={(v) => formatPct(v)}
        />
        <Chart
          title="Attempt latency"
          note={`p50 / p95 / p99 per ${per}`}
          t={s.t}
          kind="line"
          series={[
            { label: 'p50', values: s.p50, color: '--accent' },
            { label: 'p95', values: s.p95, color: '--warn' },
            { label: 'p99', values: s.p99, color: '--err' },
          ]}
          format={formatMs}
        />
        <Chart
          title="Latency histogram"
          note="attempts with an answer or a timeout"
          categories={bucketLabels(stats.histogram.bounds)}
          kind="bars"
          series={[{ label: 'Attempts', values: stats.histogram.counts, color: '--accent' }]}
          format={formatRoundCount}
        />
        {!compact && (
          <Chart
            title="Status codes"
            note="answers per class"
            categories={['2xx', '3xx', '4xx', '5xx', 'No answer']}
            kind="bars"
            series={[
              {
                label: 'Attempts',
                values: [stats.statusClasses.s2xx, stats.statusClasses.s3xx, stats.statusClasses.s4xx, stats.statusClasses.s5xx, stats.statusClasses.none],
                color: '--text-2',
              },
            ]}
            format={formatRoundCount}
          />
        )}
      </div>
      <div className="ov-tables">
        {!compact && <EndpointTable title="Busiest endpoints" rows={stats.endpoints.slice(0, 8)} empty="No attempts in this window." />}
        {!compact && <EndpointTable title="Failing endpoints" rows={failing} empty="No endpoint failed in this window." />}
        <FailureTable stats={stats} />
      </div>
    </div>
  );
}

const ENDPOINT_COLUMNS = [
  { title: 'Endpoint' },
  { title: 'Attempts', num: true },
  { title: 'Success', num: true },
  { title: 'Failed', num: true },
  { title: 'p95', num: true },
];

function EndpointTable({ title, rows, empty }: { title: string; rows: EndpointStatsRow[]; empty: string }) {
  return (
    <StatsTable
      label={title}
      columns={ENDPOINT_COLUMNS}
      rows={rows}
      empty={empty}
      row={(e) => (
        <tr key={e.id}>
          <td className="ov-name">{e.name || <span className="muted">deleted endpoint</span>}</td>
          <td className="num">{formatCount(e.attempts)}</td>
          <td className="num">{formatPct(e.successRate)}</td>
          <td className="num">{formatCount(e.retried + e.failed)}</td>
          <td className="num">{formatMs(e.p95)}</td>
        </tr>
      )}
    />
  );
}

function FailureTable({ stats }: { stats: DeliveryStats }) {
  const rows = stats.recentFailures;
  return (
    <StatsTable
      label="Last failures"
      heading={<>Last {rows.length || 10} failures</>}
      className="ov-failures"
      columns={[{ title: 'When' }, { title: 'Endpoint' }, { title: 'Topic' }, { title: 'Error' }]}
      rows={rows}
      empty="No delivery failed for good in this window."
      row={(f) => (
        <tr
          key={f.deliveryId}
          className="ov-click"
          tabIndex={0}
          data-delivery={f.deliveryId}
          aria-label={`Open delivery ${f.deliveryId}`}
          onClick={() => openDelivery(f.deliveryId)}
          onKeyDown={(e) => e.key === 'Enter' && openDelivery(f.deliveryId)}
        >
          <td className="ov-when">{new Date(f.at).toLocaleTimeString()}</td>
          <td className="ov-name">{f.endpointName || f.endpointId}</td>
          <td className="mono small">{f.topic}</td>
          <td className="ov-error" title={f.error ?? ''}>
            {f.lastStatus !== null && <span className="badge badge-err">{f.lastStatus}</span>} {f.error ?? '–'}
            <span className="muted small"> · {f.attempts} {f.attempts === 1 ? 'attempt' : 'attempts'}</span>
          </td>
        </tr>
      )}
    />
  );
}
