/**
 * A file written chunk by chunk with back-pressure, so exports of a large run stream instead of
 * building one string in memory.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface TextWriter {
  write(text: string): Promise<void>;
  /** Flushes and closes; rejects when any write failed. */
  close(): Promise<void>;
  /** Closes without flushing, after a failure elsewhere. */
  abort(): void;
}

export function openTextWriter(file: string): TextWriter {
  mkdirSync(dirname(file), { recursive: true });
  const stream = createWriteStream(file, { encoding: 'utf8' });
  let failure: Error | null = null;
  stream.on('error', (error) => {
    failure = error;
  });

  function waitFor(event: 'drain' | 'finish'): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onDone = (): void => {
        stream.off('error', onError);
        resolve();
      };
      const onError = (error: Error): void => {
        stream.off(event, onDone);
        reject(error);
      };
      stream.once(event, onDone);
      stream.once('error', onError);
    });
  }

  return {
    async write(text: string): Promise<void> {
      if (failure) throw failure;
      if (!stream.write(text)) await waitFor('drain');
    },
    async close(): Promise<void> {
      if (failure) throw failure;
      const finished = waitFor('finish');
      stream.end();
      await finished;
    },
    abort(): void {
      stream.destroy();
    },
  };
}
