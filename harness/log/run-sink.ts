/**
 * Writes run.ndjson: one RunRecord per line, hash-chained, in the order events happen.
 *
 * Lines are gathered in a buffer and written with one synchronous write per batch: a write per
 * line was a tenth of the harness's own time per request. A batch goes out when the buffer fills,
 * at most FLUSH_DELAY_MS after its first line, at once for every event that is not an entry or a
 * stand-alone exchange (cycle and scenario boundaries, findings, notices, the run's end, so
 * whatever reads the file after them finds them), on close(), and on process exit (a second
 * Ctrl+C, an uncaught exception). Only whole lines are ever written, in order, so a crash leaves
 * a valid chain that at worst lacks the lines of the last unwritten batch; a write cut short
 * (disk full) leaves a cut last line, which run-reader reports as truncation, not tampering.
 */
import { createHash, hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigurationError } from '../errors';
import { type RunEvent } from '../contract/run-events';

export interface RunSink {
  readonly filePath: string;
  /**
   * The sink keeps nothing (`report` replaying a saved run): an entry need not be serialised for
   * it, which over a 100,000-entry run is a second stringify of the whole file.
   */
  readonly discards?: boolean;
  /** Records appended so far (the last record's seq). */
  readonly count: number;
  /**
   * `eventJson`, when given, is JSON.stringify(event) already made (see entry-json.ts), whole or
   * in pieces that are written one after another.
   */
  append(event: RunEvent, eventJson?: string | readonly string[]): void;
  /** Hex SHA-256 of the last appended line: the chain's end ("" before the first line). */
  lastHash(): string;
  close(): void;
}

/** The file sink: appended lines reach the file in batches (see the module comment). */
export interface FileRunSink extends RunSink {
  /** Writes every appended line now; the file then holds them all. */
  flush(): void;
}

/** Bytes gathered before a batch is written. */
export const BATCH_BYTES = 256 * 1024;
/** Longest time an appended line waits in memory while the run goes on. */
export const FLUSH_DELAY_MS = 50;

/** Events that are many per run and need not reach the file at once; every other kind flushes. */
const BATCHED_EVENTS: ReadonlySet<RunEvent['type']> = new Set<RunEvent['type']>(['entry', 'exchange']);

const NEWLINE = 0x0a;
const CLOSE_BRACE = 0x7d;
/** A UTF-16 code unit never takes more than 3 UTF-8 bytes (a surrogate pair: 4 bytes for 2 units). */
export const MAX_BYTES_PER_CHAR = 3;

/** Hex SHA-256 of one line's text (without its newline): the `prev` of the line after it. */
export function hashLine(line: string): string {
  return createHash('sha256').update(line, 'utf8').digest('hex');
}

/**
 * The exact text of the line append() writes for one record (without its newline): what a
 * signature over a line must be computed on. append() builds the same text inline, piece by piece.
 */
export function recordLineText(seq: number, prev: string, eventJson: string): string {
  return `{"seq":${seq},"prev":"${prev}","event":${eventJson}}`;
}

function fileSize(filePath: string): number {
  try {
    return statSync(filePath).size;
  } catch {
    return 0;
  }
}

/** Sinks with lines not yet written, written out when the process exits by any route. */
const openSinks = new Set<FileRunSink>();
let exitHookInstalled = false;

function flushOpenSinksOnExit(): void {
  for (const sink of openSinks) {
    try {
      sink.flush();
    } catch {
      // The process is ending: nothing is left to report a failed write to.
    }
  }
}

export function createRunSink(filePath: string): FileRunSink {
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
  const batch = Buffer.allocUnsafe(BATCH_BYTES);
  let used = 0;
  let timer: NodeJS.Timeout | undefined;
  /** A batch write that failed on the timer, thrown to the next caller instead of crashing it. */
  let failure: unknown;

  function writeAll(buffer: Buffer): void {
    let offset = 0;
    while (offset < buffer.length) {
      if (fd === null) throw new Error(`run log "${filePath}" is closed`);
      offset += writeSync(fd, buffer, offset, buffer.length - offset);
    }
  }

  function throwIfFailed(): void {
    if (failure !== undefined) throw failure;
  }

  function flush(): void {
    throwIfFailed();
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (used === 0) return;
    const pending = batch.subarray(0, used);
    used = 0;
    try {
      writeAll(pending);
    } catch (error) {
      failure = error;
      throw error;
    }
  }

  function flushLater(): void {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      try {
        flush();
      } catch {
        // Kept in `failure`: the next append or close throws it where the run can handle it.
      }
    }, FLUSH_DELAY_MS);
    // A pending batch never keeps the process alive; the exit hook writes it.
    timer.unref();
  }

  const sink: FileRunSink = {
    filePath,
    get count() {
      return seq;
    },
    append(event: RunEvent, eventJson?: string | readonly string[]): void {
      if (fd === null) throw new Error(`cannot append to run log "${filePath}": it is closed`);
      throwIfFailed();
      seq += 1;
      // The envelope is written around one stringify of the event, so large entries are serialised once.
      const head = `{"seq":${seq},"prev":"${prev}","event":`;
      const pieces = eventJson === undefined ? [JSON.stringify(event)] : typeof eventJson === 'string' ? [eventJson] : eventJson;
      let chars = head.length;
      for (const piece of pieces) chars += piece.length;
      // Encoded piece by piece, straight into the batch (never joined, so the event's text is not
      // copied into one more string): the bytes written are the bytes hashed.
      const room = chars * MAX_BYTES_PER_CHAR + 2;
      if (room > BATCH_BYTES - used) flush();
      if (room <= BATCH_BYTES) {
        const start = used;
        used += batch.write(head, used, 'latin1');
        for (const piece of pieces) used += batch.write(piece, used, 'utf8');
        batch[used] = CLOSE_BRACE;
        used += 1;
        prev = hash('sha256', batch.subarray(start, used), 'hex');
        batch[used] = NEWLINE;
        used += 1;
      } else {
        const bytes = Buffer.from(`${head}${pieces.join('')}}\n`, 'utf8');
        prev = hash('sha256', bytes.subarray(0, bytes.length - 1), 'hex');
        writeAll(bytes);
      }
      if (BATCHED_EVENTS.has(event.type)) flushLater();
      else flush();
    },
    lastHash(): string {
      return prev;
    },
    flush,
    close(): void {
      if (fd === null) return;
      try {
        flush();
      } finally {
        openSinks.delete(sink);
        closeSync(fd);
        fd = null;
      }
    },
  };
  openSinks.add(sink);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', flushOpenSinksOnExit);
  }
  return sink;
}
