/**
 * What both Entra dialects send alike, and the few places the `aadOptscim062020` flag changes
 * (docs/entra-behaviour.md#patch-dialects), as one `EntraPatchStyle` each dialect fills in. PATCH bodies follow RFC 7644
 * §3.5.2 in the shapes the behaviour reference shows (docs/entra-behaviour.md#update-user, docs/entra-behaviour.md#disable-enable, docs/entra-behaviour.md#groups, docs/entra-behaviour.md#patch-dialects).
 *
 * Alike in both: Test Connection, matching by `eq` filter (Entra sends `eq` comparisons only,
 * docs/entra-behaviour.md#client-basics), groups read with `excludedAttributes=members` (docs/entra-behaviour.md#groups), create bodies,
 * the manager link and member adds (capitalised `Add`/`Replace`, members as `{"$ref":null,"value":id}`),
 * skipping cleared attributes, and the retry and quarantine rules. The flag changes exactly four
 * requests — disable, the add of a single-value attribute, the replace of several attributes and
 * the removal of a member — and nothing else, so every other request keeps the default shape
 * under it (docs/entra-behaviour.md#patch-dialects).
 */
import { isReferencePath, MANAGER_PATH } from '../../mapping/attribute-path';
import { type AttributeChange, type MappingSet, type PatchOperation, type PatchRequestBody } from '../../mapping/mapping-types';
import { buildCreateBody } from '../../mapping/scim-body';
import { type ClientProfile, type ProbeQuery, type QueryParameters, type ResourceKind } from '../client-profile';
import { chunks, eqFilter, patchBody, SCIM_RESPONSES } from '../scim-core';

/** Batch size for member PATCHes [INF]: undocumented (docs/entra-behaviour.md#gaps); one PATCH may carry several members (docs/entra-behaviour.md#group-members). */
export const MEMBER_BATCH_SIZE = 50;

export type Op = 'add' | 'replace' | 'remove';

/** What the aadOptscim062020 flag changes; everything else both dialects share. */
export interface EntraPatchStyle {
  /** The `op` as written on the wire. */
  readonly opName: (op: Op) => string;
  /** A value as written on the wire (booleans differ). */
  readonly wireValue: (value: string | boolean) => string | boolean;
  /** Attribute updates already filtered to what differs, without `active` and references. */
  readonly updateOperations: (changes: readonly AttributeChange[]) => PatchOperation[];
  /** The operations removing one batch of members. */
  readonly removeMembers: (ids: readonly string[]) => PatchOperation[];
}

/** Entra always reads groups without their members (docs/entra-behaviour.md#groups, docs/entra-behaviour.md#filters-used). */
const WITHOUT_MEMBERS: QueryParameters = Object.freeze({ excludedAttributes: 'members' });

function firstMatchingPath(mapping: MappingSet['users'] | MappingSet['groups'], fallback: string): string {
  const matching = mapping.attributes.filter((a) => a.matchingPrecedence !== undefined).sort((a, b) => (a.matchingPrecedence ?? 0) - (b.matchingPrecedence ?? 0));
  return matching[0]?.target ?? fallback;
}

/** Ops and members outside the flag's four changes, as the default dialect writes them (docs/entra-behaviour.md#patch-dialects). */
const defaultOpName = (op: Op): string => op[0].toUpperCase() + op.slice(1);

/** One member of an add (or of a value-list removal), `"$ref": null` included (docs/entra-behaviour.md#group-members). */
export const entraMember = (id: string): Record<string, string | null> => ({ $ref: null, value: id });

/**
 * A source attribute that became null or empty: Entra skips null attributes and does not clear
 * values in outbound provisioning, so nothing is sent and the target keeps its old value
 * (docs/entra-behaviour.md#attribute-clearing). The manager is the exception (`managerPatch`).
 */
export function isClearedChange(change: AttributeChange): boolean {
  return change.newValue === null || change.newValue === '';
}

/** An old null is an `add` (docs/entra-behaviour.md#patch-dialects "add a single-value string attribute"), otherwise a `replace`. */
export function changeKind(change: AttributeChange): Exclude<Op, 'remove'> {
  return change.oldValue === null || change.oldValue === '' ? 'add' : 'replace';
}

