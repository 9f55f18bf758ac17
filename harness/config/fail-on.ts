/**
 * `--fail-on`: what fails the run, as a comma list — one severity (the lowest that fails it:
 * `required`, `recommended` or `advisory`) and optionally `inconclusive`, which makes an
 * inconclusive scenario fail the run too (docs/diagnosis.md#outcomes). `--fail-on inconclusive`
 * alone keeps the default severity, `required`.
 */
import { ConfigurationError } from '../errors';
import { type Severity } from '../contract/severity';

export interface FailOn {
  readonly failOn: Severity;
  readonly failOnInconclusive: boolean;
}

const SEVERITIES: readonly Severity[] = ['required', 'recommended', 'advisory'];
const INCONCLUSIVE = 'inconclusive';

/** Parses `required`, `recommended,inconclusive`, `inconclusive` …; a config file may give the items as a list. */
export function parseFailOn(flag: string, value: string | readonly string[], fallback: Severity = 'required'): FailOn {
  const items = (typeof value === 'string' ? value.split(',') : value).map((item) => String(item).trim().toLowerCase()).filter((item) => item !== '');
  const example = `(e.g. ${flag} required, or ${flag} recommended,${INCONCLUSIVE})`;
  if (items.length === 0) throw new ConfigurationError(`${flag} must name a severity (${SEVERITIES.join(', ')}) and/or ${INCONCLUSIVE}, got "${String(value)}" ${example}`);
  const unknown = items.find((item) => item !== INCONCLUSIVE && !(SEVERITIES as readonly string[]).includes(item));
  if (unknown !== undefined) {
    throw new ConfigurationError(`${flag} must be a comma list of one of ${SEVERITIES.join(', ')} and/or ${INCONCLUSIVE}, got "${unknown}" ${example}`);
  }
  const severities = [...new Set(items.filter((item) => item !== INCONCLUSIVE))] as Severity[];
  if (severities.length > 1) {
    throw new ConfigurationError(`${flag} takes one severity (the lowest that fails the run), got ${severities.join(' and ')} ${example}`);
  }
  return { failOn: severities[0] ?? fallback, failOnInconclusive: items.includes(INCONCLUSIVE) };
}
