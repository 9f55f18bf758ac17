/**
 * Every RFC conformance probe, in the order the suite runs them: discovery first (it decides
 * what the rest may probe), then each family, error bodies last (they judge every error answer
 * the suite received). Ids are stable: docs/rfc-coverage.md maps the peer suites' tests to them.
 */
import { FILTER_PROBES } from './probes/filters';
import { type RfcProbe } from './rfc-probe';

export const RFC_PROBES: readonly RfcProbe[] = Object.freeze([...FILTER_PROBES]);

/** Every probe id (what a coverage map may name). */
export const RFC_PROBE_IDS: readonly string[] = Object.freeze(RFC_PROBES.map((probe) => probe.id));
