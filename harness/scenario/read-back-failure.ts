/**
 * What a failed read-back (`expectTarget`) rests on (docs/diagnosis.md#read-back). After a write
 * that FAILED, the read-back only repeats that failure: its evidence cites the failing exchange,
 * so attribution gives it the write's cause (harness/evaluate/root-causes.ts rules 2 and 4), and
 * nothing is probed. After writes the target accepted, the session's read-back diagnosis names
 * why the value did not come back.
 */
import { type Exchange } from '../contract/exchange';
import { type LogEntry } from '../contract/log-entry';
import { type ReadBackDiagnosis, type ReadBackFailure } from '../diagnose/read-back/read-back-diagnosis';

export interface ReadBackOutcome {
  /** The root cause a diagnosis established, when one did. */
  readonly cause?: string;
  readonly evidence: readonly string[];
}

/**
 * The exchange the object's failed entry of the last cycle failed on: its last HTTP error or
 * transport failure, else its last exchange (a 2xx Entra could not deserialise).
 */
export function failedWriteOf(lastCycle: readonly LogEntry[]): Exchange | undefined {
  for (let index = lastCycle.length - 1; index >= 0; index -= 1) {
    const entry = lastCycle[index];
    if (entry.provisioningStatusInfo.status !== 'failure') continue;
    const exchanges = entry.harness.exchanges;
    const failing = [...exchanges].reverse().find((exchange) => exchange.error !== undefined || (exchange.response?.status ?? 0) >= 400);
    const cited = failing ?? exchanges.at(-1);
    if (cited) return cited;
  }
  return undefined;
}

export async function explainReadBack(readBack: ReadBackDiagnosis, failure: ReadBackFailure, lastCycle: readonly LogEntry[], signal?: AbortSignal): Promise<ReadBackOutcome> {
  const failedWrite = failedWriteOf(lastCycle);
  if (failedWrite) return { evidence: [failure.read.id, failedWrite.id] };
  // A diagnosis cut short (the run was interrupted) leaves the read-back failed as it was seen.
  const found = await readBack.diagnose(failure, signal).catch(() => undefined);
  return found ? { cause: found.cause, evidence: found.evidence } : { evidence: [failure.read.id] };
}
