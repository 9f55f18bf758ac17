/** Runs exchange checks the way callers do and reports which check ids fired. */
import { type ObjectType } from '../../../harness/checks/check-types';
import { checkExchange } from '../../../harness/checks/run-checks';
import { type Exchange } from '../../../harness/contract/exchange';

export interface CheckCase {
  /** The check id that must fire on `deviating` and stay silent on `conforming`. */
  readonly check: string;
  readonly name: string;
  readonly deviating: Exchange;
  readonly conforming: Exchange;
  readonly objectType?: ObjectType;
}

export function firedIds(exchange: Exchange, objectType?: ObjectType): string[] {
  return checkExchange(exchange, objectType).map((result) => result.check.id);
}
