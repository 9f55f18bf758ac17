/**
 * Latency percentiles per operation type in flat memory: a log-scale histogram (1 ms to ~5 min,
 * ~4 % resolution) instead of keeping every sample, so a 100,000-object run costs the same as ten.
 */
import { type LatencyStats } from '../../reporters/reporter';

const BUCKETS = 256;
const GROWTH = 1.05;

export class LatencyHistogram {
  private readonly counts = new Map<string, { buckets: Uint32Array; count: number; max: number }>();

  record(operation: string, ms: number): void {
    let series = this.counts.get(operation);
    if (!series) {
      series = { buckets: new Uint32Array(BUCKETS), count: 0, max: 0 };
      this.counts.set(operation, series);
    }
    const index = ms <= 1 ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(ms) / Math.log(GROWTH)));
    series.buckets[index] += 1;
    series.count += 1;
    series.max = Math.max(series.max, ms);
  }

  stats(): Record<string, LatencyStats> {
    const out: Record<string, LatencyStats> = {};
    for (const [operation, series] of this.counts) {
      const at = (q: number): number => {
        const rank = Math.ceil(q * series.count);
        let seen = 0;
        for (let i = 0; i < BUCKETS; i += 1) {
          seen += series.buckets[i];
          if (seen >= rank) return Math.min(series.max, Math.round(GROWTH ** i));
        }
        return series.max;
      };
      out[operation] = { count: series.count, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: Math.round(series.max) };
    }
    return out;
  }
}
