/**
 * The terminal view of a run. On an interactive terminal (and not under CI) a live progress bar
 * shows the current cycle; anywhere else plain lines, one per cycle change, failed entry and
 * finished scenario, so a CI log stays readable and greppable. Ends with the run's summary, led by
 * the verdict and its root causes (reporters/format/summary.ts).
 */
import { portalActionName } from '../harness/log/portal-names';
import { MultiBar, type Params, type SingleBar } from 'cli-progress';
import { type Finding } from '../harness/contract/finding';
import { type ScenarioResult } from '../harness/contract/verdict';
import { type LogEntry } from '../harness/contract/log-entry';
import { type CycleKind } from '../harness/contract/run-events';
import { terminalText } from '../harness/text/terminal-text';
import { createColors, neutralizeControls, stripAnsi, type Colors } from './format/colors';
import { firstLine } from './format/first-line';
import { formatCount, formatDuration, pluralize } from '../harness/text/numbers';
import { insecureWarning, STATUS_MARK, summaryLines } from './format/summary';
import { describeDialects, planDialects } from './format/dialects';
import { type Reporter, type RunPlan, type RunSummary } from './reporter';
import { type OutputStream, type ReporterOptions } from './reporter-options';

interface CycleProgress {
  readonly number: number;
  readonly kind: CycleKind;
  entries: number;
  users: number;
  groups: number;
  failures: number;
}

/** What the bar can tell while entries stream in; the end summary has the exact numbers. */
interface RunningCounts {
  entries: number;
  failures: number;
  stagedDeletes: number;
  credentialFailures: number;
}

const BAR_WIDTH = 24;
/** docs/entra-behaviour.md#quarantine-triggers: more than 40 % of provisioning events failing is a quarantine trigger. */
const QUARANTINE_FAILURE_SHARE = 0.4;
/** Below this many entries a failure share says little; the end-of-run projection judges small runs. */
const MIN_ENTRIES_FOR_SHARE = 20;
/**
 * Failed entries printed as lines when there is no live bar. A sync against a broken endpoint
 * fails every object: ten lines show the pattern, the rest is in the run's files.
 */
export const MAX_FAILURE_LINES = 10;

