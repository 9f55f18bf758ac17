/**
 * The command line in-process with captured streams, and a strict reader of the run.ndjson it
 * writes: every line must parse, `seq` must count up from 1 and `prev` must be the SHA-256 of the
 * line before (the tamper-evident chain, harness/contract/run-events.ts), whatever the target did.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { main } from '../../../harness/cli/main';
import { type RunEvent, type RunRecord } from '../../../harness/contract/run-events';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

type CapturedStream = Writable & { isTTY?: boolean; columns?: number };

function captureStream(): { readonly stream: CapturedStream; readonly text: () => string } {
  let text = '';
  const stream: CapturedStream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  stream.isTTY = false;
  stream.columns = 160;
  return { stream, text: () => text };
}

/** Runs `scim-harness <args>`; the environment is only `env`, so nothing leaks in from the shell. */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream, env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Every record of a run.ndjson; throws naming the line when one does not parse or breaks the chain. */
export function readRunRecords(file: string): RunRecord[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const records: RunRecord[] = [];
  let prev = '';
  lines.forEach((line, index) => {
    let record: RunRecord;
    try {
      record = JSON.parse(line) as RunRecord;
    } catch (error) {
      throw new Error(`${file} line ${index + 1} is not JSON (${error instanceof Error ? error.message : String(error)}): ${line.slice(0, 200)}`);
    }
    if (record.seq !== index + 1) throw new Error(`${file} line ${index + 1} has seq ${record.seq}, expected ${index + 1}`);
    if (record.prev !== prev) throw new Error(`${file} line ${index + 1} has prev ${record.prev}, expected the hash of line ${index} (${prev})`);
    prev = createHash('sha256').update(line, 'utf8').digest('hex');
    records.push(record);
  });
  return records;
}

export function eventsOf<T extends RunEvent['type']>(records: readonly RunRecord[], type: T): Extract<RunEvent, { type: T }>[] {
  return records.map((record) => record.event).filter((event): event is Extract<RunEvent, { type: T }> => event.type === type);
}
