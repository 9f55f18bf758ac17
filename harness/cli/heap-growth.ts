/**
 * Keeps the harness's memory flat over long runs.
 *
 * The harness's live heap is small and does not grow with the run (about 20 MB at the end of a
 * 100,000-user cycle), but every request leaves a little data that outlives a scavenge and is
 * promoted to the old generation, where it waits for the next full collection. On a machine with
 * memory to spare V8 schedules that collection only once the old generation has grown to as much
 * as four times what survived the last one (its heap controller's "high" growing factor), so the
 * longer the run, the more garbage is carried: a 100,000-user cycle peaked about 35 % above a
 * 10,000-user one (172 MB against 128 MB). A fixed growing factor of 1.5 keeps the old generation
 * near the live heap (128 MB against 117 MB); full collections of a 20 MB heap are short, and the
 * few extra ones stayed within run-to-run noise (a 10,000-user cycle: 17 instead of 14, 81 ms of
 * pauses either way).
 *
 * `--heap-growing-percent` is read each time V8 computes the next collection limit, so setting it
 * once the process runs takes effect from the next full collection on.
 */
import { setFlagsFromString } from 'node:v8';

/** The old generation grows to 1.5 times what survived the last full collection. */
export const OLD_GENERATION_GROWTH_PERCENT = 50;

/** Called once by the command-line entry point (and by the benchmark, which measures what it runs). */
export function boundOldGenerationGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${OLD_GENERATION_GROWTH_PERCENT}`);
}
