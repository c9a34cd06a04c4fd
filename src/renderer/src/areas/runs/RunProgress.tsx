import type { Run } from '../../../../shared/replay';

/** A run's progress bar: same, changed, failed and not sent, as shares of all its items. */
export function Progress({ run }: { run: Run }) {
  const c = run.counts;
  const pct = (n: number) => `${c.total ? (n / c.total) * 100 : 0}%`;
  const green = c.same + c.noBaseline;
  const red = Math.max(0, c.done - green - c.changed);
  return (
    <div
      className="run-progress"
      role="progressbar"
      aria-label="Run progress"
      aria-valuemin={0}
      aria-valuemax={c.total}
      aria-valuenow={c.done + c.notSent}
    >
      <span className="seg seg-same" style={{ width: pct(green) }} />
      <span className="seg seg-changed" style={{ width: pct(c.changed) }} />
      <span className="seg seg-failed" style={{ width: pct(red) }} />
      <span className="seg seg-notsent" style={{ width: pct(c.notSent) }} />
    </div>
  );
}
