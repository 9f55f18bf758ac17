/**
 * SCIM resource (as GET returns it) → TargetView for the mapped paths, so the engine can compare
 * what the target holds with what it should hold (RedundantExport when equal).
 *
 * Tolerant the way a reader must be: attribute names match case-insensitively (RFC 7643 §2.1),
 * value-path filters pick the matching entry of a multi-valued attribute (the primary one when
 * several match), the manager may come as `{"value": id}`, a bare id or a one-entry list, and
 * booleans as `true`/`false` or "True"/"False" (Entra's own default-mode form, docs/entra-behaviour.md#disable-enable).
 */
import { isMembersPath, parseScimPath, type ScimPath } from './attribute-path';
import { type ObjectMapping, type TargetView } from './mapping-types';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function getIgnoringCase(object: Json, key: string): unknown {
  if (key in object) return object[key];
  const lower = key.toLowerCase();
  for (const [name, value] of Object.entries(object)) if (name.toLowerCase() === lower) return value;
  return undefined;
}

/** Boolean attributes of the core schemas (RFC 7643 §4.1.1 `active`, §2.4 `primary`). */
function isBooleanPath(path: ScimPath): boolean {
  const leaf = (path.subAttribute ?? path.attribute).toLowerCase();
  return leaf === 'active' || leaf === 'primary';
}

function scalar(value: unknown, booleanPath: boolean): string | boolean | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (booleanPath && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    return value;
  }
  // A complex value standing for a reference or a single value: {"value": …} (RFC 7643 §4.3 manager).
  if (Array.isArray(value)) return value.length > 0 ? scalar(value[0], booleanPath) : null;
  if (isObject(value)) return scalar(getIgnoringCase(value, 'value'), booleanPath);
  return null;
}

function pickEntry(list: unknown, attribute: string, wanted: string): Json | undefined {
  if (!Array.isArray(list)) return undefined;
  const matches = list.filter((entry): entry is Json => isObject(entry) && String(getIgnoringCase(entry, attribute) ?? '').toLowerCase() === wanted.toLowerCase());
  return matches.find((entry) => scalar(getIgnoringCase(entry, 'primary'), true) === true) ?? matches[0];
}

function read(resource: Json, path: ScimPath): unknown {
  let container: Json | undefined = resource;
  if (path.schemaUrn) {
    const extension = getIgnoringCase(resource, path.schemaUrn);
    // Some services flatten extension attributes to their full path; accept that too.
    if (!isObject(extension)) return getIgnoringCase(resource, path.raw);
    container = extension;
  }
  const value = getIgnoringCase(container, path.attribute);
  if (path.filter) {
    const entry = pickEntry(value, path.filter.attribute, path.filter.value);
    return entry ? getIgnoringCase(entry, path.subAttribute ?? 'value') : undefined;
  }
  if (path.subAttribute) return isObject(value) ? getIgnoringCase(value, path.subAttribute) : undefined;
  return value;
}

export function viewFromResource(resource: unknown, objectMapping: ObjectMapping): TargetView {
  const view: Record<string, string | boolean | null> = {};
  const body = isObject(resource) ? resource : {};
  for (const attribute of objectMapping.attributes) {
    if (isMembersPath(attribute.target)) continue;
    const path = parseScimPath(attribute.target);
    view[attribute.target] = scalar(read(body, path), isBooleanPath(path));
  }
  return view;
}
