/**
 * The types every stage shares (ARCHITECTURE.md, "Layers"). Nothing here imports anything outside
 * this folder, so any stage may import it.
 */
export type * from './dialect';
export type * from './exchange';
export * from './exit-codes';
export type * from './finding';
export type * from './gate-options';
export type * from './log-entry';
export type * from './quarantine';
export type * from './rfc';
export type * from './root-cause';
export type * from './run-events';
export type * from './seal';
export type * from './severity';
export type * from './target-auth';
export type * from './target-client';
export type * from './verdict';
