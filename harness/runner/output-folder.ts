/**
 * The output folder (`--out`). It is checked before anything is sent, a run is written into a
 * new sibling folder and swapped in whole with renames, and nothing is ever written through a
 * symbolic link the run did not create (OWASP: "Symlink attack", CWE-59):
 *
 * - a folder that does not exist, or is empty, is created by the swap;
 * - a folder that holds an earlier run (its marker file, or a run.ndjson that starts with a
 *   run-start record) is replaced whole;
 * - anything else — someone else's files, a file, a symbolic link — is refused before the run
 *   starts, with one line naming the folder, the rule and the fix.
 *
 * While a run goes on, the earlier run stays in place and the new one grows in
 * `<out>.partial-<hex>`. The swap happens once the run's records (run.ndjson,
 * provisioning-logs.json, job-status.json) are complete, before the reports are written into
 * the new folder; an interrupted run is swapped in too. A process killed outright leaves the
 * earlier run in place and the new run's crash-safe run.ndjson in the `.partial-` sibling.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../errors';
import { harnessVersion } from '../version';

/** Written first into every output folder: what recognises it later as the harness's own. */
export const OUTPUT_MARKER_FILE = '.scim-harness-output.json';
const MARKER_TOOL = 'scim-harness';
/** The first bytes of every run.ndjson (harness/contract/run-events.ts): recognises runs written before the marker existed. */
const RUN_FILE = 'run.ndjson';
const RUN_FILE_START = '{"seq":1,"prev":"","event":{"type":"run-start"';

export type OutputFolderState = 'absent' | 'empty' | 'earlier-output';

export interface StagedOutput {
  /** Where the run writes until commit(): a new folder beside `finalDir`, created by the run. */
  readonly workDir: string;
  /** The --out folder. */
  readonly finalDir: string;
  /** True once the new run has been swapped in. */
  readonly committed: boolean;
  /** Swaps the new run in: the earlier output is moved aside and deleted. Synchronous, so a signal handler can call it. */
  commit(): void;
  /** Removes the new folder (nothing was sent, so there is nothing to keep). */
  discard(): void;
}

function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? (error instanceof Error ? error.message : String(error));
}

/** One line for a file-system failure on the output folder: the path, the rule, the cause and the fix. */
export function outputFolderError(flag: string, dir: string, action: string, error: unknown): ConfigurationError {
  const code = errorCode(error);
  const fix = code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'choose a folder you may write to, or fix its permissions' : 'choose another folder';
  return new ConfigurationError(`${flag} must be a folder the harness can ${action}, got "${dir}" (${code}; ${fix}, e.g. ${flag} ./scim-harness-report)`);
}

