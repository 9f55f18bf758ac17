/**
 * A scenario is data: what it covers, an optional starting directory, and steps that change the
 * source, change the target out of band, run cycles, send one request, or expect something.
 * Scenarios never make HTTP calls themselves; the runner sends every request through the
 * target client so it is recorded, redacted and checked like any other.
 */
import { type Severity } from '../contract/severity';
import { type Dialect } from '../mapping/mapping-types';
import { type SourceGroup, type SourceUser } from '../source/source-types';

/** A name a scenario gives an object (`alice`), resolved to ids at run time. */
export type Ref = string;

export type UserFields = Partial<Omit<SourceUser, 'objectId' | 'managerId'>> & { readonly manager?: Ref | null };

export type Step =
  // Source changes (what an Entra admin does)
  | { readonly addUser: UserFields & { readonly ref: Ref; readonly assigned?: boolean } }
  | { readonly updateUser: { readonly ref: Ref; readonly set: UserFields } }
  | { readonly blockSignIn: Ref }
  | { readonly unblockSignIn: Ref }
  | { readonly assign: Ref }
  | { readonly unassign: Ref }
  | { readonly softDelete: Ref }
  | { readonly restore: Ref }
  | { readonly hardDelete: Ref }
  | { readonly addGroup: { readonly ref: Ref; readonly displayName?: string; readonly members?: readonly Ref[]; readonly assigned?: boolean } }
  | { readonly addMembers: { readonly group: Ref; readonly users: readonly Ref[] } }
  | { readonly removeMembers: { readonly group: Ref; readonly users: readonly Ref[] } }
  | { readonly renameGroup: { readonly ref: Ref; readonly displayName: string } }
  | { readonly deleteGroup: Ref }
  // Target changes behind the engine's back
  | { readonly seedTarget: { readonly ref: Ref; readonly resource: 'Users' | 'Groups'; readonly body: Readonly<Record<string, unknown>> } }
  | { readonly deleteInTarget: Ref }
  // The engine
  | { readonly cycle: 'initial' | 'incremental' }
  | { readonly restart: string }
  // One request, for protocol rules the engine's traffic does not reach
  | { readonly request: RequestStep }
  // Expectations
  | { readonly expectEntry: EntryExpectation }
  | { readonly expectTarget: TargetExpectation }
  | { readonly expectResponse: ResponseExpectation }
  | { readonly expectJob: JobExpectation };

export interface RequestStep {
  /** Names the response for expectResponse. */
  readonly ref: Ref;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path relative to the base URL; `{ref}` is replaced with that object's target id, `{ref.userName}` with its userName. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Delete what this request creates when the scenario ends. */
  readonly cleanup?: boolean;
}

/**
 * What any expectation may say about itself (docs/diagnosis.md#outcomes): how much its failure
 * weighs, and whether it is the scenario's premise rather than the rule it proves.
 */
export interface ExpectationOptions {
  /**
   * How much a failure here weighs (docs/diagnosis.md#severity); default `required`. A rule Entra
   * never relies on takes the weight the RFC's own words give it (e.g. a filter Entra never sends).
   */
  readonly severity?: Severity;
  /**
   * The scenario's premise, not its rule: when it does not hold (e.g. a PATCH meant to be rejected
   * is accepted by a server that stores any attribute), the scenario is inconclusive, not failed.
   */
  readonly premise?: boolean;
}

export interface EntryExpectation extends ExpectationOptions {
  readonly title?: string;
  /** The object whose entry of the most recent cycle is meant. */
  readonly ref: Ref;
  readonly action?: string;
  readonly status?: string;
  readonly errorCode?: string;
  /** Target attribute name → expected newValue ("True"/"False" for booleans, as Graph logs them). */
  readonly modifiedProperties?: Readonly<Record<string, string | null>>;
  /** The operation the entry stands for (membership, manager …) when an object has several entries. */
  readonly operation?: string;
}

export interface TargetExpectation extends ExpectationOptions {
  readonly title?: string;
  readonly ref: Ref;
  /** false: GET by id must answer 404 (hard-deleted). */
  readonly exists?: boolean;
  /** SCIM path → expected value, read from GET by id (or from the filter result with `viaFilter`). */
  readonly attributes?: Readonly<Record<string, string | boolean | null>>;
  /** Read through `GET /Users?filter=userName eq "…"` instead of by id (a disabled user must still be found). */
  readonly viaFilter?: boolean;
  /** Refs that must be (or with `exactMembers`, be exactly) the group's members. */
  readonly members?: readonly Ref[];
  readonly exactMembers?: boolean;
}

export interface ResponseExpectation extends ExpectationOptions {
  readonly title?: string;
  readonly ref: Ref;
  readonly status?: number | readonly number[];
  readonly scimType?: string;
  readonly totalResults?: number;
  /** SCIM path → expected value in the response body. */
  readonly body?: Readonly<Record<string, unknown>>;
  readonly contentType?: string;
  readonly header?: Readonly<Record<string, string | true>>;
}

export interface JobExpectation extends ExpectationOptions {
  readonly title?: string;
  readonly quarantined?: boolean;
  readonly quarantineReason?: string;
}

export interface Scenario {
  /** Its path under scenarios/ without extension, e.g. `users/disable`. */
  readonly id: string;
  readonly title: string;
  readonly tags: readonly string[];
  /** The RFC section or Entra behaviour it covers, e.g. "RFC 7644 §3.5.2" or "Entra: soft delete". */
  readonly covers: string;
  readonly description?: string;
  /** Dialects it runs in (default both). */
  readonly dialects?: readonly Dialect[];
  /** Needs write access to the target; read-only runs skip it. */
  readonly mutates?: boolean;
  /** Needs group provisioning. */
  readonly groups?: boolean;
  /** User matching attributes (SCIM paths) in precedence order, instead of the mapping's. */
  readonly matching?: readonly string[];
  readonly source?: { readonly users?: readonly (UserFields & { ref: Ref })[]; readonly groups?: readonly (Omit<SourceGroup, 'objectId' | 'memberIds' | 'mailNickname'> & { ref: Ref; members?: readonly Ref[] })[] };
  readonly steps: readonly Step[];
}
