/**
 * Builds the RunConfig: flags > environment > config file > defaults, validated and frozen.
 * Every rejection names the rule, the value and a fix, and happens before any request is sent.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import YAML from 'yaml';
import { type Dialect } from '../contract/dialect';
import { type TargetAuth } from '../contract/target-auth';
import { ConfigurationError } from '../errors';
import { deepFreeze } from '../freeze';
import { loadUserModule, UserModuleError } from '../load-user-module';
import configFileSchema from './config-file-schema.json';
import { parseFailOn, parseSuite, rfcGateFor } from './fail-on';
import { checkHeaderValues } from './header-values';
import { NO_FAILURES_ALLOWED, parseMaxFailures } from './max-failures';
import { DEFAULTS, type RunConfig } from './run-config';
import { loadSignKey } from './sign-key';

/** The settings as flags or a config file spell them (camelCase). All optional. */
export interface RawSettings {
  config?: string;
  target?: string;
  token?: string;
  tokenFile?: string;
  auth?: string;
  username?: string;
  password?: string;
  oauthTokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  header?: string[];
  headers?: Record<string, string>;
  timeout?: number | string;
  maxResponseBytes?: number;
  ca?: string;
  insecure?: boolean;
  rate?: number;
  maxConsecutiveTimeouts?: number;
  dialect?: string;
  out?: string;
  seed?: number;
  population?: number;
  source?: string;
  mapping?: string;
  cycles?: number;
  churn?: number;
  concurrency?: number;
  reporter?: string;
  scenario?: string[];
  tag?: string[];
  failOn?: string | string[];
  suite?: string;
  baseline?: string;
  updateBaseline?: boolean;
  maxFailures?: string | number;
  keep?: boolean;
  readOnly?: boolean;
  probe?: boolean;
  deletionThreshold?: number;
  allowDeletes?: boolean;
  restartAt?: number;
  resetScope?: string;
  populationEstimate?: number;
  alert?: string;
  prefix?: string;
  tenantId?: string;
  applicationName?: string;
  debug?: boolean;
  signKey?: string;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateConfigFile = ajv.compile<RawSettings>(configFileSchema);

/** The names a config file is found by in the working folder when --config is not given. */
export const CONFIG_FILE_NAMES = ['scim-harness.config.json', 'scim-harness.config.yaml', 'scim-harness.config.yml', 'scim-harness.config.ts'] as const;

/**
 * The config file of the working folder, as tools people know find theirs (jest.config.*,
 * playwright.config.*): one of CONFIG_FILE_NAMES, or none. Two at once is ambiguous and refused.
 */
export function discoverConfigFile(cwd: string): string | undefined {
  const found = CONFIG_FILE_NAMES.map((name) => path.join(cwd, name)).filter((file) => existsSync(file));
  if (found.length > 1) {
    throw new ConfigurationError(`only one config file may sit in the working folder, got ${found.map((file) => `"${file}"`).join(' and ')} (remove all but one, or choose with --config <file>)`);
  }
  return found[0];
}

const isTypeScriptOrJavaScript = (file: string): boolean => /\.[cm]?[jt]s$/i.test(file);

/** Reads a config file: JSON, YAML, or a TypeScript/JavaScript module exporting the settings, with the same keys as the flags (camelCase). Its relative paths are relative to the file. */
export function loadConfigFile(file: string): RawSettings {
  const format = isTypeScriptOrJavaScript(file) ? 'module' : /\.ya?ml$/i.test(file) ? 'YAML' : 'JSON';
  let data: unknown;
  if (format === 'module') {
    if (!existsSync(file)) {
      throw new ConfigurationError(`--config must name a readable file, got "${file}" (check the path, e.g. --config ./scim-harness.config.ts)`);
    }
    try {
      const loaded = loadUserModule(file) as { default?: unknown } | null;
      data = loaded !== null && typeof loaded === 'object' && 'default' in loaded ? loaded.default : loaded;
    } catch (error) {
      if (!(error instanceof UserModuleError)) throw error;
      throw new ConfigurationError(`config file ${file}: ${error.message}`);
    }
  } else {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new ConfigurationError(`--config must name a readable file, got "${file}" (check the path, e.g. --config ./scim-harness.config.json)`);
    }
    try {
      data = format === 'YAML' ? YAML.parse(text) : JSON.parse(text);
    } catch (error) {
      throw new ConfigurationError(`${file}: must be valid ${format} (${(error as Error).message.split('\n')[0]})`);
    }
  }
  if (!validateConfigFile(data)) {
    const first = validateConfigFile.errors?.[0];
    const where = first?.instancePath ? first.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
    const extra = first?.keyword === 'additionalProperties' ? ` "${String(first.params.additionalProperty)}"` : '';
    throw new ConfigurationError(
      `${file}: ${where}${extra} ${first?.message ?? 'is invalid'} (see harness/config/config-file-schema.json for every key, e.g. {"target": "https://example.com/scim/v2", "dialect": "entra"})`,
    );
  }
  return resolveFilePaths(data, path.dirname(path.resolve(file)));
}

