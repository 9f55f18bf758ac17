/**
 * Fault switches: each one makes the server commit one well-known mistake, so the harness's
 * own tests can watch it notice. Off by default; set through options, or parsed from
 * `SCIM_SERVER_FAULTS` plus the numeric environment variables when the server starts.
 */
import { ConfigurationError } from './configuration-error';
import { NO_RFC_FAULTS, RFC_FAULT_SWITCHES, type RfcFaultSwitches } from './rfc-faults';

/** The RFC conformance suite's switches live in rfc-faults.ts. */
export interface FaultSwitches extends RfcFaultSwitches {
  readonly filter404: boolean;
  readonly ignoreExcludedMembers: boolean;
  readonly create200: boolean;
  readonly allowDuplicates: boolean;
  readonly dropWrites: boolean;
  readonly caseSensitiveOps: boolean;
  readonly strictBooleans: boolean;
  readonly caseSensitiveFilter: boolean;
  readonly wrongContentType: boolean;
  readonly rejectToken: boolean;
  readonly ignoreActive: boolean;
  readonly delete200: boolean;
  readonly noLocation: boolean;
  readonly softDelete404: boolean;
  readonly patchNoAtomic: boolean;
  readonly groupPatchBody: boolean;
  readonly plainErrors: boolean;
  readonly numericErrorStatus: boolean;
  readonly rejectUnknownSchemas: boolean;
  readonly literalDottedKeys: boolean;
  readonly splitExtensionUrn: boolean;
  readonly storeStringBooleans: boolean;
  readonly ignoreCapitalisedGroupOps: boolean;
  readonly filterOtherAttribute: boolean;
  readonly idFromUserName: boolean;
  readonly uniquenessAfterDelete: boolean;
  readonly membersNeverReturned: boolean;
  readonly misreadPlus: boolean;
  readonly rejectRoles: boolean;
  readonly requireObjectManager: boolean;
  readonly managerAsString: boolean;
  /** Share (0–1) of all requests answered 500, drawn from a seeded sequence. 0 = off. */
  readonly failRate: number;
  /** Share (0–1) of creates (POST /Users, POST /Groups) answered 500. 0 = off. */
  readonly failCreatesRate: number;
  /** Every Nth request is answered 429. 0 = off. */
  readonly throttleEvery: number;
  /** Retry-After seconds sent with the 429s of `throttle`. */
  readonly retryAfterSeconds: number;
  /** Delay before every response, in milliseconds. 0 = off. */
  readonly slowMs: number;
  /** Seed of the sequences `fail-rate` and `fail-creates-rate` draw from. */
  readonly seed: number;
}

type FlagKey = {
  [K in keyof FaultSwitches]: FaultSwitches[K] extends boolean ? K : never;
}[keyof FaultSwitches];

export interface FaultSwitchInfo {
  readonly name: string;
  /** Environment variable that sets it: SCIM_SERVER_FAULTS for flags, a variable of its own for numbers. */
  readonly env: string;
  readonly kind: 'flag' | 'ratio' | 'count' | 'milliseconds' | 'seconds' | 'integer';
  readonly key: keyof FaultSwitches;
  /** What the server does when it is on. */
  readonly effect: string;
  /** The RFC rule or Entra behaviour it breaks. */
  readonly breaks: string;
}

export const FAULTS_ENV = 'SCIM_SERVER_FAULTS';

function flag(name: string, key: FlagKey, effect: string, breaks: string): FaultSwitchInfo {
  return { name, env: FAULTS_ENV, kind: 'flag', key, effect, breaks };
}

