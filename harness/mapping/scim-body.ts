/**
 * The POST body for a new user or group, in the shape of Entra's documented requests
 * (docs/entra-behaviour.md#create-user, docs/entra-behaviour.md#groups):
 *
 *   {"schemas":[…],"externalId":…,"userName":…,"active":true,
 *    "emails":[{"primary":true,"type":"work","value":…}],"meta":{"resourceType":"User"},
 *    "name":{"formatted":…,"familyName":…,"givenName":…}, …}
 *
 * - `attr[type eq "x"].sub` becomes one entry `{"type":"x","sub":…}` of the multi-valued
 *   attribute; several mappings with the same filter share the entry (addresses).
 * - extension attributes go under their schema URN key (RFC 7643 §3.3).
 * - null values are left out: "If an attribute is null on the user object, it is skipped".
 * - references are left out: the manager is linked by a later update, and "Groups are created
 *   with an empty members list" — no `members` key at all (docs/entra-behaviour.md#create-user step 5, docs/entra-behaviour.md#groups).
 * - no `"roles":[]` here: the mapping maps no roles; the Entra profiles add the empty list their
 *   documented request carries (docs/entra-behaviour.md#create-user).
 */
import { parseScimPath, type ScimPath } from './attribute-path';
import { type ObjectMapping, type TargetView } from './mapping-types';

type Json = Record<string, unknown>;

function child(container: Json, key: string): Json {
  const existing = container[key];
  if (existing && typeof existing === 'object' && !Array.isArray(existing)) return existing as Json;
  const created: Json = {};
  container[key] = created;
  return created;
}

function place(body: Json, path: ScimPath, value: string | boolean): void {
  const container = path.schemaUrn ? child(body, path.schemaUrn) : body;
  if (path.filter) {
    const { attribute: filterAttribute, value: filterValue } = path.filter;
    const list = Array.isArray(container[path.attribute]) ? (container[path.attribute] as Json[]) : [];
    container[path.attribute] = list;
    let entry = list.find((e) => e[filterAttribute] === filterValue);
    if (!entry) {
      // The documented create marks the work email primary (docs/entra-behaviour.md#create-user) [INF: only that one].
      const primary = path.attribute.toLowerCase() === 'emails' && filterAttribute.toLowerCase() === 'type' && filterValue.toLowerCase() === 'work';
      entry = primary ? { primary: true, [filterAttribute]: filterValue } : { [filterAttribute]: filterValue };
      list.push(entry);
    }
    entry[path.subAttribute ?? 'value'] = value;
    return;
  }
  if (path.subAttribute) {
    child(container, path.attribute)[path.subAttribute] = value;
    return;
  }
  container[path.attribute] = value;
}

export function buildCreateBody(view: TargetView, objectMapping: ObjectMapping): Record<string, unknown> {
  const body: Json = { schemas: [...objectMapping.schemas] };
  for (const attribute of objectMapping.attributes) {
    if (attribute.isReference) continue;
    const value = view[attribute.target];
    if (value === null || value === undefined || value === '') continue;
    place(body, parseScimPath(attribute.target), value);
  }
  body.meta = { resourceType: objectMapping.objectType };
  return body;
}
