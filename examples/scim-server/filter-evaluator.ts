/**
 * Compiles a parsed filter into a predicate, resolving every name against the resource type's
 * schemas first, so type errors are 400 invalidFilter before any resource is looked at
 * (RFC 7644 §3.4.2.2), and evaluation is a plain function call per resource.
 */
import { type AttributePath, type CompareOperator, type FilterNode } from './filter-parser';
import { type ResolvedAttribute, readAttribute, resolveAttributePath } from './attribute-paths';
import { type ScimError, badRequest } from './errors';
import { type JsonObject, type JsonPrimitive, type JsonValue, findKey, isJsonObject, isUnassigned } from './json';
import { type AttributeDefinition, type ResourceTypeDefinition, findSubAttribute } from './schemas';

export interface FilterOptions {
  /** Compare every string case-sensitively (the `case-sensitive-filter` fault); RFC 7643 §2.2 says honour caseExact. */
  readonly forceCaseExact: boolean;
  /** Accept "True"/"False" strings for boolean attributes, as Entra's validator sends them (docs/entra-behaviour.md#update-user, docs/entra-behaviour.md#validator-tests). */
  readonly lenientBooleans: boolean;
  /** The `filter-orders-booleans` fault: gt/ge/lt/le on a boolean are evaluated (false < true) instead of refused. */
  readonly orderBooleans?: boolean;
  /**
   * A filter on a User's `userName` compares the first e-mail address instead (the
   * `filter-other-attribute` fault); RFC 7644 §3.4.2.2 says the filter compares the attribute it names.
   */
  readonly userNameReadsFirstEmail?: boolean;
}

export type ResourcePredicate = (target: JsonObject) => boolean;

export interface CompiledFilter {
  readonly test: ResourcePredicate;
  /** Lower-cased top-level attribute names the filter reads (lets the store skip building costly views). */
  readonly reads: ReadonlySet<string>;
}

/** Where names are looked up: the resource type, or the sub-attributes of one complex attribute. */
interface Leaf {
  readonly definition: AttributeDefinition;
  readonly read: (target: JsonObject) => JsonValue[];
}

interface Scope {
  leaf(path: AttributePath): Leaf;
  collection(path: AttributePath): { definition: AttributeDefinition; read: (target: JsonObject) => JsonObject[] };
  readonly reads: Set<string>;
}

function unknownAttribute(path: AttributePath, where: string): ScimError {
  return badRequest('invalidFilter', `Invalid filter: "${path.text}" is not an attribute of ${where}`);
}

