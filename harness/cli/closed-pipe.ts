/**
 * Standard output that may be closed by its reader: `scim-harness logs … | head` and
 * `scim-harness run | head -1` close the pipe after a few lines. Node ignores SIGPIPE, so the next
 * write fails with EPIPE (POSIX write(2)) and an unhandled 'error' event would end the process
 * with a stack trace. Behind this guard a closed stdout swallows what is written after it closed:
 * a command that is only printing ends quietly, and a run goes on and writes its files, which
 * are its record.
 */
import { Writable } from 'node:stream';

export type TerminalStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface GuardedOutput extends Writable {
  readonly isTTY?: boolean;
  readonly columns?: number;
  /** True once the reader went away: nothing written since reached anyone. */
  readonly closed: boolean;
}

export function guardClosedPipe(target: TerminalStream): GuardedOutput {
  let closed = false;
  // Whatever the stream reports after its reader left is expected (EPIPE, ECONNRESET, a write
  // after destroy); without a listener the 'error' event would be thrown. Any other write error
  // (a full disk behind `> file`) closes it too: the run's own files are written elsewhere and
  // must still be written.
  target.on('error', () => {
    closed = true;
  });
  const guarded = new Writable({
    decodeStrings: false,
    // Forwarded at once (not on the target's callback, which comes a tick later) so that what a
    // command prints is in the target by the time the command returns; the target's own
    // back-pressure is honoured through 'drain'.
    write(chunk: Buffer | string, encoding: BufferEncoding, done: () => void): void {
      if (closed) {
        done();
        return;
      }
      let flowing: boolean;
      try {
        flowing = typeof chunk === 'string' ? target.write(chunk, encoding) : target.write(chunk);
      } catch {
        closed = true;
        flowing = true;
      }
      if (flowing || closed) {
        done();
        return;
      }
      const resume = (): void => {
        target.off('drain', resume);
        target.off('close', resume);
        target.off('error', resume);
        done();
      };
      target.on('drain', resume);
      target.on('close', resume);
      target.on('error', resume);
    },
  }) as GuardedOutput;
  Object.defineProperties(guarded, {
    closed: { get: () => closed },
    // Read through to the real stream: a terminal's width changes when its window does.
    isTTY: { get: () => target.isTTY },
    columns: { get: () => target.columns },
  });
  return guarded;
}
