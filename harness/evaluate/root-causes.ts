/**
 * Attribution: every symptom of a run — a failed log entry, a failed expectation, a finding —
 * to one root cause, so a vendor reads "what is wrong" once instead of every place it showed
 * (docs/diagnosis.md#root-causes).
 *
 * A symptom goes to, in order:
 *  1. the cause it names itself (a diagnosis set `cause` on it, its exchange or its expectation);
 *  2. the cause of an exchange it rests on (an expectation citing the exchange a diagnosis
 *     explained, or a finding's evidence; a finding citing the exchange of an expectation whose
 *     cause a diagnosis named, e.g. the read-back a read-back diagnosis explained);
 *  3. the finding whose evidence it shares (a failed expectation on the exchange a check flagged:
 *     one deviation, not two);
 *  4. the failed entry whose exchanges it cites, grouped by what Entra logs for it (error code,
 *     operation, object type, HTTP status and scimType), so one rejected request type is one cause
 *     across scenarios and dialects even when no probe could name the part at fault;
 *  5. itself (a finding by its check; an expectation by scenario and title).
 *
 * Entries of scenario runs count only through the scenario's expectations (scenarios provoke
 * failures on purpose, e.g. DuplicateSourceEntries) or when a diagnosis named their cause; every
 * failed entry of `sync` and `provision` is a symptom. Memory: one small record per cause, plus
 * the exchange ids of failed scenario entries (bounded by the suite).
 */
import { type Exchange } from '../contract/exchange';
import { type Finding, type Severity } from '../contract/finding';
import { type LogEntry } from '../contract/log-entry';
import { type Diagnosis, type RootCause } from '../contract/root-cause';
import { type ExpectationResult, type RunStop, type ScenarioResult } from '../contract/verdict';
import { capServerText, quoteServer } from '../text/quote-server';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { required: 3, recommended: 2, advisory: 1 };
/** Evidence kept per root cause: the proof first, then a few symptoms. */
const EVIDENCE_LIMIT = 5;

/** What a root cause says, before its occurrences are counted. */
interface CauseDefinition {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly fix: string;
  readonly impact: string;
  readonly consequence: Diagnosis['consequence'];
  readonly operations: readonly string[];
  readonly spec: string;
  readonly serverDetail?: string;
  readonly diagnosed: boolean;
  readonly workaround?: string;
}

interface CauseTally {
  definition: CauseDefinition;
  severity: Severity;
  readonly order: number;
  entries: number;
  expectations: number;
  findings: number;
  readonly dialects: Set<string>;
  readonly scenarios: Set<string>;
  readonly proof: string[];
  readonly symptomEvidence: string[];
  /** Entries of the cause's operations it broke: the numerator of the projection. */
  affectedEntries: number;
}

export interface RootCauseInput {
  /** The run's findings, already folded once each (evaluate/finding-identity.ts). */
  readonly findings: readonly Finding[];
  readonly scenarios: readonly ScenarioResult[];
  /** Entries per harness operation, for the projection (EntryTally `byOperation` attempts). */
  readonly attemptsByOperation?: Readonly<Record<string, number>>;
  readonly populationEstimate?: number;
}

export interface RootCauseResult {
  readonly rootCauses: readonly RootCause[];
  /** The scenarios with each failed and blocked expectation's `cause` filled in. */
  readonly scenarios: readonly ScenarioResult[];
  /** Root cause id of each finding, by its position in `findings`. */
  readonly findingCauses: readonly string[];
}

/** Splits `users/disable@entra` into scenario and dialect. */
function scenarioRun(id: string | undefined): { scenario?: string; dialect?: string } {
  if (!id) return {};
  const at = id.lastIndexOf('@');
  return at === -1 ? { scenario: id } : { scenario: id.slice(0, at), dialect: id.slice(at + 1) };
}

/** Folds a run's diagnoses and entries as they are recorded; `build` attributes the rest once, at the end. */
export class RootCauseCollector {
  private readonly causes = new Map<string, CauseTally>();
  /** Exchange id → cause named for it (diagnosed exchanges and the exchanges of diagnosed entries). */
  private readonly exchangeCause = new Map<string, string>();
  /** Exchange id → fallback cause of the failed scenario entry it belongs to (counted only through expectations). */
  private readonly entryCauseOfExchange = new Map<string, string>();
  private readonly entryDefinitions = new Map<string, CauseDefinition>();
  /** Entries that named a cause recorded before its diagnosis (a diagnosis follows its first symptom). */
  private readonly pendingEntries: { cause: string; run: { scenario?: string; dialect?: string }; evidence: string }[] = [];

