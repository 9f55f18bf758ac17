/**
 * Attribute mappings, as Entra's portal configures them: a source attribute or expression,
 * a SCIM target path, matching precedence, and when the mapping applies (docs/entra-behaviour.md#create-user, docs/entra-behaviour.md#matching).
 */

export type { Dialect } from '../contract/dialect';

export interface AttributeMapping {
  /** SCIM attribute path, e.g. `userName`, `name.givenName`, `emails[type eq "work"].value`, a URN-qualified path. */
  readonly target: string;
  /**
   * Source attribute name (`userPrincipalName`), or an expression in Entra's syntax:
   * `Not([IsSoftDeleted])`, `Join(" ", [givenName], [surname])`, `"constant"`.
   */
  readonly source: string;
  /** 1 = matched first. Absent = not a matching attribute. */
  readonly matchingPrecedence?: number;
  /** "Apply this mapping": always (default) or only during creation (docs/entra-behaviour.md#create-user). */
  readonly applyOn?: 'always' | 'create';
  /** A reference to another provisioned object (manager, members): resolved to its target id. */
  readonly isReference?: boolean;
}

export interface ObjectMapping {
  readonly objectType: 'User' | 'Group';
  /** SCIM endpoint, `/Users` or `/Groups`. */
  readonly endpoint: '/Users' | '/Groups';
  /** `schemas` sent on create. */
  readonly schemas: readonly string[];
  readonly attributes: readonly AttributeMapping[];
  readonly enabled: boolean;
}

export interface ScopingClause {
  readonly attribute: string;
  readonly operator: 'EQUALS' | 'NOT EQUALS' | 'IS TRUE' | 'IS FALSE' | 'IS NULL' | 'IS NOT NULL' | 'REGEX MATCH' | 'NOT REGEX MATCH' | 'Greater_Than' | 'Less_Than';
  readonly value?: string;
}

export interface ScopingConfig {
  /** "Sync only assigned users and groups" (default) or "Sync all users and groups". */
  readonly scope: 'assigned' | 'all';
  /** Clauses in one filter are ANDed; separate filters are ORed (Entra's scoping filter rules). */
  readonly userFilters: readonly (readonly ScopingClause[])[];
  readonly groupFilters: readonly (readonly ScopingClause[])[];
}

export interface MappingSet {
  readonly users: ObjectMapping;
  readonly groups: ObjectMapping;
  readonly scoping: ScopingConfig;
}

/**
 * A flat view of an object as the target should hold it: SCIM path -> value. Strings, booleans
 * and null (no value). References hold the referenced object's target id.
 */
export type TargetView = Readonly<Record<string, string | boolean | null>>;

export interface AttributeChange {
  readonly path: string;
  readonly oldValue: string | boolean | null;
  readonly newValue: string | boolean | null;
}

export interface PatchOperation {
  readonly op: string;
  readonly path?: string;
  readonly value?: unknown;
}

export interface PatchRequestBody {
  readonly schemas: readonly ['urn:ietf:params:scim:api:messages:2.0:PatchOp'];
  readonly Operations: readonly PatchOperation[];
}
