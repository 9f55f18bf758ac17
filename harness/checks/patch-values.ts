/**
 * Flattening a PATCH body (RFC 7644 §3.5.2) into one value per SCIM path, whatever dialect
 * wrote it, so a later GET can be compared path by path. Both Entra dialects (docs/entra-behaviour.md#patch-dialects):
 * - default: capitalised ops, one op per attribute with a `path`, booleans as "True"/"False",
 *   members removed with `path: "members"` plus `value: [{value}]`, manager as a one-element array;
 * - `aadOptscim062020`: lower-case ops, one path-less `replace` whose value has dotted keys
 *   (`"name.givenName"`) and URN-qualified keys, members removed with `members[value eq "…"]`.
 */
import { getAttribute, isJsonObject, type JsonObject } from './exchange-facts';
import { isExtensionSchemaPath, parseScimPath } from './scim-path';

export type PatchOpName = 'add' | 'replace' | 'remove';

export interface FlatPatchOperation {
  readonly op: PatchOpName;
  readonly path: string;
  /** The value written; undefined for a removal. */
  readonly value?: unknown;
}

/** RFC 7643 §4.1 / §4.2 multi-valued attributes a PATCH value array is meant for. */
const MULTI_VALUED: ReadonlySet<string> = new Set([
  'emails',
  'phonenumbers',
  'ims',
  'photos',
  'addresses',
  'groups',
  'entitlements',
  'roles',
  'x509certificates',
  'members',
]);

/**
 * Sub-attributes the server owns: `$ref` is the server's own URI for the referenced resource and
 * `manager.displayName` is readOnly (RFC 7643 §4.3), so a written value need not come back.
 */
const SERVER_OWNED_SUBS: ReadonlySet<string> = new Set(['$ref', 'displayname']);

function opNameOf(value: unknown): PatchOpName | undefined {
  if (typeof value !== 'string') return undefined;
  // Entra sends "Add"/"Replace"/"Remove" (docs/entra-behaviour.md#patch-dialects); RFC 7644 §3.5.2 spells them lower case.
  const lower = value.trim().toLowerCase();
  return lower === 'add' || lower === 'replace' || lower === 'remove' ? lower : undefined;
}

function leafAttributeOf(path: string): string | undefined {
  const parsed = parseScimPath(path);
  if (!parsed || parsed.filter || parsed.subAttribute !== undefined) return undefined;
  return parsed.attribute.toLowerCase();
}

function joinPath(path: string, key: string): string {
  return isExtensionSchemaPath(path) ? `${path}:${key}` : `${path}.${key}`;
}

/** Entra's default-mode role value is stringified JSON (docs/entra-behaviour.md#create-user), not a value to compare. */
function isStringifiedJson(value: unknown): boolean {
  return typeof value === 'string' && value.trim().startsWith('{');
}

function flattenArray(path: string, items: readonly unknown[], out: Map<string, unknown>): void {
  const attribute = leafAttributeOf(path);
  if (attribute === undefined || !MULTI_VALUED.has(attribute)) {
    // Entra default mode sends a single-valued complex attribute (manager) as a one-element array.
    if (items.length === 1 && isJsonObject(items[0])) flattenValue(path, items[0], out);
    else out.set(path, items);
    return;
  }
  for (const item of items) {
    if (!isJsonObject(item)) continue;
    const type = getAttribute(item, 'type');
    const value = getAttribute(item, 'value');
    if (typeof type === 'string' && type.length > 0) {
      const base = `${path}[type eq ${JSON.stringify(type)}]`;
      for (const [key, sub] of Object.entries(item)) {
        if (key.toLowerCase() === 'type' || key === '$ref') continue;
        out.set(`${base}.${key}`, sub);
      }
    } else if (typeof value === 'string' && value.length > 0 && !isStringifiedJson(value)) {
      // Untyped values (members, groups) are addressed by value, as RFC 7644 §3.5.2 value paths do.
      out.set(`${path}[value eq ${JSON.stringify(value)}].value`, value);
    }
  }
}

function flattenValue(path: string, value: unknown, out: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    flattenArray(path, value, out);
    return;
  }
  const parsed = isExtensionSchemaPath(path) ? undefined : parseScimPath(path);
  const expandable = isExtensionSchemaPath(path) || (parsed !== undefined && parsed.subAttribute === undefined);
  if (isJsonObject(value) && expandable) {
    for (const [key, sub] of Object.entries(value)) {
      if (!isExtensionSchemaPath(path) && SERVER_OWNED_SUBS.has(key.toLowerCase())) continue;
      flattenValue(joinPath(path, key), sub, out);
    }
    return;
  }
  out.set(path, value);
}

function removalPaths(path: string, value: unknown): string[] {
  // Entra default mode: `{"op":"Remove","path":"members","value":[{"value":"u1"}]}` removes u1 only.
  if (Array.isArray(value) && value.length > 0) {
    const ids = value
      .map((item) => (isJsonObject(item) ? getAttribute(item, 'value') : undefined))
      .filter((id): id is string => typeof id === 'string' && id.length > 0);
    if (ids.length > 0) return ids.map((id) => `${path}[value eq ${JSON.stringify(id)}]`);
  }
  return [path];
}

function operationsArrayOf(body: unknown): unknown[] {
  if (!isJsonObject(body)) return [];
  const operations = getAttribute(body, 'Operations');
  return Array.isArray(operations) ? operations : [];
}

/** Every operation of a PATCH body, flattened to single paths, in order. Invalid ops are skipped. */
export function patchOperationsOf(body: unknown): FlatPatchOperation[] {
  const flat: FlatPatchOperation[] = [];
  for (const raw of operationsArrayOf(body)) {
    if (!isJsonObject(raw)) continue;
    const op = opNameOf(getAttribute(raw, 'op'));
    if (!op) continue;
    const pathValue = getAttribute(raw, 'path');
    const path = typeof pathValue === 'string' && pathValue.trim().length > 0 ? pathValue.trim() : undefined;
    const value = getAttribute(raw, 'value');
    if (op === 'remove') {
      // RFC 7644 §3.5.2.2: a remove without a path is an error (noTarget), never a change.
      if (path !== undefined) for (const target of removalPaths(path, value)) flat.push({ op, path: target });
      continue;
    }
    const values = new Map<string, unknown>();
    if (path !== undefined) flattenValue(path, value, values);
    else if (isJsonObject(value)) {
      // Path-less add/replace (RFC 7644 §3.5.2.1/§3.5.2.3): each key is itself a path, possibly
      // dotted ("name.givenName") or URN-qualified, as aadOptscim062020 sends them.
      for (const [key, sub] of Object.entries(value as JsonObject)) flattenValue(key, sub, values);
    }
    for (const [target, written] of values) flat.push({ op, path: target, value: written });
  }
  return flat;
}

/**
 * `{path → value}` for a PATCH body in either dialect; a removal maps to null (unassigned,
 * RFC 7643 §2.5). Later operations on the same path win, as they do on the server.
 */
export function patchValuesOf(body: unknown): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const operation of patchOperationsOf(body)) {
    values[operation.path] = operation.op === 'remove' ? null : operation.value;
  }
  return values;
}
