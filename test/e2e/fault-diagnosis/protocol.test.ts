/**
 * The protocol fault switches of the bundled server, one at a time, whole suite, both dialects:
 * each ends as exactly one root cause, at the severity its check is calibrated to
 * (docs/diagnosis.md#severity), and nothing else — no other root cause, no failed scenario whose
 * failure is attributed elsewhere, no inconclusive scenario.
 */
import { CHECK_SEVERITIES } from '../../../harness/checks/check-catalog';
import { describeCauses, runWithFaults } from '../../helpers/fault-diagnosis';

interface ProtocolFault {
  readonly fault: string;
  /** The root cause's id, or its prefix for a scenario expectation. */
  readonly cause: string;
  /** The check whose calibrated severity the root cause has; absent: the expectation's (required). */
  readonly check?: string;
}

const FAULTS: readonly ProtocolFault[] = [
  { fault: 'create-200', cause: 'check/protocol/create-status-201', check: 'protocol/create-status-201' },
  { fault: 'delete-200', cause: 'check/protocol/delete-status-204', check: 'protocol/delete-status-204' },
  { fault: 'no-location', cause: 'check/protocol/create-location-header', check: 'protocol/create-location-header' },
  { fault: 'wrong-content-type', cause: 'check/protocol/content-type', check: 'protocol/content-type' },
  { fault: 'plain-errors', cause: 'check/protocol/error-body', check: 'protocol/error-body' },
  { fault: 'numeric-error-status', cause: 'check/schema/error-response', check: 'schema/error-response' },
  { fault: 'ignore-excluded-members', cause: 'check/protocol/excluded-members-honoured', check: 'protocol/excluded-members-honoured' },
  { fault: 'patch-no-atomic', cause: 'expectation/protocol/patch-atomicity/' },
  { fault: 'group-patch-body', cause: 'check/protocol/group-patch-204', check: 'protocol/group-patch-204' },
];

function severityOf(check: string | undefined): string {
  return check === undefined ? 'required' : (CHECK_SEVERITIES.find((entry) => entry.id === check)?.severity ?? 'unknown check');
}

describe('protocol faults: one root cause each', () => {
  it.each(FAULTS)('$fault ends as one root cause, $cause', async ({ fault, cause, check }) => {
    const run = await runWithFaults(fault);
    const causes = describeCauses(run);
    expect({ count: run.rootCauses.length, causes }).toEqual({ count: 1, causes: expect.any(String) as string });
    const [only] = run.rootCauses;
    expect(only.id.startsWith(cause)).toBe(true);
    expect(only.severity).toBe(severityOf(check));
    expect([...only.occurrences.dialects].sort()).toEqual(['entra', 'entra-compliant']);
    expect(only.fix.length).toBeGreaterThan(20);
    expect(only.fix).not.toBe('See the evidence exchanges.');
    // Every failed expectation is that cause's symptom; nothing is left inconclusive by the fault.
    const failedElsewhere = run.verdict.scenarios.flatMap((scenario) =>
      scenario.expectations.filter((expectation) => expectation.status === 'failed' && expectation.cause !== only.id).map((expectation) => `${scenario.id}@${scenario.dialect}: ${expectation.title}`),
    );
    expect(failedElsewhere).toEqual([]);
    expect(run.verdict.scenarios.filter((scenario) => scenario.status === 'inconclusive').map((scenario) => `${scenario.id}@${scenario.dialect}`)).toEqual([]);
    expect(run.exitCode).toBe(only.severity === 'required' ? 1 : 0);
  }, 60_000);
});
