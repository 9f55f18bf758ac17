/**
 * The bundled SCIM 2.0 server: in memory, correct by default, with fault switches that make
 * it commit the mistakes real endpoints make. The harness's embedded default target.
 */
import type express from 'express';
import { buildScimApp } from './app';
import { type ScimServerOptions } from './server-options';

export { DEFAULT_BASE_PATH, DEFAULT_MAX_RESULTS } from './app';
export { ConfigurationError } from './configuration-error';
export { ScimError, ERROR_SCHEMA, type ScimErrorBody, type ScimErrorType } from './errors';
export {
  FAULT_SWITCHES,
  FAULTS_ENV,
  NO_FAULTS,
  describeFaultSwitches,
  parseFaultSwitches,
  withFaults,
  type FaultSwitchInfo,
  type FaultSwitches,
} from './faults';
export { formatFilter, parseFilter, parsePatchPath, type FilterNode, type PatchPath } from './filter-parser';
export { REDACTED, type RecordedRequest } from './request-recorder';
export { ScimStore, type ScimStoreAccess } from './store';
export { SCIM_CONTENT_TYPE } from './http-io';
export type { RunningScimServer, ScimServerOptions, StartScimServerOptions } from './server-options';
export { startScimServer } from './start-server';

/** The express application alone, for supertest or for mounting in another server. */
export function createScimApp(options: ScimServerOptions = {}): express.Express {
  return buildScimApp(options).app;
}
