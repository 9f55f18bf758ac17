/**
 * Resolves attribute paths (`userName`, `name.givenName`, `urn:…:enterprise:2.0:User:manager.value`,
 * or a bare extension URN) to their schema definitions, and reads / locates values in a
 * resource by resolved path.
 */
import { type AttributePath } from './filter-parser';
import { type JsonObject, type JsonValue, findKey, isJsonObject } from './json';
import {
  type AttributeDefinition,
  type ResourceTypeDefinition,
  type SchemaDefinition,
  COMMON_ATTRIBUTES,
  findSchemaAttribute,
  findSubAttribute,
} from './schemas';

export interface ResolvedAttribute {
  readonly kind: 'attribute';
  /** Schema id of the extension holding the attribute; undefined for core and common attributes. */
  readonly extension?: string;
  readonly definition: AttributeDefinition;
  readonly subDefinition?: AttributeDefinition;
}

export interface ResolvedExtension {
  readonly kind: 'extension';
  readonly schema: SchemaDefinition;
}

export type Resolution = ResolvedAttribute | ResolvedExtension;

function sameUri(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function withSub(base: Omit<ResolvedAttribute, 'subDefinition'>, subName: string | undefined): ResolvedAttribute | undefined {
  if (subName === undefined) return base;
  const subDefinition = findSubAttribute(base.definition, subName);
  return subDefinition ? { ...base, subDefinition } : undefined;
}

/**
 * RFC 7644 §3.10: names may be fully qualified with their schema URN, and core attributes may
 * omit it. Unqualified names that only an extension defines (`manager`, `employeeNumber`) also
 * resolve, because Entra's default PATCH dialect sends the bare `manager` path (docs/entra-behaviour.md#manager-reference).
 */
export function resolveAttributePath(resourceType: ResourceTypeDefinition, path: AttributePath): Resolution | undefined {
  if (path.uri !== undefined) {
    const whole = `${path.uri}:${path.name}`;
    if (path.subAttribute === undefined) {
      const extension = resourceType.extensions.find((use) => sameUri(use.schema.id, whole));
      if (extension) return { kind: 'extension', schema: extension.schema };
    }
    if (sameUri(path.uri, resourceType.schema.id)) {
      const definition = findSchemaAttribute(resourceType.schema, path.name) ?? COMMON_ATTRIBUTES.find((a) => sameUri(a.name, path.name));
      return definition ? withSub({ kind: 'attribute', definition }, path.subAttribute) : undefined;
    }
    const extension = resourceType.extensions.find((use) => sameUri(use.schema.id, path.uri ?? ''));
    if (!extension) return undefined;
    const definition = findSchemaAttribute(extension.schema, path.name);
    return definition ? withSub({ kind: 'attribute', extension: extension.schema.id, definition }, path.subAttribute) : undefined;
  }
  const core = findSchemaAttribute(resourceType.schema, path.name) ?? COMMON_ATTRIBUTES.find((a) => sameUri(a.name, path.name));
  if (core) return withSub({ kind: 'attribute', definition: core }, path.subAttribute);
  for (const use of resourceType.extensions) {
    const definition = findSchemaAttribute(use.schema, path.name);
    if (definition) return withSub({ kind: 'attribute', extension: use.schema.id, definition }, path.subAttribute);
  }
  return undefined;
}

/** The object holding an attribute's value: the resource itself, or its extension container. */
export function readContainer(resource: JsonObject, extension: string | undefined): JsonObject | undefined {
  if (extension === undefined) return resource;
  const key = findKey(resource, extension);
  const container = key === undefined ? undefined : resource[key];
  return isJsonObject(container) ? container : undefined;
}

/** The stored value of a resolved attribute (without sub-attribute), or undefined. */
export function readAttribute(resource: JsonObject, resolved: ResolvedAttribute): JsonValue | undefined {
  const container = readContainer(resource, resolved.extension);
  if (!container) return undefined;
  const key = findKey(container, resolved.definition.name);
  return key === undefined ? undefined : container[key];
}

/** Canonical spelling of a resolved path, as used in messages and projection keys. */
export function canonicalPath(resolved: ResolvedAttribute): string {
  const base = resolved.extension ? `${resolved.extension}:${resolved.definition.name}` : resolved.definition.name;
  return resolved.subDefinition ? `${base}.${resolved.subDefinition.name}` : base;
}
