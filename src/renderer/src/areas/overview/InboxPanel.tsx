import type { InboxStats } from '../../../../shared/monitoring';
import { formatBytes } from '../../lib/format';
import { Chart } from './Chart';
import { bucketLabel, formatCount, formatPct, formatRoundCount } from './chart-data';
import { Kpi, StatsTable } from './panel-parts';

/** The receiving half: requests per bucket by answer, signature outcomes, duplicates, per inbox. */
export function InboxPanel({ stats }: { stats: InboxStats }) {
  const s = stats.series;
  const t = stats.totals;
  const per = bucketLabel(stats.bucketMs);
  const non2xx = t.requests - t.a2xx;
  const dupRate = s.requests.map((n, i) => (n ? s.duplicates[i] / n : null));
  return (
    <div className="ov-panel">
      <div className="ov-kpis">
        <Kpi label="Requests" value={formatCount(t.requests)} hint={formatBytes(t.bytes)} />
        <Kpi label="Answered non-2xx" value={formatCount(non2xx)} tone={non2xx ? 'warn' : undefined} hint={t.requests ? formatPct(non2xx / t.requests) : undefined} />
        <Kpi label="Invalid signatures" value={formatCount(t.sigInvalid)} tone={t.sigInvalid ? 'err' : undefined} hint={`${formatCount(t.sigValid)} valid · ${formatCount(t.unsigned)} unsigned`} />
        <Kpi label="Duplicate rate" value={formatPct(t.duplicateRate)} hint={`${formatCount(t.duplicates)} duplicates`} />
      </div>
      <div className="ov-grid">
        <Chart
          title="Requests by answer"
          note={`requests per ${per}`}
          t={s.t}
          kind="stacked"
          series={[
            { label: '2xx', values: s.a2xx, color: '--ok' },
            { label: '3xx', values: s.a3xx, color: '--accent' },
            { label: '4xx', values: s.a4xx, color: '--warn' },
            { label: '5xx', values: s.a5xx, color: '--err' },
            { label: 'No answer', values: s.aNone, color: '--text-3' },
          ]}
          format={formatRoundCount}
        />
        <Chart
          title="Signature outcomes"
          note={`requests per ${per}`}
          t={s.t}
          kind="stacked"
          series={[
            { label: 'Valid', values: s.sigValid, color: '--ok' },
            { label: 'Invalid', values: s.sigInvalid, color: '--err' },
            { label: 'Unsigned', values: s.unsigned, color: '--text-3' },
          ]}
          format={formatRoundCount}
        />
        <Chart
          title="Duplicate rate"
          note={`per ${per}`}
          t={s.t}
          kind="line"
          yRange={[0, 1]}
          series={[{ label: 'Duplicates', values: dupRate, color: '--warn' }]}
          format={formatPct}
        />
      </div>
      <StatsTable
        label="Inboxes"
        columns={[
          { title: 'Inbox' },
          { title: 'Requests', num: true },
          { title: 'Non-2xx', num: true },
          { title: 'Invalid sig.', num: true },
          { title: 'Duplicates', num: true },
        ]}
        rows={stats.inboxes}
        empty="No requests in this window."
        row={(i) => (
          <tr key={i.slug}>
            <td className="ov-name">
              {i.name || i.slug} <span className="muted mono small">/{i.slug}</span>
            </td>
            <td className="num">{formatCount(i.requests)}</td>
            <td className="num">{formatCount(i.requests - i.a2xx)}</td>
            <td className="num">{formatCount(i.sigInvalid)}</td>
            <td className="num">{formatPct(i.duplicateRate)}</td>
          </tr>
        )}
      />
    </div>
  );
}
