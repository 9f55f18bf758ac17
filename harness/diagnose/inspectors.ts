/**
 * The inspectors a run's diagnoser applies, in order: the first that names a cause wins
 * (docs/diagnosis.md#probing).
 */
import { type ExchangeInspector } from './request-diagnoser';

export function defaultInspectors(): readonly ExchangeInspector[] {
  return [];
}
