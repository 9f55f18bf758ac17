/**
 * Reads run.ndjson back, streaming line by line (a run of 100,000 entries never sits in memory
 * at once), and verifies its hash chain: provisioning logs are evidence a vendor hands to a
 * customer, so an edited, deleted or moved line must show.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ConfigurationError } from '../errors';
import { type LogEntry } from './log-entry';
import { matchesFilter, type LogFilter } from './query';
import { type RunRecord } from './run-events';
import { hashLine } from './run-sink';

export const RUN_FILE_NAME = 'run.ndjson';

/** Accepts an output directory (holding run.ndjson) or the run.ndjson path itself. */
export function resolveRunFile(pathOrDir: string): string {
  let stats;
  try {
    stats = statSync(pathOrDir);
  } catch {
    throw new ConfigurationError(
      `no run log at "${pathOrDir}": expected a ${RUN_FILE_NAME} file or the output directory of a run that holds one (pass the --out directory of an earlier run)`,
    );
  }
  if (!stats.isDirectory()) return pathOrDir;
  const file = join(pathOrDir, RUN_FILE_NAME);
  try {
    if (statSync(file).isFile()) return file;
  } catch {
    // reported below
  }
  throw new ConfigurationError(
    `no run log in directory "${pathOrDir}": ${RUN_FILE_NAME} is missing (pass the --out directory of an earlier run, or the ${RUN_FILE_NAME} path)`,
  );
}

/** The sink ends every line with "\n": a last line without one is a write a crash cut short. */
function endsWithNewline(file: string): boolean {
  const size = statSync(file).size;
  if (size === 0) return true;
  const fd = openSync(file, 'r');
  try {
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, size - 1);
    return byte[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses one line; returns the problem instead when it is not a run record. */
function parseRecord(line: string): RunRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
  if (!isRecord(value)) return 'not a JSON object';
  if (typeof value.seq !== 'number' || typeof value.prev !== 'string') return 'missing seq or prev';
  if (!isRecord(value.event) || typeof value.event.type !== 'string') return 'missing event or event.type';
  return value as unknown as RunRecord;
}

async function* readLines(file: string): AsyncGenerator<string> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) yield line;
  } finally {
    lines.close();
    stream.destroy();
  }
}

/**
 * Every record in order. A last line cut short by a crash is skipped; any other damaged line
 * stops the read with an error naming the file and line.
 */
export async function* readRunRecords(pathOrDir: string): AsyncGenerator<RunRecord> {
  const file = resolveRunFile(pathOrDir);
  let lineNumber = 0;
  let damaged: { readonly line: number; readonly problem: string } | null = null;
  for await (const line of readLines(file)) {
    lineNumber += 1;
    if (damaged) break;
    const parsed = parseRecord(line);
    if (typeof parsed === 'string') {
      damaged = { line: lineNumber, problem: parsed };
      continue;
    }
    yield parsed;
  }
  if (damaged && (damaged.line !== lineNumber || endsWithNewline(file))) {
    throw new ConfigurationError(
      `run log "${file}" line ${damaged.line} is not a run record: ${damaged.problem} (the file is damaged; verify it with verifyRunChain)`,
    );
  }
}

/** The provisioning log entries of a run, optionally filtered like the portal. */
export async function* readEntries(pathOrDir: string, filter?: LogFilter): AsyncGenerator<LogEntry> {
  for await (const record of readRunRecords(pathOrDir)) {
    if (record.event.type !== 'entry') continue;
    const entry = record.event.entry;
    if (!filter || matchesFilter(entry, filter)) yield entry;
  }
}

export interface ChainProblem {
  /** 1-based line number in the file. */
  readonly line: number;
  /** `truncated`: the last write was cut (a crash can do that); `tampered`: anything else. */
  readonly kind: 'tampered' | 'truncated';
  readonly message: string;
}

export interface ChainVerification {
  /** No tampering found. A truncated last line alone keeps `ok` true: everything before it is intact. */
  readonly ok: boolean;
  /** Complete records read. */
  readonly lines: number;
  /** Hex SHA-256 of the last complete line ("" for an empty file). */
  readonly finalHash: string;
  readonly truncated: boolean;
  readonly problems: readonly ChainProblem[];
}

