/**
 * Reads run.ndjson back, streaming line by line (a run of 100,000 entries never sits in memory
 * at once), and verifies its hash chain: provisioning logs are evidence a vendor hands to a
 * customer, so an edited, deleted or moved line must show.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '../errors';
import { type LogEntry } from '../contract/log-entry';
import { matchesFilter, type LogFilter } from './query';
import { type RunRecord } from '../contract/run-events';
import { type RunSeal } from './run-seal';
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

/** Bytes read at a time: large reads keep a gigabyte run file a few thousand reads. */
const READ_CHUNK_BYTES = 1024 * 1024;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The file's lines, split on "\n" (a "\r" before it is dropped, so a file whose line ends were
 * converted to CRLF still verifies). The sink writes "\n" only and JSON escapes line breaks inside
 * strings, so this is every line the sink wrote. Split by byte search rather than by readline,
 * whose line-break pattern was a tenth of the time `report` spent on a large run.
 */
export async function* readLines(file: string): AsyncGenerator<string> {
  const stream = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
  // The start of a line that continues in the next chunk (a line may span several chunks).
  let partial: Buffer[] = [];
  const lineOf = (bytes: Buffer): string => {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
    return bytes.toString('utf8', 0, end);
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      let newline = chunk.indexOf(LF, start);
      while (newline !== -1) {
        const piece = chunk.subarray(start, newline);
        if (partial.length > 0) {
          partial.push(piece);
          const whole = Buffer.concat(partial);
          partial = [];
          yield lineOf(whole);
        } else {
          yield lineOf(piece);
        }
        start = newline + 1;
        newline = chunk.indexOf(LF, start);
      }
      if (start < chunk.length) partial.push(chunk.subarray(start));
    }
    if (partial.length > 0) yield lineOf(Buffer.concat(partial));
  } finally {
    stream.destroy();
  }
}

/**
 * Every record in order. A last line cut short by a crash is skipped; any other damaged line
 * stops the read with an error naming the file and line.
 */
export async function* readRunRecords(pathOrDir: string): AsyncGenerator<RunRecord> {
  const file = resolveRunFile(pathOrDir);
  yield* recordsOf(file, parseRecord);
}

/**
 * The records of `file`, each line read by `parseLine` (a record, or the problem that makes the
 * line none). A damaged last line without its newline is a write a crash cut short and is
 * skipped; any other damaged line stops the read with an error naming the file and line.
 */
