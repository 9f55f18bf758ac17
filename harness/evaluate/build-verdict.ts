/**
 * The run's verdict, decided in one place from recorded data, and the exit code it maps to
 * (DESIGN "Exit codes"; like Jest's readResultsAndExit and k6's exit codes, nothing else decides).
 */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { type Finding, type Severity } from '../checks/finding';
import { ConfigurationError } from '../errors';
import { pluralize } from './format-numbers';
import {
  type QuarantineAssessment,
  type RunOutcome,
  type RunStop,
  type ScenarioResult,
  type Verdict,
} from './verdict';

/** `{"knownFailures": ["<scenario id>" | "<check id>" | "<scenario id>::<check id>"]}` */
export interface KnownFailures {
  readonly knownFailures: readonly string[];
}

export interface BuildVerdictInput {
  readonly scenarios: readonly ScenarioResult[];
  /** Every finding of the run; findings held only inside a scenario result are added. */
  readonly findings: readonly Finding[];
  readonly quarantine: QuarantineAssessment;
  readonly interrupted: boolean;
  /** The run stopped early because the target could not be reached, stalled, or refused the credentials. */
  readonly stop?: RunStop;
  /** Lowest severity that fails the run; default 'required'. */
  readonly failOn?: Severity;
  readonly baseline?: KnownFailures;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { required: 3, recommended: 2, advisory: 1 };
const SEVERITIES: readonly Severity[] = ['required', 'recommended', 'advisory'];
const ITEM_SEPARATOR = '::';

export function buildVerdict(input: BuildVerdictInput): Verdict {
  const failOn = input.failOn ?? 'required';
  const findings = mergeFindings(input.findings, input.scenarios);
  const gating = findings.filter((finding) => SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failOn]);
  const failedScenarios = input.scenarios.filter((scenario) => scenario.status === 'failed');
  const baseline = input.baseline?.knownFailures ?? [];

  const isKnownScenario = (id: string): boolean => baseline.includes(id);
  const isKnownFinding = (finding: Finding): boolean =>
    baseline.includes(finding.check) ||
    (finding.scenarioId !== undefined &&
      (baseline.includes(finding.scenarioId) || baseline.includes(`${finding.scenarioId}${ITEM_SEPARATOR}${finding.check}`)));

  const newScenarioFailures = failedScenarios.filter((scenario) => !isKnownScenario(scenario.id));
  const newFindings = gating.filter((finding) => !isKnownFinding(finding));
  const knownFailures: string[] = [];
  const fixedKnownFailures: string[] = [];
  for (const item of baseline) {
    const status = baselineItemStatus(item, input.scenarios, failedScenarios, gating);
    if (status === 'failing') knownFailures.push(item);
    else if (status === 'fixed') fixedKnownFailures.push(item);
  }

  let outcome: RunOutcome;
  const stop = input.stop;
  if (input.interrupted) outcome = 'interrupted';
  // A dead or stalled target says nothing about conformance: that is the verdict, whatever else was seen.
  else if (stop !== undefined && stop.kind !== 'credentials') outcome = 'unreachable';
  else if (input.quarantine.wouldQuarantine) outcome = 'quarantined';
  else if (newScenarioFailures.length > 0 || newFindings.length > 0 || fixedKnownFailures.length > 0) outcome = 'failed';
  else outcome = 'passed';

  const headline = describeHeadline({
    outcome,
    failOn,
    scenarios: input.scenarios,
    quarantine: input.quarantine,
    newScenarioFailures,
    newFindings,
    knownFailures,
    fixedKnownFailures,
    stop,
  });
  return Object.freeze({
    outcome,
    scenarios: input.scenarios,
    findings: Object.freeze(findings),
    quarantine: input.quarantine,
    knownFailures: Object.freeze(knownFailures),
    fixedKnownFailures: Object.freeze(fixedKnownFailures),
    headline,
    ...(stop !== undefined ? { stop } : {}),
  });
}

/**
 * DESIGN exit codes: 0 passed, 1 failed, 3 quarantine, 4 target unreachable or stalled, 130
 * interrupted (2 is usage, raised before any verdict).
 */
