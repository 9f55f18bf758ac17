/**
 * The validated, frozen settings of one invocation. Built once from flags, environment, an
 * optional config file and defaults (in that order of precedence), then handed downstream.
 */
import { type Dialect } from '../contract/dialect';
import { type RunSuite } from '../contract/run-events';
import { type MaxFailures } from '../contract/gate-options';
import { type SignKey } from '../contract/seal';
import { type Severity } from '../contract/severity';
import { type TargetAuth } from '../contract/target-auth';

export interface TargetConfig {
  /** Absolute http(s) base URL; undefined = start the bundled SCIM server in-process (the embedded default target). */
  readonly url?: string;
  readonly auth: TargetAuth;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly ca?: string;
  readonly caFile?: string;
  readonly insecure: boolean;
  readonly ratePerSecond?: number;
  /**
   * Requests timing out one after another before the run stops as stalled; 0 = never stop.
   * A target that trickles its headers makes every request wait the whole timeout in turn.
   */
  readonly maxConsecutiveTimeouts: number;
}

export interface RunConfig {
  readonly target: TargetConfig;
  readonly dialect: Dialect;
  readonly outDir: string;
  readonly seed: number;
  /** Number of generated users (groups in proportion); ignored when `source` is given. */
  readonly population: number;
  readonly sourceFile?: string;
  readonly mappingFile?: string;
  readonly cycles: number;
  /** Share of the directory changed between incremental cycles by generated churn (0 to 1). */
  readonly churn: number;
  readonly concurrency: number;
  readonly reporters: string;
  readonly scenarios: readonly string[];
  readonly tags: readonly string[];
  /** Lowest severity that fails the run (`--fail-on`). */
  readonly failOn: Severity;
  /** `--fail-on …,inconclusive`: an inconclusive scenario fails the run too (docs/diagnosis.md#outcomes). */
  readonly failOnInconclusive: boolean;
  /**
   * `--fail-on rfc:<severity>`: RFC conformance gates the run too (docs/rfc-coverage.md); undefined:
   * it never does. A run of the RFC suite alone gates on `required` unless told otherwise.
   */
  readonly rfcFailOn?: Severity;
  /** `--suite`: the Entra scenarios (`entra`, the default), the RFC 7643/7644 probes (`rfc`), or both. */
  readonly suites: readonly RunSuite[];
  readonly baselineFile?: string;
  /** Rewrite the baseline file to the run's current failures (like `jest -u`). */
  readonly updateBaseline: boolean;
  /** Failed entries `sync` and `provision` tolerate before they fail (default none). */
  readonly maxFailures: MaxFailures;
  /** Leave what the run created in the target. */
  readonly keep: boolean;
  /** Only non-mutating requests (probes, discovery, reads). */
  readonly readOnly: boolean;
  /**
   * Differential probing (docs/diagnosis.md#probing): when the target rejects or mis-applies a
   * request Entra sends, send minimal variants to name the part at fault. Off with --no-probe;
   * never under --read-only (variants are writes).
   */
  readonly probe: boolean;
  readonly deletionThreshold: number;
  readonly allowDeletes: boolean;
  /** Restart the job before this cycle number, as Entra's restart API does (with `resetScope`). */
  readonly restartAt?: number;
  /** Graph restart criteria: Escrows, Watermark, QuarantineState, Full, ForceDeletes; "" = the portal's Restart. */
  readonly resetScope: string;
  readonly populationEstimate: number;
  readonly alerts?: string;
  /** Prefix of every object the harness creates, so a live tenant's own objects are never touched. */
  readonly prefix: string;
  readonly tenantId?: string;
  readonly applicationName: string;
  readonly debug: boolean;
  /** The config file the settings were read from (given with --config or found in the working folder). */
  readonly configFile?: string;
  /** `--sign-key`: the run's end record (and reports) carry an HMAC-SHA256 of the chain. Never recorded. */
  readonly signKey?: SignKey;
}

export const DEFAULTS = {
  // The registry's default profile (profiles/registry.ts DEFAULT_PROFILE_ID); config reads no profile.
  dialect: 'entra' as Dialect,
  outDir: './scim-harness-report',
  seed: 1,
  population: 50,
  cycles: 2,
  churn: 0.1,
  concurrency: 8,
  reporters: 'console,json,junit,markdown,csv,html',
  failOn: 'required' as Severity,
  timeoutMs: 30_000,
  maxConsecutiveTimeouts: 3,
  maxResponseBytes: 4 * 1024 * 1024,
  deletionThreshold: 500,
  populationEstimate: 10_000,
  prefix: 'scimh-',
  applicationName: 'SCIM conformance target',
} as const;
