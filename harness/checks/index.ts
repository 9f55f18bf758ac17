/** Conformance checks: pure functions over recorded exchanges that return findings, never throw. */
export { type Finding, type Severity } from '../contract/finding';
export {
  type CheckDescriptor,
  type CheckOutcome,
  type CheckResult,
  contextOf,
  type ExchangeCheck,
  type ExchangeContext,
  hasFilterParam,
  type LifecycleCheck,
  type ObjectType,
  objectTypeOf,
  type Operation,
  operationOf,
} from './check-types';
export {
  checkExchange,
  EXCHANGE_CHECKS,
  type ExchangeCheckResult,
  LIFECYCLE_CHECKS,
  type LifecycleCheckResult,
  runExchangeChecks,
  runLifecycleChecks,
} from './run-checks';
export { formatViolations, SCHEMA_CHECKS, type ScimDocumentKind, type SchemaViolation, validateScimDocument } from './schema-validation';
export { PROTOCOL_CHECKS, sortHonouredBy } from './protocol-rules';
export { patchValuesOf, valueAtPath } from './lifecycle';
export { type FlatPatchOperation, type PatchOpName, patchOperationsOf } from './patch-values';
export { type EqComparison, parseEqConjunction, parseScimPath, type ScimPath } from './scim-path';
export { checkDiscovery, DISCOVERY_CHECKS, type DiscoveryObservations, DiscoveryObserver, type Observation } from './discovery';
export { FindingAggregator, MAX_EVIDENCE, toFinding } from './finding-aggregator';
export { INTERNAL_ERROR_CHECK } from './internal-error';
