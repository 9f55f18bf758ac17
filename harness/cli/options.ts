/**
 * Option tables shared by the commands (Jest's `args.ts` style: one table, one place).
 * No yargs defaults here: an unset flag must stay undefined so the environment and the config
 * file can supply it (flags > env > file > defaults, harness/config/load-config.ts).
 */
import { type Options } from 'yargs';
import { describeProfiles, profileIds } from '../profiles/registry';

export const targetOptions = {
  target: { type: 'string', group: 'Target:', describe: 'SCIM base URL (default: the bundled server, started in-process)' },
  token: { type: 'string', group: 'Target:', describe: 'Bearer token (or SCIM_TOKEN, or --token-file)' },
  'token-file': { type: 'string', group: 'Target:', describe: 'File holding the bearer token' },
  auth: { type: 'string', group: 'Target:', choices: ['bearer', 'basic', 'oauth2', 'none'], describe: 'Authentication scheme (inferred when omitted)' },
  username: { type: 'string', group: 'Target:', describe: 'Basic auth user name' },
  password: { type: 'string', group: 'Target:', describe: 'Basic auth password (or SCIM_PASSWORD)' },
  'oauth-token-url': { type: 'string', group: 'Target:', describe: 'OAuth 2.0 client-credentials token URL' },
  'client-id': { type: 'string', group: 'Target:', describe: 'OAuth 2.0 client id' },
  'client-secret': { type: 'string', group: 'Target:', describe: 'OAuth 2.0 client secret (or SCIM_CLIENT_SECRET)' },
  scope: { type: 'string', group: 'Target:', describe: 'OAuth 2.0 scope' },
  header: { type: 'string', array: true, group: 'Target:', describe: 'Extra header "Name: value" (repeatable)' },
  timeout: { type: 'string', group: 'Target:', describe: 'Per-request timeout, e.g. 30s (default 30s)' },
  'max-response-bytes': { type: 'number', group: 'Target:', describe: 'Response size cap (default 4 MiB)' },
  ca: { type: 'string', group: 'Target:', describe: 'PEM file of CA certificates to trust' },
  insecure: { type: 'boolean', group: 'Target:', describe: 'Skip TLS verification (every report warns)' },
  rate: { type: 'number', group: 'Target:', describe: 'Cap requests per second, e.g. 25' },
  'max-consecutive-timeouts': { type: 'number', group: 'Target:', describe: 'Stop the run when this many requests in a row time out (default 3; 0 = never stop)' },
  config: { type: 'string', describe: 'Config file (JSON, YAML or TypeScript) with the same keys as the flags; default: scim-harness.config.{json,yaml,yml,ts} in the working folder' },
} as const satisfies Record<string, Options>;

export const provisioningOptions = {
  dialect: { type: 'string', group: 'Provisioning:', choices: profileIds(), describe: `Client profile whose requests the job sends — ${describeProfiles()}` },
  seed: { type: 'number', group: 'Provisioning:', describe: 'Seed of the generated directory (same seed, same directory; default 1)' },
  source: { type: 'string', group: 'Provisioning:', describe: 'Source directory file (users, groups, assignments)' },
  mapping: { type: 'string', group: 'Provisioning:', describe: 'Attribute mapping file overriding the default' },
  concurrency: { type: 'number', group: 'Provisioning:', describe: 'Objects processed at once (default 8)' },
  prefix: { type: 'string', group: 'Provisioning:', describe: 'Prefix of every object the harness creates (default scimh-)' },
  'tenant-id': { type: 'string', group: 'Provisioning:', describe: 'Tenant id used in job ids and logs (default: random)' },
  'deletion-threshold': { type: 'number', group: 'Provisioning:', describe: 'Accidental-deletion threshold per cycle (default 500)' },
  'allow-deletes': { type: 'boolean', group: 'Provisioning:', describe: 'Export deletions even above the threshold' },
  'restart-at': { type: 'number', group: 'Provisioning:', describe: 'Restart the job before this cycle (sync), as Entra\'s restart does' },
  'reset-scope': { type: 'string', group: 'Provisioning:', describe: 'Restart criteria: Escrows, Watermark, QuarantineState, Full, ForceDeletes (default: the portal\'s Restart)' },
  'population-estimate': { type: 'number', group: 'Provisioning:', describe: 'Production size used to project quarantine (default 10000)' },
  alert: { type: 'string', group: 'Provisioning:', describe: 'Alert thresholds, e.g. failures-per-hour=50,inactivity-hours=2' },
} as const satisfies Record<string, Options>;

export const outputOptions = {
  out: { type: 'string', group: 'Output:', describe: 'Output folder (default ./scim-harness-report)' },
  reporter: { type: 'string', group: 'Output:', describe: 'Comma list: console,json,junit,markdown,csv,html,github or a path to a custom reporter' },
  'fail-on': {
    type: 'string',
    group: 'Output:',
    describe: 'What fails the run, a comma list: the lowest severity (required, recommended, advisory; default required), inconclusive, and rfc:<severity> to gate on RFC conformance too — e.g. recommended,inconclusive,rfc:required',
  },
  baseline: { type: 'string', group: 'Output:', describe: 'Known-failures file: listed failures do not fail the run' },
  'update-baseline': { type: 'boolean', group: 'Output:', describe: 'Rewrite the --baseline file to the current failures (creates it; drops fixed entries), like jest -u' },
  debug: { type: 'boolean', group: 'Output:', describe: 'Print every exchange (redacted) to stderr' },
  'sign-key': { type: 'string', group: 'Output:', describe: 'Key file (32+ bytes): sign run.ndjson\'s end with HMAC-SHA256 (check with logs --verify --sign-key)' },
} as const satisfies Record<string, Options>;

/** The entry-level gate of sync and provision. */
export const entryGateOptions = {
  'max-failures': { type: 'string', group: 'Output:', describe: 'Failed entries tolerated before the run fails: a count (10) or a share (2%); default 0' },
} as const satisfies Record<string, Options>;

export const cycleOptions = {
  population: { type: 'number', group: 'Provisioning:', describe: 'Generated users (groups in proportion; default 50)' },
  cycles: { type: 'number', group: 'Provisioning:', describe: 'Provisioning cycles: 1 initial, then incremental (default 2)' },
  churn: { type: 'number', group: 'Provisioning:', describe: 'Share of the directory changed before each incremental cycle (default 0.1)' },
  keep: { type: 'boolean', group: 'Output:', describe: 'Leave the objects the run created in the target' },
} as const satisfies Record<string, Options>;