function asList(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function readKey(target: JsonObject, name: string): JsonValue | undefined {
  const key = findKey(target, name);
  return key === undefined ? undefined : target[key];
}

function complexValueSub(definition: AttributeDefinition, path: AttributePath): AttributeDefinition {
  // RFC 7644 §3.4.2.2 compares complex attributes through their "value" sub-attribute, which is
  // also how Entra's manager check `manager eq "<id>"` reads (docs/entra-behaviour.md#manager-reference).
  const value = findSubAttribute(definition, 'value');
  if (!value) {
    throw badRequest('invalidFilter', `Invalid filter: "${path.text}" is a complex attribute; name one of its sub-attributes (e.g. "${path.text}.${definition.subAttributes?.[0]?.name ?? 'value'}")`);
  }
  return value;
}

/** The `filter-other-attribute` fault: `userName` read as the value of the user's first e-mail address. */
function firstEmailLeaf(resourceType: ResourceTypeDefinition, path: AttributePath, reads: Set<string>): Leaf | undefined {
  const emails = resourceType.schema.attributes.find((attribute) => attribute.name === 'emails');
  const value = emails && findSubAttribute(emails, 'value');
  if (!value) return undefined;
  reads.add('emails');
  return {
    definition: value,
    read: (target) => {
      const first = asList(readKey(target, 'emails'))[0];
      return isJsonObject(first) ? asList(readKey(first, 'value')) : [];
    },
  };
}

function resourceScope(resourceType: ResourceTypeDefinition, options: FilterOptions): Scope {
  const reads = new Set<string>();
  const resolve = (path: AttributePath): ResolvedAttribute => {
    const resolved = resolveAttributePath(resourceType, path);
    if (!resolved || resolved.kind !== 'attribute') throw unknownAttribute(path, `a ${resourceType.name}`);
    if (resolved.definition.returned === 'never') {
      throw badRequest('invalidFilter', `Invalid filter: "${path.text}" is never returned and cannot be filtered on`);
    }
    reads.add((resolved.extension ?? resolved.definition.name).toLowerCase());
    return resolved;
  };
  return {
    reads,
    leaf(path) {
      const resolved = resolve(path);
      const outer = resolved.definition;
      if (options.userNameReadsFirstEmail && resourceType.name === 'User' && outer.name === 'userName' && !resolved.extension) {
        const swapped = firstEmailLeaf(resourceType, path, reads);
        if (swapped) return swapped;
      }
      const sub = resolved.subDefinition ?? (outer.type === 'complex' ? complexValueSub(outer, path) : undefined);
      if (!sub) return { definition: outer, read: (target) => asList(readAttribute(target, resolved)) };
      return {
        definition: sub,
        read: (target) =>
          asList(readAttribute(target, resolved)).flatMap((item) => (isJsonObject(item) ? asList(readKey(item, sub.name)) : [])),
      };
    },
    collection(path) {
      const resolved = resolve(path);
      if (resolved.subDefinition || resolved.definition.type !== 'complex') {
        throw badRequest('invalidFilter', `Invalid filter: "${path.text}[…]" needs a complex attribute before "["`);
      }
      return { definition: resolved.definition, read: (target) => asList(readAttribute(target, resolved)).filter(isJsonObject) };
    },
  };
}

function elementScope(parent: AttributeDefinition): Scope {
  return {
    reads: new Set<string>(),
    leaf(path) {
      const sub = path.uri === undefined && path.subAttribute === undefined ? findSubAttribute(parent, path.name) : undefined;
      if (!sub) throw unknownAttribute(path, `"${parent.name}" (sub-attributes: ${(parent.subAttributes ?? []).map((s) => s.name).join(', ')})`);
      return { definition: sub, read: (element) => asList(readKey(element, sub.name)) };
    },
    collection(path) {
      throw badRequest('invalidFilter', `Invalid filter: value filters cannot be nested ("${path.text}[")`);
    },
  };
}

function coerceBooleanLiteral(value: JsonPrimitive, options: FilterOptions, path: AttributePath): boolean {
  if (typeof value === 'boolean') return value;
  if (options.lenientBooleans && typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw badRequest('invalidFilter', `Invalid filter: "${path.text}" is boolean; compare it with true or false, got ${JSON.stringify(value)}`);
}

function stringOps(operator: CompareOperator, literal: string, normalise: (s: string) => string): (value: string) => boolean {
  const expected = normalise(literal);
  switch (operator) {
    case 'eq':
    case 'ne':
      return (value) => normalise(value) === expected;
    case 'co':
      return (value) => normalise(value).includes(expected);
    case 'sw':
      return (value) => normalise(value).startsWith(expected);
    case 'ew':
      return (value) => normalise(value).endsWith(expected);
    case 'gt':
      return (value) => normalise(value) > expected;
    case 'ge':
      return (value) => normalise(value) >= expected;
    case 'lt':
      return (value) => normalise(value) < expected;
    case 'le':
      return (value) => normalise(value) <= expected;
  }
}

function orderOps(operator: CompareOperator, expected: number): (value: number) => boolean {
  switch (operator) {
    case 'gt':
      return (value) => value > expected;
    case 'ge':
      return (value) => value >= expected;
    case 'lt':
      return (value) => value < expected;
    case 'le':
      return (value) => value <= expected;
    default:
      return (value) => value === expected;
  }
}

function compileComparison(leaf: Leaf, path: AttributePath, operator: CompareOperator, literal: JsonPrimitive, options: FilterOptions): ResourcePredicate {
  const definition = leaf.definition;
  if (literal === null) {
    if (operator !== 'eq' && operator !== 'ne') {
      throw badRequest('invalidFilter', `Invalid filter: null can only be compared with eq or ne ("${path.text} ${operator} null")`);
    }
    const assigned: ResourcePredicate = (target) => leaf.read(target).some((value) => !isUnassigned(value));
    return operator === 'eq' ? (target) => !assigned(target) : assigned;
  }
  let matchOne: (value: JsonValue) => boolean;
  switch (definition.type) {
    case 'boolean': {
      if (operator !== 'eq' && operator !== 'ne' && options.orderBooleans !== true) {
        throw badRequest('invalidFilter', `Invalid filter: "${path.text}" is boolean; only eq, ne and pr apply, not ${operator}`);
      }
      const expected = coerceBooleanLiteral(literal, options, path);
      const order = operator === 'eq' || operator === 'ne' ? undefined : orderOps(operator, Number(expected));
      matchOne = (value) => (order ? typeof value === 'boolean' && order(Number(value)) : value === expected);
      break;
    }
    case 'integer':
    case 'decimal': {
      if (typeof literal !== 'number' || ['co', 'sw', 'ew'].includes(operator)) {
        throw badRequest('invalidFilter', `Invalid filter: "${path.text}" is a number; compare it with eq ne gt ge lt le and an unquoted number`);
      }
      const test = orderOps(operator, literal);
      matchOne = (value) => typeof value === 'number' && test(value);
      break;
    }
    case 'dateTime': {
      if (typeof literal !== 'string') {
        throw badRequest('invalidFilter', `Invalid filter: "${path.text}" is a dateTime; compare it with a quoted xsd:dateTime string`);
      }
      if (['co', 'sw', 'ew'].includes(operator)) {
        const test = stringOps(operator, literal, (s) => s);
        matchOne = (value) => typeof value === 'string' && test(value);
        break;
      }
      const expected = Date.parse(literal);
      if (Number.isNaN(expected)) {
        throw badRequest('invalidFilter', `Invalid filter: ${JSON.stringify(literal)} is not a dateTime (e.g. "2026-01-31T12:00:00Z")`);
      }
      const test = orderOps(operator, expected);
      matchOne = (value) => typeof value === 'string' && test(Date.parse(value));
      break;
    }
    default: {
      if (typeof literal !== 'string') {
        throw badRequest('invalidFilter', `Invalid filter: "${path.text}" is a string; quote the value, e.g. "${String(literal)}"`);
      }
      if (definition.type === 'binary' && ['gt', 'ge', 'lt', 'le'].includes(operator)) {
        throw badRequest('invalidFilter', `Invalid filter: "${path.text}" is binary; ordering operators do not apply`);
      }
      const caseExact = definition.caseExact || options.forceCaseExact;
      const test = stringOps(operator, literal, caseExact ? (s) => s : (s) => s.toLowerCase());
      matchOne = (value) => typeof value === 'string' && test(value);
    }
  }
  const any: ResourcePredicate = (target) => leaf.read(target).some(matchOne);
  return operator === 'ne' ? (target) => !any(target) : any;
}

function compileNode(node: FilterNode, scope: Scope, options: FilterOptions): ResourcePredicate {
  switch (node.kind) {
    case 'and': {
      const left = compileNode(node.left, scope, options);
      const right = compileNode(node.right, scope, options);
      return (target) => left(target) && right(target);
    }
    case 'or': {
      const left = compileNode(node.left, scope, options);
      const right = compileNode(node.right, scope, options);
      return (target) => left(target) || right(target);
    }
    case 'not': {
      const operand = compileNode(node.operand, scope, options);
      return (target) => !operand(target);
    }
    case 'present': {
      const leaf = scope.leaf(node.attribute);
      return (target) => leaf.read(target).some((value) => !isUnassigned(value) && value !== '');
    }
    case 'compare':
      return compileComparison(scope.leaf(node.attribute), node.attribute, node.operator, node.value, options);
    case 'valuePath': {
      const collection = scope.collection(node.attribute);
      const inner = compileNode(node.filter, elementScope(collection.definition), options);
      return (target) => collection.read(target).some(inner);
    }
  }
}

export function compileFilter(node: FilterNode, resourceType: ResourceTypeDefinition, options: FilterOptions): CompiledFilter {
  const scope = resourceScope(resourceType, options);
  const test = compileNode(node, scope, options);
  return { test, reads: scope.reads };
}

/** A predicate over the elements of one multi-valued complex attribute (PATCH value paths). */
export function compileElementFilter(node: FilterNode, attribute: AttributeDefinition, options: FilterOptions): (element: JsonObject) => boolean {
  return compileNode(node, elementScope(attribute), options);
}

/** Indexed attributes: equality on these is answered from the store's maps, not by a scan. */
export type IndexedAttribute = 'id' | 'externalId' | 'userName' | 'displayName';
export interface IndexTerm {
  readonly attribute: IndexedAttribute;
  readonly value: string;
}

/**
 * Equality terms whose lookups together cover every match (a superset; the compiled predicate
 * still runs on each candidate). Undefined when a full scan is needed.
 */
export function findIndexTerms(node: FilterNode, resourceType: ResourceTypeDefinition): IndexTerm[] | undefined {
  switch (node.kind) {
    case 'compare': {
      if (node.operator !== 'eq' || typeof node.value !== 'string') return undefined;
      const resolved = resolveAttributePath(resourceType, node.attribute);
      if (!resolved || resolved.kind !== 'attribute' || resolved.extension || resolved.subDefinition) return undefined;
      const name = resolved.definition.name;
      const indexed: IndexedAttribute[] = resourceType.name === 'User' ? ['id', 'externalId', 'userName'] : ['id', 'externalId', 'displayName'];
      return (indexed as string[]).includes(name) ? [{ attribute: name as IndexedAttribute, value: node.value }] : undefined;
    }
    case 'and':
      return findIndexTerms(node.left, resourceType) ?? findIndexTerms(node.right, resourceType);
    case 'or': {
      const left = findIndexTerms(node.left, resourceType);
      const right = left && findIndexTerms(node.right, resourceType);
      return left && right ? [...left, ...right] : undefined;
    }
    default:
      return undefined;
  }
}
