/**
 * RFC 7644 §3.5.2 PATCH: add / remove / replace, with and without `path`, value-path filters,
 * plus the shapes Entra sends in both of its dialects (docs/entra-behaviour.md#patch-dialects): capitalised op names,
 * "True"/"False" strings, path-less replace with dotted and URN keys, member removal by value
 * array, manager as id / object / one-element array, and `{"value":""}` to clear the manager.
 *
 * Operations run against a private copy; group membership runs against a delta so that a PATCH
 * on a 100,000-member group costs what its operations touch, not the group's size.
 */
import { type ValueOptions, checkSinglePrimary, normaliseAttribute, normaliseElement } from './attribute-values';
import { type ResolvedAttribute, readContainer, resolveAttributePath } from './attribute-paths';
import { ScimError, badRequest } from './errors';
import { type FilterOptions, compileElementFilter } from './filter-evaluator';
import { type FilterNode, type PatchPath, parseAttributePath, parsePatchPath } from './filter-parser';
import { type JsonObject, type JsonValue, cloneJson, findKey, isJsonObject, isUnassigned, jsonEqual } from './json';
import { type NaivePathFaults, applyNaively } from './naive-patch-paths';
import { type AttributeDefinition, type ResourceTypeDefinition, PATCH_OP_SCHEMA, findSubAttribute } from './schemas';

export type PatchOpName = 'add' | 'remove' | 'replace';

export interface PatchOperation {
  readonly op: PatchOpName;
  readonly path?: string;
  readonly value?: JsonValue;
}

export interface PatchSettings extends ValueOptions, NaivePathFaults {
  /** The `case-sensitive-ops` fault: only lower-case op names; RFC 7644 is silent, Entra needs any case (docs/entra-behaviour.md#patch-dialects). */
  readonly caseSensitiveOps: boolean;
  /** RFC 7644 §3.5.2: all operations or none. False only under the `patch-no-atomic` fault. */
  readonly atomic: boolean;
  /** The `ignore-active` fault: operations on `active` are accepted and dropped. */
  readonly ignoreActive: boolean;
  readonly filterOptions: FilterOptions;
  /** Whether a member value names an existing User (RFC 7643 §4.2 members reference resources). */
  readonly memberExists: (id: string) => boolean;
  /** false under the `primary-not-moved` fault: a second primary is refused instead of taking the flag. */
  readonly movePrimary?: boolean;
}

/** Current membership of the group being patched. */
export interface MemberState {
  has(id: string): boolean;
  ids(): Iterable<string>;
  readonly size: number;
}

/** Membership change relative to MemberState: cleared first, then removed / added. */
export interface MemberDelta {
  cleared: boolean;
  readonly added: Set<string>;
  readonly removed: Set<string>;
}

export interface PatchOutcome {
  readonly resource: JsonObject;
  readonly members?: MemberDelta;
  /** Set only when not atomic: the ops before this one were applied and the outcome holds them. */
  readonly error?: ScimError;
}

/**
 * Validates the PatchOp envelope (RFC 7644 §3.5.2) and the op names, before anything is applied.
 * `ignoreCapitalised` (the `ignore-capitalised-group-ops` fault) leaves out every operation whose
 * op name is not written in lower case, as if the server had never seen it.
 */
