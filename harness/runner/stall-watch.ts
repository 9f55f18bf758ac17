/**
 * Watches every exchange of a run for a target that stalls: one that trickles its headers, or
 * accepts connections and never answers, makes each request wait the whole --timeout, one after
 * another (about 40 minutes for a `run` at the default 30 s). After `limit` timeouts in a row the
 * run stops with that as its cause; any answer (even an error status) resets the count, since a
 * target that answers is slow, not stalled. Connection failures neither count nor reset: they are
 * not a wait.
 */
import { type RunStop } from '../contract/verdict';
import { type Exchange } from '../contract/exchange';

export class StallWatch {
  private consecutive = 0;
  private recent: string[] = [];
  private tripped: RunStop | undefined;

  /** `limit` 0 never stops the run; `onStall` is called once, when the limit is first reached. */
  constructor(
    private readonly limit: number,
    private readonly timeoutMs: number,
    private readonly onStall: (stop: RunStop) => void,
  ) {}

  observe(exchange: Exchange): void {
    if (exchange.error?.kind === 'timeout') {
      this.consecutive += 1;
      this.recent.push(exchange.id);
      if (this.recent.length > Math.max(this.limit, 1)) this.recent.shift();
      if (this.limit > 0 && this.consecutive >= this.limit && this.tripped === undefined) {
        this.tripped = {
          kind: 'stalled',
          cause: `the target stalls: ${this.consecutive} requests timed out in a row at --timeout ${formatMs(this.timeoutMs)} (--max-consecutive-timeouts 0 goes on regardless)`,
          evidence: [...this.recent],
        };
        this.onStall(this.tripped);
      }
    } else if (exchange.response !== undefined) {
      this.consecutive = 0;
      this.recent = [];
    }
  }

  /** Why the run stopped, once it did. */
  get stop(): RunStop | undefined {
    return this.tripped;
  }

  /** The target is not answering now: the last `limit` requests all timed out (never true with limit 0). */
  get stalling(): boolean {
    return this.limit > 0 && this.consecutive >= this.limit;
  }
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