/** Keys whose value is one path. */
const PATH_KEYS = ['tokenFile', 'ca', 'baseline', 'mapping', 'source', 'out'] as const;

/**
 * A config file is read from wherever the command runs (a CI job's root, a subfolder, a
 * script): the paths it names are resolved against the file's own folder, so the file means
 * the same thing from anywhere. Built-in names (reporter names, scenario ids such as
 * users/disable) and package names are left alone; only what looks like a path is resolved.
 */
function resolveFilePaths(settings: RawSettings, dir: string): RawSettings {
  const resolved: RawSettings = { ...settings };
  for (const key of PATH_KEYS) {
    const value = settings[key];
    if (typeof value === 'string' && value !== '') resolved[key] = path.resolve(dir, value);
  }
  if (settings.reporter) {
    resolved.reporter = settings.reporter
      .split(',')
      .map((token) => token.trim())
      .map((token) => (looksRelative(token) ? path.resolve(dir, token) : token))
      .join(',');
  }
  if (settings.scenario) {
    resolved.scenario = settings.scenario.map((entry) => (looksRelative(entry) || /\.(ya?ml|json|[cm]?[jt]s)$/i.test(entry) ? path.resolve(dir, entry) : entry));
  }
  return resolved;
}

/** "./x", "../x", or a module file named without a folder ("my-reporter.ts"). */
function looksRelative(token: string): boolean {
  if (token.startsWith('./') || token.startsWith('../') || token === '.' || token === '..') return true;
  return !token.startsWith('@') && !token.includes('/') && /\.[cm]?[jt]s$/i.test(token);
}

function readSecretFile(flag: string, file: string, fix = `write the secret alone into a file, e.g. ${flag} ./scim-token.txt`): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    throw new ConfigurationError(`${flag} must name a readable file, got "${file}" (${fix})`);
  }
}

/** Accepts milliseconds as a number, or "500ms", "30s", "2m". */
export function parseDuration(flag: string, value: number | string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(String(value).trim());
  if (!match) {
    throw new ConfigurationError(`${flag} must be a positive duration, got "${value}" (e.g. ${flag} 30s or ${flag} 30000)`);
  }
  const amount = Number(match[1]);
  const unit = match[2] ?? 'ms';
  const ms = unit === 'm' ? amount * 60_000 : unit === 's' ? amount * 1000 : amount;
  if (ms <= 0) throw new ConfigurationError(`${flag} must be a positive duration, got "${value}" (e.g. ${flag} 30s)`);
  return ms;
}

/** `Name: value` pairs from repeated --header flags. */
function parseHeaders(values: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values) {
    const colon = value.indexOf(':');
    if (colon <= 0) {
      throw new ConfigurationError(`--header must be "Name: value", got "${value}" (e.g. --header "X-Tenant: contoso")`);
    }
    headers[value.slice(0, colon).trim()] = value.slice(colon + 1).trim();
  }
  return headers;
}

/** `--target` must be usable as a base URL; the message suggests the likely intended URL. */
export function validateTargetUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    const guess = /^[a-z]+:\/\//i.test(value) ? 'https://example.com/scim/v2' : `http://${value.replace(/^\/+/, '')}${/\/scim/i.test(value) ? '' : '/scim/v2'}`;
    throw new ConfigurationError(`--target must be an absolute http(s) URL, got "${value}" (try ${guess})`);
  }
  if (url.username || url.password) {
    throw new ConfigurationError(`--target must not carry credentials in the URL, got "${url.protocol}//***@${url.host}${url.pathname}" (pass them with --token, --username/--password or SCIM_TOKEN)`);
  }
  return value.replace(/\/+$/, '');
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigurationError(`${flag} must be one of ${allowed.join(', ')}, got "${value}" (e.g. ${flag} ${allowed[0]})`);
}

