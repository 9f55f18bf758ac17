/**
 * Every check id the harness can report, so a baseline entry naming none of them is reported as
 * unknown instead of being taken for a check that has been fixed.
 */
import { DISCOVERY_CHECKS } from './discovery';
import { INTERNAL_ERROR_CHECK } from './internal-error';
import { EXCHANGE_CHECKS, LIFECYCLE_CHECKS } from './run-checks';

/** Test Connection failing at the start of a cycle (Entra probes before any activity). */
export const TEST_CONNECTION_CHECK_ID = 'entra/test-connection';
/** An OAuth token lifetime outside the Entra gallery's 60–360 minutes. */
export const TOKEN_LIFETIME_CHECK_ID = 'auth/oauth-token-lifetime';

export const KNOWN_CHECK_IDS: readonly string[] = Object.freeze([
  ...new Set([
    ...EXCHANGE_CHECKS.map((check) => check.id),
    ...LIFECYCLE_CHECKS.map((check) => check.id),
    ...DISCOVERY_CHECKS.map((check) => check.id),
    INTERNAL_ERROR_CHECK.id,
    TEST_CONNECTION_CHECK_ID,
    TOKEN_LIFETIME_CHECK_ID,
  ]),
]);
