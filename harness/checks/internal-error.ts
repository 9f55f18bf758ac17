/**
 * A check that throws is a bug in the harness, not a deviation of the target: it becomes one
 * advisory finding and the run goes on (checks return findings, they never throw).
 */
import { type CheckOutcome, type ExchangeCheck, type LifecycleCheck } from './check-types';

/** Shaped as both check kinds so results keep one type; it never applies and never runs. */
export const INTERNAL_ERROR_CHECK: ExchangeCheck & LifecycleCheck = {
  id: 'checks/internal-error',
  severity: 'advisory',
  severityReason: 'Not the endpoint: a fault of this harness, never a gate (report it with the evidence)',
  spec: 'scim-harness',
  title: 'A conformance check failed internally; its verdict is missing',
  fix: 'Nothing to change on the SCIM endpoint; report this to the scim-harness maintainers with the evidence.',
  appliesTo: () => false,
  run: () => null,
};

export function internalErrorOutcome(checkId: string, error: unknown): CheckOutcome {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { expected: `check ${checkId} runs to completion`, actual: `check ${checkId} threw ${message}` };
}