/** Every switch, in the order the documentation lists them. */
export const FAULT_SWITCHES: readonly FaultSwitchInfo[] = [
  flag('filter-404', 'filter404', 'A filtered query with no hits answers 404 instead of an empty ListResponse.', 'RFC 7644 §3.4.2 (no match is 200 with totalResults 0); Entra quarantines on a 404 to its test-connection probe (docs/entra-behaviour.md#test-connection).'),
  flag('ignore-excluded-members', 'ignoreExcludedMembers', 'Groups always come with members, whatever excludedAttributes says.', 'RFC 7644 §3.4.2.5; Entra reads groups with excludedAttributes=members (docs/entra-behaviour.md#groups).'),
  flag('create-200', 'create200', 'POST answers 200 instead of 201.', 'RFC 7644 §3.3 (201 Created); the Microsoft SCIM Validator fails it (docs/entra-behaviour.md#create-user).'),
  flag('allow-duplicates', 'allowDuplicates', 'Duplicate userNames and group displayNames are accepted instead of 409.', 'RFC 7643 §4.1.1 (userName uniqueness server), RFC 7644 §3.3 (409 uniqueness); Entra matching then sees several hits (docs/entra-behaviour.md#matching).'),
  flag('drop-writes', 'dropWrites', 'POST, PUT, PATCH and DELETE answer success but store nothing; a created id then reads 404.', 'RFC 7644 §3.3, §3.5, §3.6; Entra caches the returned id and later gets 404 (docs/entra-behaviour.md#create-user).'),
  flag('case-sensitive-ops', 'caseSensitiveOps', 'PATCH op names must be lower-case; "Replace" is 400 invalidSyntax.', "Entra's default dialect sends Add/Replace/Remove (docs/entra-behaviour.md#patch-dialects)."),
  flag('strict-booleans', 'strictBooleans', '"True"/"False" strings for booleans are 400 invalidValue.', "Entra's default dialect sends booleans as strings (docs/entra-behaviour.md#disable-enable, docs/entra-behaviour.md#patch-dialects)."),
  flag('case-sensitive-filter', 'caseSensitiveFilter', 'Filters compare every string case-sensitively, userName and displayName included.', 'RFC 7643 §2.2 / §4.1.1 (userName caseExact false); the validator filters with a different case (docs/entra-behaviour.md#validator-tests).'),
  flag('wrong-content-type', 'wrongContentType', 'Responses say Content-Type: application/json; charset=utf-8.', 'RFC 7644 §3.1 / §8.1 (application/scim+json); the validator warns about it (docs/entra-behaviour.md#validator-tests).'),
  flag('reject-token', 'rejectToken', 'Every request answers 401, as with a revoked token.', 'RFC 7644 §2; Entra quarantines on invalid credentials (docs/entra-behaviour.md#quarantine-triggers).'),
  flag('ignore-active', 'ignoreActive', 'PATCH of active is accepted but not stored.', 'RFC 7644 §3.5.2; Entra disables users with PATCH active=false (docs/entra-behaviour.md#disable-enable).'),
  flag('delete-200', 'delete200', 'DELETE answers 200 with the deleted resource instead of 204.', 'RFC 7644 §3.6 (204 No Content); Entra expects 204 (docs/entra-behaviour.md#hard-delete).'),
  flag('no-location', 'noLocation', 'Creates omit the Location header.', 'RFC 7644 §3.3 (Location SHALL be the resource URI).'),
  flag('soft-delete-404', 'softDelete404', 'Users with active=false answer 404 and vanish from queries.', 'Entra requires disabled users to stay readable and filterable (docs/entra-behaviour.md#get-user).'),
  flag('patch-no-atomic', 'patchNoAtomic', 'A PATCH keeps the operations before the one that failed.', 'RFC 7644 §3.5.2 (a PATCH is atomic).'),
  flag('group-patch-body', 'groupPatchBody', 'Group PATCH answers 200 with the whole group, members included, instead of 204.', 'Entra guidance: group PATCH should yield 204 without a member list (docs/entra-behaviour.md#groups).'),
  flag('plain-errors', 'plainErrors', 'Errors answer with a text/plain message instead of a SCIM error body.', 'RFC 7644 §3.12 (error responses use the Error schema).'),
  flag('numeric-error-status', 'numericErrorStatus', 'Error bodies carry "status" as a JSON number instead of a string.', 'RFC 7644 §3.12 ("status" is a string).'),
  flag('reject-unknown-schemas', 'rejectUnknownSchemas', 'A resource whose `schemas` lists a URI the server does not know (Entra\'s ADSCIM Group URI included) is 400 invalidValue.', 'RFC 7643 §3 (a client may list schemas the server ignores); Entra sends http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group in every Create Group (docs/entra-behaviour.md#groups).'),
  flag('literal-dotted-keys', 'literalDottedKeys', 'A PATCH path with a dot (name.givenName) is stored as a literal top-level key instead of the sub-attribute.', 'RFC 7644 §3.5.2 (attrPath with a sub-attribute); Entra patches name.givenName and similar paths (docs/entra-behaviour.md#patch-dialects).'),
  flag('split-extension-urn', 'splitExtensionUrn', 'A URN-qualified PATCH path is split at the first dot, so the enterprise extension is stored under "urn:…:enterprise:2" and "0:User:…".', 'RFC 7644 §3.10 (URN-qualified attribute names); Entra patches enterprise attributes by their full URN (docs/entra-behaviour.md#patch-dialects).'),
  flag('store-string-booleans', 'storeStringBooleans', '"True"/"False" strings for booleans are stored as the strings.', 'RFC 7643 §2.3.2 (boolean is true or false); Entra\'s default dialect sends booleans as strings, which must be read as booleans (docs/entra-behaviour.md#disable-enable).'),
  flag('ignore-capitalised-group-ops', 'ignoreCapitalisedGroupOps', 'A group PATCH op written "Add", "Replace" or "Remove" is answered 204 and not applied.', 'RFC 7644 §3.5.2; Entra\'s default dialect capitalises op names on groups (docs/entra-behaviour.md#patch-dialects).'),
  flag('filter-other-attribute', 'filterOtherAttribute', 'A userName filter compares the user\'s first e-mail address instead of userName.', 'RFC 7644 §3.4.2.2 (the filter names the attribute compared); Entra matches users by userName (docs/entra-behaviour.md#matching).'),
  flag('id-from-username', 'idFromUserName', 'A user\'s id is derived from the userName it was created with, so a new user taking a renamed user\'s old userName collides with it.', 'RFC 7643 §3.1 (id is stable and never reassigned); Entra renames users and reuses userNames (docs/entra-behaviour.md#matching).'),
  flag('uniqueness-after-delete', 'uniquenessAfterDelete', 'A deleted user\'s userName still counts for uniqueness: creating it again is 409.', 'RFC 7644 §3.6 (a deleted resource is gone); Entra re-creates a user after a hard delete (docs/entra-behaviour.md#hard-delete).'),
  flag('members-never-returned', 'membersNeverReturned', 'Group members are stored but never returned by GET.', 'RFC 7643 §4.2 (members is returned by default); Entra and the validator read members back (docs/entra-behaviour.md#groups).'),
  flag('misread-plus', 'misreadPlus', 'The query string is decoded with decodeURIComponent, so a "+" stays a plus sign instead of a space.', 'WHATWG URL / HTML form encoding (+ is a space); Entra writes the spaces of its filters as + (docs/entra-behaviour.md#match-query-encoding).'),
  flag('reject-roles', 'rejectRoles', 'A user body with a `roles` attribute (even empty) is 400 invalidValue.', 'RFC 7643 §4.1.2 (roles); Entra sends "roles": [] in every Create User (docs/entra-behaviour.md#create-user).'),
  flag('require-object-manager', 'requireObjectManager', 'A manager PATCH whose value is a bare string id is 400 invalidValue; only {"value": id} is accepted.', 'Entra sends the manager id as a bare string (docs/entra-behaviour.md#manager-reference).'),
  flag('manager-as-string', 'managerAsString', 'Users are returned with the manager as a bare string id instead of {"value": id}.', 'RFC 7643 §4.3 (manager is complex); Entra cannot deserialise a string manager (docs/entra-behaviour.md#status-to-error-code).'),
  ...RFC_FAULT_SWITCHES,
  {
    name: 'fail-rate',
    env: 'SCIM_SERVER_FAIL_RATE',
    kind: 'ratio',
    key: 'failRate',
    effect: 'That share (0–1) of all requests, chosen by a seeded sequence, answers 500 before anything is processed.',
    breaks: 'Reliability: Entra escrows failures and quarantines a job above its failure thresholds (docs/entra-behaviour.md#quarantine-triggers, docs/entra-behaviour.md#escrow-retries).',
  },
  {
    name: 'fail-creates-rate',
    env: 'SCIM_SERVER_FAIL_CREATES_RATE',
    kind: 'ratio',
    key: 'failCreatesRate',
    effect: 'That share (0–1) of POST /Users and POST /Groups answers 500 before anything is stored.',
    breaks: 'Reliability of creates: drives the escrow and quarantine thresholds (docs/entra-behaviour.md#quarantine-triggers, docs/entra-behaviour.md#escrow-retries).',
  },
  {
    name: 'throttle',
    env: 'SCIM_SERVER_THROTTLE_EVERY',
    kind: 'count',
    key: 'throttleEvery',
    effect: 'Every Nth request answers 429 Too Many Requests with Retry-After.',
    breaks: 'Rate limits: Entra must back off (docs/entra-behaviour.md#rate-limits).',
  },
  {
    name: 'retry-after',
    env: 'SCIM_SERVER_RETRY_AFTER',
    kind: 'seconds',
    key: 'retryAfterSeconds',
    effect: 'Seconds announced in Retry-After by throttle (default 1). Has no effect alone.',
    breaks: 'Nothing by itself; tunes throttle.',
  },
  {
    name: 'slow',
    env: 'SCIM_SERVER_SLOW_MS',
    kind: 'milliseconds',
    key: 'slowMs',
    effect: 'Every response is delayed by N milliseconds.',
    breaks: 'Timeouts and cycle duration (docs/entra-behaviour.md#cycle-timing, docs/entra-behaviour.md#rate-limits).',
  },
  {
    name: 'seed',
    env: 'SCIM_SERVER_SEED',
    kind: 'integer',
    key: 'seed',
    effect: 'Seed of the sequences fail-rate and fail-creates-rate draw from (default 1). Has no effect alone.',
    breaks: 'Nothing by itself; makes failures reproducible.',
  },
];

