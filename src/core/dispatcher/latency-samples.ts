/** The last 65,536 samples (ms) in a ring; percentiles over what it holds. */
export class LatencySamples {
  private readonly ring = new Float64Array(65_536);
  private n = 0;

  add(ms: number): void {
    this.ring[this.n++ & 65_535] = ms;
  }

  /** Percentiles of the samples since the last reset (the last 65,536 at most), then resets. */
  take(): { count: number; p50: number; p99: number; max: number } {
    const count = Math.min(this.n, this.ring.length);
    const xs = this.ring.slice(0, count).sort();
    this.n = 0;
    const at = (q: number) => (count ? xs[Math.min(count - 1, Math.floor(q * count))] : NaN);
    return { count, p50: at(0.5), p99: at(0.99), max: count ? xs[count - 1] : NaN };
  }
}