export function readPatchRequest(body: unknown, caseSensitiveOps: boolean, ignoreCapitalised = false): PatchOperation[] {
  if (!isJsonObject(body)) throw badRequest('invalidSyntax', 'The PATCH body must be a JSON object with "schemas" and "Operations"');
  const schemasKey = findKey(body, 'schemas');
  const schemas = schemasKey === undefined ? undefined : body[schemasKey];
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase())) {
    throw badRequest('invalidSyntax', `The PATCH body must have "schemas": ["${PATCH_OP_SCHEMA}"]`);
  }
  const operationsKey = findKey(body, 'Operations');
  const operations = operationsKey === undefined ? undefined : body[operationsKey];
  if (!Array.isArray(operations) || operations.length === 0) {
    throw badRequest('invalidSyntax', 'The PATCH body must have a non-empty "Operations" array');
  }
  const read = operations.map((raw, index): PatchOperation | undefined => {
    if (!isJsonObject(raw)) throw badRequest('invalidSyntax', `Operations[${index}] must be an object with "op", "path" and "value"`);
    const opKey = findKey(raw, 'op');
    const op = opKey === undefined ? undefined : raw[opKey];
    if (typeof op !== 'string') throw badRequest('invalidSyntax', `Operations[${index}] needs "op": "add", "remove" or "replace"`);
    if (ignoreCapitalised && op !== op.toLowerCase()) return undefined;
    const name = caseSensitiveOps ? op : op.toLowerCase();
    if (name !== 'add' && name !== 'remove' && name !== 'replace') {
      throw badRequest(
        'invalidSyntax',
        caseSensitiveOps
          ? `Operations[${index}].op must be lower-case "add", "remove" or "replace", got ${JSON.stringify(op)}`
          : `Operations[${index}].op must be "add", "remove" or "replace", got ${JSON.stringify(op)}`,
      );
    }
    const pathKey = findKey(raw, 'path');
    const path = pathKey === undefined ? undefined : raw[pathKey];
    if (path !== undefined && path !== null && typeof path !== 'string') {
      throw badRequest('invalidPath', `Operations[${index}].path must be a string, got ${JSON.stringify(path)}`);
    }
    const valueKey = findKey(raw, 'value');
    const operation: PatchOperation = {
      op: name,
      ...(typeof path === 'string' && path.trim() !== '' ? { path: path.trim() } : {}),
      ...(valueKey !== undefined ? { value: raw[valueKey] } : {}),
    };
    return operation;
  });
  return read.filter((operation): operation is PatchOperation => operation !== undefined);
}

/** A resolved PATCH target. */
interface Target {
  readonly resolved: ResolvedAttribute;
  readonly filter?: FilterNode;
  /** Sub-attribute after the value filter, or the dotted sub-attribute of a plain path. */
  readonly sub?: AttributeDefinition;
  readonly text: string;
}

class PatchRun {
  readonly delta: MemberDelta | undefined;

  constructor(
    private readonly resourceType: ResourceTypeDefinition,
    public resource: JsonObject,
    private readonly members: MemberState | undefined,
    private readonly settings: PatchSettings,
  ) {
    this.delta = members ? { cleared: false, added: new Set(), removed: new Set() } : undefined;
  }

  apply(operation: PatchOperation): void {
    if (operation.op !== 'remove' && operation.value === undefined) {
      throw badRequest('invalidValue', `The "${operation.op}" operation${operation.path ? ` on "${operation.path}"` : ''} needs a "value" (RFC 7644 §3.5.2.1)`);
    }
    if (operation.path === undefined) {
      if (operation.op === 'remove') throw badRequest('noTarget', 'A "remove" operation needs a "path" (RFC 7644 §3.5.2.2)');
      this.applyWithoutPath(operation.op, operation.value ?? null);
      return;
    }
    if (applyNaively(this.settings, this.resource, operation.op, operation.path, operation.value)) return;
    const path = parsePatchPath(operation.path);
    const resolution = resolveAttributePath(this.resourceType, path.attribute);
    if (!resolution) throw this.unknownPath(operation.path);
    if (resolution.kind === 'extension') {
      this.applyToExtension(operation.op, resolution.schema.id, operation.value, operation.path);
      return;
    }
    this.applyToTarget(operation.op, this.toTarget(resolution, path), operation.value);
  }

  private unknownPath(text: string): ScimError {
    return badRequest('invalidPath', `"${text}" is not an attribute of a ${this.resourceType.name}; see /Schemas for the attributes this server supports`);
  }

  private toTarget(resolved: ResolvedAttribute, path: PatchPath): Target {
    let sub = resolved.subDefinition;
    if (path.subAttribute !== undefined) {
      sub = findSubAttribute(resolved.definition, path.subAttribute);
      if (!sub) throw this.unknownPath(path.text);
    }
    if (path.filter && (resolved.definition.type !== 'complex' || !resolved.definition.multiValued)) {
      throw badRequest('invalidPath', `"${path.text}": a value filter needs a multi-valued complex attribute`);
    }
    return { resolved, ...(path.filter ? { filter: path.filter } : {}), ...(sub ? { sub } : {}), text: path.text };
  }

