/**
 * What a scenario run did to its objects and sent itself, kept so that a failed expectation can
 * be explained (docs/diagnosis.md#matching): which refs it deleted, the names a ref had before a
 * rename, and the exchanges of its own reads and requests by id. Bounded by the scenario's steps.
 */
import { type Exchange } from '../contract/exchange';
import { type ExpectationResult } from '../contract/verdict';
import { explainFailedObservation, type KnownObject } from '../diagnose/matching/known-objects';
import { type ScenarioDiagnosis } from './scenario-session';

export class ObjectTrail {
  private readonly exchanges = new Map<string, Exchange>();
  private readonly deleted = new Set<string>();
  private readonly former = new Map<string, string[]>();

  /** An exchange the scenario sent itself (a read-back, a request, a seed). */
  sent(exchange: Exchange): Exchange {
    this.exchanges.set(exchange.id, exchange);
    return exchange;
  }

  exchange(id: string): Exchange | undefined {
    return this.exchanges.get(id);
  }

  deletedRef(ref: string): void {
    this.deleted.add(ref);
  }

  isDeleted(ref: string): boolean {
    return this.deleted.has(ref);
  }

  renamed(ref: string, previous: string | undefined, next: string | undefined): void {
    if (previous === undefined || next === undefined || previous === next) return;
    const names = this.former.get(ref) ?? [];
    names.push(previous);
    this.former.set(ref, names);
  }

  formerNames(ref: string): readonly string[] {
    return this.former.get(ref) ?? [];
  }
}

export interface MatchingQuestion {
  readonly diagnosis: ScenarioDiagnosis | undefined;
  /** Unique per failed expectation of a scenario run: its investigation runs once. */
  readonly key: string;
  /** The exchanges the expectation judged. */
  readonly exchanges: readonly Exchange[];
  readonly known: readonly KnownObject[];
  readonly expectsConflict: boolean;
  readonly scenarioId: string;
  readonly dialect: string;
}

/**
 * The failed expectation with the cause matching diagnosis named for it, or unchanged: when an
 * exchange it judged already names a cause, or probing is off (--no-probe, --read-only).
 */
export async function withMatchingCause(result: ExpectationResult, question: MatchingQuestion): Promise<ExpectationResult> {
  const { diagnosis } = question;
  if (result.status !== 'failed' || result.cause !== undefined || !diagnosis?.investigate) return result;
  if (question.exchanges.length === 0 || question.exchanges.some((exchange) => exchange.cause !== undefined)) return result;
  const cause = await diagnosis.investigate(question.key, (context) =>
    explainFailedObservation(
      context,
      { exchanges: question.exchanges, known: question.known, expectsConflict: question.expectsConflict },
      { scenarioId: question.scenarioId, dialect: question.dialect },
    ),
  );
  return cause === undefined ? result : { ...result, cause };
}
