/** A token bucket for one endpoint's attempts per second (burst up to one second's worth). */
export class RateGate {
  private tokens = 0;
  private at = 0;

  /** Takes a token; returns 0 when granted, else the ms to wait for the next one. */
  take(perSecond: number | null, now: number): number {
    if (perSecond === null) return 0;
    const burst = Math.max(1, perSecond);
    if (this.at === 0) this.tokens = burst;
    else this.tokens = Math.min(burst, this.tokens + ((now - this.at) / 1000) * perSecond);
    this.at = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / perSecond) * 1000);
  }
}
