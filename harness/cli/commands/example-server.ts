/**
 * `scim-harness example-server`: the bundled SCIM 2.0 server alone, for demos and for pointing
 * other tools at. Bound to 127.0.0.1 unless told otherwise; runs until interrupted.
 */
import { type Argv } from 'yargs';
import { ConfigurationError } from '../../errors';
import { asUsageErrors, loadBundledServer } from '../bundled-server';
import { type CliIo } from '../main';

export function registerExampleServer(cli: Argv, io: CliIo, setExit: (code: number) => void): void {
  cli.command(
    'example-server',
    'Start the bundled SCIM 2.0 server alone and print its base URL',
    (y) =>
      y
        .option('port', { type: 'number', default: 8880, describe: 'Port (0 = any free port)' })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to bind' })
        .option('token', { type: 'string', describe: 'Bearer token clients must send (or SCIM_TOKEN); none = no auth' })
        .option('faults', { type: 'string', describe: 'Comma list of fault switches (see examples/README.md), or SCIM_SERVER_FAULTS' })
        .example('$0 example-server --port 8880 --token s3cret', 'Serve http://127.0.0.1:8880/scim/v2 requiring that token'),
    async (args) => {
      if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
        throw new ConfigurationError(`--port must be a whole number from 0 to 65535, got "${args.port}" (e.g. --port 8880)`);
      }
      const bundled = await loadBundledServer();
      const token = args.token ?? io.env.SCIM_TOKEN;
      const server = await asUsageErrors(bundled, () => {
        const faults = bundled.parseFaultSwitches(args.faults ?? io.env.SCIM_SERVER_FAULTS, io.env);
        return bundled.startScimServer({ port: args.port, host: args.host, token, faults });
      });
      io.stdout.write(`SCIM server listening at ${server.baseUrl}${token ? ' (bearer token required)' : ' (no authentication)'}\n`);
      io.stdout.write('Press Ctrl+C to stop.\n');
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void server.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      setExit(0);
    },
  );
}
