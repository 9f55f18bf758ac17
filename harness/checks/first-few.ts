/**
 * The first few of a possibly huge stream of deviations, and how many there were in all.
 *
 * A target decides how much it sends: a 3 MB ListResponse can hold a million resources, each
 * with its own schema violations. A check keeps the few it shows and counts the rest, so its
 * cost stays linear in what was sent and its text stays one line, however many items deviate.
 */
import { formatCount } from '../text/numbers';

export class FirstFew<T> {
  readonly items: T[] = [];
  private count = 0;

  constructor(readonly limit: number) {}

  /** Every deviation seen, shown or not. */
  get total(): number {
    return this.count;
  }

  /** True once `limit` items are kept: further ones are only counted (see `skip`). */
  get full(): boolean {
    return this.items.length >= this.limit;
  }

  add(item: T): void {
    this.count += 1;
    if (this.items.length < this.limit) this.items.push(item);
  }

  /** Counts a deviation without building it: callers check `full` first to save the work. */
  skip(count = 1): void {
    this.count += count;
  }

  /** `"; … and 999,990 more"`, or "" when every item is shown. */
  moreText(separator = '; '): string {
    const more = this.count - this.items.length;
    return more > 0 ? `${separator}… and ${formatCount(more)} more` : '';
  }
}

/** 999990 → "999,990": the harness's one count format, under the name the checks use. */
export { formatCount as groupDigits };
