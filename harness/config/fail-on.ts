/**
 * `--fail-on` and `--suite`: which score gates the exit code, and which suites run.
 *
 * A run has two scores that are never mixed (docs/rfc-coverage.md): Entra readiness (the scenarios
 * and the provisioning verdict) and RFC conformance (the RFC 7643/7644 probes). `--fail-on` names
 * the lowest severity that fails each: a bare severity gates Entra readiness (the default gate,
 * `required`), `rfc:<severity>` gates RFC conformance as well, e.g. `--fail-on required,rfc:required`.
 */
import { type RunSuite } from '../contract/run-events';
import { type Severity } from '../contract/severity';
import { ConfigurationError } from '../errors';

const SEVERITIES: readonly Severity[] = ['required', 'recommended', 'advisory'];
const RFC_PREFIX = 'rfc:';

export interface FailOnGates {
  /** The Entra readiness gate; undefined when `--fail-on` named only the RFC gate. */
  readonly failOn?: Severity;
  /** The RFC conformance gate; undefined: RFC results never fail the run. */
  readonly rfcFailOn?: Severity;
}

/** Reads `--fail-on`: a comma list of at most one bare severity and at most one `rfc:<severity>`. */
export function parseFailOn(text: string): FailOnGates {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  let failOn: Severity | undefined;
  let rfcFailOn: Severity | undefined;
  for (const part of parts) {
    const lower = part.toLowerCase();
    if (lower.startsWith(RFC_PREFIX)) {
      const severity = severityOf(lower.slice(RFC_PREFIX.length), part);
      if (rfcFailOn !== undefined) throw twice('rfc:<severity>', text);
      rfcFailOn = severity;
      continue;
    }
    const severity = severityOf(lower, part);
    if (failOn !== undefined) throw twice('severity', text);
    failOn = severity;
  }
  return { ...(failOn !== undefined ? { failOn } : {}), ...(rfcFailOn !== undefined ? { rfcFailOn } : {}) };
}

/** Reads `--suite`: `entra` (default, the scenarios), `rfc` (the RFC conformance probes) or `all`. */
export function parseSuite(text: string | undefined): readonly RunSuite[] {
  switch ((text ?? 'entra').trim().toLowerCase()) {
    case 'entra':
      return ['entra'];
    case 'rfc':
      return ['rfc'];
    case 'all':
      return ['entra', 'rfc'];
    default:
      throw new ConfigurationError(`--suite must be entra, rfc or all, got "${text ?? ''}" (e.g. --suite all runs the Entra scenarios and the RFC 7643/7644 probes)`);
  }
}

/**
 * The RFC gate of a run: what `--fail-on rfc:…` says; a run of the RFC suite alone, which has no
 * Entra readiness to gate on, gates on `rfc:required` unless told otherwise.
 */
export function rfcGateFor(suites: readonly RunSuite[], gates: FailOnGates): Severity | undefined {
  if (gates.rfcFailOn !== undefined) return gates.rfcFailOn;
  return suites.length === 1 && suites[0] === 'rfc' ? 'required' : undefined;
}

function severityOf(value: string, as: string): Severity {
  if ((SEVERITIES as readonly string[]).includes(value)) return value as Severity;
  throw new ConfigurationError(
    `--fail-on takes required, recommended or advisory, and rfc:<one of them> for the RFC conformance score, got "${as}" (e.g. --fail-on recommended, or --fail-on required,rfc:required)`,
  );
}

function twice(what: string, text: string): ConfigurationError {
  return new ConfigurationError(`--fail-on names one ${what} at most, got "${text}" (e.g. --fail-on required,rfc:recommended)`);
}
