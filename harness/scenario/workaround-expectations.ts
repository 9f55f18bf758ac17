/**
 * A scenario run that needed a workaround (docs/diagnosis.md#probing) says so: it leads with one
 * failed expectation per root cause worked around — "The target accepts Entra's <request> as
 * Entra sends it", naming the cause and citing its proof — followed by its own expectations,
 * judged on their merits with the workaround on. The scenario fails once, for that cause; what
 * works behind the workaround (membership, rename …) is still shown passing.
 */
import { type ExpectationResult, type ScenarioResult } from '../contract/verdict';
import { type Workaround } from '../diagnose/request-diagnoser';

/** A workaround a scenario run found or ran with, and the first of its exchanges it changed. */
export interface AppliedWorkaround {
  readonly workaround: Workaround;
  readonly firstExchange?: string;
}

/** `result` led by one failed expectation per cause worked around, with `workarounds` set; unchanged when none. */
export function withWorkarounds(result: ScenarioResult, applied: readonly AppliedWorkaround[]): ScenarioResult {
  const byCause = new Map<string, AppliedWorkaround[]>();
  for (const item of applied) byCause.set(item.workaround.cause, [...(byCause.get(item.workaround.cause) ?? []), item]);
  if (byCause.size === 0) return result;
  const leading = [...byCause.values()].map(acceptsAsSent);
  return {
    ...result,
    status: 'failed',
    expectations: [...leading, ...result.expectations],
    workarounds: [...byCause.keys()],
  };
}

/** The failed expectation for one cause: its request as Entra sends it is refused. */
function acceptsAsSent(items: readonly AppliedWorkaround[]): ExpectationResult {
  const { workaround } = items[0];
  const diagnosis = workaround.diagnosis;
  const request = workaround.request ?? 'request';
  const proof = diagnosis?.evidence ?? [];
  const changed = items.map((item) => item.firstExchange).filter((id): id is string => id !== undefined && !proof.includes(id));
  const instead = diagnosis?.workaround !== undefined ? `; the rest of the scenario ran with the workaround (${diagnosis.workaround})` : '; the rest of the scenario ran with a workaround';
  return {
    title: `The target accepts Entra's ${request} as Entra sends it`,
    status: 'failed',
    expected: `Entra's ${request} is accepted as sent`,
    actual: `${diagnosis?.title ?? `refused (${workaround.cause})`}${instead}`,
    ...(diagnosis ? { spec: diagnosis.spec, fix: diagnosis.fix, severity: diagnosis.severity } : {}),
    cause: workaround.cause,
    durationMs: 0,
    evidence: [...proof, ...changed.slice(0, 1)],
  };
}