export interface VerifyOptions {
  /**
   * The chain's end as recorded elsewhere (RunSink.lastHash() at the end of the run). Without it,
   * removing lines from the end or editing the last line cannot be detected.
   */
  readonly expectedFinalHash?: string;
}

export async function verifyRunChain(pathOrDir: string, options: VerifyOptions = {}): Promise<ChainVerification> {
  const file = resolveRunFile(pathOrDir);
  const problems: ChainProblem[] = [];
  let lineNumber = 0;
  let complete = 0;
  let previousHash = '';
  let maxSeq = 0;
  // After a seq anomaly the next line's prev cannot match either; reporting it again adds noise, not evidence.
  let afterSeqProblem = false;
  let pendingBad: { readonly line: number; readonly problem: string; readonly hashBefore: string } | null = null;

  for await (const line of readLines(file)) {
    lineNumber += 1;
    if (pendingBad) {
      problems.push({ line: pendingBad.line, kind: 'tampered', message: `line ${pendingBad.line} is ${pendingBad.problem}` });
      pendingBad = null;
    }
    const parsed = line.length === 0 ? 'empty' : parseRecord(line);
    const hash = hashLine(line);
    if (typeof parsed === 'string') {
      // Held back one line: only the last line can be a cut write.
      pendingBad = {
        line: lineNumber,
        problem: parsed === 'empty' ? 'empty' : `not a run record: ${parsed}`,
        hashBefore: previousHash,
      };
      previousHash = hash;
      continue;
    }
    complete += 1;
    const expectedSeq = maxSeq + 1;
    const seqProblem = parsed.seq !== expectedSeq;
    if (parsed.seq > expectedSeq) {
      const missing = parsed.seq - expectedSeq;
      problems.push({
        line: lineNumber,
        kind: 'tampered',
        message: `line ${lineNumber} has seq ${parsed.seq} where ${expectedSeq} was expected: ${missing} record(s) missing here (deleted, or moved further down)`,
      });
    } else if (parsed.seq < expectedSeq) {
      problems.push({
        line: lineNumber,
        kind: 'tampered',
        message: `line ${lineNumber} has seq ${parsed.seq} after seq ${maxSeq}: records out of order (moved or duplicated lines)`,
      });
    } else if (parsed.prev !== previousHash && !afterSeqProblem) {
      problems.push({
        line: lineNumber,
        kind: 'tampered',
        message:
          lineNumber === 1
            ? 'line 1 must start the chain with prev "", but it names a previous line (lines removed from the start)'
            : `line ${lineNumber}'s prev does not match the SHA-256 of line ${lineNumber - 1}: line ${lineNumber - 1} was edited after it was written`,
      });
    }
    maxSeq = Math.max(maxSeq, parsed.seq);
    afterSeqProblem = seqProblem;
    previousHash = hash;
  }

  let truncated = false;
  let finalHash = previousHash;
  if (pendingBad) {
    if (pendingBad.line === lineNumber && !endsWithNewline(file)) {
      truncated = true;
      problems.push({
        line: pendingBad.line,
        kind: 'truncated',
        message: `line ${pendingBad.line} is incomplete: the last write was cut short (a crash or a full disk); every earlier line is intact`,
      });
      finalHash = pendingBad.hashBefore;
    } else {
      problems.push({ line: pendingBad.line, kind: 'tampered', message: `line ${pendingBad.line} is ${pendingBad.problem}` });
    }
  }
  if (options.expectedFinalHash !== undefined && options.expectedFinalHash !== finalHash) {
    problems.push({
      line: lineNumber,
      kind: 'tampered',
      message: `the chain ends in ${finalHash || '(nothing)'} but ${options.expectedFinalHash} was recorded: lines were removed from the end or the last line was edited`,
    });
  }

  return {
    ok: problems.every((problem) => problem.kind === 'truncated'),
    lines: complete,
    finalHash,
    truncated,
    problems,
  };
}