function readNumber(settings: Readonly<Record<string, unknown>>, ...keys: string[]): number | null {
  for (const key of keys) {
    const value = settings[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  }
  return null;
}

/**
 * Target text (names, ids, error details) and the user's text (scenario titles, URLs) on one
 * console line: control characters shown, not obeyed, before any of the harness's own colours
 * wrap it (harness/text/terminal-text.ts).
 */
function shown(text: string): string {
  return terminalText(text, { layout: 'line' });
}

function identityOf(entry: LogEntry): string {
  return entry.sourceIdentity.displayName || entry.targetIdentity.displayName || entry.sourceIdentity.id || entry.targetIdentity.id || entry.id;
}


export class ConsoleReporter implements Reporter {
  readonly name = 'console';
  private readonly colors: Colors;
  private readonly stdout: OutputStream;
  private readonly live: boolean;
  private multibar: MultiBar | null = null;
  private bar: SingleBar | null = null;
  private cycle: CycleProgress | null = null;
  private readonly counts: RunningCounts = { entries: 0, failures: 0, stagedDeletes: 0, credentialFailures: 0 };
  /** Objects expected per cycle, when the plan's settings say (users + groups); null when unknown. */
  private expectedPerCycle: number | null = null;
  /** A conformance run: one line per scenario says more than the many small cycles inside them. */
  private scenarioRun = false;
  private failureLines = 0;
  private failuresNotPrinted = 0;

  constructor(private readonly options: ReporterOptions) {
    this.stdout = options.stdout;
    this.colors = createColors(options.color);
    // A live bar rewrites its line with cursor movements: only a human at a terminal wants that.
    this.live = options.isTTY && !options.isCI;
  }

  printsToStdio(): boolean {
    return true;
  }

  /** Whether this reporter draws the live bar (a TTY outside CI). */
  get isLive(): boolean {
    return this.live;
  }

  onRunStart(plan: RunPlan): void {
    this.scenarioRun = plan.scenarios.length > 0;
    const scenarios = this.scenarioRun ? `, ${pluralize(plan.scenarios.length, 'scenario run')}` : '';
    this.print(this.colors.bold(`scim-harness ${plan.harnessVersion} — ${plan.command} against ${shown(plan.targetUrl)} (${shown(describeDialects(planDialects(plan)))}${scenarios})`));
    // Settings found without being asked for must say where they came from.
    if (typeof plan.settings?.configFile === 'string') this.print(this.colors.dim(`config: ${shown(plan.settings.configFile)}`));
    const warning = insecureWarning(plan);
    if (warning) this.print(this.colors.yellow(warning));
    const settings = plan.settings ?? {};
    const users = readNumber(settings, 'usersInScope', 'population', 'users');
    const groups = readNumber(settings, 'groupsInScope', 'groups');
    this.expectedPerCycle = users === null && groups === null ? null : (users ?? 0) + (groups ?? 0);
    if (this.live) this.startBar();
  }

  onEntry(entry: LogEntry, _findings: readonly Finding[] = []): void {
    const number = entry.harness.cycleNumber;
    if (!this.cycle || this.cycle.number !== number || this.cycle.kind !== entry.harness.cycleKind) {
      this.endCycle();
      this.cycle = { number, kind: entry.harness.cycleKind, entries: 0, users: 0, groups: 0, failures: 0 };
      if (!this.scenarioRun) this.print(this.colors.cyan(`cycle ${number} (${entry.harness.cycleKind})`));
    }
    const cycle = this.cycle;
    cycle.entries += 1;
    if (entry.sourceIdentity.identityType === 'Group') cycle.groups += 1;
    else cycle.users += 1;
    this.counts.entries += 1;
    if (entry.provisioningAction === 'stagedDelete') this.counts.stagedDeletes += 1;
    const status = entry.provisioningStatusInfo;
    if (status.status === 'failure') {
      cycle.failures += 1;
      this.counts.failures += 1;
      const code = status.errorInformation?.errorCode ?? '';
      // Credential failures quarantine at once, whatever the counts (docs/entra-behaviour.md#quarantine-triggers).
      if (/credential|unauthori[sz]ed|token/i.test(code)) this.counts.credentialFailures += 1;
      if (!this.live) this.printFailure(entry);
    }
    this.updateBar();
  }

  onScenarioEnd(result: ScenarioResult): void {
    const paint = result.status === 'passed' ? this.colors.green : result.status === 'failed' ? this.colors.red : this.colors.dim;
    this.print(`${paint(`${STATUS_MARK[result.status]} ${result.status}`)} ${shown(result.id)} [${shown(result.dialect)}] — ${shown(result.title)} (${formatDuration(result.durationMs)})`);
    if (result.status === 'inconclusive' && result.inconclusiveReason) this.print(this.colors.dim(`    ? ${shown(result.inconclusiveReason)}`));
    for (const expectation of result.expectations) {
      if (expectation.status === 'failed') {
        this.print(`    ${this.colors.red('✗')} ${shown(expectation.title)}: expected ${shown(firstLine(expectation.expected))}, got ${shown(firstLine(expectation.actual))}`);
      } else if (expectation.status !== 'passed' && result.status !== 'skipped') {
        // Skipped, blocked or inconclusive: not judged, and the reason says why. The cause that
        // blocked it is named in the summary, once the run's causes are attributed.
        this.print(this.colors.dim(`    - ${shown(expectation.title)} (${expectation.status}${expectation.skipReason ? `: ${shown(expectation.skipReason)}` : ''})`));
      }
    }
  }

  onRunEnd(summary: RunSummary): void {
    // The bar's last frame shows the last cycle, so it is drawn before that cycle is closed.
    this.stopBar();
    this.endCycle();
    if (this.failuresNotPrinted > 0) {
      this.print(
        this.colors.dim(
          `  … and ${pluralize(this.failuresNotPrinted, 'more failed entry', 'more failed entries')}: see provisioning-logs.json, or scim-harness logs ${summary.outDir} --status failure`,
        ),
      );
    }
    const lines = summaryLines(summary, this.colors, { outputs: this.options.outputs });
    this.stdout.write(`\n${neutralizeControls(lines.join('\n'))}\n`);
  }

  private printFailure(entry: LogEntry): void {
    if (this.failureLines >= MAX_FAILURE_LINES) {
      this.failuresNotPrinted += 1;
      return;
    }
    this.failureLines += 1;
    this.print(this.failureLine(entry));
  }

  private failureLine(entry: LogEntry): string {
    const error = entry.provisioningStatusInfo.errorInformation;
    const action = portalActionName(entry.provisioningAction);
    const reason = error ? `${shown(error.errorCode)}${error.reason ? ` — ${shown(firstLine(error.reason, 120))}` : ''}` : 'no error information';
    return `  ${this.colors.red('✗')} ${action} ${shown(entry.sourceIdentity.identityType)} '${shown(identityOf(entry))}' failed: ${reason}`;
  }

  private endCycle(): void {
    const cycle = this.cycle;
    if (!cycle) return;
    this.cycle = null;
    if (this.scenarioRun) return;
    this.print(
      this.colors.dim(
        `cycle ${cycle.number} (${cycle.kind}) done: ${pluralize(cycle.entries, 'entry', 'entries')} (${formatCount(cycle.users)} users, ${formatCount(cycle.groups)} groups), ${pluralize(cycle.failures, 'failure')}`,
      ),
    );
  }

  /** Why Entra might quarantine, judged from what has streamed in so far [INF: the thresholds need the full projection]. */
  private quarantineRisk(): string | null {
    if (this.counts.credentialFailures > 0) return 'credential failures';
    if (this.counts.stagedDeletes > 0) return 'deletion threshold';
    if (this.counts.entries >= MIN_ENTRIES_FOR_SHARE && this.counts.failures / this.counts.entries > QUARANTINE_FAILURE_SHARE) {
      return 'failure rate over 40%';
    }
    return null;
  }

  private renderBar(params: Params): string {
    const cycle = this.cycle;
    const processed = cycle ? cycle.users + cycle.groups : 0;
    const total = Math.max(params.total, processed);
    const known = this.expectedPerCycle !== null;
    const ratio = known && total > 0 ? Math.min(1, processed / total) : 0;
    const filled = Math.round(ratio * BAR_WIDTH);
    const bar = known ? `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ` : '';
    const objects = known ? `${formatCount(processed)}/${formatCount(total)} objects` : `${formatCount(processed)} objects`;
    const parts = [
      `${bar}${objects}`,
      `users ${formatCount(cycle?.users ?? 0)}`,
      `groups ${formatCount(cycle?.groups ?? 0)}`,
      cycle ? `cycle ${cycle.number} (${cycle.kind})` : 'waiting for the first cycle',
      this.counts.failures > 0 ? this.colors.red(`failures ${formatCount(this.counts.failures)}`) : 'failures 0',
    ];
    const risk = this.quarantineRisk();
    if (risk) parts.push(this.colors.red(`⚠ quarantine risk: ${risk}`));
    const line = parts.join(' · ');
    const width = (this.stdout.columns ?? 100) - 1;
    return stripAnsi(line).length > width ? stripAnsi(line).slice(0, Math.max(0, width - 1)) + '…' : line;
  }

  private startBar(): void {
    this.multibar = new MultiBar({
      stream: this.stdout as unknown as NodeJS.WritableStream,
      format: (_options, params) => this.renderBar(params),
      clearOnComplete: true,
      hideCursor: false,
      // Interrupt handling belongs to the CLI (exit code 130); the bar must not take SIGINT.
      gracefulExit: false,
      linewrap: true,
      fps: 10,
    });
    this.bar = this.multibar.create(this.expectedPerCycle ?? 0, 0);
  }

  private updateBar(): void {
    if (!this.bar || !this.cycle) return;
    const processed = this.cycle.users + this.cycle.groups;
    const total = Math.max(this.expectedPerCycle ?? 0, processed);
    this.bar.setTotal(total);
    this.bar.update(processed);
  }

  private stopBar(): void {
    if (!this.multibar) return;
    // Flush lines logged above the bar before it is cleared.
    this.multibar.update();
    this.multibar.stop();
    this.multibar = null;
    this.bar = null;
  }

  private print(line: string): void {
    const safe = neutralizeControls(line);
    if (this.multibar) this.multibar.log(`${safe}\n`);
    else this.stdout.write(`${safe}\n`);
  }
}

export function createConsoleReporter(options: ReporterOptions): ConsoleReporter {
  return new ConsoleReporter(options);
}