  /** RFC 7644 §3.5.2.1 / §3.5.2.3: no path means the value is an object of attributes to add or replace. */
  private applyWithoutPath(op: 'add' | 'replace', value: JsonValue): void {
    if (!isJsonObject(value)) {
      throw badRequest('invalidValue', `A path-less "${op}" needs an object of attributes as "value", got ${JSON.stringify(value)}`);
    }
    for (const key of Object.keys(value)) {
      const lower = key.toLowerCase();
      // Clients echoing a whole representation send these; they describe, they do not modify.
      if (lower === 'schemas' || lower === 'meta') continue;
      if (applyNaively(this.settings, this.resource, op, key, value[key])) continue;
      const extension = this.resourceType.extensions.find((use) => use.schema.id.toLowerCase() === lower);
      if (extension) {
        this.applyToExtension(op, extension.schema.id, value[key], key);
        continue;
      }
      // Entra's compliant dialect merges attributes into one op with dotted and URN keys
      // ("name.givenName", "urn:…:enterprise:2.0:User:employeeNumber"; docs/entra-behaviour.md#patch-dialects).
      const path = parseAttributePath(key);
      const resolution = resolveAttributePath(this.resourceType, path);
      if (!resolution) throw this.unknownPath(key);
      if (resolution.kind === 'extension') {
        this.applyToExtension(op, resolution.schema.id, value[key], key);
        continue;
      }
      const target: Target = { resolved: resolution, ...(resolution.subDefinition ? { sub: resolution.subDefinition } : {}), text: key };
      if (target.resolved.definition.mutability === 'readOnly' && jsonEqual(this.read(target.resolved), value[key])) continue;
      this.applyToTarget(op, target, value[key]);
    }
  }

  private applyToExtension(op: PatchOpName, schemaId: string, value: JsonValue | undefined, text: string): void {
    if (op === 'remove') {
      const key = findKey(this.resource, schemaId);
      if (key !== undefined) delete this.resource[key];
      return;
    }
    if (!isJsonObject(value)) throw badRequest('invalidValue', `"${text}" takes an object of extension attributes, got ${JSON.stringify(value)}`);
    for (const key of Object.keys(value)) {
      const resolution = resolveAttributePath(this.resourceType, parseAttributePath(`${schemaId}:${key}`));
      if (!resolution || resolution.kind !== 'attribute') throw this.unknownPath(`${schemaId}:${key}`);
      this.applyToTarget(op, { resolved: resolution, ...(resolution.subDefinition ? { sub: resolution.subDefinition } : {}), text: `${schemaId}:${key}` }, value[key]);
    }
  }

  private read(resolved: ResolvedAttribute): JsonValue | undefined {
    const container = readContainer(this.resource, resolved.extension);
    return container ? container[resolved.definition.name] : undefined;
  }

  private container(resolved: ResolvedAttribute): JsonObject {
    if (resolved.extension === undefined) return this.resource;
    const key = findKey(this.resource, resolved.extension);
    const existing = key === undefined ? undefined : this.resource[key];
    if (isJsonObject(existing)) return existing;
    const created: JsonObject = {};
    this.resource[resolved.extension] = created;
    return created;
  }

  private write(resolved: ResolvedAttribute, value: JsonValue | undefined): void {
    const container = this.container(resolved);
    const name = resolved.definition.name;
    if (value === undefined || isUnassigned(value)) delete container[name];
    else container[name] = value;
    if (resolved.extension !== undefined && Object.keys(container).length === 0) delete this.resource[resolved.extension];
  }

  private applyToTarget(op: PatchOpName, target: Target, value: JsonValue | undefined): void {
    const definition = target.resolved.definition;
    if (this.settings.ignoreActive && definition.name === 'active' && target.resolved.extension === undefined) return;
    if (this.delta && definition.name === 'members' && target.resolved.extension === undefined) {
      this.applyToMembers(op, target, value);
      return;
    }
    this.checkMutability(op, target);
    if (!definition.multiValued) {
      if (definition.type === 'complex') this.applySingleComplex(op, target, value);
      else this.write(target.resolved, op === 'remove' ? undefined : normaliseElement(definition, value ?? null, target.text, this.settings));
    } else {
      this.applyMultiValued(op, target, value);
    }
    this.checkRequired(definition, target.resolved);
  }

