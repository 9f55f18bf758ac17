/** Exit codes (DESIGN): decided in one place, from the Verdict, never by a reporter. */
export const EXIT = {
  passed: 0,
  failed: 1,
  usage: 2,
  quarantined: 3,
  /** The target could not be reached (refused, DNS, TLS, timeout at Test Connection) or stalled mid-run. */
  unreachable: 4,
  /** `report`: run.ndjson does not verify (edited, cut, extended, re-chained, or its signature fails). */
  evidence: 5,
  interrupted: 130,
} as const;