/** A client profile id as a value: the registry (harness/profiles) decides whether one by that id exists. */
function profileIdSyntax(value: unknown): Dialect {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  throw new ConfigurationError(`--dialect must name a client profile, got ${JSON.stringify(value)} (e.g. --dialect ${DEFAULTS.dialect})`);
}

function integerIn(flag: string, value: number, min: number, max: number, example: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigurationError(`${flag} must be a whole number from ${min} to ${max}, got "${value}" (e.g. ${flag} ${example})`);
  }
  return value;
}

/** An environment variable's value, or undefined when it is unset or empty. */
function fromEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** The secrets after precedence: each layer's credential counts as one unit. */
interface Secrets {
  readonly token?: string;
  readonly password?: string;
  readonly clientSecret?: string;
}

/**
 * Flags > environment > file, for each secret as a whole: a token and a token file are two
 * spellings of one credential, so a higher layer's token beats a lower layer's tokenFile (and
 * the lower file is then never read).
 */
function resolveSecrets(flags: RawSettings, env: NodeJS.ProcessEnv, file: RawSettings, configFile: string | undefined): Secrets {
  const fromFlags = (): string | undefined => flags.token ?? (flags.tokenFile !== undefined ? readSecretFile('--token-file', flags.tokenFile) : undefined);
  const fromFile = (): string | undefined =>
    file.token ??
    (file.tokenFile !== undefined
      ? readSecretFile(`tokenFile in ${configFile ?? 'the config file'}`, file.tokenFile, 'paths in a config file are relative to the file, e.g. "tokenFile": "./scim-token.txt"')
      : undefined);
  return {
    token: fromFlags() ?? fromEnv(env, 'SCIM_TOKEN') ?? fromFile(),
    password: flags.password ?? fromEnv(env, 'SCIM_PASSWORD') ?? file.password,
    clientSecret: flags.clientSecret ?? fromEnv(env, 'SCIM_CLIENT_SECRET') ?? file.clientSecret,
  };
}

function resolveAuth(s: RawSettings, secrets: Secrets): TargetAuth {
  const { token, password, clientSecret } = secrets;
  const kind = s.auth
    ? oneOf('--auth', s.auth, ['bearer', 'basic', 'oauth2', 'none'] as const)
    : s.oauthTokenUrl
      ? 'oauth2'
      : s.username
        ? 'basic'
        : token
          ? 'bearer'
          : 'none';
  switch (kind) {
    case 'bearer':
      if (!token) {
        throw new ConfigurationError('--auth bearer needs a token, got none (pass --token <t>, --token-file <file> or set SCIM_TOKEN)');
      }
      return { kind, token };
    case 'basic':
      if (!s.username || !password) {
        throw new ConfigurationError(`--auth basic needs --username and --password (or SCIM_PASSWORD), got ${s.username ? 'no password' : 'no username'} (e.g. --username svc-scim with SCIM_PASSWORD set in the environment)`);
      }
      return { kind, username: s.username, password };
    case 'oauth2':
      if (!s.oauthTokenUrl || !s.clientId || !clientSecret) {
        throw new ConfigurationError('--auth oauth2 needs --oauth-token-url, --client-id and --client-secret (or SCIM_CLIENT_SECRET) (e.g. --oauth-token-url https://idp.example.com/oauth2/token --client-id scim --client-secret $SECRET)');
      }
      return { kind, tokenUrl: validateAbsoluteUrl('--oauth-token-url', s.oauthTokenUrl), clientId: s.clientId, clientSecret, scope: s.scope };
    case 'none':
      return { kind };
  }
}

function validateAbsoluteUrl(flag: string, value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // fall through to the message below
  }
  throw new ConfigurationError(`${flag} must be an absolute http(s) URL, got "${value}" (e.g. ${flag} https://idp.example.com/oauth2/token)`);
}

/**
 * Merges flags over environment over the config file over defaults, validates every value and
 * returns a frozen RunConfig. `flags` holds only what the user typed (no yargs defaults).
 */