  private checkMutability(op: PatchOpName, target: Target): void {
    const definition = target.resolved.definition;
    if (definition.mutability === 'readOnly' || target.sub?.mutability === 'readOnly') {
      throw new ScimError(400, `"${target.text}" is read-only and cannot be modified (RFC 7643 §7 mutability)`, 'mutability');
    }
    const immutable = definition.mutability === 'immutable' || target.sub?.mutability === 'immutable';
    if (immutable && (op !== 'add' || !isUnassigned(this.read(target.resolved)))) {
      throw new ScimError(400, `"${target.text}" is immutable: it can be set once but not changed or removed`, 'mutability');
    }
    if (op === 'remove' && definition.required && !target.sub && !target.filter) {
      throw new ScimError(400, `"${target.text}" is required and cannot be removed`, 'mutability');
    }
  }

  private checkRequired(definition: AttributeDefinition, resolved: ResolvedAttribute): void {
    if (!definition.required) return;
    const value = this.read(resolved);
    if (isUnassigned(value) || (typeof value === 'string' && value.trim() === '')) {
      throw badRequest('invalidValue', `"${definition.name}" is required and cannot be set to an empty value`);
    }
  }

  private applySingleComplex(op: PatchOpName, target: Target, value: JsonValue | undefined): void {
    const definition = target.resolved.definition;
    const current = this.read(target.resolved);
    const currentObject = isJsonObject(current) ? current : {};
    if (target.sub) {
      const sub = target.sub;
      if (op === 'remove') {
        // Without its value (the referenced id), a reference such as manager means nothing.
        if (sub.name === 'value') return this.write(target.resolved, undefined);
        const next = { ...currentObject };
        delete next[sub.name];
        return this.write(target.resolved, next);
      }
      const normalised = normaliseElement(sub, value ?? null, target.text, this.settings);
      if (sub.name === 'value' && (normalised === '' || normalised === undefined)) return this.write(target.resolved, undefined);
      const next = { ...currentObject };
      if (normalised === undefined) delete next[sub.name];
      else next[sub.name] = normalised;
      return this.write(target.resolved, next);
    }
    if (op === 'remove') return this.write(target.resolved, undefined);
    const incoming = normaliseElement(definition, value ?? null, target.text, this.settings);
    if (incoming === undefined || !isJsonObject(incoming)) return this.write(target.resolved, undefined);
    if (findSubAttribute(definition, 'value') && 'value' in incoming) {
      // Entra clears the manager with replace {"value":""} (docs/entra-behaviour.md#manager-reference, validator "Remove Manager").
      if (incoming.value === '') return this.write(target.resolved, undefined);
      // A new referenced id replaces the whole reference; its other sub-attributes described the old one.
      return this.write(target.resolved, incoming);
    }
    // RFC 7644 §3.5.2.1 and §3.5.2.3: sub-attributes not given are left unchanged.
    return this.write(target.resolved, { ...currentObject, ...incoming });
  }

  private elementFilter(target: Target): (element: JsonObject) => boolean {
    if (!target.filter) return () => true;
    try {
      return compileElementFilter(target.filter, target.resolved.definition, this.settings.filterOptions);
    } catch (error) {
      if (error instanceof ScimError) throw badRequest('invalidPath', error.detail.replace(/^Invalid filter/, `Invalid path "${target.text}"`));
      throw error;
    }
  }

