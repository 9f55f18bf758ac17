/**
 * The embedded default target, as the runner sees it: something started on a loopback port with
 * a bearer token when no --target is given, and closed when the run ends. The composition root
 * (the CLI and the library entry) provides the bundled server; the runner never loads it itself.
 */
export interface EmbeddedTarget {
  readonly baseUrl: string;
  close(): Promise<void>;
}

export interface EmbeddedTargetOptions {
  /** The bearer token the target must require. */
  readonly token: string;
}

export type StartEmbeddedTarget = (options: EmbeddedTargetOptions) => Promise<EmbeddedTarget>;
