/**
 * When Entra retries an escrowed (failed) object operation (docs/entra-behaviour.md#escrow-retries).
 *
 * D-QUAR's "Retry duration": first retry 6 h after the failure, second 12 h after the first
 * failure, third 24 h after it, then every 24 h, for 28 days after the first failure, after which
 * "the escrow entry is removed". The error table adds that InternalServerError, Timeout and
 * friends are "retried in 40 minutes", and a captured record shows a retry one cycle after the
 * first failure. Model [INF, docs/entra-behaviour.md#escrow-retries]: the first failure ("retried 0 times") is retried
 * in the next cycle; then 6 h, 12 h, 24 h after the first failure; then every 24 h; the last
 * attempt is exactly 28 days after the first failure.
 */

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Escrows older than this are dropped (docs/entra-behaviour.md#escrow-retries). */
export const ESCROW_RETENTION_MS = 28 * DAY_MS;

/** Offsets from the first failure of retries 2, 3 and 4 (after the next-cycle retry). */
const EARLY_RETRY_OFFSETS_MS: readonly number[] = [6 * HOUR_MS, 12 * HOUR_MS, 24 * HOUR_MS];

/**
 * The next attempt for an escrow whose first failure was at `firstFailureAt` and that has been
 * retried `retriesDone` times (0 right after the first failure). Null: give up, the escrow is
 * past its 28 days.
 */
export function nextAttemptAfter(firstFailureAt: Date, retriesDone: number, cycleIntervalMs: number): Date | null {
  if (!Number.isInteger(retriesDone) || retriesDone < 0) {
    throw new RangeError(`retriesDone must be a whole number >= 0, got ${String(retriesDone)}`);
  }
  if (!Number.isFinite(cycleIntervalMs) || cycleIntervalMs <= 0) {
    throw new RangeError(`cycleIntervalMs must be a positive number of milliseconds, got ${String(cycleIntervalMs)}`);
  }
  const first = firstFailureAt.getTime();
  if (!Number.isFinite(first)) throw new RangeError('firstFailureAt is not a valid date');
  let offset: number;
  if (retriesDone === 0) offset = cycleIntervalMs;
  else if (retriesDone <= EARLY_RETRY_OFFSETS_MS.length) offset = EARLY_RETRY_OFFSETS_MS[retriesDone - 1];
  else offset = (retriesDone - EARLY_RETRY_OFFSETS_MS.length + 1) * DAY_MS;
  if (offset > ESCROW_RETENTION_MS) return null;
  return new Date(first + offset);
}

/** An escrow is due once its next attempt time has come; one without a next attempt never is. */
export function isDue(escrow: { readonly nextAttemptAt: Date | string | null }, now: Date): boolean {
  if (escrow.nextAttemptAt === null) return false;
  const next = escrow.nextAttemptAt instanceof Date ? escrow.nextAttemptAt.getTime() : Date.parse(escrow.nextAttemptAt);
  return Number.isFinite(next) && now.getTime() >= next;
}

/** Past the 28 days: drop the escrow even if a cycle never came to retry it (e.g. a paused job). */
export function hasExpired(escrow: { readonly firstFailureAt: Date | string }, now: Date): boolean {
  const first = escrow.firstFailureAt instanceof Date ? escrow.firstFailureAt.getTime() : Date.parse(escrow.firstFailureAt);
  return now.getTime() - first > ESCROW_RETENTION_MS;
}