  private applyMultiValued(op: PatchOpName, target: Target, value: JsonValue | undefined): void {
    const definition = target.resolved.definition;
    const current = this.read(target.resolved);
    const elements: JsonValue[] = Array.isArray(current) ? current.map((item) => cloneJson(item)) : [];
    const previousPrimaries = new Set(elements.filter((item) => isJsonObject(item) && item.primary === true));

    if (!target.filter && !target.sub) {
      if (op === 'remove') {
        // Entra's default dialect removes multi-valued entries by listing them in "value" (docs/entra-behaviour.md#patch-dialects).
        if (value === undefined || value === null) return this.write(target.resolved, undefined);
        const doomed = normaliseAttribute(definition, value, target.text, this.settings);
        const remaining = elements.filter((item) => !(Array.isArray(doomed) && doomed.some((d) => matchesListed(item, d))));
        return this.write(target.resolved, remaining);
      }
      const incoming = normaliseAttribute(definition, value ?? null, target.text, this.settings);
      const incomingList = Array.isArray(incoming) ? incoming : [];
      if (op === 'replace') return this.writeMulti(target, incomingList, new Set());
      for (const item of incomingList) {
        // RFC 7644 §3.5.2.1: adding a value that is already there changes nothing.
        if (!elements.some((existing) => jsonEqual(existing, item))) elements.push(item);
      }
      return this.writeMulti(target, elements, previousPrimaries);
    }

    const matches = this.elementFilter(target);
    const matched = elements.filter((item) => isJsonObject(item) && matches(item)) as JsonObject[];

    if (op === 'remove') {
      if (!target.sub) return this.write(target.resolved, elements.filter((item) => !matched.includes(item as JsonObject)));
      const subName = target.sub.name;
      const remaining = elements.filter((item) => {
        if (!matched.includes(item as JsonObject)) return true;
        delete (item as JsonObject)[subName];
        return !(subName === 'value' || isUnassigned(item));
      });
      return this.write(target.resolved, remaining);
    }

    if (!target.sub) {
      const incoming = normaliseElement(definition, value ?? null, target.text, this.settings);
      if (!isJsonObject(incoming)) throw badRequest('invalidValue', `"${target.text}" takes one object of sub-attributes, got ${JSON.stringify(value)}`);
      if (matched.length === 0) {
        if (op === 'replace') throw this.noTarget(target);
        elements.push({ ...filterDefaults(target.filter), ...incoming });
      } else {
        for (const item of matched) {
          const index = elements.indexOf(item);
          elements[index] = op === 'replace' ? incoming : { ...item, ...incoming };
        }
      }
      return this.writeMulti(target, elements, previousPrimaries);
    }

    const sub = target.sub;
    const normalised = normaliseElement(sub, value ?? null, target.text, this.settings);
    if (matched.length === 0) {
      const defaults = target.filter ? filterDefaults(target.filter) : undefined;
      // RFC 7644 §3.5.2.3 says noTarget here, but Entra's default dialect sends
      // `Replace emails[type eq "work"].value` for users that have no work email yet and expects
      // the entry to be created [INF: docs/entra-behaviour.md#update-user shows no preceding add]. A filter made only of
      // `eq` tests says exactly which entry to create, so that case creates it; others are noTarget.
      if (!defaults || normalised === undefined) throw this.noTarget(target);
      const created = normaliseElement(definition, { ...defaults, [sub.name]: normalised }, target.text, this.settings);
      if (created !== undefined) elements.push(created);
    } else {
      for (const item of matched) {
        if (normalised === undefined) delete item[sub.name];
        else item[sub.name] = normalised;
      }
    }
    return this.writeMulti(target, elements, previousPrimaries);
  }

  private noTarget(target: Target): ScimError {
    return badRequest('noTarget', `No value of "${target.resolved.definition.name}" matches "${target.text}"; nothing to replace (RFC 7644 §3.5.2.3)`);
  }

  /** RFC 7644 §3.5.2: a value newly set primary takes the flag from the previous primary. */
  private writeMulti(target: Target, elements: JsonValue[], previousPrimaries: ReadonlySet<JsonValue>): void {
    const primaries = elements.filter((item) => isJsonObject(item) && item.primary === true) as JsonObject[];
    if (primaries.length > 1 && this.settings.movePrimary !== false) {
      for (const item of primaries) if (previousPrimaries.has(item)) item.primary = false;
    }
    checkSinglePrimary(target.resolved.definition, elements, target.text);
    this.write(target.resolved, elements.length === 0 ? undefined : elements);
  }