export function resolveRunConfig(flags: RawSettings, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): RunConfig {
  rejectRepeatedFlags(flags);
  const configFile = flags.config !== undefined ? path.resolve(cwd, flags.config) : discoverConfigFile(cwd);
  const file = configFile ? loadConfigFile(configFile) : {};
  const fromEnvironment: RawSettings = {
    target: fromEnv(env, 'SCIM_TARGET'),
    dialect: fromEnv(env, 'SCIM_HARNESS_DIALECT'),
    out: fromEnv(env, 'SCIM_HARNESS_OUT'),
  };
  const s: RawSettings = { ...file, ...definedOnly(fromEnvironment), ...definedOnly(flags) };
  if (file.headers && flags.header) s.headers = { ...file.headers, ...parseHeaders(flags.header) };
  else if (flags.header) s.headers = parseHeaders(flags.header);
  // Checked here as the client checks them, so a bad header stops the run before anything starts.
  checkHeaderValues(s.headers);

  const targetUrl = s.target ? validateTargetUrl(s.target) : undefined;
  const auth = resolveAuth(s, resolveSecrets(definedOnly(flags), env, file, configFile));
  if (!targetUrl && auth.kind !== 'none' && auth.kind !== 'bearer') {
    throw new ConfigurationError(`--auth ${auth.kind} needs --target: the embedded default target only takes a bearer token (e.g. --target https://example.com/scim/v2 --auth ${auth.kind})`);
  }
  if (s.insecure && targetUrl && !targetUrl.startsWith('https:')) {
    throw new ConfigurationError(`--insecure only applies to https targets, got "${targetUrl}" (drop --insecure, or use an https:// URL)`);
  }
  let ca: string | undefined;
  if (s.ca) ca = readSecretFile('--ca', s.ca);

  const rate = s.rate;
  if (rate !== undefined && !(typeof rate === 'number' && rate > 0 && Number.isFinite(rate))) {
    throw new ConfigurationError(`--rate must be a positive number of requests per second, got "${String(rate)}" (e.g. --rate 25, the Entra gallery's promise)`);
  }
  const churn = s.churn ?? DEFAULTS.churn;
  if (!(churn >= 0 && churn <= 1)) {
    throw new ConfigurationError(`--churn must be a share from 0 to 1, got "${churn}" (e.g. --churn 0.1 changes a tenth of the directory per cycle)`);
  }
  if (s.source && flags.population !== undefined) {
    throw new ConfigurationError(`--source and --population cannot be combined, got both "${s.source}" and ${flags.population} (the directory comes either from a file or from generation; drop one)`);
  }

  const config: RunConfig = {
    target: {
      url: targetUrl,
      auth,
      headers: s.headers ?? {},
      timeoutMs: s.timeout !== undefined ? parseDuration('--timeout', s.timeout) : DEFAULTS.timeoutMs,
      maxResponseBytes: integerIn('--max-response-bytes', s.maxResponseBytes ?? DEFAULTS.maxResponseBytes, 1, Number.MAX_SAFE_INTEGER, DEFAULTS.maxResponseBytes),
      ca,
      caFile: s.ca,
      insecure: s.insecure ?? false,
      ratePerSecond: rate,
      maxConsecutiveTimeouts: integerIn('--max-consecutive-timeouts', s.maxConsecutiveTimeouts ?? DEFAULTS.maxConsecutiveTimeouts, 0, 1_000_000, 3),
    },
    // Which profiles exist is the registry's to say; the runner checks the id before anything is sent.
    dialect: profileIdSyntax(s.dialect ?? DEFAULTS.dialect),
    outDir: path.resolve(s.out ?? DEFAULTS.outDir),
    seed: integerIn('--seed', s.seed ?? DEFAULTS.seed, 0, 2 ** 31 - 1, 42),
    population: integerIn('--population', s.population ?? DEFAULTS.population, 0, 10_000_000, 200),
    sourceFile: s.source,
    mappingFile: s.mapping,
    cycles: integerIn('--cycles', s.cycles ?? DEFAULTS.cycles, 1, 100_000, 3),
    churn,
    concurrency: integerIn('--concurrency', s.concurrency ?? DEFAULTS.concurrency, 1, 256, 8),
    reporters: s.reporter ?? DEFAULTS.reporters,
    scenarios: s.scenario ?? [],
    tags: s.tag ?? [],
    ...gatesOf(s),
    baselineFile: s.baseline,
    updateBaseline: s.updateBaseline ?? false,
    maxFailures: s.maxFailures === undefined ? NO_FAILURES_ALLOWED : parseMaxFailures(s.maxFailures),
    keep: s.keep ?? false,
    readOnly: s.readOnly ?? false,
    probe: s.probe ?? true,
    deletionThreshold: integerIn('--deletion-threshold', s.deletionThreshold ?? DEFAULTS.deletionThreshold, 0, 10_000_000, 500),
    allowDeletes: s.allowDeletes ?? false,
    restartAt: s.restartAt === undefined ? undefined : integerIn('--restart-at', s.restartAt, 1, 100_000, 3),
    resetScope: s.resetScope ?? '',
    populationEstimate: integerIn('--population-estimate', s.populationEstimate ?? DEFAULTS.populationEstimate, 1, 100_000_000, 10_000),
    alerts: s.alert,
    prefix: s.prefix ?? DEFAULTS.prefix,
    tenantId: s.tenantId,
    applicationName: s.applicationName ?? DEFAULTS.applicationName,
    debug: s.debug ?? false,
    configFile,
    signKey: s.signKey !== undefined ? loadSignKey('--sign-key', s.signKey) : undefined,
  };
  if (config.updateBaseline && !config.baselineFile) {
    throw new ConfigurationError('--update-baseline needs --baseline <file> to write, got none (e.g. --baseline known-failures.json --update-baseline)');
  }
  if (config.restartAt !== undefined && config.restartAt >= config.cycles) {
    throw new ConfigurationError(`--restart-at must name a cycle this run reaches (1 to ${config.cycles - 1} with --cycles ${config.cycles}), got ${config.restartAt} (e.g. --cycles 6 --restart-at 3)`);
  }
  if (s.resetScope !== undefined && config.restartAt === undefined) {
    throw new ConfigurationError(`--reset-scope needs --restart-at, got --reset-scope "${s.resetScope}" alone (e.g. --restart-at 3 --reset-scope "QuarantineState,Escrows")`);
  }
  if (!/^[A-Za-z0-9._-]+$/.test(config.prefix)) {
    throw new ConfigurationError(`--prefix must be letters, digits, ".", "_" or "-", got "${config.prefix}" (e.g. --prefix scimh-)`);
  }
  return deepFreeze(config);
}

