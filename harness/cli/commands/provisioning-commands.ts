/**
 * `run` and `sync`: the commands that provision against a target. Each is an options table, a
 * check, and a handler that returns the exit code decided from the Verdict.
 */
import { type Argv } from 'yargs';
import { resolveRunConfig, type RawSettings } from '../../config/load-config';
import { ConfigurationError } from '../../errors';
import { type Dialect } from '../../mapping/mapping-types';
import { clientProfile, describeProfiles, profileIds } from '../../profiles/registry';
import { planScenarios, runConformance } from '../../runner/conformance';
import { provisionOnDemand } from '../../runner/provision-on-demand';
import { runSync } from '../../runner/sync';
import { type CliIo } from '../main';
import { cycleOptions, entryGateOptions, outputOptions, provisioningOptions, targetOptions } from '../options';

export function registerProvisioningCommands(cli: Argv, io: CliIo, setExit: (code: number) => void): void {
  cli.command(
    'run',
    'Run the conformance suite against a SCIM endpoint (default: the bundled server) and judge it',
    (y) =>
      y
        .options({ ...targetOptions, ...provisioningOptions, ...outputOptions })
        .option('dialect', { type: 'string', group: 'Provisioning:', choices: [...profileIds(), 'both'], describe: `Client profile(s) to run every scenario in: one id, or both (every profile; default) — ${describeProfiles()}` })
        .option('suite', { type: 'string', group: 'Scenarios:', choices: ['entra', 'rfc', 'all'], describe: 'entra: the Entra scenarios (default); rfc: the RFC 7643/7644 conformance probes; all: both, scored apart' })
        .option('scenario', { type: 'string', array: true, group: 'Scenarios:', describe: 'Built-in id or prefix (users/disable, groups), or your own file, folder or glob' })
        .option('tag', { type: 'string', array: true, group: 'Scenarios:', describe: 'Only scenarios with this tag (hierarchical: users matches users:disable)' })
        .option('list-scenarios', { type: 'boolean', group: 'Scenarios:', describe: 'Print the catalogue and exit' })
        .option('read-only', { type: 'boolean', group: 'Scenarios:', describe: 'Only scenarios that send no writes' })
        .option('keep', cycleOptions.keep)
        .option('probe', { type: 'boolean', group: 'Scenarios:', describe: 'Probe a rejected or mis-applied request with minimal variants to name the cause (default on; --no-probe to send only what Entra sends)' })
        .example('$0 run', 'Run the whole suite against the bundled server, started in-process')
        .example('$0 run --target https://api.example.com/scim/v2 --token-file ./token.txt', 'Run it against your endpoint')
        .example('$0 run --scenario users/disable --tag groups', 'Pick scenarios by id and by tag')
        .example('$0 run --suite all --fail-on required,rfc:required', 'Run the Entra scenarios and the RFC conformance probes; either score fails the run'),
    async (argv) => {
      refuseOptions(argv, 'run', {
        source: 'every scenario builds its own directory; to provision your directory file use: scim-harness sync --source <file>',
        restartAt: 'restarts are a sync setting; use: scim-harness sync --cycles 4 --restart-at 2',
        resetScope: 'restarts are a sync setting; use: scim-harness sync --cycles 4 --restart-at 2 --reset-scope <criteria>',
      });
      // The environment's dialect counts as asked for; only when nothing asks does run use both.
      const envDialect = io.env.SCIM_HARNESS_DIALECT === '' ? undefined : io.env.SCIM_HARNESS_DIALECT;
      const dialect = (argv.dialect as string | undefined) ?? envDialect;
      const dialects: Dialect[] = dialect === undefined || dialect === 'both' ? [...profileIds()] : [dialect];
      // An id from the environment is not one of yargs' choices: check it before anything is listed or sent.
      for (const id of dialects) clientProfile(id);
      const config = resolveRunConfig({ ...(argv as RawSettings), dialect: dialects[0] }, io.env);
      if (argv.listScenarios) {
        io.stdout.write(formatCatalogue(planScenarios(config)));
        setExit(0);
        return;
      }
      const result = await runConformance(config, io, { dialects });
      setExit(result.exitCode);
    },
  );
  cli.command(
    'provision',
    'Provision one user (or one group with its members) on demand, showing every step, request and response',
    (y) =>
      y
        .options({ ...targetOptions, ...provisioningOptions, ...outputOptions, ...entryGateOptions })
        .option('user', { type: 'string', group: 'Provisioning:', describe: 'userPrincipalName (or objectId) of the user' })
        .option('group', { type: 'string', group: 'Provisioning:', describe: 'displayName (or objectId) of a group with at most 5 members' })
        .option('population', cycleOptions.population)
        .option('keep', cycleOptions.keep)
        .example('$0 provision --source ./directory.json --user ada@contoso.com', 'Provision one user as the portal\'s "Provision on demand" does'),
    async (argv) => {
      refuseOptions(argv, 'provision', {
        restartAt: 'provisioning on demand runs no cycles to restart between; use: scim-harness sync --cycles 4 --restart-at 2',
        resetScope: 'provisioning on demand runs no cycles to restart between; use: scim-harness sync --cycles 4 --restart-at 2 --reset-scope <criteria>',
      });
      // On demand provisions for real: what it creates stays unless --no-keep says otherwise.
      const config = resolveRunConfig({ ...(argv as RawSettings), keep: (argv.keep as boolean | undefined) ?? true }, io.env);
      const result = await provisionOnDemand(config, io, { user: argv.user as string | undefined, group: argv.group as string | undefined });
      setExit(result.exitCode);
    },
  );
  cli.command(
    'sync',
    'Provision a directory the way Entra would: initial cycle, then incremental cycles',
    (y) =>
      y
        .options({ ...targetOptions, ...provisioningOptions, ...cycleOptions, ...outputOptions, ...entryGateOptions })
        .example('$0 sync --population 200 --cycles 3', 'Provision 200 generated users and their groups, then two rounds of churn')
        .example('$0 sync --source ./directory.json --target https://api.example.com/scim/v2', 'Provision your own directory file')
        .example('$0 sync --population 1000 --max-failures 1%', 'Pass while at most 1 % of the entries fail'),
    async (argv) => {
      if (argv.source !== undefined && argv.churn !== undefined) {
        throw new ConfigurationError(`--churn only changes a generated directory, got --churn ${String(argv.churn)} with --source "${String(argv.source)}" (drop --churn: edit the file between runs, or drop --source to generate churn)`);
      }
      const config = resolveRunConfig(argv as RawSettings, io.env);
      const result = await runSync(config, io);
      setExit(result.exitCode);
    },
  );
}

/**
 * Options a command accepts through the shared tables but has no use for: silently ignoring one
 * would let a user believe it took effect, so it is refused with where it does apply.
 */
function refuseOptions(argv: Record<string, unknown>, command: string, refused: Readonly<Record<string, string>>): void {
  for (const [key, fix] of Object.entries(refused)) {
    const value = argv[key];
    if (value === undefined) continue;
    const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new ConfigurationError(`${flag} does not apply to ${command}, got ${flag} ${JSON.stringify(String(value))} (${fix})`);
  }
}

function formatCatalogue(scenarios: readonly { id: string; title: string; tags: readonly string[]; covers: string }[]): string {
  const width = Math.max(...scenarios.map((s) => s.id.length), 2);
  const lines = scenarios.map((s) => `${s.id.padEnd(width)}  ${s.title}  [${s.tags.join(', ')}]  (${s.covers})`);
  return `${lines.join('\n')}\n${scenarios.length} scenario(s)\n`;
}
