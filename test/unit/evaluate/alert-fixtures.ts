import { HEALTHY_QUARANTINE_STATE, advanceQuarantine, type QuarantineState } from '../../../harness/engine/quarantine/quarantine-state';
import { EntryTally, type TallySnapshot } from '../../../harness/log/entry-tally';
import { at, makeEntry } from './entry-factory';

/** A tally of one entry per minute given, failed or succeeded. */
export function tallyOf(entries: { minute: number; failed?: boolean }[]): TallySnapshot {
  const tally = new EntryTally();
  for (const { minute, failed } of entries) tally.add(makeEntry({ at: at(minute), status: failed ? 'failure' : 'success' }));
  return tally.snapshot();
}

/** The state after an incremental cycle ending at minute 80 met a credential error: quarantined at once. */
export function quarantinedByCredentials(): QuarantineState {
  return advanceQuarantine(HEALTHY_QUARANTINE_STATE, {
    cycleNumber: 2,
    kind: 'incremental',
    endedAt: at(80),
    counts: { failures: 0, referenceFailures: 0, successes: 0 },
    immediateTrigger: { kind: 'credentials', jobErrorCode: 'CredentialValidationFailure', message: '401' },
    anySuccessfulRetry: false,
    allowDeletes: false,
  });
}
