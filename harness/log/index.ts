/** The provisioning-log module's public API. */
export type * from '../contract/log-entry';
export type * from '../contract/run-events';
export * from '../engine/entra-errors';
export * from './portal-names';
export * from './run-sink';
export * from './run-reader';
export * from './query';
export * from './exports';
export * from './log-views';
export * from './run-seal';
export * from './evidence';
