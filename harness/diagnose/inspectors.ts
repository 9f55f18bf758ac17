/**
 * The inspectors a run's diagnoser applies, in order: the first that names a cause wins
 * (docs/diagnosis.md#probing).
 */
import { RejectedRequestInspector } from './probes/rejected-request';
import { type ExchangeInspector } from './request-diagnoser';
import { ConflictInspector } from './matching/conflict-inspector';
import { NoMatch404Inspector } from './matching/no-match-404-inspector';

export interface InspectorOptions {
  /** The run's prefix (--prefix): objects a probe creates carry it. */
  readonly prefix: string;
}

export function defaultInspectors(options: InspectorOptions): readonly ExchangeInspector[] {
  return [new RejectedRequestInspector({ prefix: options.prefix }), new ConflictInspector({ prefix: options.prefix }), new NoMatch404Inspector()];
}
