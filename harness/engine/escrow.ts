/**
 * Escrows: failed object operations the job retries in later cycles (docs/entra-behaviour.md#escrow-retries). Entra
 * "retries in the next sync cycle … gradually scaling back the frequency"; the schedule itself is
 * in escrow-schedule.ts. An escrow that outlives 28 days is dropped.
 */
import { retrySuffix } from './entra-errors';
import { type IdentityType } from '../contract/log-entry';
import { hasExpired, nextAttemptAfter } from './escrow-schedule';

export interface Escrow {
  readonly key: string;
  readonly objectType: IdentityType;
  readonly sourceId: string;
  readonly isReference: boolean;
  readonly firstFailureAt: Date;
  /** Retries done so far (0 on the first failure: "This operation was retried 0 times"). */
  readonly retries: number;
  readonly nextAttemptAt: Date;
}

export function escrowKey(objectType: IdentityType, sourceId: string, isReference: boolean): string {
  return `${objectType}:${sourceId}${isReference ? ':ref' : ''}`;
}

export class EscrowBook {
  private readonly escrows = new Map<string, Escrow>();

  constructor(private readonly cycleIntervalMs: number) {}

  get(key: string): Escrow | undefined {
    return this.escrows.get(key);
  }

  /** Records a failure; returns the escrow as it now stands, or undefined when retries are over (28 days). */
  noteFailure(objectType: IdentityType, sourceId: string, isReference: boolean, now: Date): Escrow | undefined {
    const key = escrowKey(objectType, sourceId, isReference);
    const previous = this.escrows.get(key);
    const firstFailureAt = previous?.firstFailureAt ?? now;
    const retries = previous ? previous.retries + 1 : 0;
    const next = nextAttemptAfter(firstFailureAt, retries, this.cycleIntervalMs);
    // While quarantined, cycles run less often (down to daily) and retries fall behind the schedule: the 28 days
    // count from the first failure whatever the retry count (docs/entra-behaviour.md#escrow-retries).
    if (!next || hasExpired({ firstFailureAt }, now)) {
      this.escrows.delete(key);
      return undefined;
    }
    const escrow: Escrow = { key, objectType, sourceId, isReference, firstFailureAt, retries, nextAttemptAt: next };
    this.escrows.set(key, escrow);
    return escrow;
  }

  /** A success clears the escrow; true when there was one (a successful retry lifts quarantine, docs/entra-behaviour.md#while-quarantined). */
  noteSuccess(objectType: IdentityType, sourceId: string, isReference: boolean): boolean {
    return this.escrows.delete(escrowKey(objectType, sourceId, isReference));
  }

  /** Escrows whose next attempt is due. */
  due(now: Date): Escrow[] {
    return [...this.escrows.values()].filter((e) => e.nextAttemptAt.getTime() <= now.getTime());
  }

  counts(): { failures: number; referenceFailures: number } {
    let failures = 0;
    let referenceFailures = 0;
    for (const escrow of this.escrows.values()) {
      if (escrow.isReference) referenceFailures += 1;
      else failures += 1;
    }
    return { failures, referenceFailures };
  }

  /** Restart with resetScope Escrows: stop retrying failures (docs/entra-behaviour.md#restart). */
  clear(): void {
    this.escrows.clear();
  }

  get size(): number {
    return this.escrows.size;
  }
}

/** Entra's retry note for an escrowed failure (docs/entra-behaviour.md#reason-text, docs/entra-behaviour.md#escrow-retries). */
export function retryNote(escrow: Escrow | undefined): string {
  if (!escrow) return '. This operation will not be retried: it has failed for 28 days.';
  return retrySuffix({ retriedTimes: escrow.retries, nextAttempt: escrow.nextAttemptAt });
}