/** `--suite` and `--fail-on` (harness/config/fail-on.ts): the suites run and each score's gate. */
function gatesOf(s: RawSettings): Pick<RunConfig, 'failOn' | 'failOnInconclusive' | 'rfcFailOn' | 'suites'> {
  const suites = parseSuite(s.suite);
  const gates = parseFailOn('--fail-on', s.failOn ?? DEFAULTS.failOn, DEFAULTS.failOn);
  const rfcFailOn = rfcGateFor(suites, gates);
  return {
    failOn: gates.failOn ?? DEFAULTS.failOn,
    failOnInconclusive: gates.failOnInconclusive ?? false,
    ...(rfcFailOn !== undefined ? { rfcFailOn } : {}),
    suites,
  };
}

/** Flags that take one value: typed twice, the command line gives a list, which no setting means. */
const LIST_FLAGS = new Set(['header', 'scenario', 'tag', '_']);

function rejectRepeatedFlags(flags: RawSettings): void {
  for (const [key, value] of Object.entries(flags)) {
    if (LIST_FLAGS.has(key) || !Array.isArray(value) || key.includes('-')) continue;
    const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    // The values are not echoed: the flag may carry a secret (--token, --password).
    throw new ConfigurationError(`${flag} takes one value, got ${value.length} (give ${flag} once)`);
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The settings as they may be recorded: every secret removed. */
export function describeSettings(config: RunConfig): Record<string, unknown> {
  const { target, signKey, ...rest } = config;
  return {
    ...rest,
    // The key's file only: the key itself never reaches a record.
    signKey: signKey ? { file: signKey.file } : undefined,
    target: {
      url: target.url ?? '(embedded bundled server)',
      auth: target.auth.kind,
      headers: Object.keys(target.headers),
      timeoutMs: target.timeoutMs,
      maxResponseBytes: target.maxResponseBytes,
      caFile: target.caFile,
      insecure: target.insecure,
      ratePerSecond: target.ratePerSecond,
      maxConsecutiveTimeouts: target.maxConsecutiveTimeouts,
    },
  };
}
