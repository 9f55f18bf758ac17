/**
 * PATCH bodies (RFC 7644 §3.5.2) in Entra's two dialects, shaped exactly as the reference shows
 * them (§1.5, §1.6, §1.8, §2.2):
 *
 * - `entra` (default, job template `scim` without flag): one op per attribute with an explicit
 *   path, ops capitalised (`Add`/`Replace`/`Remove`), booleans as the strings "True"/"False".
 * - `entra-compliant` (`aadOptscim062020`): lower-case ops, JSON booleans, simple replaced
 *   attributes merged into one path-less `replace` whose value uses dotted keys
 *   (`"name.givenName"`), member removal as `members[value eq "id"]`.
 */
import { type ModifiedProperty } from '../contract/log-entry';
import { isFilteredPath, isReferencePath, MANAGER_PATH } from './attribute-path';
import { type AttributeChange, type Dialect, type PatchOperation, type PatchRequestBody } from './mapping-types';

const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp' as const;

/** Batch size for member PATCHes [INF]: undocumented (reference §9.5); one PATCH may carry several members (reference §1.8). */
export const MEMBER_BATCH_SIZE = 50;

type Op = 'add' | 'replace' | 'remove';

function opName(op: Op, dialect: Dialect): string {
  return dialect === 'entra' ? op[0].toUpperCase() + op.slice(1) : op;
}

/** Default mode sends booleans as "True"/"False" (reference §1.5, §1.6). */
function wireValue(value: string | boolean, dialect: Dialect): string | boolean {
  if (typeof value === 'boolean' && dialect === 'entra') return value ? 'True' : 'False';
  return value;
}

function body(operations: PatchOperation[]): PatchRequestBody {
  return { schemas: [PATCH_SCHEMA], Operations: operations };
}

/**
 * Attribute updates, without `active` (buildActivePatch) and references (buildManagerPatch,
 * buildMemberPatches). null when nothing is left to send.
 *
 * An old null is an `add` (reference §2.2 "add a single-value string attribute"); a new null is
 * a `remove` with the path and no value [INF: clearing as Remove per RFC 7644 §3.5.2.2].
 * Compliant ops come in the order add, filtered replaces, the merged replace, remove — the
 * filtered op before the merged one as in the documented request (reference §2.2).
 */
export function buildUpdatePatch(changes: readonly AttributeChange[], dialect: Dialect): PatchRequestBody | null {
  const relevant = changes.filter((c) => c.path.toLowerCase() !== 'active' && !isReferencePath(c.path) && c.oldValue !== c.newValue);
  if (dialect === 'entra') {
    const operations = relevant.map((change): PatchOperation => {
      if (change.newValue === null || change.newValue === '') return { op: opName('remove', dialect), path: change.path };
      const op: Op = change.oldValue === null || change.oldValue === '' ? 'add' : 'replace';
      return { op: opName(op, dialect), path: change.path, value: wireValue(change.newValue, dialect) };
    });
    return operations.length > 0 ? body(operations) : null;
  }
  const adds: PatchOperation[] = [];
  const filteredReplaces: PatchOperation[] = [];
  const merged: Record<string, string | boolean> = {};
  const removes: PatchOperation[] = [];
  for (const change of relevant) {
    if (change.newValue === null || change.newValue === '') removes.push({ op: 'remove', path: change.path });
    else if (change.oldValue === null || change.oldValue === '') adds.push({ op: 'add', path: change.path, value: change.newValue });
    else if (isFilteredPath(change.path)) filteredReplaces.push({ op: 'replace', path: change.path, value: change.newValue });
    else merged[change.path] = change.newValue;
  }
  const operations = [...adds, ...filteredReplaces, ...(Object.keys(merged).length > 0 ? [{ op: 'replace', value: merged }] : []), ...removes];
  return operations.length > 0 ? body(operations) : null;
}

/** Disable / re-enable: default `"value":"False"`, compliant `"value":false` (reference §1.6, §2.2). */
export function buildActivePatch(active: boolean, dialect: Dialect): PatchRequestBody {
  return body([{ op: opName('replace', dialect), path: 'active', value: wireValue(active, dialect) }]);
}

/**
 * Manager link on the enterprise extension, value `{"value": id}` in both dialects [INF: the
 * older default-mode doc example shows path `manager` with a `$ref` list; the harness uses the
 * URN path the validator and compliant Entra use]. Add when there was none, Replace when
 * changing; clearing is a Replace with `{"value":""}` ("Remove Manager", reference §1.5).
 */
export function buildManagerPatch(managerTargetId: string | null, hadManager: boolean, dialect: Dialect): PatchRequestBody {
  if (managerTargetId === null || managerTargetId === '') {
    return body([{ op: opName('replace', dialect), path: MANAGER_PATH, value: { value: '' } }]);
  }
  return body([{ op: opName(hadManager ? 'replace' : 'add', dialect), path: MANAGER_PATH, value: { value: managerTargetId } }]);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Membership PATCHes, several members per request ("Support updating multiple group
 * memberships with a single PATCH", reference §1.8), adds before removes:
 * - entra: `{"op":"Add","path":"members","value":[{"$ref":null,"value":id},…]}` and the same with Remove;
 * - compliant: `{"op":"add","path":"members","value":[{"value":id},…]}` and one
 *   `{"op":"remove","path":"members[value eq \"id\"]"}` per removed member.
 */
export function buildMemberPatches(addIds: readonly string[], removeIds: readonly string[], dialect: Dialect, batchSize = MEMBER_BATCH_SIZE): PatchRequestBody[] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number of 1 or more, got ${String(batchSize)}`);
  const member = (id: string): Record<string, string | null> => (dialect === 'entra' ? { $ref: null, value: id } : { value: id });
  const patches: PatchRequestBody[] = [];
  for (const batch of chunks(addIds, batchSize)) patches.push(body([{ op: opName('add', dialect), path: 'members', value: batch.map(member) }]));
  for (const batch of chunks(removeIds, batchSize)) {
    if (dialect === 'entra') patches.push(body([{ op: 'Remove', path: 'members', value: batch.map(member) }]));
    else patches.push(body(batch.map((id) => ({ op: 'remove', path: `members[value eq ${JSON.stringify(id)}]` }))));
  }
  return patches;
}

/** Graph's modifiedProperties: strings, booleans as "True"/"False", no value as null (reference §4.1). */
export function toModifiedProperties(changes: readonly AttributeChange[]): ModifiedProperty[] {
  const text = (value: string | boolean | null): string | null => (value === null || value === '' ? null : typeof value === 'boolean' ? (value ? 'True' : 'False') : value);
  return changes.map((change) => ({ displayName: change.path, oldValue: text(change.oldValue), newValue: text(change.newValue) }));
}