function readStart(file: string, length: number): string {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Whether `dir` holds what an earlier run (or report) of the harness wrote: its marker, or a run log. */
function isEarlierOutput(dir: string): boolean {
  try {
    const marker = lstatOrUndefined(path.join(dir, OUTPUT_MARKER_FILE));
    if (marker?.isFile()) {
      const parsed = JSON.parse(readStart(path.join(dir, OUTPUT_MARKER_FILE), 4096)) as { writtenBy?: unknown };
      if (parsed.writtenBy === MARKER_TOOL) return true;
    }
    const runFile = lstatOrUndefined(path.join(dir, RUN_FILE));
    return runFile?.isFile() === true && readStart(path.join(dir, RUN_FILE), RUN_FILE_START.length) === RUN_FILE_START;
  } catch {
    return false;
  }
}

/** The closest folder on the way up that exists (links followed: only the last name must not be one). */
function existingAncestor(flag: string, dir: string): string {
  let current = path.dirname(dir);
  for (;;) {
    try {
      if (statSync(current).isDirectory()) return current;
      throw new ConfigurationError(`${flag} must be inside a folder, got "${dir}", but "${current}" is a file (choose another path, e.g. ${flag} ./scim-harness-report)`);
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      if (errorCode(error) !== 'ENOENT' && errorCode(error) !== 'ENOTDIR') throw outputFolderError(flag, dir, 'create', error);
    }
    const parent = path.dirname(current);
    if (parent === current) throw outputFolderError(flag, dir, 'create', new Error('no existing folder above it'));
    current = parent;
  }
}

/**
 * Checks the output folder without writing anything. Throws a ConfigurationError naming the
 * folder, the rule and the fix when the run must not write there.
 */
export function checkOutputFolder(outDir: string, flag = '--out'): OutputFolderState {
  const dir = path.resolve(outDir);
  let stats: Stats | undefined;
  try {
    stats = lstatOrUndefined(dir);
  } catch (error) {
    if (errorCode(error) === 'ENOTDIR') existingAncestor(flag, dir);
    throw outputFolderError(flag, dir, 'read', error);
  }
  if (stats?.isSymbolicLink()) {
    // Following it would write wherever the link points, and the swap would replace the link, not its target.
    throw new ConfigurationError(`${flag} must be a real folder, not a symbolic link, got "${dir}" (give the folder it points to, or another folder)`);
  }
  if (stats && !stats.isDirectory()) {
    throw new ConfigurationError(`${flag} must be a folder, got "${dir}", which is a file (choose another path, e.g. ${flag} ./scim-harness-report)`);
  }
  const parent = existingAncestor(flag, dir);
  try {
    // The new run is created beside the folder and swapped in: the folder above must be writable.
    accessSync(parent, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw outputFolderError(flag, dir, 'create (the folder above it is not writable)', error);
  }
  if (!stats) return 'absent';
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    throw outputFolderError(flag, dir, 'read', error);
  }
  if (entries.length === 0) return 'empty';
  if (isEarlierOutput(dir)) return 'earlier-output';
  const shown = entries
    .sort()
    .slice(0, 3)
    .map((name) => `"${name}"`)
    .join(', ');
  throw new ConfigurationError(
    `${flag} must be empty, new, or the folder of an earlier scim-harness run (it is replaced whole), got "${dir}", which holds other files (${shown}${entries.length > 3 ? ', …' : ''}) (choose another folder, e.g. ${flag} ./scim-harness-report)`,
  );
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdir never returns on a file system that
 * answers ENOENT to every mkdir (such as /proc).
 */
function makeParents(dir: string): void {
  const missing: string[] = [];
  for (let current = dir; lstatOrUndefined(current) === undefined; current = path.dirname(current)) {
    if (path.dirname(current) === current) break;
    missing.unshift(current);
  }
  for (const folder of missing) mkdirSync(folder);
}

function uniqueSibling(dir: string, label: string): string {
  return `${dir}.${label}-${randomBytes(4).toString('hex')}`;
}

/**
 * Creates the new run's folder beside `outDir` (after checkOutputFolder) with its marker. Not
 * recursive for the folder itself: mkdir fails rather than reuse anything already there.
 */
export function stageOutputFolder(outDir: string, command: string, flag = '--out'): StagedOutput {
  const finalDir = path.resolve(outDir);
  const workDir = uniqueSibling(finalDir, 'partial');
  try {
    makeParents(path.dirname(finalDir));
    mkdirSync(workDir);
    writeFileSync(path.join(workDir, OUTPUT_MARKER_FILE), `${JSON.stringify({ writtenBy: MARKER_TOOL, version: harnessVersion(), command, createdAt: new Date().toISOString() })}\n`, { flag: 'wx' });
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    throw outputFolderError(flag, finalDir, 'create', error);
  }
  let committed = false;
  return {
    workDir,
    finalDir,
    get committed() {
      return committed;
    },
    commit(): void {
      if (committed) return;
      const existing = lstatOrUndefined(finalDir);
      const aside = existing ? uniqueSibling(finalDir, 'previous') : undefined;
      // rename() replaces names, never follows them: a link planted at finalDir is moved aside, not written through.
      if (aside) renameSync(finalDir, aside);
      renameSync(workDir, finalDir);
      committed = true;
      // Only what is still recognisably an earlier output (or empty) is deleted; anything placed there during the run stays, aside.
      if (aside && existing?.isDirectory() && (isEarlierOutput(aside) || readdirSync(aside).length === 0)) rmSync(aside, { recursive: true, force: true });
    },
    discard(): void {
      if (!committed) rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/**
 * `report` into the run's own folder: run.ndjson stays, each report is replaced whole by a
 * rename. The folder itself must be a real one the harness may write to.
 */
export function checkRunFolderForReports(dir: string): void {
  const resolved = path.resolve(dir);
  let stats: Stats | undefined;
  try {
    stats = lstatSync(resolved);
    accessSync(resolved, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw outputFolderError('the run\'s folder', resolved, 'write reports into', error);
  }
  if (stats.isSymbolicLink()) {
    throw new ConfigurationError(`the run's folder must be a real folder, not a symbolic link, got "${resolved}" (give the folder it points to, or write the reports elsewhere with --out <new folder>)`);
  }
}