export const NO_FAULTS: FaultSwitches = Object.freeze({
  ...NO_RFC_FAULTS,
  filter404: false,
  ignoreExcludedMembers: false,
  create200: false,
  allowDuplicates: false,
  dropWrites: false,
  caseSensitiveOps: false,
  strictBooleans: false,
  caseSensitiveFilter: false,
  wrongContentType: false,
  rejectToken: false,
  ignoreActive: false,
  delete200: false,
  noLocation: false,
  softDelete404: false,
  patchNoAtomic: false,
  groupPatchBody: false,
  plainErrors: false,
  numericErrorStatus: false,
  rejectUnknownSchemas: false,
  literalDottedKeys: false,
  splitExtensionUrn: false,
  storeStringBooleans: false,
  ignoreCapitalisedGroupOps: false,
  filterOtherAttribute: false,
  idFromUserName: false,
  uniquenessAfterDelete: false,
  membersNeverReturned: false,
  misreadPlus: false,
  rejectRoles: false,
  requireObjectManager: false,
  managerAsString: false,
  failRate: 0,
  failCreatesRate: 0,
  throttleEvery: 0,
  retryAfterSeconds: 1,
  slowMs: 0,
  seed: 1,
});

function validNames(): string {
  return FAULT_SWITCHES.map((info) => (info.kind === 'flag' ? info.name : `${info.name}=<${info.kind}>`)).join(', ');
}

