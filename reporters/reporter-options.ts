/**
 * What every reporter is built with. Streams are injected (never process.stdout directly) so a
 * test can capture exactly what a user would see.
 */

/** The part of a Node WriteStream a reporter uses. */
export interface OutputStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ReporterOptions {
  /** Folder the file reporters write into (created when missing). */
  readonly outDir: string;
  readonly stdout: OutputStream;
  /** Where reporter errors go; process.stderr when omitted. */
  readonly stderr?: OutputStream;
  /** stdout is an interactive terminal: the console reporter may draw a live progress bar. */
  readonly isTTY: boolean;
  /** Running under CI (env CI set): plain line output even on a TTY. */
  readonly isCI: boolean;
  /** ANSI colours on stdout. */
  readonly color: boolean;
  /** Environment to read (GITHUB_STEP_SUMMARY); process.env when omitted. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Files the selected reporters write, relative to outDir: reports link to each other by these names. */
  readonly outputs?: readonly string[];
  /** Base for custom reporter paths; process.cwd() when omitted. */
  readonly cwd?: string;
}
