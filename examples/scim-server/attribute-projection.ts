/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9) with the RFC 7643 §7 `returned`
 * rules: "always" attributes (id, and schemas) survive any projection, "never" ones (password)
 * never appear, "request" ones appear only when asked for.
 */
import { resolveAttributePath } from './attribute-paths';
import { parseAttributePath } from './filter-parser';
import { type JsonObject, type JsonValue, isJsonObject } from './json';
import { type AttributeDefinition, type ResourceTypeDefinition, COMMON_ATTRIBUTES, findSchemaAttribute } from './schemas';

export interface ProjectionRequest {
  readonly attributes?: readonly string[];
  readonly excludedAttributes?: readonly string[];
}

/** Per container ('' = core), per lower-cased attribute: the whole attribute, or some sub-attributes. */
type Selection = Map<string, Map<string, 'all' | Set<string>>>;

const CORE = '';

export class Projection {
  private constructor(
    private readonly resourceType: ResourceTypeDefinition,
    private readonly mode: 'all' | 'include' | 'exclude',
    private readonly selection: Selection,
    private readonly wholeExtensions: ReadonlySet<string>,
    private readonly alwaysInclude: ReadonlySet<string>,
  ) {}

  /**
   * `attributes` wins when both are given. Names that do not resolve for this resource type are
   * ignored: a root-level search projects Users and Groups with the same list.
   */
  static create(resourceType: ResourceTypeDefinition, request: ProjectionRequest, alwaysInclude: readonly string[] = []): Projection {
    const names = request.attributes && request.attributes.length > 0 ? request.attributes : request.excludedAttributes ?? [];
    const mode = request.attributes && request.attributes.length > 0 ? 'include' : names.length > 0 ? 'exclude' : 'all';
    const selection: Selection = new Map();
    const wholeExtensions = new Set<string>();
    for (const raw of names) {
      const name = raw.trim();
      if (name === '') continue;
      let resolution;
      try {
        resolution = resolveAttributePath(resourceType, parseAttributePath(name));
      } catch {
        continue;
      }
      if (!resolution) continue;
      if (resolution.kind === 'extension') {
        wholeExtensions.add(resolution.schema.id);
        continue;
      }
      const container = resolution.extension ?? CORE;
      const attributes = selection.get(container) ?? new Map<string, 'all' | Set<string>>();
      selection.set(container, attributes);
      const key = resolution.definition.name.toLowerCase();
      const existing = attributes.get(key);
      if (!resolution.subDefinition) attributes.set(key, 'all');
      else if (existing !== 'all') attributes.set(key, new Set([...(existing ?? []), resolution.subDefinition.name.toLowerCase()]));
    }
    return new Projection(resourceType, mode, selection, wholeExtensions, new Set(alwaysInclude.map((n) => n.toLowerCase())));
  }

  static everything(resourceType: ResourceTypeDefinition): Projection {
    return new Projection(resourceType, 'all', new Map(), new Set(), new Set());
  }

  /** Whether a top-level core attribute can appear at all (lets callers skip building it). */
  includes(name: string): boolean {
    const definition = this.definition(CORE, name);
    if (!definition) return true;
    return this.decide(CORE, definition) !== 'drop';
  }

  apply(resource: JsonObject): JsonObject {
    if (this.mode === 'all' && this.alwaysInclude.size === 0) return this.withoutNever(resource);
    const output: JsonObject = {};
    for (const key of Object.keys(resource)) {
      const value = resource[key];
      if (key === 'schemas') {
        output[key] = value;
        continue;
      }
      const extension = this.resourceType.extensions.find((use) => use.schema.id === key);
      if (extension) {
        const projected = this.projectExtension(extension.schema.id, value);
        if (projected !== undefined) output[key] = projected;
        continue;
      }
      const definition = this.definition(CORE, key);
      if (!definition) continue;
      const projected = this.project(CORE, definition, value);
      if (projected !== undefined) output[key] = projected;
    }
    return output;
  }

  private withoutNever(resource: JsonObject): JsonObject {
    if (!('password' in resource)) return resource;
    const { password: _password, ...rest } = resource;
    return rest;
  }

  private definition(container: string, name: string): AttributeDefinition | undefined {
    if (container === CORE) {
      return findSchemaAttribute(this.resourceType.schema, name) ?? COMMON_ATTRIBUTES.find((a) => a.name.toLowerCase() === name.toLowerCase());
    }
    const use = this.resourceType.extensions.find((candidate) => candidate.schema.id === container);
    return use ? findSchemaAttribute(use.schema, name) : undefined;
  }

  private decide(container: string, definition: AttributeDefinition): 'keep' | 'drop' | Set<string> {
    if (definition.returned === 'never') return 'drop';
    if (definition.returned === 'always' || (container === CORE && this.alwaysInclude.has(definition.name.toLowerCase()))) return 'keep';
    const selected = this.selection.get(container)?.get(definition.name.toLowerCase());
    switch (this.mode) {
      case 'all':
        return definition.returned === 'request' ? 'drop' : 'keep';
      case 'include':
        if (container !== CORE && this.wholeExtensions.has(container)) return 'keep';
        return selected === undefined ? 'drop' : selected === 'all' ? 'keep' : selected;
      case 'exclude':
        if (container !== CORE && this.wholeExtensions.has(container)) return 'drop';
        if (definition.returned === 'request') return 'drop';
        return selected === 'all' ? 'drop' : selected === undefined ? 'keep' : selected;
    }
  }

  private project(container: string, definition: AttributeDefinition, value: JsonValue): JsonValue | undefined {
    const decision = this.decide(container, definition);
    if (decision === 'keep') return value;
    if (decision === 'drop') return undefined;
    const keep = (subName: string): boolean => {
      const listed = decision.has(subName.toLowerCase());
      return this.mode === 'include' ? listed : !listed;
    };
    const pick = (item: JsonValue): JsonValue | undefined => {
      if (!isJsonObject(item)) return item;
      const picked: JsonObject = {};
      for (const key of Object.keys(item)) if (keep(key)) picked[key] = item[key];
      return Object.keys(picked).length === 0 ? undefined : picked;
    };
    if (Array.isArray(value)) {
      const items = value.map(pick).filter((item): item is JsonValue => item !== undefined);
      return items.length === 0 ? undefined : items;
    }
    return pick(value);
  }

  private projectExtension(schemaId: string, value: JsonValue): JsonValue | undefined {
    if (!isJsonObject(value)) return undefined;
    const output: JsonObject = {};
    for (const key of Object.keys(value)) {
      const definition = this.definition(schemaId, key);
      if (!definition) continue;
      const projected = this.project(schemaId, definition, value[key]);
      if (projected !== undefined) output[key] = projected;
    }
    return Object.keys(output).length === 0 ? undefined : output;
  }
}

/** Splits a comma-separated attribute list (RFC 7644 §3.4.2.5). */
export function splitAttributeList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(',').map((part) => part.trim()).filter((part) => part !== '');
}
