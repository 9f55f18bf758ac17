/**
 * The bundled SCIM server in a process of its own, so the client under measurement (harness or
 * raw loop) is the only thing in its process. It answers `usage` with its CPU time and store
 * size, and exits on `stop` or when the benchmark goes away.
 */
import { startScimServer } from '../examples/scim-server';
import { type ServerCommand, TOKEN_ENV, cpuSince, sendToParent } from './messages';

async function main(): Promise<void> {
  const token = process.env[TOKEN_ENV] || undefined;
  const server = await startScimServer({ port: 0, host: '127.0.0.1', token });
  const started = process.cpuUsage();
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void server.close().finally(() => process.exit(0));
  };
  process.on('message', (command: ServerCommand) => {
    if (command.type === 'stop') stop();
    else if (command.type === 'usage') {
      void sendToParent({
        type: 'server-usage',
        cpu: cpuSince(started),
        rssBytes: process.memoryUsage().rss,
        users: server.store.userCount,
        groups: server.store.groupCount,
      });
    }
  });
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  await sendToParent({ type: 'server-ready', baseUrl: server.baseUrl });
}

main().catch((error: unknown) => {
  console.error(`bench server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
