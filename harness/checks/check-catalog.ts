/**
 * Every check id the harness can report, so a baseline entry naming none of them is reported as
 * unknown instead of being taken for a check that has been fixed.
 */
import { type CheckDescriptor } from './check-types';
import { DISCOVERY_CHECKS } from './discovery';
import { INTERNAL_ERROR_CHECK } from './internal-error';
import { EXCHANGE_CHECKS, LIFECYCLE_CHECKS } from './run-checks';

/** Test Connection failing at the start of a cycle (Entra probes before any activity). */
export const TEST_CONNECTION_CHECK_ID = 'entra/test-connection';
/** An OAuth token lifetime outside the Entra gallery's 60–360 minutes. */
export const TOKEN_LIFETIME_CHECK_ID = 'auth/oauth-token-lifetime';

/** A check the runner judges itself (not from a check module): its id, severity and why. */
export type RunnerCheck = Pick<CheckDescriptor, 'id' | 'severity' | 'severityReason'>;

export const TEST_CONNECTION_CHECK: RunnerCheck = Object.freeze({
  id: TEST_CONNECTION_CHECK_ID,
  severity: 'required',
  severityReason: 'Entra fails: a cycle whose Test Connection fails provisions nothing (docs/entra-behaviour.md#test-connection)',
});

export const TOKEN_LIFETIME_CHECK: RunnerCheck = Object.freeze({
  id: TOKEN_LIFETIME_CHECK_ID,
  severity: 'recommended',
  severityReason: 'Entra tolerates: only the gallery listing asks for 60–360 minute tokens (docs/entra-behaviour.md#authentication)',
});

/** Every check with its severity and the reason for it (docs/diagnosis.md#severity). */
export const CHECK_SEVERITIES: readonly RunnerCheck[] = Object.freeze([
  ...EXCHANGE_CHECKS,
  ...LIFECYCLE_CHECKS,
  ...DISCOVERY_CHECKS,
  INTERNAL_ERROR_CHECK,
  TEST_CONNECTION_CHECK,
  TOKEN_LIFETIME_CHECK,
]);

export const KNOWN_CHECK_IDS: readonly string[] = Object.freeze([...new Set(CHECK_SEVERITIES.map((check) => check.id))]);
