/**
 * `--reporter github`: GitHub Actions annotations, as Playwright's github reporter writes them.
 * Each root cause, quarantine, entry-level failure, inconclusive scenario and baseline problem
 * becomes one workflow command on stdout (`::error title=…::message`, `::warning …`,
 * `::notice …`), so the run's problems show on the workflow summary and the pull request without
 * opening a report. A root cause is annotated once, titled by the cause, with its fix and where it
 * was seen — never once per finding or failed scenario it explains (GitHub shows only the first
 * few annotations of a step, so repetitions would crowd the causes out; docs/diagnosis.md#root-causes).
 * The annotations carry no file: the target is an endpoint, not a line of code.
 *
 * Only when asked: on GitHub Actions the console summary is in the log anyway, and annotations
 * are limited per step, so adding them unasked would crowd out the workflow's own.
 */
import { type Severity } from '../harness/contract/finding';
import { type RootCause } from '../harness/contract/root-cause';
import { type ScenarioResult } from '../harness/contract/verdict';
import { baselineNoticeLines, entryVerdictLine, failOnSeverity } from './format/summary';
import { causeFailsRun, describeCauseOccurrences, rootCausesOf } from './format/root-causes';
import { type Reporter, type RunSummary } from './reporter';
import { type OutputStream, type ReporterOptions } from './reporter-options';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  readonly level: AnnotationLevel;
  readonly title: string;
  readonly message: string;
}

/** Longest message kept: an annotation is a pointer to the reports, not the evidence itself. */
const MESSAGE_LENGTH = 1000;

/**
 * Target text is untrusted: control characters (ANSI escapes, NUL, bidi overrides are left to
 * GitHub's renderer) are replaced so they cannot restyle the log, and line breaks are kept only
 * to be escaped as data.
 */
function neutralize(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '\uFFFD');
}

/** Workflow-command data: "%", CR and LF are escaped, as @actions/core's escapeData does. */
export function escapeData(text: string): string {
  return neutralize(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command properties: also ":" and ",", which separate the properties (escapeProperty). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Line breaks become spaces (the reports keep the layout), and the text is cut to MESSAGE_LENGTH. */
function oneLine(text: string, max = MESSAGE_LENGTH): string {
  const flat = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

export function formatAnnotation(annotation: Annotation): string {
  return `::${annotation.level} title=${escapeProperty(annotation.title)}::${escapeData(annotation.message)}`;
}

function rootCauseAnnotation(cause: RootCause, failOn: Severity): Annotation {
  const fails = causeFailsRun(cause, failOn);
  return {
    level: fails ? 'error' : 'warning',
    title: cause.title,
    message: oneLine(`Fix: ${cause.fix} [${cause.severity}${fails ? '' : ', does not fail the run'}] Seen in: ${describeCauseOccurrences(cause)}.`),
  };
}

/** One warning per inconclusive scenario (both dialect runs together): neither a failure nor a pass. */
function inconclusiveAnnotations(scenarios: readonly ScenarioResult[]): Annotation[] {
  const byId = new Map<string, { dialects: string[]; reason: string }>();
  for (const scenario of scenarios) {
    if (scenario.status !== 'inconclusive') continue;
    const item = byId.get(scenario.id) ?? { dialects: [], reason: scenario.inconclusiveReason ?? 'a premise of the scenario did not hold' };
    item.dialects.push(scenario.dialect);
    byId.set(scenario.id, item);
  }
  return [...byId.entries()].map(([id, { dialects, reason }]) => ({
    level: 'warning',
    title: `${id} inconclusive`,
    message: oneLine(`${reason} [${dialects.join(', ')}]`),
  }));
}

/** The run's annotations, errors first; the headline last, as a notice. */
export function buildAnnotations(summary: RunSummary): Annotation[] {
  const { verdict } = summary;
  const failOn = failOnSeverity(summary.plan);
  const annotations: Annotation[] = [];
  const quarantine = verdict.quarantine;
  if (quarantine.wouldQuarantine) {
    annotations.push({
      level: 'error',
      title: `Entra would quarantine the job: ${quarantine.reason ?? 'Unknown'}`,
      message: oneLine(`${quarantine.details}${quarantine.fix ? ` Fix: ${quarantine.fix}` : ''}`),
    });
  }
  if (verdict.entries?.exceeded) {
    annotations.push({ level: 'error', title: 'Failed entries over --max-failures', message: entryVerdictLine(verdict) ?? '' });
  }
  for (const cause of rootCausesOf(verdict)) annotations.push(rootCauseAnnotation(cause, failOn));
  annotations.push(...inconclusiveAnnotations(verdict.scenarios));
  for (const item of verdict.fixedKnownFailures) {
    annotations.push({ level: 'error', title: `Baseline entry ${item} now passes`, message: `Remove ${item} from the baseline file (or run with --update-baseline).` });
  }
  for (const line of baselineNoticeLines(verdict)) annotations.push({ level: 'warning', title: 'Baseline', message: line });
  const rank: Readonly<Record<AnnotationLevel, number>> = { error: 0, warning: 1, notice: 2 };
  const ordered = annotations.map((annotation, index) => ({ annotation, index })).sort((a, b) => rank[a.annotation.level] - rank[b.annotation.level] || a.index - b.index);
  return [...ordered.map(({ annotation }) => annotation), { level: 'notice', title: 'scim-harness', message: verdict.headline }];
}

export class GithubReporter implements Reporter {
  readonly name = 'github';
  private readonly stdout: OutputStream;

  constructor(options: ReporterOptions) {
    this.stdout = options.stdout;
  }

  /** Annotations are not a summary: the console reporter still prints one. */
  printsToStdio(): boolean {
    return false;
  }

  onRunEnd(summary: RunSummary): void {
    const lines = buildAnnotations(summary).map(formatAnnotation);
    this.stdout.write(`${lines.join('\n')}\n`);
  }
}

export function createGithubReporter(options: ReporterOptions): GithubReporter {
  return new GithubReporter(options);
}
