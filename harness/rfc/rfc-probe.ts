/**
 * One RFC conformance probe (docs/rfc-coverage.md): a requirement of RFC 7643/7644 tested on its
 * own, with the section it is in and a severity taken from the RFC's own keyword (MUST, SHALL,
 * REQUIRED → required; SHOULD → recommended; MAY → advisory). A probe needs what the server
 * advertises (`requires`): a feature it does not advertise is `not-supported`, never probed. A
 * probe that writes is skipped under `--read-only`; one resting on another probe (`dependsOn`)
 * is skipped when that one failed, so one server bug is one failed probe.
 */
import { type RfcKeyword } from '../contract/rfc';
import { type Severity } from '../contract/severity';
import { type Advertised } from './advertised';
import { type ProbeContext } from './probe-context';

/** What `run` found: passed, failed (with what the server did), or declined as the RFC allows. */
export type ProbeOutcome =
  | { readonly status: 'passed'; readonly actual: string }
  | { readonly status: 'failed'; readonly actual: string; readonly fix?: string }
  | { readonly status: 'not-supported'; readonly reason: string };

export interface RfcProbe {
  /** `rfc/<family>/<name>`, stable: coverage maps and reports name it. */
  readonly id: string;
  /** "RFC 7644 §3.4.2.2". */
  readonly section: string;
  /** The requirement in one line. */
  readonly title: string;
  /** The keyword of the sentence the probe tests; it gives the severity. */
  readonly keyword: RfcKeyword;
  /** What the RFC asks for, in the probe's terms. */
  readonly expected: string;
  /** What to change when it fails (a probe may give a more specific one with its outcome). */
  readonly fix: string;
  /** Whether it sends a write (POST, PUT, PATCH, DELETE, or needs objects created): skipped under --read-only. */
  readonly writes: boolean;
  /** The reason it cannot be probed on this server (the feature is not advertised), or undefined. */
  readonly requires?: (advertised: Advertised) => string | undefined;
  /** Probes whose failure makes this one meaningless (it uses what they test). */
  readonly dependsOn?: readonly string[];
  run(context: ProbeContext): Promise<ProbeOutcome>;
}

/** RFC 2119 keywords to the harness's severities (docs/diagnosis.md#severity). */
export function severityOf(keyword: RfcKeyword): Severity {
  switch (keyword) {
    case 'MUST':
    case 'MUST NOT':
    case 'SHALL':
    case 'SHALL NOT':
    case 'REQUIRED':
      return 'required';
    case 'SHOULD':
    case 'SHOULD NOT':
      return 'recommended';
    case 'MAY':
      return 'advisory';
  }
}

export function passed(actual: string): ProbeOutcome {
  return { status: 'passed', actual };
}

export function failed(actual: string, fix?: string): ProbeOutcome {
  return fix !== undefined ? { status: 'failed', actual, fix } : { status: 'failed', actual };
}

export function notSupported(reason: string): ProbeOutcome {
  return { status: 'not-supported', reason };
}

/** The first failure of a list of checks, or a pass naming what held. */
export function firstFailure(checks: readonly (ProbeOutcome | undefined)[], passedActual: string): ProbeOutcome {
  for (const check of checks) if (check !== undefined && check.status !== 'passed') return check;
  return passed(passedActual);
}