  addDiagnosis(diagnosis: Diagnosis): void {
    const tally = this.tally({
      id: diagnosis.cause,
      title: diagnosis.title,
      severity: diagnosis.severity,
      fix: diagnosis.fix,
      impact: diagnosis.impact,
      consequence: diagnosis.consequence,
      operations: diagnosis.operations,
      spec: diagnosis.spec,
      diagnosed: true,
      ...(diagnosis.serverDetail !== undefined ? { serverDetail: diagnosis.serverDetail } : {}),
      ...(diagnosis.workaround !== undefined ? { workaround: diagnosis.workaround } : {}),
    });
    for (const id of diagnosis.evidence) {
      if (!this.exchangeCause.has(id)) this.exchangeCause.set(id, diagnosis.cause);
      pushLimited(tally.proof, id);
    }
    if (diagnosis.dialect) tally.dialects.add(diagnosis.dialect);
    if (diagnosis.scenarioId) tally.scenarios.add(scenarioRun(diagnosis.scenarioId).scenario ?? diagnosis.scenarioId);
  }

  addEntry(entry: LogEntry): void {
    const exchanges = entry.harness.exchanges;
    const named = exchanges.find((exchange) => exchange.cause !== undefined || exchange.workaround !== undefined);
    const failed = entry.provisioningStatusInfo.status === 'failure';
    const run = scenarioRun(entry.harness.scenarioId);
    if (named) {
      // A request the harness changed by a workaround succeeded only because of it: in production
      // this entry fails, so it counts for the cause (and for the projection).
      const cause = (named.cause ?? named.workaround) as string;
      for (const exchange of exchanges) if (!this.exchangeCause.has(exchange.id)) this.exchangeCause.set(exchange.id, cause);
      const tally = this.causes.get(cause);
      if (tally) this.countEntry(tally, run, named.id);
      else this.pendingEntries.push({ cause, run, evidence: named.id });
      return;
    }
    if (!failed) return;
    const definition = entryCause(entry);
    if (!definition) return;
    if (run.scenario !== undefined) {
      this.entryDefinitions.set(definition.id, definition);
      for (const exchange of exchanges) this.entryCauseOfExchange.set(exchange.id, definition.id);
      return;
    }
    const tally = this.tally(definition);
    this.countEntry(tally, run, lastFailing(exchanges)?.id);
  }

  /**
   * A stand-alone exchange that names its cause (Entra's Test Connection is inspected and worked
   * around like an entry's requests): findings citing it belong to that cause. Only such
   * exchanges are kept.
   */
  addExchange(exchange: Exchange): void {
    const cause = exchange.cause ?? exchange.workaround;
    if (cause !== undefined && !this.exchangeCause.has(exchange.id)) this.exchangeCause.set(exchange.id, cause);
  }

  /** Attributes the findings and expectations; pure: the collector is left as it was, so the run can be judged again. */
  build(input: RootCauseInput): RootCauseResult {
    const attribution = new Attribution(cloneCauses(this.causes), this.exchangeCause, this.entryCauseOfExchange, this.entryDefinitions);
    for (const pending of this.pendingEntries) {
      const tally = attribution.causes.get(pending.cause) ?? attribution.tally(unnamedCause(pending.cause));
      tally.entries += 1;
      tally.affectedEntries += 1;
      if (pending.run.dialect) tally.dialects.add(pending.run.dialect);
      if (pending.run.scenario) tally.scenarios.add(pending.run.scenario);
      pushLimited(tally.symptomEvidence, pending.evidence);
    }
    return attribution.run(input);
  }

  private countEntry(tally: CauseTally, run: { scenario?: string; dialect?: string }, evidence: string | undefined): void {
    tally.entries += 1;
    tally.affectedEntries += 1;
    if (run.dialect) tally.dialects.add(run.dialect);
    if (run.scenario) tally.scenarios.add(run.scenario);
    if (evidence) pushLimited(tally.symptomEvidence, evidence);
  }