export function entraProfile(id: string, description: string, style: EntraPatchStyle, batchSize = MEMBER_BATCH_SIZE): ClientProfile {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number of 1 or more, got ${String(batchSize)}`);
  const { opName, wireValue } = style;
  return Object.freeze({
    id,
    description,
    /**
     * Test Connection, also run "at the start of any activity" (docs/entra-behaviour.md#test-connection): a filter for a
     * user that cannot exist — a random GUID as the matching attribute's value — then the same
     * for groups when group provisioning is on [INF: the docs say "a random user and group";
     * third parties report the /Groups probe].
     */
    probe(mapping: MappingSet, randomValue: () => string): readonly ProbeQuery[] {
      return [
        { objectType: 'User', endpoint: '/Users', query: { filter: eqFilter(firstMatchingPath(mapping.users, 'userName'), randomValue()) } },
        ...(mapping.groups.enabled ? [{ objectType: 'Group', endpoint: '/Groups', query: { ...WITHOUT_MEMBERS, filter: eqFilter(firstMatchingPath(mapping.groups, 'displayName'), randomValue()) } } as const] : []),
      ];
    },
    matchQuery(objectType: ResourceKind, attributePath: string, value: string): QueryParameters {
      return objectType === 'Group' ? { ...WITHOUT_MEMBERS, filter: eqFilter(attributePath, value) } : { filter: eqFilter(attributePath, value) };
    },
    readQuery(objectType: ResourceKind): QueryParameters | undefined {
      return objectType === 'Group' ? WITHOUT_MEMBERS : undefined;
    },
    /**
     * Match and probe queries go out form-encoded (`filter=userName+eq+%22…%22`), as captured
     * Entra traffic shows rather than the documentation's unencoded examples (docs/entra-behaviour.md#match-query-encoding).
     */
    queryEncoding: 'form',
    /** A user's create body carries `"roles": []` even when no role is mapped, as Entra's documented request does (docs/entra-behaviour.md#create-user). */
    createBody(objectType, view, objectMapping) {
      const body = buildCreateBody(view, objectMapping);
      return objectType === 'User' && !('roles' in body) ? { ...body, roles: [] } : body;
    },
    updatePatch(changes: readonly AttributeChange[]): PatchRequestBody | null {
      // Cleared attributes are not sent (docs/entra-behaviour.md#attribute-clearing): only clears means no PATCH.
      const relevant = changes.filter((c) => c.path.toLowerCase() !== 'active' && !isReferencePath(c.path) && c.oldValue !== c.newValue && !isClearedChange(c));
      const operations = style.updateOperations(relevant);
      return operations.length > 0 ? patchBody(operations) : null;
    },
    /**
     * Disable / re-enable: one replace of `active`, the flag's shape for both (lower-case op, JSON
     * boolean), re-enable being "the same PATCH with `true`" (docs/entra-behaviour.md#disable-enable, docs/entra-behaviour.md#patch-dialects).
     */
    activePatch: (active: boolean) => patchBody([{ op: opName('replace'), path: 'active', value: wireValue(active) }]),
    /**
     * Manager link on the enterprise extension, the manager's target id as a bare string in both
     * dialects: captured Entra traffic (2024, 2026) shows `"value":"<id>"`, where the
     * documentation's examples show a `$ref` list or `{"value": id}`; the captures are followed
     * (docs/entra-behaviour.md#manager-reference). Add when there was none, Replace when changing; clearing is a
     * Replace with an empty value `""`, the removal shape documented alongside the bare string
     * (docs/entra-behaviour.md#manager-reference) — the one cleared attribute that is sent
     * (docs/entra-behaviour.md#attribute-clearing). The flag does not change the manager: the
     * default, capitalised shape in both dialects (docs/entra-behaviour.md#patch-dialects).
     */
    managerPatch(managerTargetId: string | null, hadManager: boolean): PatchRequestBody {
      if (managerTargetId === null || managerTargetId === '') return patchBody([{ op: defaultOpName('replace'), path: MANAGER_PATH, value: '' }]);
      return patchBody([{ op: defaultOpName(hadManager ? 'replace' : 'add'), path: MANAGER_PATH, value: managerTargetId }]);
    },
    /**
     * Several members per request ("Support updating multiple group memberships with a single
     * PATCH", docs/entra-behaviour.md#groups), adds before removes. Adds keep the default shape
     * `{"op":"Add","path":"members","value":[{"$ref":null,"value":id}]}` in both dialects; the flag
     * changes only the removal (docs/entra-behaviour.md#group-members, docs/entra-behaviour.md#patch-dialects).
     */
    memberPatches(addIds: readonly string[], removeIds: readonly string[]): PatchRequestBody[] {
      const patches: PatchRequestBody[] = [];
      for (const batch of chunks(addIds, batchSize)) patches.push(patchBody([{ op: defaultOpName('add'), path: 'members', value: batch.map(entraMember) }]));
      for (const batch of chunks(removeIds, batchSize)) patches.push(patchBody(style.removeMembers(batch)));
      return patches;
    },
    responses: SCIM_RESPONSES,
    retry: Object.freeze({ escrow: 'entra', throttle: 'retry-after' }),
    quarantine: Object.freeze({ thresholds: 'entra', immediate: Object.freeze(['credentials', 'compliance'] as const) }),
  } satisfies ClientProfile);
}
