/** The provisioning-log module's public API. */
export type * from './log-entry';
export type * from './run-events';
export * from './error-codes';
export * from './portal-names';
export * from './run-sink';
export * from './run-reader';
export * from './query';
export * from './exports';
export * from './log-views';
export * from './run-seal';
export * from './evidence';
