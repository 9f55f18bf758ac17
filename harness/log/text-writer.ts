/**
 * A file written chunk by chunk with back-pressure, so exports of a large run stream instead of
 * building one string in memory. Every file is written under a new name beside its own and
 * renamed over it when complete: a reader sees the old file or the new one, never half of one,
 * and a symbolic link planted at the name is replaced, never written through (CWE-59).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A name beside `file` that nothing else uses; created exclusively ("wx"), so it cannot be a planted link. */
function siblingTempFile(file: string): string {
  return join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes `text` to `file` whole: a new file, then a rename over the old name. */
export function replaceFileSync(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = siblingTempFile(file);
  try {
    writeFileSync(temp, text, { encoding: 'utf8', flag: 'wx' });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export interface TextWriter {
  write(text: string): Promise<void>;
  /** Flushes and closes; rejects when any write failed. */
  close(): Promise<void>;
  /** Closes without flushing, after a failure elsewhere. */
  abort(): void;
}

export function openTextWriter(file: string): TextWriter {
  mkdirSync(dirname(file), { recursive: true });
  const temp = siblingTempFile(file);
  const stream = createWriteStream(temp, { encoding: 'utf8', flags: 'wx' });
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
      try {
        await finished;
        renameSync(temp, file);
      } catch (error) {
        rmSync(temp, { force: true });
        throw error;
      }
    },
    abort(): void {
      // The file may still be opening: it is removed once the stream has let go of it.
      stream.once('close', () => rmSync(temp, { force: true }));
      stream.destroy();
    },
  };
}