async function* recordsOf(file: string, parseLine: (line: string) => RunRecord | string): AsyncGenerator<RunRecord> {
  let lineNumber = 0;
  let damaged: { readonly line: number; readonly problem: string } | null = null;
  for await (const line of readLines(file)) {
    lineNumber += 1;
    if (damaged) break;
    const parsed = parseLine(line);
    if (typeof parsed === 'string') {
      damaged = { line: lineNumber, problem: parsed };
      continue;
    }
    yield parsed;
  }
  if (damaged && (damaged.line !== lineNumber || endsWithNewline(file))) {
    throw new ConfigurationError(
      `run log "${file}" line ${damaged.line} is not a run record: ${damaged.problem === 'empty' ? 'an empty line' : damaged.problem} (the file is damaged; verify it with verifyRunChain)`,
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

/** What the chain check saw besides the links, for judging the file as evidence (evidence.ts). */
export interface ChainSightings {
  /** The first run-end record: where the run said it ended, with its seal and its exact line. */
  readonly end?: ChainEnd;
  /** Complete records after the first run-end record (a run writes none). */
  readonly recordsAfterEnd: number;
  /** For each `watchHeads` hash found in the file: the first line that hashes to it. */
  readonly headLines: ReadonlyMap<string, number>;
  /** The line a problem shows was changed, when the chain can tell (a bad `prev` names the line before). */
  editedLine(problem: ChainProblem): number | undefined;
}

export interface ChainEnd {
  /** 1-based line number. */
  readonly line: number;
  readonly seq: number;
  readonly prev: string;
  readonly seal?: RunSeal;
  /** The line's text, for checking its signature. */
  readonly text: string;
}

export interface VerifyOptions {
  /**
   * The chain's end as recorded elsewhere (RunSink.lastHash() at the end of the run). Without it,
   * removing lines from the end or editing the last line cannot be detected.
   */
  readonly expectedFinalHash?: string;
  /** Hashes (recorded heads) to look for among the lines: an extended file holds its old head. */
  readonly watchHeads?: readonly string[];
}

/**
 * The chain checked one line at a time, so a reader that needs the records too (`report`) reads
 * the file once: `add` each line in order, then `finish`.
 */
export class RunChainVerifier {
  private readonly problems: ChainProblem[] = [];
  private lineNumber = 0;
  private complete = 0;
  private previousHash = '';
  private maxSeq = 0;
  // After a seq anomaly the next line's prev cannot match either; reporting it again adds noise, not evidence.
  private afterSeqProblem = false;
  private pendingBad: { readonly line: number; readonly problem: string; readonly hashBefore: string } | null = null;
  private end: ChainEnd | undefined;
  private recordsAfterEnd = 0;
  private readonly watched: ReadonlySet<string>;
  private readonly headLines = new Map<string, number>();
  private readonly edited = new WeakMap<ChainProblem, number>();

  constructor(
    private readonly file: string,
    private readonly options: VerifyOptions = {},
  ) {
    this.watched = new Set(options.watchHeads ?? []);
  }

  /** Checks the next line; returns its record, or the problem when the line is not a run record. */
  add(line: string): RunRecord | string {
    this.lineNumber += 1;
    const lineNumber = this.lineNumber;
    if (this.pendingBad) {
      this.problems.push(this.editedAt(this.pendingBad.line, { line: this.pendingBad.line, kind: 'tampered', message: `line ${this.pendingBad.line} is ${this.pendingBad.problem}` }));
      this.pendingBad = null;
    }
    const parsed = line.length === 0 ? 'empty' : parseRecord(line);
    const hash = hashLine(line);
    if (typeof parsed === 'string') {
      // Held back one line: only the last line can be a cut write.
      this.pendingBad = {
        line: lineNumber,
        problem: parsed === 'empty' ? 'empty' : `not a run record: ${parsed}`,
        hashBefore: this.previousHash,
      };
      this.previousHash = hash;
      return parsed;
    }
    this.complete += 1;
    const expectedSeq = this.maxSeq + 1;
    const seqProblem = parsed.seq !== expectedSeq;
    if (parsed.seq > expectedSeq) {
      const missing = parsed.seq - expectedSeq;
      this.problems.push({
        line: lineNumber,
        kind: 'tampered',
        message: `line ${lineNumber} has seq ${parsed.seq} where ${expectedSeq} was expected: ${missing} record(s) missing here (deleted, or moved further down)`,
      });
    } else if (parsed.seq < expectedSeq) {
      this.problems.push({
        line: lineNumber,
        kind: 'tampered',
        message: `line ${lineNumber} has seq ${parsed.seq} after seq ${this.maxSeq}: records out of order (moved or duplicated lines)`,
      });
    } else if (parsed.prev !== this.previousHash && !this.afterSeqProblem) {
      const problem: ChainProblem = {
        line: lineNumber,
        kind: 'tampered',
        message:
          lineNumber === 1
            ? 'line 1 must start the chain with prev "", but it names a previous line (lines removed from the start)'
            : `line ${lineNumber}'s prev does not match the SHA-256 of line ${lineNumber - 1}: line ${lineNumber - 1} was edited after it was written`,
      };
      this.problems.push(lineNumber === 1 ? problem : this.editedAt(lineNumber - 1, problem));
    }
    this.maxSeq = Math.max(this.maxSeq, parsed.seq);
    this.afterSeqProblem = seqProblem;
    this.previousHash = hash;
    if (this.end) this.recordsAfterEnd += 1;
    else if (parsed.event.type === 'run-end') this.end = { line: lineNumber, seq: parsed.seq, prev: parsed.prev, seal: parsed.event.seal, text: line };
    if (this.watched.size > 0 && this.watched.has(hash) && !this.headLines.has(hash)) this.headLines.set(hash, lineNumber);
    return parsed;
  }

  /** The verdict over every line added. */
  finish(): ChainVerification {
    const problems = [...this.problems];
    let truncated = false;
    let finalHash = this.previousHash;
    const pendingBad = this.pendingBad;
    if (pendingBad) {
      if (pendingBad.line === this.lineNumber && !endsWithNewline(this.file)) {
        truncated = true;
        problems.push({
          line: pendingBad.line,
          kind: 'truncated',
          message: `line ${pendingBad.line} is incomplete: the last write was cut short (a crash or a full disk); every earlier line is intact`,
        });
        finalHash = pendingBad.hashBefore;
      } else {
        problems.push(this.editedAt(pendingBad.line, { line: pendingBad.line, kind: 'tampered', message: `line ${pendingBad.line} is ${pendingBad.problem}` }));
      }
    }
    if (this.options.expectedFinalHash !== undefined && this.options.expectedFinalHash !== finalHash) {
      problems.push({
        line: this.lineNumber,
        kind: 'tampered',
        message: `the chain ends in ${finalHash || '(nothing)'} but ${this.options.expectedFinalHash} was recorded: lines were removed from the end or the last line was edited`,
      });
    }
    return {
      ok: problems.every((problem) => problem.kind === 'truncated'),
      lines: this.complete,
      finalHash,
      truncated,
      problems,
    };
  }

  /** What was seen besides the links: the end record, lines after it, recorded heads found. */
  sightings(): ChainSightings {
    return {
      end: this.end,
      recordsAfterEnd: this.recordsAfterEnd,
      headLines: this.headLines,
      editedLine: (problem) => this.edited.get(problem),
    };
  }

  private editedAt(line: number, problem: ChainProblem): ChainProblem {
    this.edited.set(problem, line);
    return problem;
  }
}

export async function verifyRunChain(pathOrDir: string, options: VerifyOptions = {}): Promise<ChainVerification> {
  const file = resolveRunFile(pathOrDir);
  const verifier = new RunChainVerifier(file, options);
  for await (const line of readLines(file)) verifier.add(line);
  return verifier.finish();
}

/**
 * readRunRecords and verifyRunChain in one read of the file: the records, by readRunRecords'
 * rules (a damaged line other than a cut last one stops the read with an error), and, once they
 * are all read, the chain's verification.
 */
export function readRunRecordsVerified(
  pathOrDir: string,
  options: VerifyOptions = {},
): { readonly records: AsyncGenerator<RunRecord>; readonly chain: () => ChainVerification; readonly sightings: () => ChainSightings } {
  const file = resolveRunFile(pathOrDir);
  const verifier = new RunChainVerifier(file, options);
  let verification: ChainVerification | undefined;
  async function* records(): AsyncGenerator<RunRecord> {
    yield* recordsOf(file, (line) => verifier.add(line));
    verification = verifier.finish();
  }
  return {
    records: records(),
    chain: () => {
      if (!verification) throw new Error('the chain is verified once every record has been read');
      return verification;
    },
    sightings: () => {
      if (!verification) throw new Error('the chain is verified once every record has been read');
      return verifier.sightings();
    },
  };
}