export function exitCodeFor(verdict: Pick<Verdict, 'outcome'>): number {
  switch (verdict.outcome) {
    case 'passed':
      return 0;
    case 'failed':
      return 1;
    case 'quarantined':
      return 3;
    case 'unreachable':
      return 4;
    case 'interrupted':
      return 130;
  }
}

/**
 * A baseline item is failing while it still matches a failure; fixed when what it names ran and
 * no longer fails; neither when it did not run (a filtered run must not shrink the baseline).
 */
function baselineItemStatus(
  item: string,
  scenarios: readonly ScenarioResult[],
  failedScenarios: readonly ScenarioResult[],
  gating: readonly Finding[],
): 'failing' | 'fixed' | 'notRun' {
  const separator = item.indexOf(ITEM_SEPARATOR);
  if (separator >= 0) {
    const scenarioId = item.slice(0, separator);
    const check = item.slice(separator + ITEM_SEPARATOR.length);
    if (gating.some((finding) => finding.scenarioId === scenarioId && finding.check === check)) return 'failing';
    return ran(scenarios, scenarioId) ? 'fixed' : 'notRun';
  }
  if (failedScenarios.some((scenario) => scenario.id === item)) return 'failing';
  if (gating.some((finding) => finding.check === item || finding.scenarioId === item)) return 'failing';
  if (scenarios.some((scenario) => scenario.id === item)) return ran(scenarios, item) ? 'fixed' : 'notRun';
  // A check id: fixed once any scenario ran without that check failing.
  return scenarios.some((scenario) => scenario.status !== 'skipped') ? 'fixed' : 'notRun';
}

function ran(scenarios: readonly ScenarioResult[], id: string): boolean {
  return scenarios.some((scenario) => scenario.id === id && scenario.status !== 'skipped');
}

function mergeFindings(findings: readonly Finding[], scenarios: readonly ScenarioResult[]): Finding[] {
  const merged = [...findings];
  const keys = new Set(findings.map(findingKey));
  for (const scenario of scenarios) {
    for (const finding of scenario.findings) {
      const withScenario = finding.scenarioId === undefined ? { ...finding, scenarioId: scenario.id } : finding;
      const key = findingKey(withScenario);
      if (!keys.has(key)) {
        keys.add(key);
        merged.push(withScenario);
      }
    }
  }
  return merged;
}

function findingKey(finding: Finding): string {
  return JSON.stringify([finding.check, finding.scenarioId ?? '', finding.title, finding.actual, finding.evidence]);
}

interface HeadlineFacts {
  readonly outcome: RunOutcome;
  readonly failOn: Severity;
  readonly scenarios: readonly ScenarioResult[];
  readonly quarantine: QuarantineAssessment;
  readonly newScenarioFailures: readonly ScenarioResult[];
  readonly newFindings: readonly Finding[];
  readonly knownFailures: readonly string[];
  readonly fixedKnownFailures: readonly string[];
  readonly stop: RunStop | undefined;
}

function describeHeadline(facts: HeadlineFacts): string {
  const known = facts.knownFailures.length > 0 ? ` (${pluralize(facts.knownFailures.length, 'known failure')} in the baseline)` : '';
  switch (facts.outcome) {
    case 'interrupted': {
      const finished = facts.scenarios.filter((scenario) => scenario.status !== 'skipped').length;
      return `INTERRUPTED — stopped after ${pluralize(finished, 'scenario')}; results so far: ${describeFailures(facts) || 'no failures'}`;
    }
    case 'unreachable': {
      const stop = facts.stop;
      if (stop?.kind === 'stalled') return `STALLED — ${stop.cause}; the run stopped`;
      return `UNREACHABLE — ${stop?.cause ?? 'the target could not be reached'}; nothing else was sent`;
    }
    case 'quarantined': {
      if (facts.stop?.kind === 'credentials') {
        const code = facts.quarantine.errorCode ? ` (${facts.quarantine.errorCode})` : '';
        return `QUARANTINE — ${facts.quarantine.reason ?? 'Unknown'}${code}: ${facts.stop.cause}; nothing else was sent`;
      }
      const details = firstSentence(facts.quarantine.details);
      return `QUARANTINE — ${facts.quarantine.reason ?? 'Unknown'}: ${details}`;
    }
    case 'failed': {
      const parts = [describeFailures(facts)].filter((part) => part !== '');
      if (facts.fixedKnownFailures.length > 0) {
        parts.push(
          `${pluralize(facts.fixedKnownFailures.length, 'baseline entry', 'baseline entries')} now ${
            facts.fixedKnownFailures.length === 1 ? 'passes' : 'pass'
          } (${facts.fixedKnownFailures.join(', ')}): remove ${facts.fixedKnownFailures.length === 1 ? 'it' : 'them'} from the baseline`,
        );
      }
      return `FAILED — ${parts.join('; ')}${known}`;
    }
    case 'passed': {
      const gate = SEVERITIES.filter((severity) => SEVERITY_RANK[severity] >= SEVERITY_RANK[facts.failOn]).join(' or ');
      return `PASSED — ${pluralize(facts.scenarios.length, 'scenario')}, no ${gate} findings${known}`;
    }
  }
}

