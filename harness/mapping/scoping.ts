/**
 * Entra's scoping step: is the object active in the source, assigned to the application (when
 * the scope is "Sync only assigned users and groups"), and does it pass the scoping filters?
 * Clauses in one filter are ANDed, separate filters ORed; no filter = everything passes.
 * Details carry the keys of Entra's scoping step in the provisioning log.
 */
import { type SourceGroup, type SourceUser } from '../source/source-types';
import { type MappingSet, type ScopingClause } from './mapping-types';
import { computedIsSoftDeleted, isGroup, readSourceAttribute, type SourceValue } from './source-attributes';

export interface AssignmentLookup {
  isAssigned(objectId: string): boolean;
}

export interface ScopeResult {
  readonly inScope: boolean;
  readonly details: Record<string, string>;
}

const regexCache = new Map<string, RegExp | null>();

/** [INF] .NET and JavaScript regular expressions agree on the patterns scoping filters use. */
function compiled(pattern: string): RegExp | null {
  if (!regexCache.has(pattern)) {
    try {
      regexCache.set(pattern, new RegExp(pattern));
    } catch {
      regexCache.set(pattern, null);
    }
  }
  return regexCache.get(pattern) ?? null;
}

function text(value: SourceValue): string | null {
  if (value === null) return null;
  return typeof value === 'boolean' ? (value ? 'True' : 'False') : value;
}

const INTEGER = /^-?\d+$/;

/**
 * One clause. EQUALS is case-sensitive on strings, as Entra documents; booleans compare as
 * "True"/"False" ignoring case [INF]. Greater_Than/Less_Than need integers on both sides,
 * else the clause fails. A missing value fails every clause except NOT EQUALS, IS NULL and
 * NOT REGEX MATCH [INF].
 */
export function evaluateClause(clause: ScopingClause, actual: SourceValue): boolean {
  const value = text(actual);
  const expected = clause.value ?? '';
  const equal = value !== null && (typeof actual === 'boolean' ? value.toLowerCase() === expected.toLowerCase() : value === expected);
  switch (clause.operator) {
    case 'EQUALS':
      return equal;
    case 'NOT EQUALS':
      return !equal;
    case 'IS TRUE':
      return value !== null && value.toLowerCase() === 'true';
    case 'IS FALSE':
      return value !== null && value.toLowerCase() === 'false';
    case 'IS NULL':
      return value === null;
    case 'IS NOT NULL':
      return value !== null;
    case 'REGEX MATCH':
      return value !== null && (compiled(expected)?.test(value) ?? false);
    case 'NOT REGEX MATCH':
      return value === null || !(compiled(expected)?.test(value) ?? false);
    case 'Greater_Than':
      return value !== null && INTEGER.test(value) && INTEGER.test(expected) && BigInt(value) > BigInt(expected);
    case 'Less_Than':
      return value !== null && INTEGER.test(value) && INTEGER.test(expected) && BigInt(value) < BigInt(expected);
  }
}

function describe(clause: ScopingClause): string {
  return clause.value === undefined ? `${clause.attribute} ${clause.operator}` : `${clause.attribute} ${clause.operator} "${clause.value}"`;
}

const bool = (value: boolean): string => (value ? 'True' : 'False');

export function evaluateScope(object: SourceUser | SourceGroup, mappingSet: MappingSet, directory: AssignmentLookup): ScopeResult {
  const group = isGroup(object);
  // A user blocked from sign-in is still active in the directory: it is in scope and gets disabled (docs/entra-behaviour.md#disable-enable).
  const active = !object.isSoftDeleted;
  const assigned = directory.isAssigned(object.objectId);
  const allObjects = mappingSet.scoping.scope === 'all';
  const filters = group ? mappingSet.scoping.groupFilters : mappingSet.scoping.userFilters;
  const results = filters.map((filter) =>
    filter.map((clause) => ({ clause: describe(clause), passed: evaluateClause(clause, readSourceAttribute(object, clause.attribute, computedIsSoftDeleted)) })),
  );
  const filtersPassed = results.length === 0 || results.some((clauses) => clauses.every((c) => c.passed));
  const inScope = active && (allObjects || assigned) && filtersPassed;
  return {
    inScope,
    details: {
      'Active in the source system': bool(active),
      'Assigned to the application': bool(assigned),
      Scope: allObjects ? 'Sync all users and groups' : 'Sync only assigned users and groups',
      'Scoping filter evaluation passed': bool(filtersPassed),
      ScopeEvaluationResult: JSON.stringify(results.map((clauses, i) => ({ filter: i + 1, passed: clauses.every((c) => c.passed), clauses }))),
    },
  };
}
