/**
 * The `scim-harness` command line: yargs commands, each an options table plus a check, mapping
 * what the command returns to the exit code. Usage and configuration errors exit 2 before any
 * request is sent.
 */
import yargs, { type Argv } from 'yargs';
import { ConfigurationError, ScenarioError } from '../errors';
import { harnessVersion } from '../version';
import { EXIT } from './exit-codes';
import { registerCommands } from './commands';

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.passed;
  let usageError: string | undefined;
  const parser: Argv = yargs([...argv])
    .scriptName('scim-harness')
    .usage('$0 <command> [options]\n\nPlays Microsoft Entra ID\'s provisioning service against a SCIM 2.0 endpoint.')
    .strict()
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .demandCommand(1, 'Name a command, e.g. `scim-harness run` (see --help).')
    .recommendCommands()
    .version(harnessVersion())
    .help()
    .alias('h', 'help')
    .epilogue('Exit codes: 0 passed · 1 required findings or failed scenarios · 2 usage or configuration error · 3 the run would quarantine an Entra job · 130 interrupted.')
    .fail((message, error) => {
      usageError = error instanceof ConfigurationError || error instanceof ScenarioError ? error.message : (message ?? error?.message);
      if (error && !(error instanceof ConfigurationError) && !(error instanceof ScenarioError) && !message) throw error;
    });
  registerCommands(parser, io, (code) => {
    exitCode = code;
  });
  try {
    await parser.parseAsync();
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof ScenarioError) usageError = error.message;
    else if (!usageError) throw error;
  }
  if (usageError) {
    io.stderr.write(`scim-harness: ${usageError}\n`);
    return EXIT.usage;
  }
  return exitCode;
}

export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}