  private tally(definition: CauseDefinition): CauseTally {
    return tallyIn(this.causes, definition);
  }
}

/** One attribution pass over a copy of the collected causes. */
class Attribution {
  constructor(
    readonly causes: Map<string, CauseTally>,
    private readonly exchangeCause: ReadonlyMap<string, string>,
    private readonly entryCauseOfExchange: ReadonlyMap<string, string>,
    private readonly entryDefinitions: ReadonlyMap<string, CauseDefinition>,
  ) {}

  run(input: RootCauseInput): RootCauseResult {
    const expectationCauseOfExchange = namedExpectationCauses(input.scenarios);
    const findingCauses = input.findings.map((finding) => this.attributeFinding(finding, expectationCauseOfExchange));
    const findingCauseOfExchange = new Map<string, string>();
    input.findings.forEach((finding, index) => {
      for (const id of finding.evidence) if (!findingCauseOfExchange.has(id)) findingCauseOfExchange.set(id, findingCauses[index]);
    });
    const scenarios = input.scenarios.map((scenario) => this.attributeScenario(scenario, findingCauseOfExchange));
    const rootCauses = [...this.causes.values()]
      .filter((tally) => symptoms(tally) > 0 || tally.definition.diagnosed)
      .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || symptoms(b) - symptoms(a) || a.order - b.order)
      .map((tally) => freezeCause(tally, input));
    return { rootCauses: Object.freeze(rootCauses), scenarios, findingCauses };
  }

  tally(definition: CauseDefinition): CauseTally {
    return tallyIn(this.causes, definition);
  }

  private attributeFinding(finding: Finding, expectationCauseOfExchange: ReadonlyMap<string, string>): string {
    const fromEvidence = (map: ReadonlyMap<string, string>): string | undefined => finding.evidence.map((id) => map.get(id)).find((id) => id !== undefined);
    const cause = finding.cause ?? fromEvidence(this.exchangeCause) ?? fromEvidence(expectationCauseOfExchange);
    const tally = cause !== undefined ? (this.causes.get(cause) ?? this.tally(unnamedCause(cause))) : this.tally(findingCause(finding));
    tally.findings += 1;
    if (SEVERITY_RANK[finding.severity] > SEVERITY_RANK[tally.severity] && !tally.definition.diagnosed) tally.severity = finding.severity;
    const runs = finding.occurrences?.map((occurrence) => occurrence.dialect) ?? [finding.dialect];
    for (const dialect of runs) if (dialect) tally.dialects.add(dialect);
    if (finding.scenarioId) tally.scenarios.add(scenarioRun(finding.scenarioId).scenario ?? finding.scenarioId);
    for (const id of finding.evidence.slice(0, 2)) pushLimited(tally.symptomEvidence, id);
    return tally.definition.id;
  }

  private attributeScenario(scenario: ScenarioResult, findingCauseOfExchange: ReadonlyMap<string, string>): ScenarioResult {
    let firstCause: string | undefined;
    // A blocked expectation names what blocked it (a raw request's failure blocks only raw
    // requests, so that need not be the scenario's first failure); runs recorded before it did
    // take the first failure's cause.
    const causeByTitle = new Map<string, string>();
    let changed = false;
    const expectations = scenario.expectations.map((expectation): ExpectationResult => {
      if (expectation.status === 'failed') {
        const cause = this.attributeExpectation(scenario, expectation, findingCauseOfExchange);
        firstCause ??= cause;
        if (!causeByTitle.has(expectation.title)) causeByTitle.set(expectation.title, cause);
        if (cause === expectation.cause) return expectation;
        changed = true;
        return { ...expectation, cause };
      }
      if (expectation.status === 'blocked' && expectation.cause === undefined) {
        const cause = (expectation.blockedBy !== undefined ? causeByTitle.get(expectation.blockedBy) : undefined) ?? firstCause;
        if (cause === undefined) return expectation;
        changed = true;
        return { ...expectation, cause };
      }
      return expectation;
    });
    return changed ? Object.freeze({ ...scenario, expectations: Object.freeze(expectations) }) : scenario;
  }

  private attributeExpectation(scenario: ScenarioResult, expectation: ExpectationResult, findingCauseOfExchange: ReadonlyMap<string, string>): string {
    const fromEvidence = (map: ReadonlyMap<string, string>): string | undefined => expectation.evidence.map((id) => map.get(id)).find((id) => id !== undefined);
    let cause = expectation.cause ?? fromEvidence(this.exchangeCause) ?? fromEvidence(findingCauseOfExchange);
    let tally: CauseTally;
    if (cause !== undefined) tally = this.causes.get(cause) ?? this.tally(unnamedCause(cause));
    else {
      const entryCauseId = fromEvidence(this.entryCauseOfExchange);
      const definition = entryCauseId !== undefined ? this.entryDefinitions.get(entryCauseId) : undefined;
      tally = this.tally(definition ?? expectationCause(scenario, expectation));
      cause = tally.definition.id;
    }
    tally.expectations += 1;
    if (!tally.definition.diagnosed && SEVERITY_RANK[expectation.severity ?? 'required'] > SEVERITY_RANK[tally.severity]) tally.severity = expectation.severity ?? 'required';
    tally.dialects.add(scenario.dialect);
    tally.scenarios.add(scenario.id);
    for (const id of expectation.evidence.slice(0, 2)) pushLimited(tally.symptomEvidence, id);
    // An expectation on an entry stands for that entry: it counts for the projection.
    if (expectation.evidence.some((id) => this.entryCauseOfExchange.has(id) || this.exchangeCause.has(id))) tally.affectedEntries += 1;
    return cause;
  }

}

