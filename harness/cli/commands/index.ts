/** Every command the CLI offers, registered in the order `--help` lists them. */
import { type Argv } from 'yargs';
import { type CliIo } from '../main';
import { registerExampleServer } from './example-server';
import { registerLogs } from './logs';
import { registerReport } from './report';
import { registerProvisioningCommands } from './provisioning-commands';

export function registerCommands(cli: Argv, io: CliIo, setExit: (code: number) => void): void {
  registerProvisioningCommands(cli, io, setExit);
  registerLogs(cli, io, setExit);
  registerReport(cli, io, setExit);
  registerExampleServer(cli, io, setExit);
}
