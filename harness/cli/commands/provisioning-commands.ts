/**
 * `run` and `sync`: the commands that provision against a target. Each is an options table, a
 * check, and a handler that returns the exit code decided from the Verdict.
 */
import { type Argv } from 'yargs';
import { resolveRunConfig, type RawSettings } from '../../config/load-config';
import { runSync } from '../../runner/sync';
import { type CliIo } from '../main';
import { cycleOptions, outputOptions, provisioningOptions, targetOptions } from '../options';

export function registerProvisioningCommands(cli: Argv, io: CliIo, setExit: (code: number) => void): void {
  cli.command(
    'run',
    'Run the harness against a SCIM endpoint (default: the bundled server) and judge it',
    (y) =>
      y
        .options({ ...targetOptions, ...provisioningOptions, ...cycleOptions, ...outputOptions })
        .example('$0 run', 'Run against the bundled server, started in-process')
        .example('$0 run --target https://api.example.com/scim/v2 --token-file ./token.txt', 'Run against your endpoint'),
    async (argv) => {
      const config = resolveRunConfig(argv as RawSettings, io.env);
      const result = await runSync(config, io);
      setExit(result.exitCode);
    },
  );
  cli.command(
    'sync',
    'Provision a directory the way Entra would: initial cycle, then incremental cycles',
    (y) =>
      y
        .options({ ...targetOptions, ...provisioningOptions, ...cycleOptions, ...outputOptions })
        .example('$0 sync --population 200 --cycles 3', 'Provision 200 generated users and their groups, then two rounds of churn'),
    async (argv) => {
      const config = resolveRunConfig(argv as RawSettings, io.env);
      const result = await runSync(config, io);
      setExit(result.exitCode);
    },
  );
}