function parseNumber(info: FaultSwitchInfo, raw: string, source: string): number {
  const value = Number(raw.trim());
  const example = { ratio: '0.3', count: '10', milliseconds: '250', seconds: '2', integer: '42', flag: '' }[info.kind];
  const fail = (rule: string): never => {
    throw new ConfigurationError(`${source} must be ${rule}, got "${raw}" (e.g. ${info.name}=${example} or ${info.env}=${example})`);
  };
  if (raw.trim() === '' || !Number.isFinite(value)) return fail('a number');
  switch (info.kind) {
    case 'ratio':
      return value >= 0 && value <= 1 ? value : fail('a share from 0 to 1');
    case 'count':
      return Number.isInteger(value) && value >= 1 ? value : fail('a whole number of requests, 1 or more');
    case 'milliseconds':
      return Number.isInteger(value) && value >= 0 && value <= 600_000 ? value : fail('whole milliseconds from 0 to 600000');
    case 'seconds':
      return Number.isInteger(value) && value >= 0 && value <= 86_400 ? value : fail('whole seconds from 0 to 86400');
    default:
      return Number.isInteger(value) ? value : fail('a whole number');
  }
}

/**
 * Reads fault switches from a comma (or space) separated list such as
 * `filter-404,create-200,fail-rate=0.3`, then from the numeric variables of `env`
 * (`SCIM_SERVER_FAIL_RATE=0.3` alone turns fail-rate on; a value in the list wins).
 * `input` undefined falls back to `env.SCIM_SERVER_FAULTS`. Unknown names throw a
 * ConfigurationError listing the valid ones.
 */
