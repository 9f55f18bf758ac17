/**
 * provisioning-logs.json written while the run goes, one entry as it is recorded, so a run of any
 * size never reads its own run.ndjson back to produce it. The file is built under a `.partial`
 * name and renamed when complete: a run that dies leaves at most that `.partial` file, never a
 * provisioning-logs.json that stops mid-way (run.ndjson has everything, and `scim-harness report`
 * rebuilds the export from it).
 * The bytes are those `writeGraphJson` writes for the same entries.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { toGraphSummary } from './exports';
import { type LogEntry } from './log-entry';

/** Characters gathered before one write: a few hundred entries per system call. */
const BATCH_CHARS = 256 * 1024;

export class GraphLogWriter {
  private readonly partialFile: string;
  private fd: number | null;
  private pending: string[] = [];
  private pendingChars = 0;
  private first = true;

  constructor(private readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.partialFile = `${file}.partial`;
    this.fd = openSync(this.partialFile, 'w');
    this.push('{"value":[');
  }

  /** `graphSummaryJson`: the entry's Graph part already serialised, when the caller has it. */
  add(entry: LogEntry, graphSummaryJson?: string): void {
    if (this.fd === null) return;
    this.push(`${this.first ? '\n' : ',\n'}${graphSummaryJson ?? JSON.stringify(toGraphSummary(entry))}`);
    this.first = false;
  }

  /** Completes the collection and puts the file in place. */
  close(): void {
    if (this.fd === null) return;
    this.push(this.first ? ']}\n' : '\n]}\n');
    this.flush();
    closeSync(this.fd);
    this.fd = null;
    renameSync(this.partialFile, this.file);
  }

  /** Drops the unfinished export (the run failed before it could be completed). */
  abort(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
    rmSync(this.partialFile, { force: true });
  }

  private push(text: string): void {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= BATCH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.fd === null || this.pending.length === 0) return;
    const buffer = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingChars = 0;
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(this.fd, buffer, offset, buffer.length - offset);
  }
}
