/**
 * Writes run.ndjson: one RunRecord per line, hash-chained, appended the moment it happens.
 * Each line goes out with a synchronous write on a file opened for appending, so a crash loses
 * nothing already written and at worst cuts the line being written (run-reader reports that as
 * truncation, not tampering).
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigurationError } from '../errors';
import { type RunEvent } from './run-events';

export interface RunSink {
  readonly filePath: string;
  /** Records written so far (the last record's seq). */
  readonly count: number;
  append(event: RunEvent): void;
  /** Hex SHA-256 of the last written line: the chain's end ("" before the first line). */
  lastHash(): string;
  close(): void;
}

/** Hex SHA-256 of one line's text (without its newline): the `prev` of the line after it. */
export function hashLine(line: string): string {
  return createHash('sha256').update(line, 'utf8').digest('hex');
}

function fileSize(filePath: string): number {
  try {
    return statSync(filePath).size;
  } catch {
    return 0;
  }
}

export function createRunSink(filePath: string): RunSink {
  // A second run appended to the first would start a second chain inside one file.
  if (fileSize(filePath) > 0) {
    throw new ConfigurationError(
      `the run log must be a new file, but "${filePath}" already holds records (choose another output directory or remove the old run)`,
    );
  }
  mkdirSync(dirname(filePath), { recursive: true });
  let fd: number | null = openSync(filePath, 'a');
  let seq = 0;
  let prev = '';

  function writeAll(buffer: Buffer): void {
    let offset = 0;
    while (offset < buffer.length) {
      if (fd === null) throw new Error(`run log "${filePath}" is closed`);
      offset += writeSync(fd, buffer, offset, buffer.length - offset);
    }
  }

  return {
    filePath,
    get count() {
      return seq;
    },
    append(event: RunEvent): void {
      if (fd === null) throw new Error(`cannot append to run log "${filePath}": it is closed`);
      seq += 1;
      // The envelope is assembled around one stringify of the event, so large entries are serialised once.
      const line = `{"seq":${seq},"prev":"${prev}","event":${JSON.stringify(event)}}`;
      writeAll(Buffer.from(`${line}\n`, 'utf8'));
      prev = hashLine(line);
    },
    lastHash(): string {
      return prev;
    },
    close(): void {
      if (fd === null) return;
      closeSync(fd);
      fd = null;
    },
  };
}