export function parseFaultSwitches(input: string | undefined, env: NodeJS.ProcessEnv = process.env): FaultSwitches {
  const result: Record<string, boolean | number> = { ...NO_FAULTS };
  const list = input ?? env[FAULTS_ENV] ?? '';
  const setInList = new Set<string>();
  for (const item of list.split(/[\s,]+/).filter((part) => part !== '')) {
    const equals = item.indexOf('=');
    const name = (equals === -1 ? item : item.slice(0, equals)).toLowerCase();
    const info = FAULT_SWITCHES.find((candidate) => candidate.name === name);
    if (!info) {
      throw new ConfigurationError(`Unknown fault switch "${item}" (valid switches: ${validNames()})`);
    }
    if (info.kind === 'flag') {
      if (equals !== -1) throw new ConfigurationError(`Fault switch "${info.name}" is on or off and takes no value, got "${item}" (write just ${info.name})`);
      result[info.key] = true;
      continue;
    }
    if (equals === -1) {
      const fromEnv = env[info.env];
      if (fromEnv === undefined || fromEnv.trim() === '') {
        throw new ConfigurationError(`Fault switch "${info.name}" needs a value: write ${info.name}=<${info.kind}> or set ${info.env}`);
      }
      continue;
    }
    result[info.key] = parseNumber(info, item.slice(equals + 1), `Fault switch "${info.name}"`);
    setInList.add(info.name);
  }
  for (const info of FAULT_SWITCHES) {
    if (info.kind === 'flag' || setInList.has(info.name)) continue;
    const raw = env[info.env];
    if (raw !== undefined && raw.trim() !== '') result[info.key] = parseNumber(info, raw, info.env);
  }
  return Object.freeze(result as unknown as FaultSwitches);
}

/** Options-style faults: any subset, the rest off. */
export function withFaults(partial: Partial<FaultSwitches>): FaultSwitches {
  return Object.freeze({ ...NO_FAULTS, ...partial });
}

/** Names (with values) of the switches that are on, for logs and banners. */
export function describeFaultSwitches(faults: FaultSwitches): string[] {
  const active: string[] = [];
  for (const info of FAULT_SWITCHES) {
    const value = faults[info.key];
    if (info.kind === 'flag') {
      if (value === true) active.push(info.name);
    } else if (info.key !== 'retryAfterSeconds' && info.key !== 'seed' && typeof value === 'number' && value > 0) {
      active.push(`${info.name}=${value}`);
    }
  }
  return active;
}