/**
 * Exchange id → cause, for the exchanges cited by failed expectations that name their cause
 * (rule 1): a check flagging the same read-back shows the same cause, not a second one.
 */
function namedExpectationCauses(scenarios: readonly ScenarioResult[]): Map<string, string> {
  const causes = new Map<string, string>();
  for (const scenario of scenarios) {
    for (const expectation of scenario.expectations) {
      if (expectation.status !== 'failed' || expectation.cause === undefined) continue;
      for (const id of expectation.evidence) if (!causes.has(id)) causes.set(id, expectation.cause);
    }
  }
  return causes;
}

function cloneCauses(causes: ReadonlyMap<string, CauseTally>): Map<string, CauseTally> {
  const copy = new Map<string, CauseTally>();
  for (const [id, tally] of causes) {
    copy.set(id, { ...tally, dialects: new Set(tally.dialects), scenarios: new Set(tally.scenarios), proof: [...tally.proof], symptomEvidence: [...tally.symptomEvidence] });
  }
  return copy;
}

function tallyIn(causes: Map<string, CauseTally>, definition: CauseDefinition): CauseTally {
  const existing = causes.get(definition.id);
  if (existing) {
    // A diagnosis recorded after symptoms grouped under its id replaces the grouped wording.
    if (definition.diagnosed && !existing.definition.diagnosed) {
      existing.definition = definition;
      existing.severity = definition.severity;
    }
    return existing;
  }
  const tally: CauseTally = {
    definition,
    severity: definition.severity,
    order: causes.size,
    entries: 0,
    expectations: 0,
    findings: 0,
    dialects: new Set(),
    scenarios: new Set(),
    proof: [],
    symptomEvidence: [],
    affectedEntries: 0,
  };
  causes.set(definition.id, tally);
  return tally;
}

function symptoms(tally: CauseTally): number {
  return tally.entries + tally.expectations + tally.findings;
}

function pushLimited(list: string[], id: string): void {
  if (list.length < EVIDENCE_LIMIT && !list.includes(id)) list.push(id);
}

function freezeCause(tally: CauseTally, input: RootCauseInput): RootCause {
  const d = tally.definition;
  const evidence = [...tally.proof];
  for (const id of tally.symptomEvidence) if (evidence.length < EVIDENCE_LIMIT && !evidence.includes(id)) evidence.push(id);
  const projected = projectCause(tally, input);
  return Object.freeze({
    id: d.id,
    title: d.title,
    severity: tally.severity,
    fix: d.fix,
    impact: d.impact,
    consequence: d.consequence,
    spec: d.spec,
    ...(d.serverDetail !== undefined ? { serverDetail: d.serverDetail } : {}),
    diagnosed: d.diagnosed,
    occurrences: Object.freeze({
      count: symptoms(tally),
      entries: tally.entries,
      expectations: tally.expectations,
      findings: tally.findings,
      dialects: Object.freeze([...tally.dialects].sort()),
      scenarios: Object.freeze([...tally.scenarios].sort()),
    }),
    ...(projected !== undefined ? { projected } : {}),
    evidence: Object.freeze(evidence),
    ...(d.workaround !== undefined ? { workaround: d.workaround } : {}),
  });
}

