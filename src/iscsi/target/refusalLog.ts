/**
 * Refusals logged without letting a flood of them flood the log: the first refusal of an address
 * for a reason is logged at once; later ones within the interval are only counted, and the count is
 * told with the next line for that address and reason.
 */
export class RefusalLog {
  private readonly intervalMs: number;
  private readonly write: (message: string) => void;
  private readonly quiet = new Map<string, { until: number; suppressed: number }>();

  constructor(write: (message: string) => void, intervalMs = 10_000) {
    this.write = write;
    this.intervalMs = intervalMs;
  }

  refused(address: string, reason: string, now = Date.now()): void {
    const key = `${address} ${reason}`;
    const entry = this.quiet.get(key);
    if (entry !== undefined && now < entry.until) {
      entry.suppressed++;
      return;
    }
    const earlier = entry === undefined || entry.suppressed === 0 ? '' : ` (and ${entry.suppressed} more since the last report)`;
    this.write(`iSCSI connection from ${address} refused: ${reason}${earlier}`);
    this.quiet.set(key, { until: now + this.intervalMs, suppressed: 0 });
    this.forgetQuietAddresses(now);
  }

  /**
   * Keeps the map small under churn (a peer cycling through IPv6 addresses): once it is large,
   * every entry whose interval ended goes, its suppressed count with it — a count nobody will
   * report is not worth unbounded memory.
   */
  private forgetQuietAddresses(now: number): void {
    if (this.quiet.size < 1024) return;
    for (const [key, entry] of this.quiet) if (now >= entry.until) this.quiet.delete(key);
  }
}
