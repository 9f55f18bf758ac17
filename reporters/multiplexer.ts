/**
 * One Reporter that fans every hook out to many, in order (Playwright's multiplexer). Each call
 * is isolated: a reporter that throws or rejects is reported and the others carry on, because
 * a broken report must never cost the run its other outputs, and never changes the exit code.
 */
import { type Finding } from '../harness/contract/finding';
import { type ScenarioResult } from '../harness/contract/verdict';
import { type LogEntry } from '../harness/contract/log-entry';
import { terminalText } from '../harness/text/terminal-text';
import { type Reporter, type RunPlan, type RunSummary } from './reporter';
import { type OutputStream } from './reporter-options';

export type ReporterHook = 'onRunStart' | 'onEntry' | 'onScenarioEnd' | 'onRunEnd' | 'printsToStdio';

export interface ReporterFailure {
  readonly reporter: string;
  readonly hook: ReporterHook;
  /** The first error this reporter raised in this hook. */
  readonly error: unknown;
  readonly message: string;
  /** How many calls of this hook failed (onEntry runs once per entry, so one bug can fail thousands). */
  readonly occurrences: number;
}

export interface Multiplexer extends Reporter {
  readonly reporters: readonly Reporter[];
  /** Every reporter hook that failed, once per reporter and hook. */
  failures(): readonly ReporterFailure[];
}

export interface MultiplexerOptions {
  /** Where failures are announced; process.stderr when omitted. */
  readonly stderr?: OutputStream;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

export function createMultiplexer(reporters: readonly Reporter[], options: MultiplexerOptions = {}): Multiplexer {
  const stderr = options.stderr ?? process.stderr;
  const failures = new Map<string, { reporter: string; hook: ReporterHook; error: unknown; message: string; occurrences: number }>();
  const list = [...reporters];

  function fail(reporter: Reporter, hook: ReporterHook, error: unknown): void {
    const name = typeof reporter.name === 'string' && reporter.name !== '' ? reporter.name : '(unnamed)';
    const key = `${name}\u0000${hook}`;
    const known = failures.get(key);
    if (known) {
      known.occurrences += 1;
      return;
    }
    const message = messageOf(error);
    failures.set(key, { reporter: name, hook, error, message, occurrences: 1 });
    // Once per reporter and hook: a reporter failing on every entry must not flood stderr.
    stderr.write(`Error in reporter ${terminalText(name, { layout: 'line' })}: ${terminalText(message, { layout: 'line' })}\n`);
  }

  async function fanOut(hook: Exclude<ReporterHook, 'printsToStdio'>, call: (reporter: Reporter) => void | Promise<void> | undefined): Promise<void> {
    for (const reporter of list) {
      try {
        await call(reporter);
      } catch (error) {
        fail(reporter, hook, error);
      }
    }
  }

  // onEntry runs once per entry: offered only when some reporter takes entries, so a run whose
  // reporters only summarise (json, junit …) does not queue a call per entry for nobody.
  const takesEntries = list.some((reporter) => typeof reporter.onEntry === 'function');
  return {
    name: 'multiplexer',
    reporters: list,
    onRunStart: (plan: RunPlan) => fanOut('onRunStart', (reporter) => reporter.onRunStart?.(plan)),
    ...(takesEntries ? { onEntry: (entry: LogEntry, findings: readonly Finding[]) => fanOut('onEntry', (reporter) => reporter.onEntry?.(entry, findings)) } : {}),
    onScenarioEnd: (result: ScenarioResult) => fanOut('onScenarioEnd', (reporter) => reporter.onScenarioEnd?.(result)),
    onRunEnd: (summary: RunSummary) => fanOut('onRunEnd', (reporter) => reporter.onRunEnd?.(summary)),
    printsToStdio(): boolean {
      return list.some((reporter) => {
        try {
          return reporter.printsToStdio?.() === true;
        } catch (error) {
          fail(reporter, 'printsToStdio', error);
          return false;
        }
      });
    },
    failures: () => [...failures.values()].map((failure) => Object.freeze({ ...failure })),
  };
}