  private effectiveMembers(): string[] {
    const delta = this.delta;
    if (!delta || !this.members) return [];
    const ids: string[] = [];
    if (!delta.cleared) for (const id of this.members.ids()) if (!delta.removed.has(id)) ids.push(id);
    for (const id of delta.added) ids.push(id);
    return ids;
  }

  private hasMember(id: string): boolean {
    const delta = this.delta;
    if (!delta || !this.members) return false;
    if (delta.added.has(id)) return true;
    return !delta.cleared && this.members.has(id) && !delta.removed.has(id);
  }

  private addMember(id: string): void {
    const delta = this.delta;
    if (!delta || !this.members || this.hasMember(id)) return;
    if (!delta.cleared && delta.removed.has(id)) delta.removed.delete(id);
    else delta.added.add(id);
  }

  private removeMember(id: string): void {
    const delta = this.delta;
    if (!delta || !this.members) return;
    if (delta.added.delete(id)) return;
    if (!delta.cleared && this.members.has(id)) delta.removed.add(id);
  }

  private memberIds(value: JsonValue | undefined, text: string, checkExists: boolean): string[] {
    const items = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
    return items.map((item) => {
      const member = typeof item === 'string' ? { value: item } : item;
      if (!isJsonObject(member)) throw badRequest('invalidValue', `"${text}" takes member objects such as {"value": "<user id>"}, got ${JSON.stringify(item)}`);
      const id = member[findKey(member, 'value') ?? 'value'];
      if (typeof id !== 'string' || id === '') {
        throw badRequest('invalidValue', `Each member needs "value": the id of a User, got ${JSON.stringify(item)}`);
      }
      const typeKey = findKey(member, 'type');
      const type = typeKey === undefined ? undefined : member[typeKey];
      if (type !== undefined && type !== null && (typeof type !== 'string' || type.toLowerCase() !== 'user')) {
        throw badRequest('invalidValue', `Member "${id}" has type ${JSON.stringify(type)}; this server's groups hold only Users (type "User")`);
      }
      if (checkExists && !this.settings.memberExists(id)) {
        throw badRequest('invalidValue', `Member "${id}" is not the id of an existing User; create the user first`);
      }
      return id;
    });
  }

  private applyToMembers(op: PatchOpName, target: Target, value: JsonValue | undefined): void {
    if (target.sub) {
      throw new ScimError(400, `"${target.text}": members' sub-attributes are immutable; add or remove whole members instead (RFC 7643 §4.2)`, 'mutability');
    }
    const delta = this.delta;
    if (!delta) return;
    if (!target.filter) {
      if (op === 'remove') {
        if (value === undefined || value === null) {
          delta.cleared = true;
          delta.added.clear();
          delta.removed.clear();
          return;
        }
        // Entra's default dialect: {"op":"Remove","path":"members","value":[{"value":"<id>"}]} (docs/entra-behaviour.md#patch-dialects).
        for (const id of this.memberIds(value, target.text, false)) this.removeMember(id);
        return;
      }
      const ids = this.memberIds(value, target.text, true);
      if (op === 'replace') {
        delta.cleared = true;
        delta.added.clear();
        delta.removed.clear();
      }
      for (const id of ids) this.addMember(id);
      return;
    }
    const direct = equalityValues(target.filter);
    const matched = direct
      ? direct.filter((id) => this.hasMember(id))
      : (() => {
          const test = this.elementFilter(target);
          return this.effectiveMembers().filter((id) => test({ value: id, type: 'User' }));
        })();
    if (op === 'remove') {
      for (const id of matched) this.removeMember(id);
      return;
    }
    if (matched.length === 0) throw this.noTarget(target);
    throw new ScimError(400, `"${target.text}": members' sub-attributes are immutable; remove the member and add another instead`, 'mutability');
  }
}

