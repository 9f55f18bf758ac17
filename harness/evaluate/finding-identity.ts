/**
 * What counts as one finding. `run` executes every scenario in both PATCH dialects, so a target
 * that answers with the wrong Content-Type is seen once per dialect run; reporting it twice would
 * double every count a vendor reads. A finding is therefore identified by its check, its scenario
 * (none for run-wide checks) and its cause (the check's title, what was expected and what was
 * seen); the dialect runs it showed up in become its occurrences. The same check failing for a
 * different reason in the other dialect (a different `actual`) stays a separate finding.
 */
import { type Finding, type FindingOccurrence } from '../contract/finding';
import { type ScenarioResult } from '../contract/verdict';

/** The check's own title: the aggregator appends " (seen N times)" when it folded repeats. */
function baseTitle(finding: Finding): string {
  const count = finding.count ?? 1;
  const suffix = ` (seen ${count} times)`;
  return count > 1 && finding.title.endsWith(suffix) ? finding.title.slice(0, -suffix.length) : finding.title;
}

/** One finding's identity: check, scenario and cause; never the dialect, count or evidence. */
export function findingIdentity(finding: Finding): string {
  return JSON.stringify([finding.check, finding.scenarioId ?? '', baseTitle(finding), finding.expected, finding.actual]);
}

/** The same recorded finding reached through two paths (the run's list and a scenario result). */
function recordKey(finding: Finding, dialect = finding.dialect ?? ''): string {
  return JSON.stringify([findingIdentity(finding), dialect, finding.count ?? 1, finding.evidence]);
}

interface Group {
  readonly first: Finding;
  readonly title: string;
  readonly occurrences: Map<string, { dialect?: string; count: number; evidence: string[] }>;
}

/**
 * Every finding of the run once: the run's own list and the findings held by scenario results
 * (given the scenario's id and dialect when they lack them), folded by `findingIdentity`.
 * Order is first appearance.
 */
export function mergeFindings(findings: readonly Finding[], scenarios: readonly ScenarioResult[]): Finding[] {
  const seen = new Set<string>();
  const groups = new Map<string, Group>();
  const add = (finding: Finding): void => {
    const record = recordKey(finding);
    // A copy in the run's list recorded without its dialect is the same record as the scenario's.
    if (seen.has(record) || seen.has(recordKey(finding, ''))) return;
    seen.add(record);
    const identity = findingIdentity(finding);
    let group = groups.get(identity);
    if (!group) {
      group = { first: finding, title: baseTitle(finding), occurrences: new Map() };
      groups.set(identity, group);
    }
    const dialectKey = finding.dialect ?? '';
    const occurrence = group.occurrences.get(dialectKey) ?? { ...(finding.dialect === undefined ? {} : { dialect: finding.dialect }), count: 0, evidence: [] };
    occurrence.count += finding.count ?? 1;
    for (const id of finding.evidence) if (!occurrence.evidence.includes(id)) occurrence.evidence.push(id);
    group.occurrences.set(dialectKey, occurrence);
  };
  for (const finding of findings) add(finding);
  for (const scenario of scenarios) {
    for (const finding of scenario.findings) {
      add({ ...finding, scenarioId: finding.scenarioId ?? scenario.id, ...(finding.dialect === undefined && scenario.dialect ? { dialect: scenario.dialect } : {}) });
    }
  }
  return [...groups.values()].map(foldGroup);
}

function foldGroup(group: Group): Finding {
  const occurrences: FindingOccurrence[] = [...group.occurrences.values()].map((o) => Object.freeze({ ...o, evidence: Object.freeze([...o.evidence]) }));
  const count = occurrences.reduce((sum, o) => sum + o.count, 0);
  const dialects = occurrences.map((o) => o.dialect).filter((d): d is string => d !== undefined);
  const { count: _count, dialect: _dialect, occurrences: _occurrences, ...rest } = group.first;
  return Object.freeze({
    ...rest,
    title: count > 1 ? `${group.title} (seen ${count} times)` : group.title,
    evidence: Object.freeze([...new Set(occurrences.flatMap((o) => o.evidence))]),
    ...(count > 1 ? { count } : {}),
    ...(dialects.length === 1 && occurrences.length === 1 ? { dialect: dialects[0] } : {}),
    ...(dialects.length > 0 ? { occurrences: Object.freeze(occurrences) } : {}),
  });
}
