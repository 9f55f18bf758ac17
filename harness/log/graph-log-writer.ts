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
import { type LogEntry } from '../contract/log-entry';
// The same batch size and worst-case encoding bound as run.ndjson's writer.
import { BATCH_BYTES, MAX_BYTES_PER_CHAR } from './run-sink';


export class GraphLogWriter {
  private readonly partialFile: string;
  private fd: number | null;
  /**
   * Each entry's text is encoded into this buffer at once, so the string dies young instead of
   * waiting for the write in the heap (where it would be promoted, and the old generation grow).
   */
  private readonly batch = Buffer.allocUnsafe(BATCH_BYTES);
  private used = 0;
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
    // Pushed apart: a joined string would be flattened (copied) before it is encoded.
    this.push(this.first ? '\n' : ',\n');
    this.push(graphSummaryJson ?? JSON.stringify(toGraphSummary(entry)));
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
    const room = text.length * MAX_BYTES_PER_CHAR;
    if (room > BATCH_BYTES - this.used) this.flush();
    if (room > BATCH_BYTES) this.writeAll(Buffer.from(text, 'utf8'));
    else this.used += this.batch.write(text, this.used, 'utf8');
  }

  private flush(): void {
    if (this.used === 0) return;
    const pending = this.batch.subarray(0, this.used);
    this.used = 0;
    this.writeAll(pending);
  }

  private writeAll(buffer: Buffer): void {
    if (this.fd === null) return;
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(this.fd, buffer, offset, buffer.length - offset);
  }
}