/** `value eq "a"` or `value eq "a" or value eq "b"`: ids named directly, no scan needed. */
function equalityValues(filter: FilterNode): string[] | undefined {
  if (filter.kind === 'compare' && filter.operator === 'eq' && typeof filter.value === 'string' && filter.attribute.uri === undefined && filter.attribute.subAttribute === undefined && filter.attribute.name.toLowerCase() === 'value') {
    return [filter.value];
  }
  if (filter.kind === 'or') {
    const left = equalityValues(filter.left);
    const right = left && equalityValues(filter.right);
    return left && right ? [...left, ...right] : undefined;
  }
  return undefined;
}

/** The sub-attribute values a conjunction of `eq` tests pins down, or undefined if it is anything else. */
function filterDefaults(filter: FilterNode | undefined): JsonObject | undefined {
  if (!filter) return {};
  if (filter.kind === 'compare' && filter.operator === 'eq' && filter.value !== null && filter.attribute.uri === undefined && filter.attribute.subAttribute === undefined) {
    return { [filter.attribute.name]: filter.value };
  }
  if (filter.kind === 'and') {
    const left = filterDefaults(filter.left);
    const right = left && filterDefaults(filter.right);
    return left && right ? { ...left, ...right } : undefined;
  }
  return undefined;
}

/** Whether an element is the one a remove-by-value item describes (same value where given, same type where given). */
function matchesListed(element: JsonValue, listed: JsonValue): boolean {
  if (!isJsonObject(element) || !isJsonObject(listed)) return jsonEqual(element, listed);
  return Object.keys(listed).every((key) => {
    const mine = element[key];
    const theirs = listed[key];
    return typeof mine === 'string' && typeof theirs === 'string' ? mine.toLowerCase() === theirs.toLowerCase() : jsonEqual(mine, theirs);
  });
}

function copyDelta(delta: MemberDelta | undefined): MemberDelta | undefined {
  return delta ? { cleared: delta.cleared, added: new Set(delta.added), removed: new Set(delta.removed) } : undefined;
}

function restoreDelta(target: MemberDelta | undefined, source: MemberDelta | undefined): void {
  if (!target || !source) return;
  target.cleared = source.cleared;
  target.added.clear();
  for (const id of source.added) target.added.add(id);
  target.removed.clear();
  for (const id of source.removed) target.removed.add(id);
}

/** Recomputes `schemas`: the core schema plus each extension that now holds a value (RFC 7643 §3). */
function refreshSchemas(resourceType: ResourceTypeDefinition, resource: JsonObject): void {
  const schemas = [resourceType.schema.id];
  for (const use of resourceType.extensions) {
    const key = findKey(resource, use.schema.id);
    if (key !== undefined && !isUnassigned(resource[key])) schemas.push(use.schema.id);
    else if (key !== undefined) delete resource[key];
  }
  resource.schemas = schemas;
}

/**
 * Applies the operations to a copy of `resource`. Atomic (the default): throws on the first
 * failing operation and nothing is changed. Not atomic: returns the state after the operations
 * that succeeded, with the error of the first one that did not.
 */
export function applyPatch(
  resourceType: ResourceTypeDefinition,
  resource: JsonObject,
  members: MemberState | undefined,
  operations: readonly PatchOperation[],
  settings: PatchSettings,
): PatchOutcome {
  const run = new PatchRun(resourceType, cloneJson(resource), members, settings);
  for (const operation of operations) {
    if (settings.atomic) {
      run.apply(operation);
      continue;
    }
    const before = cloneJson(run.resource);
    const deltaBefore = copyDelta(run.delta);
    try {
      run.apply(operation);
    } catch (error) {
      if (!(error instanceof ScimError)) throw error;
      run.resource = before;
      restoreDelta(run.delta, deltaBefore);
      refreshSchemas(resourceType, run.resource);
      return { resource: run.resource, ...(run.delta ? { members: run.delta } : {}), error };
    }
  }
  refreshSchemas(resourceType, run.resource);
  return { resource: run.resource, ...(run.delta ? { members: run.delta } : {}) };
}

/** Whether a delta changes the membership it applies to. */
export function deltaChanges(delta: MemberDelta | undefined, members: MemberState | undefined): boolean {
  if (!delta || !members) return false;
  return (delta.cleared && members.size > 0) || delta.added.size > 0 || delta.removed.size > 0;
}
