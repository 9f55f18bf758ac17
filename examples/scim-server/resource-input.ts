/**
 * Turns a POST or PUT body into the stored shape: names in the schema's spelling, values
 * checked by type, readOnly and unknown attributes dropped (RFC 7644 §3.3: the server may
 * ignore content; RFC 7643 §2.2: readOnly values sent by clients are ignored).
 */
import { type ValueOptions, normaliseAttribute } from './attribute-values';
import { badRequest } from './errors';
import { parseAttributePath } from './filter-parser';
import { resolveAttributePath } from './attribute-paths';
import { type JsonObject, type JsonValue, isJsonObject, isUnassigned } from './json';
import { type ResourceTypeDefinition } from './schemas';

function checkSchemas(resourceType: ResourceTypeDefinition, body: JsonObject): void {
  const schemas = body.schemas;
  const core = resourceType.schema.id.toLowerCase();
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === core)) {
    throw badRequest('invalidSyntax', `A ${resourceType.name} needs "schemas" listing "${resourceType.schema.id}" (RFC 7643 §3)`);
  }
}

/**
 * The stored shape of a client representation, without id and meta. `schemas` lists the core
 * schema plus every extension that holds a value; other schema URIs (such as the legacy
 * `http://schemas.microsoft.com/…/ADSCIM/2.0/Group` Entra sends on group create, docs/entra-behaviour.md#groups)
 * are dropped rather than rejected.
 */
export function prepareResource(resourceType: ResourceTypeDefinition, body: unknown, options: ValueOptions): JsonObject {
  if (!isJsonObject(body)) throw badRequest('invalidSyntax', `The request body must be a JSON object representing a ${resourceType.name}`);
  checkSchemas(resourceType, body);
  const resource: JsonObject = {};
  const extensions = new Map<string, JsonObject>();

  for (const key of Object.keys(body)) {
    const lower = key.toLowerCase();
    if (lower === 'schemas') continue;
    const extension = resourceType.extensions.find((use) => use.schema.id.toLowerCase() === lower);
    if (extension) {
      const container = body[key];
      if (container === null) continue;
      if (!isJsonObject(container)) {
        throw badRequest('invalidValue', `"${extension.schema.id}" must be an object of extension attributes, got ${JSON.stringify(container)}`);
      }
      for (const subKey of Object.keys(container)) {
        const definition = extension.schema.attributes.find((a) => a.name.toLowerCase() === subKey.toLowerCase());
        if (!definition || definition.mutability === 'readOnly') continue;
        const value = normaliseAttribute(definition, container[subKey], `${extension.schema.id}:${definition.name}`, options);
        if (value === undefined) continue;
        const target = extensions.get(extension.schema.id) ?? {};
        target[definition.name] = value;
        extensions.set(extension.schema.id, target);
      }
      continue;
    }
    let resolution;
    try {
      resolution = resolveAttributePath(resourceType, parseAttributePath(key));
    } catch {
      continue;
    }
    // Only core and common attributes live at the top level (RFC 7643 §3: extensions sit under their URN).
    if (!resolution || resolution.kind !== 'attribute' || resolution.extension || resolution.subDefinition) continue;
    const definition = resolution.definition;
    if (definition.mutability === 'readOnly') continue;
    const value = normaliseAttribute(definition, body[key], definition.name, options);
    if (value !== undefined) resource[definition.name] = value;
  }

  for (const definition of resourceType.schema.attributes) {
    if (!definition.required) continue;
    const value: JsonValue | undefined = resource[definition.name];
    if (isUnassigned(value) || (typeof value === 'string' && value.trim() === '')) {
      throw badRequest('invalidValue', `"${definition.name}" is required for a ${resourceType.name} (RFC 7643 §${resourceType.name === 'User' ? '4.1.1' : '4.2'})`);
    }
  }
  if (resourceType.name === 'User' && resource.active === undefined) resource.active = true;

  const schemas: JsonValue[] = [resourceType.schema.id];
  for (const [schemaId, container] of extensions) {
    resource[schemaId] = container;
    schemas.push(schemaId);
  }
  return { schemas, ...resource };
}