/**
 * Entries it would break at --population-estimate: the share of the cause's operations it broke
 * in this run, applied to the estimate (one object of each affected kind per user, the same
 * assumption the quarantine projection makes, harness/evaluate/projection.ts).
 */
function projectCause(tally: CauseTally, input: RootCauseInput): RootCause['projected'] | undefined {
  const population = input.populationEstimate;
  if (population === undefined || tally.definition.consequence === 'none' || tally.affectedEntries === 0) return undefined;
  const attempts = tally.definition.operations.reduce((sum, operation) => sum + (input.attemptsByOperation?.[operation] ?? 0), 0);
  if (attempts === 0) return undefined;
  const share = Math.min(1, tally.affectedEntries / attempts);
  return Object.freeze({ populationEstimate: population, entries: Math.round(share * population) });
}

/** The last exchange that failed (HTTP ≥ 400 or no response): the one Entra's error code rests on. */
function lastFailing(exchanges: readonly Exchange[]): Exchange | undefined {
  for (let index = exchanges.length - 1; index >= 0; index -= 1) {
    const exchange = exchanges[index];
    if (exchange.error !== undefined || (exchange.response?.status ?? 0) >= 400) return exchange;
  }
  return undefined;
}

const OPERATION_WORDS: Readonly<Record<string, string>> = {
  create: 'Create',
  update: 'Update',
  disable: 'Disable',
  enable: 'Enable',
  delete: 'Delete',
  membership: 'membership update of',
  manager: 'manager update of',
  match: 'match query for',
  none: 'request for',
};

/**
 * A failed entry no diagnosis explained, grouped by what Entra logs for it. Entries failed by
 * the source (DuplicateSourceEntries, ImportSkipped: no request was sent) are not the endpoint's.
 */
function entryCause(entry: LogEntry): CauseDefinition | undefined {
  const error = entry.provisioningStatusInfo.errorInformation;
  const failing = lastFailing(entry.harness.exchanges);
  if (!error || (!failing && entry.harness.exchanges.length === 0)) return undefined;
  const type = entry.sourceIdentity.identityType || 'object';
  const operation = entry.harness.operation;
  const status = failing?.response?.status;
  const body = failing?.response?.body as { scimType?: unknown; detail?: unknown } | undefined;
  const scimType = typeof body?.scimType === 'string' ? body.scimType : undefined;
  const outcome = status !== undefined ? `HTTP ${status}${scimType ? ` ${scimType}` : ''}` : failing?.error ? failing.error.kind : error.errorCode;
  const id = `entry/${operation}-${type.toLowerCase()}/${error.errorCode}${status !== undefined ? `/${status}` : ''}${scimType ? `/${scimType}` : ''}`;
  const verb = OPERATION_WORDS[operation] ?? operation;
  const subject = /^[A-Z]/.test(verb) ? `Entra's ${verb} ${type} request` : `Entra's ${verb} a ${type}`;
  const serverDetail = failing ? quoteServer(failing) : undefined;
  return {
    id,
    title: `${subject} fails: ${outcome} (${error.errorCode})`,
    severity: 'required',
    fix: error.recommendedAction || 'Read the server detail and the evidence exchanges: the endpoint must accept this request as Entra sends it.',
    impact: `Every ${verb.toLowerCase()} ${type.toLowerCase()} Entra sends fails with ${error.errorCode} and is retried through escrow; enough of them quarantine the job.`,
    consequence: 'fails',
    operations: [operation],
    spec: 'docs/entra-behaviour.md#status-to-error-code',
    diagnosed: false,
    ...(serverDetail !== undefined ? { serverDetail } : {}),
  };
}

