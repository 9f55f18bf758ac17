/**
 * `--fail-on` and `--suite`: what fails the run, and which suites run.
 *
 * A run has two scores that are never mixed (docs/rfc-coverage.md): Entra readiness (the scenarios
 * and the provisioning verdict) and RFC conformance (the RFC 7643/7644 probes). `--fail-on` is one
 * comma list for both:
 *  - one severity, the lowest that fails Entra readiness (`required`, the default, `recommended`
 *    or `advisory`);
 *  - `inconclusive`: an inconclusive scenario fails the run too (docs/diagnosis.md#outcomes);
 *    alone it keeps the default severity;
 *  - `rfc:<severity>`: RFC conformance gates the run as well.
 * e.g. `--fail-on recommended,inconclusive,rfc:required`.
 */
import { type RunSuite } from '../contract/run-events';
import { type Severity } from '../contract/severity';
import { ConfigurationError } from '../errors';

const SEVERITIES: readonly Severity[] = ['required', 'recommended', 'advisory'];
const INCONCLUSIVE = 'inconclusive';
const RFC_PREFIX = 'rfc:';

export interface FailOnGates {
  /**
   * The Entra readiness gate: the lowest severity that fails the run. Present, with
   * `failOnInconclusive`, whenever the list names a severity or `inconclusive` (the two are one
   * gate, replaced together); absent when it names only `rfc:<severity>`.
   */
  readonly failOn?: Severity;
  /** Whether an inconclusive scenario fails the run; present exactly when `failOn` is. */
  readonly failOnInconclusive?: boolean;
  /** The RFC conformance gate; absent: the list did not name one. */
  readonly rfcFailOn?: Severity;
}

/**
 * Reads `--fail-on` (`flag` names it in errors); a config file may give the items as a list.
 * `fallback` is the severity when the list names `inconclusive` without one.
 */
export function parseFailOn(flag: string, value: string | readonly string[], fallback: Severity = 'required'): FailOnGates {
  const items = (typeof value === 'string' ? value.split(',') : value).map((item) => String(item).trim().toLowerCase()).filter((item) => item !== '');
  const example = `(e.g. ${flag} recommended,${INCONCLUSIVE}, or ${flag} required,rfc:required)`;
  if (items.length === 0) {
    throw new ConfigurationError(`${flag} must name a severity (${SEVERITIES.join(', ')}), ${INCONCLUSIVE} and/or rfc:<severity>, got "${String(value)}" ${example}`);
  }
  const severities = new Set<Severity>();
  const rfcSeverities = new Set<Severity>();
  let inconclusive = false;
  for (const item of items) {
    if (item === INCONCLUSIVE) inconclusive = true;
    else if (item.startsWith(RFC_PREFIX)) rfcSeverities.add(severityOf(flag, item.slice(RFC_PREFIX.length), item, example));
    else severities.add(severityOf(flag, item, item, example));
  }
  if (severities.size > 1) {
    throw new ConfigurationError(`${flag} takes one severity (the lowest that fails the run), got ${[...severities].join(' and ')} ${example}`);
  }
  if (rfcSeverities.size > 1) {
    throw new ConfigurationError(`${flag} takes one rfc:<severity> (the lowest that fails RFC conformance), got ${[...rfcSeverities].map((s) => RFC_PREFIX + s).join(' and ')} ${example}`);
  }
  const [failOn] = severities;
  const [rfcFailOn] = rfcSeverities;
  const namesEntraGate = failOn !== undefined || inconclusive;
  return {
    ...(namesEntraGate ? { failOn: failOn ?? fallback, failOnInconclusive: inconclusive } : {}),
    ...(rfcFailOn !== undefined ? { rfcFailOn } : {}),
  };
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

function severityOf(flag: string, value: string, item: string, example: string): Severity {
  if ((SEVERITIES as readonly string[]).includes(value)) return value as Severity;
  throw new ConfigurationError(
    `${flag} must be a comma list of one severity (${SEVERITIES.join(', ')}), ${INCONCLUSIVE} and rfc:<severity> for the RFC conformance score, got "${item}" ${example}`,
  );
}
