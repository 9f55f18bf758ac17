/**
 * Every RFC conformance probe, in the order the suite runs them: discovery first (it decides
 * what the rest may probe), then each family, error bodies last (they judge every error answer
 * the suite received). Ids are stable: docs/rfc-coverage.md maps the peer suites' tests to them.
 */
import { DISCOVERY_PROBES } from './probes/discovery-honesty';
import { ERROR_PROBES } from './probes/errors-and-auth';
import { FILTER_PROBES } from './probes/filters';
import { GROUP_PROBES } from './probes/groups';
import { OPTIONAL_FEATURE_PROBES } from './probes/optional-features';
import { PATCH_PROBES } from './probes/patch';
import { QUERY_PROBES } from './probes/queries';
import { RESOURCE_PROBES } from './probes/resource-operations';
import { IDENTITY_PROBES } from './probes/uniqueness-and-identity';
import { type RfcProbe } from './rfc-probe';

export const RFC_PROBES: readonly RfcProbe[] = Object.freeze([
  ...DISCOVERY_PROBES,
  ...RESOURCE_PROBES,
  ...GROUP_PROBES,
  ...IDENTITY_PROBES,
  ...FILTER_PROBES,
  ...QUERY_PROBES,
  ...PATCH_PROBES,
  ...OPTIONAL_FEATURE_PROBES,
  // Last: it judges every error answer the probes before it received.
  ...ERROR_PROBES,
]);

/** Every probe id (what a coverage map may name). */
export const RFC_PROBE_IDS: readonly string[] = Object.freeze(RFC_PROBES.map((probe) => probe.id));