const IMPACT_BY_SEVERITY: Readonly<Record<Severity, string>> = {
  required: 'Entra provisioning fails or loses data where the endpoint does this, or a MUST of RFC 7643/7644 is broken.',
  recommended: 'Entra tolerates it, but the RFC says SHOULD (or Entra guidance asks for it); other clients may not.',
  advisory: 'The RFC allows it; a stricter client might not.',
};

function baseTitle(finding: Finding): string {
  return finding.title.replace(/ \(seen \d+ times\)$/, '');
}

/** A check's finding no diagnosis explained: the check is the cause, across scenarios and dialects. */
function findingCause(finding: Finding): CauseDefinition {
  return {
    id: `check/${finding.check}`,
    title: baseTitle(finding),
    severity: finding.severity,
    fix: finding.fix,
    impact: IMPACT_BY_SEVERITY[finding.severity],
    consequence: finding.severity === 'required' ? 'fails' : 'none',
    operations: [],
    spec: finding.spec,
    diagnosed: false,
  };
}

/** A failed expectation nothing else explains: what the scenario expected and saw. */
function expectationCause(scenario: ScenarioResult, expectation: ExpectationResult): CauseDefinition {
  const severity = expectation.severity ?? 'required';
  return {
    id: `expectation/${scenario.id}/${expectation.title}`,
    title: `${expectation.title}: expected ${expectation.expected}, got ${expectation.actual}`,
    severity,
    fix: expectation.fix ?? `Make ${scenario.title.charAt(0).toLowerCase()}${scenario.title.slice(1)} hold (${expectation.spec ?? scenario.spec}).`,
    impact: IMPACT_BY_SEVERITY[severity],
    consequence: severity === 'required' ? 'fails' : 'none',
    operations: [],
    spec: expectation.spec ?? scenario.spec,
    diagnosed: false,
  };
}

/** A cause named by a symptom whose diagnosis was not recorded (an older run, a custom scenario). */
function unnamedCause(id: string): CauseDefinition {
  return {
    id,
    title: id,
    severity: 'required',
    fix: 'See the evidence exchanges.',
    impact: IMPACT_BY_SEVERITY.required,
    consequence: 'fails',
    operations: [],
    spec: '',
    diagnosed: false,
  };
}

const STOP_CAUSES: Readonly<Record<RunStop['kind'], Pick<RootCause, 'title' | 'fix' | 'impact' | 'spec'>>> = {
  credentials: {
    title: 'Refuses the credentials Entra would send',
    fix: 'Accept the bearer token (or the credentials) configured for the endpoint; check the token, its expiry and the scheme the endpoint expects.',
    impact: 'Entra quarantines the job at once when Test Connection is refused (invalid credentials): nothing is provisioned.',
    spec: 'docs/entra-behaviour.md#quarantine-triggers; RFC 7644 §2',
  },
  unreachable: {
    title: 'The endpoint cannot be reached',
    fix: 'Make the base URL reachable from the Entra provisioning service (DNS, TLS certificate, firewall, the service itself).',
    impact: 'Test Connection fails and Entra does not start the job: nothing is provisioned.',
    spec: 'docs/entra-behaviour.md#test-connection',
  },
  stalled: {
    title: 'The endpoint stops answering mid-run: requests time out one after another',
    fix: 'Answer every request within Entra\'s timeout; find what blocks the service under load.',
    impact: 'Every request that times out fails its entry and is escrowed; enough of them quarantine the job.',
    spec: 'docs/entra-behaviour.md#rate-limits',
  },
};

/** The one cause of a run the target stopped before its work was done (RunStop), with its real cause quoted. */
export function rootCauseOfStop(stop: RunStop): RootCause {
  const words = STOP_CAUSES[stop.kind];
  return Object.freeze({
    id: `stop/${stop.kind}`,
    ...words,
    severity: 'required',
    consequence: 'fails',
    serverDetail: capServerText(stop.cause),
    diagnosed: true,
    occurrences: Object.freeze({ count: 1, entries: 0, expectations: 0, findings: 0, dialects: Object.freeze([]), scenarios: Object.freeze([]) }),
    evidence: Object.freeze(stop.evidence.slice(0, EVIDENCE_LIMIT)),
  });
}