/** "2 failed scenarios, 1 required and 2 recommended findings in 2 scenarios". */
function describeFailures(facts: HeadlineFacts): string {
  const parts: string[] = [];
  if (facts.newScenarioFailures.length > 0) parts.push(pluralize(facts.newScenarioFailures.length, 'failed scenario'));
  if (facts.newFindings.length > 0) {
    const bySeverity = SEVERITIES.map((severity) => ({
      severity,
      count: facts.newFindings.filter((finding) => finding.severity === severity).length,
    })).filter(({ count }) => count > 0);
    const counted = bySeverity.map(({ severity, count }) => `${count} ${severity}`);
    const joined = counted.length > 1 ? `${counted.slice(0, -1).join(', ')} and ${counted[counted.length - 1]}` : counted[0];
    const noun = facts.newFindings.length === 1 ? 'finding' : 'findings';
    const scenarioIds = new Set(facts.newFindings.map((finding) => finding.scenarioId).filter((id) => id !== undefined));
    const where = scenarioIds.size > 0 ? ` in ${pluralize(scenarioIds.size, 'scenario')}` : '';
    parts.push(`${joined} ${noun}${where}`);
  }
  return parts.join(', ');
}

function firstSentence(text: string): string {
  const match = /^(.+?[.!?])(\s|$)/.exec(text.trim());
  return match ? match[1] : text.trim();
}

const BASELINE_SCHEMA = {
  type: 'object',
  required: ['knownFailures'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    knownFailures: {
      type: 'array',
      items: {
        type: 'string',
        minLength: 1,
        // "<scenario id>", "<check id>" or "<scenario id>::<check id>", both sides non-empty.
        pattern: '^(?!::)(?!.*::$)(?!.*::.*::).+$',
      },
    },
  },
} as const;

const validateBaseline = new Ajv({ allErrors: true }).compile<KnownFailures>(BASELINE_SCHEMA);

/** Reads a `--baseline` file; ConfigurationError naming the path, the rule broken and the expected shape. */
export function loadBaseline(path: string): KnownFailures {
  const shape = '{"knownFailures": ["<scenario id>" | "<check id>" | "<scenario id>::<check id>"]}';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(`--baseline file ${path} cannot be read: ${reason} (give the path of a JSON file shaped ${shape})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(`--baseline file ${path} must be JSON: ${reason} (expected ${shape})`);
  }
  if (!validateBaseline(data)) {
    const problems = (validateBaseline.errors ?? [])
      .map((error) =>
        error.keyword === 'pattern'
          ? `${error.instancePath} must be "<scenario id>", "<check id>" or "<scenario id>::<check id>"`
          : `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${describeParams(error.params)}`,
      )
      .join('; ');
    throw new ConfigurationError(`--baseline file ${path} is invalid: ${problems} (expected ${shape})`);
  }
  return Object.freeze({ knownFailures: Object.freeze([...data.knownFailures]) });
}

function describeParams(params: Record<string, unknown>): string {
  if (typeof params.additionalProperty === 'string') return ` ("${params.additionalProperty}")`;
  return '';
}
