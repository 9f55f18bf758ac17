/**
 * How one identity provider's provisioning client behaves on the wire: what the engine sends
 * and what it expects back. The engine decides *when* to probe, match, create, update, disable,
 * link a manager or sync members (Entra's job model, docs/entra-behaviour.md#create-user, docs/entra-behaviour.md#cycles); a profile decides what
 * each of those requests looks like. Every profile is registered in `registry.ts`, and its id is
 * what `--dialect` selects.
 *
 * A profile is data and pure functions: it never sends a request, so the engine's recording,
 * classification and escrow bookkeeping stay the same whichever profile drives a run.
 */
import { type AttributeChange, type MappingSet, type ObjectMapping, type PatchRequestBody, type TargetView } from '../mapping/mapping-types';

/** A registered profile's id (`entra`, `entra-compliant`, …): the value of `--dialect`. */
export type ProfileId = string;

export type ResourceKind = 'User' | 'Group';

/** SCIM query parameters of one GET, unencoded (the target client encodes them). */
export type QueryParameters = Readonly<Record<string, string>>;

/** One request of Test Connection: a GET on the endpoint with these parameters. */
export interface ProbeQuery {
  readonly objectType: ResourceKind;
  readonly endpoint: '/Users' | '/Groups';
  readonly query: QueryParameters;
}

/** A resource as the target returned it; read tolerantly. */
export interface ScimResource {
  readonly id?: unknown;
  readonly [key: string]: unknown;
}

/**
 * What the client reads out of a successful response body. Whether a body is acceptable at all
 * (a ListResponse for a filter, an id after a create) is the engine's classification; these only
 * pull out what the pipelines need afterwards.
 */
export interface ResponseReader {
  /** The resources of a query's answer (RFC 7644 §3.4.2: `Resources` of a ListResponse). */
  listResources(body: unknown): readonly ScimResource[];
  /** How many resources the answer says matched (`totalResults`). */
  listTotal(body: unknown): number;
  /** The resource of a create, read or PATCH answer. */
  resource(body: unknown): ScimResource | undefined;
  /** The resource's id as the client addresses it afterwards. */
  resourceId(resource: ScimResource | undefined): string | undefined;
}

/**
 * How failed exports are retried, as data the engine reads. `escrow: 'entra'` is Entra's escrow
 * schedule (next cycle, then 6 h, 12 h, 24 h, then daily for 28 days, docs/entra-behaviour.md#escrow-retries);
 * `throttle: 'retry-after'` waits out a 429's Retry-After before the same request again.
 */
export interface RetryRules {
  readonly escrow: 'entra';
  readonly throttle: 'retry-after';
}

/**
 * When the job is quarantined, as data. `thresholds: 'entra'` is Entra's escrow thresholds
 * (40 %, 40,000, 60,000 failures; accidental deletions; docs/entra-behaviour.md#quarantine-triggers), whose numbers the run's
 * quarantine policy settings may still override. `immediate` lists the failures that quarantine
 * at once: rejected credentials, and a 404 answered to a filter (SCIM compliance).
 */
export interface QuarantineRules {
  readonly thresholds: 'entra';
  readonly immediate: readonly ('credentials' | 'compliance')[];
}

export interface ClientProfile {
  readonly id: ProfileId;
  /** One line for `--help` and the README: whose client, which setting. */
  readonly description: string;

  /** The requests of Test Connection, in order (docs/entra-behaviour.md#test-connection). `randomValue` gives a value no object can hold. */
  probe(mapping: MappingSet, randomValue: () => string): readonly ProbeQuery[];
  /** The query of one match by one matching attribute (docs/entra-behaviour.md#matching). */
  matchQuery(objectType: ResourceKind, attributePath: string, value: string): QueryParameters;
  /** The query of a read by id, when the client sends one. */
  readQuery(objectType: ResourceKind): QueryParameters | undefined;
  /**
   * How the target client writes these queries on the wire: `percent` (the default) spaces as
   * %20, `form` spaces as `+` (application/x-www-form-urlencoded); both decode to the same values.
   */
  readonly queryEncoding?: 'percent' | 'form';

  /** The POST body of a new user or group. */
  createBody(objectType: ResourceKind, view: TargetView, objectMapping: ObjectMapping): Record<string, unknown>;
  /** Attribute updates (without `active` and references); null when nothing is left to send. */
  updatePatch(changes: readonly AttributeChange[]): PatchRequestBody | null;
  /** Disable (false) or re-enable (true) a user: a soft delete, never a DELETE (docs/entra-behaviour.md#disable-enable). */
  activePatch(active: boolean): PatchRequestBody;
  /** Link, change or clear (null) a user's manager. */
  managerPatch(managerTargetId: string | null, hadManager: boolean): PatchRequestBody;
  /** Membership changes of one group, in as many requests as the client sends them. */
  memberPatches(addIds: readonly string[], removeIds: readonly string[]): readonly PatchRequestBody[];

  readonly responses: ResponseReader;
  readonly retry: RetryRules;
  readonly quarantine: QuarantineRules;
}
