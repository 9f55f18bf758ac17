/**
 * The `scim-harness` command line: yargs commands, each an options table plus a check, mapping
 * what the command returns to the exit code. Usage and configuration errors exit 2 before any
 * request is sent.
 */
import yargs, { type Argv } from 'yargs';
import { ConfigurationError, ScenarioError } from '../errors';
import { harnessVersion } from '../version';
import { terminalText } from '../text/terminal-text';
import { guardClosedPipe } from './closed-pipe';
import { EXIT } from '../contract/exit-codes';
import { type StartEmbeddedTarget } from '../runner/embedded-target';
import { startBundledServer } from './bundled-server';
import { registerCommands } from './commands';

export { boundOldGenerationGrowth } from './heap-growth';

export async function main(argv: readonly string[], given: CliIo = processIo()): Promise<number> {
  // A reader that stops early (`| head`) must not turn into a stack trace: see closed-pipe.ts.
  const io: CliIo = {
    // The composition root provides the embedded default target (ARCHITECTURE.md, "Layers").
    startEmbeddedTarget: startBundledServer,
    ...given,
    stdout: guardClosedPipe(given.stdout),
    stderr: guardClosedPipe(given.stderr),
  };
  try {
    return await runCommand(argv, io);
  } catch (error) {
    io.stderr.write(`${describeUnexpected(error, argv, io.env)}\n`);
    return EXIT.failed;
  }
}

/**
 * An error nobody anticipated reaches the user as one line; the stack is for whoever debugs the
 * harness, on request (`SCIM_HARNESS_DEBUG=1`, or `--debug` on the command line).
 */
export function describeUnexpected(error: unknown, argv: readonly string[], env: NodeJS.ProcessEnv): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n').find((text) => text.trim() !== '') ?? 'no message';
  const wantsStack = (env.SCIM_HARNESS_DEBUG !== undefined && env.SCIM_HARNESS_DEBUG !== '' && env.SCIM_HARNESS_DEBUG !== '0') || argv.includes('--debug');
  if (wantsStack && error instanceof Error && error.stack) return `scim-harness: unexpected error: ${error.stack}`;
  return `scim-harness: unexpected error: ${line} (set SCIM_HARNESS_DEBUG=1 for the stack)`;
}

async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.passed;
  let usageError: string | undefined;
  const parser: Argv = yargs([...argv])
    .scriptName('scim-harness')
    .usage('$0 <command> [options]\n\nPlays Microsoft Entra ID\'s provisioning service against a SCIM 2.0 endpoint.')
    .strict()
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .demandCommand(1, 'a command is required, got none (e.g. scim-harness run)')
    .recommendCommands()
    .version(harnessVersion())
    .help()
    .alias('h', 'help')
    .example('$0 run', 'The conformance suite against the bundled server (or --target <url> --token <t>)')
    .example('$0 sync --population 200 --cycles 3', 'Provision a generated directory, then two incremental cycles')
    .example('$0 provision --source dir.json --user ada@contoso.com', 'Provision one user on demand, step by step')
    .example('$0 logs ./scim-harness-report --status failure', 'Filter the provisioning logs of a saved run')
    .example('$0 report ./scim-harness-report', 'Regenerate every report from run.ndjson')
    .example('$0 example-server --port 8880 --token s3cret', 'Serve the bundled SCIM server alone')
    .epilogue('Exit codes: 0 passed · 1 required findings or failed scenarios · 2 usage or configuration error · 3 the run would quarantine an Entra job · 4 the target could not be reached or stalled · 5 report: run.ndjson does not verify · 130 interrupted.')
    // Throwing from fail() is what stops yargs from running the command's handler after a usage
    // error when exitProcess is off.
    .fail((message, error) => {
      if (error && !(error instanceof ConfigurationError) && !(error instanceof ScenarioError)) throw error;
      throw new ConfigurationError(error?.message ?? explainUsage(message ?? 'invalid usage'));
    });
  registerCommands(parser, io, (code) => {
    exitCode = code;
  });
  // With a parse callback yargs prints nothing itself: help and version go to io.stdout, so an
  // in-process caller sees exactly what a terminal would.
  let printed = '';
  try {
    await parser.parseAsync([...argv], {}, (_error, _args, output) => {
      printed = output;
    });
  } catch (error) {
    if (!(error instanceof ConfigurationError || error instanceof ScenarioError)) throw error;
    usageError = error.message;
  }
  if (usageError) {
    // A message may quote a file the user pointed at, or a value read from it: shown, never obeyed.
    io.stderr.write(`scim-harness: ${terminalText(usageError)}\n`);
    return EXIT.usage;
  }
  if (printed) io.stdout.write(`${printed}\n`);
  return exitCode;
}

export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly handleSignals?: boolean;
  /** The embedded default target (default: the bundled server). */
  readonly startEmbeddedTarget?: StartEmbeddedTarget;
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, handleSignals: true };
}

/** yargs' own messages, reworded to name the rule, the value and the fix. */
function explainUsage(message: string): string {
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (unknown) {
    // yargs names an unknown flag twice, as typed and camel-cased: keep the spelling typed.
    const typed = unknown[1].split(', ').map((name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
    const names = [...new Set(typed)].map((name) => (name.length === 1 ? `-${name}` : `--${name}`));
    return `only the listed options are accepted, got unknown ${names.join(', ')} (see scim-harness <command> --help)`;
  }
  const choice = /^Invalid values:\s+Argument: (\S+), Given: (.+), Choices: (.+)$/s.exec(message.replace(/\n/g, ' '));
  if (choice) return `--${choice[1]} must be one of ${choice[3].trim()}, got ${choice[2].trim()} (e.g. --${choice[1]} ${choice[3].split(',')[0].trim()})`;
  return `${message} (see scim-harness --help)`;
}
