/** Forked benchmark processes and their IPC messages, one awaited at a time. */
import { type ChildProcess, fork } from 'node:child_process';
import { type ChildFailure } from './messages';

export interface Child<M extends { type: string }> {
  readonly process: ChildProcess;
  /** The next message of the expected type; rejects on a reported failure or an early exit. */
  next<T extends M['type']>(type: T): Promise<Extract<M, { type: T }>>;
  send(message: unknown): void;
  /** Resolves once the process has exited. */
  exited(): Promise<number | null>;
}

export interface ForkOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly execArgv?: readonly string[];
}

export function forkChild<M extends { type: string }>(script: string, options: ForkOptions = {}): Child<M> {
  const child = fork(script, [], {
    env: options.env ?? process.env,
    execArgv: [...(options.execArgv ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const queue: (M | ChildFailure)[] = [];
  const waiting: ((message: M | ChildFailure | null) => void)[] = [];
  let exitCode: number | null | undefined;
  const exitWaiters: ((code: number | null) => void)[] = [];
  child.on('message', (message: M | ChildFailure) => {
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  child.on('exit', (code) => {
    exitCode = code;
    for (const waiter of waiting.splice(0)) waiter(null);
    for (const waiter of exitWaiters.splice(0)) waiter(code);
  });
  const name = script.replace(/^.*[\\/]/, '');
  return {
    process: child,
    async next<T extends M['type']>(type: T): Promise<Extract<M, { type: T }>> {
      const message =
        queue.shift() ??
        (exitCode !== undefined ? null : await new Promise<M | ChildFailure | null>((resolve) => waiting.push(resolve)));
      if (message === null) throw new Error(`${name} exited (code ${String(exitCode)}) before sending "${type}"`);
      if (message.type === 'failure') throw new Error(`${name} failed: ${(message as ChildFailure).message}`);
      if (message.type !== type) throw new Error(`${name} sent "${message.type}" where "${type}" was expected`);
      return message as Extract<M, { type: T }>;
    },
    send(message: unknown): void {
      child.send(message as never);
    },
    exited(): Promise<number | null> {
      return exitCode !== undefined ? Promise.resolve(exitCode) : new Promise((resolve) => exitWaiters.push(resolve));
    },
  };
}
