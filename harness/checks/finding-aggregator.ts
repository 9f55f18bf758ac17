/**
 * Turning check outcomes into Findings, and folding repeats: one finding per check (and
 * scenario), keeping the first outcome, a count and a few evidence ids, so a 100,000-request run
 * does not produce 100,000 findings.
 */
import { type CheckDescriptor, type CheckOutcome } from './check-types';
import { type Finding } from '../contract/finding';

/** Evidence ids kept per aggregated finding: enough to reproduce, few enough to read. */
export const MAX_EVIDENCE = 5;

function evidenceList(outcome: CheckOutcome, extra: string | readonly string[] | undefined): string[] {
  const ids = [...(outcome.evidence ?? []), ...(extra === undefined ? [] : typeof extra === 'string' ? [extra] : extra)];
  return [...new Set(ids.filter((id) => id.length > 0))];
}

export function toFinding(
  check: CheckDescriptor,
  outcome: CheckOutcome,
  evidence: string | readonly string[] | undefined,
  scenarioId?: string,
): Finding {
  return Object.freeze({
    check: check.id,
    severity: check.severity,
    title: check.title,
    expected: outcome.expected,
    actual: outcome.actual,
    evidence: Object.freeze(evidenceList(outcome, evidence)),
    spec: check.spec,
    fix: check.fix,
    ...(scenarioId !== undefined ? { scenarioId } : {}),
  });
}

interface Entry {
  readonly first: Finding;
  count: number;
  readonly evidence: string[];
}

export class FindingAggregator {
  private readonly entries = new Map<string, Entry>();

  /** Records one deviation. `evidenceExchangeId` is the exchange (or exchanges) it rests on. */
  add(check: CheckDescriptor, outcome: CheckOutcome, evidenceExchangeId?: string | readonly string[], scenarioId?: string): void {
    this.addFinding(toFinding(check, outcome, evidenceExchangeId, scenarioId));
  }

  /** Folds in a finding built elsewhere (e.g. by checkDiscovery). */
  addFinding(finding: Finding): void {
    const key = `${finding.check}\u0000${finding.scenarioId ?? ''}`;
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, { first: finding, count: 1, evidence: finding.evidence.slice(0, MAX_EVIDENCE) });
      return;
    }
    entry.count += 1;
    for (const id of finding.evidence) {
      if (entry.evidence.length >= MAX_EVIDENCE) break;
      if (!entry.evidence.includes(id)) entry.evidence.push(id);
    }
  }

  /** Distinct findings so far. */
  get size(): number {
    return this.entries.size;
  }

  /** One finding per check (and scenario), in the order first seen. */
  findings(): Finding[] {
    return [...this.entries.values()].map(({ first, count, evidence }) =>
      Object.freeze({
        ...first,
        title: count > 1 ? `${first.title} (seen ${count} times)` : first.title,
        ...(count > 1 ? { count } : {}),
        evidence: Object.freeze([...evidence]),
      }),
    );
  }
}
