/**
 * The process's exit codes (DESIGN "Exit codes"), in one table: the judge maps a run's outcome
 * to one of them, the CLI adds usage (2) and `report` adds evidence (5). Nothing else decides.
 */
export const EXIT = {
  passed: 0,
  failed: 1,
  /** Usage error, raised before anything was sent. */
  usage: 2,
  quarantined: 3,
  /** The target could not be reached (refused, DNS, TLS, timeout at Test Connection) or stalled mid-run. */
  unreachable: 4,
  /** `report`: run.ndjson does not verify (edited, cut, extended, re-chained, or its signature fails). */
  evidence: 5,
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
