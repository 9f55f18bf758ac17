/**
 * `--mapping mapping.json`: attribute mappings merged over Entra's default custom-app map.
 * Format (JSON or YAML):
 *
 *   {"users":  {"enabled"?: bool, "schemas"?: [...], "attributes"?: AttributeMapping[]},
 *    "groups": {...},
 *    "scoping": {"scope"?: "assigned"|"all", "userFilters"?: Clause[][], "groupFilters"?: Clause[][]}}
 *
 * An `attributes` list replaces the default list of its object type, as editing the mapping in
 * the portal does. Everything is checked before the first request: the schema (ajv), then what
 * a schema cannot say — expressions, source attributes, target paths, matching precedence.
 */
import Ajv from 'ajv';
import { ConfigurationError } from '../errors';
import { closestName, formatJsonPath, readDataFile, schemaRejection, type FieldHints } from '../source/data-file';
import { isReferencePath, parseScimPath } from './attribute-path';
import { defaultMappingSet } from './default-mapping';
import { parseExpression, referencedAttributes, type Expression } from './expressions';
import mappingSchema from './mapping-schema.json';
import { type AttributeMapping, type MappingSet, type ObjectMapping, type ScopingClause, type ScopingConfig } from './mapping-types';
import { canonicalAttribute, GROUP_ATTRIBUTES, USER_ATTRIBUTES } from './source-attributes';

interface RawObjectMapping {
  enabled?: boolean;
  schemas?: string[];
  attributes?: AttributeMapping[];
}
interface RawMappingFile {
  users?: RawObjectMapping;
  groups?: RawObjectMapping;
  scoping?: Partial<ScopingConfig>;
}

// verbose: errors carry their parent schema, so an unknown property can be matched against the known ones.
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validateMappingFile = ajv.compile<RawMappingFile>(mappingSchema);

const HINTS: FieldHints = {
  users: 'an object such as {"attributes": [{"source": "userPrincipalName", "target": "userName", "matchingPrecedence": 1}]}',
  groups: 'an object such as {"enabled": false}',
  scoping: 'an object such as {"scope": "assigned", "userFilters": [[{"attribute": "department", "operator": "EQUALS", "value": "Sales"}]]}',
  enabled: 'true or false',
  schemas: 'schema URNs sent on create, e.g. ["urn:ietf:params:scim:schemas:core:2.0:User"]',
  attributes: 'a list of mappings, e.g. [{"source": "mail", "target": "emails[type eq \\"work\\"].value"}]',
  target: 'a SCIM attribute path, e.g. "name.givenName" or "emails[type eq \\"work\\"].value"',
  source: 'a source attribute such as "userPrincipalName", or an expression such as "Join(\\" \\", [givenName], [surname])"',
  matchingPrecedence: 'a whole number from 1; 1 is matched first',
  applyOn: '"always" or "create" (Only during creation)',
  isReference: 'true only for manager and members',
  scope: '"assigned" (Sync only assigned users and groups) or "all"',
  userFilters: 'a list of filters, each a list of clauses, e.g. [[{"attribute": "department", "operator": "EQUALS", "value": "Sales"}]]',
  groupFilters: 'a list of filters, each a list of clauses',
  attribute: 'a source attribute name, e.g. "department"',
  operator: 'e.g. "EQUALS", "IS TRUE", "REGEX MATCH"',
  value: 'a string, e.g. "Sales"',
};

const NEEDS_VALUE = new Set<ScopingClause['operator']>(['EQUALS', 'NOT EQUALS', 'REGEX MATCH', 'NOT REGEX MATCH', 'Greater_Than', 'Less_Than']);

export function loadMappingFile(file: string): MappingSet {
  const data = readDataFile(file, '--mapping ./mapping.json');
  if (!validateMappingFile(data)) throw schemaRejection(file, validateMappingFile.errors, data, HINTS, 'harness/mapping/mapping-schema.json', 'mapping file');
  const merged = mergeOverDefault(data);
  validateMappingSet(merged, file);
  return merged;
}

export function mergeOverDefault(file: RawMappingFile): MappingSet {
  const defaults = defaultMappingSet();
  const merge = (base: ObjectMapping, raw: RawObjectMapping | undefined): ObjectMapping => ({
    ...base,
    enabled: raw?.enabled ?? base.enabled,
    schemas: raw?.schemas ?? base.schemas,
    attributes: raw?.attributes ?? base.attributes,
  });
  return {
    users: merge(defaults.users, file.users),
    groups: merge(defaults.groups, file.groups),
    scoping: {
      scope: file.scoping?.scope ?? defaults.scoping.scope,
      userFilters: file.scoping?.userFilters ?? defaults.scoping.userFilters,
      groupFilters: file.scoping?.groupFilters ?? defaults.scoping.groupFilters,
    },
  };
}

/**
 * The rules a schema cannot state; throws ConfigurationError naming `origin`, the JSON path,
 * the rule and a fix. Usable on a MappingSet built in code as well as one loaded from a file.
 */
export function validateMappingSet(set: MappingSet, origin: string): void {
  const fail = (path: (string | number)[], rule: string, fix: string): never => {
    throw new ConfigurationError(`${origin}: ${formatJsonPath(path)} ${rule} (${fix})`);
  };
  checkObjectMapping(set.users, 'users', fail);
  checkObjectMapping(set.groups, 'groups', fail);
  checkFilters(set.scoping.userFilters, 'User', ['scoping', 'userFilters'], fail);
  checkFilters(set.scoping.groupFilters, 'Group', ['scoping', 'groupFilters'], fail);
}

type Fail = (path: (string | number)[], rule: string, fix: string) => never;

function checkObjectMapping(mapping: ObjectMapping, key: 'users' | 'groups', fail: Fail): void {
  const known = mapping.objectType === 'User' ? USER_ATTRIBUTES : GROUP_ATTRIBUTES;
  const targets = new Map<string, number>();
  const precedences = new Map<number, number>();
  mapping.attributes.forEach((attribute, i) => {
    const at = (field: string): (string | number)[] => [key, 'attributes', i, field];
    try {
      parseScimPath(attribute.target);
    } catch {
      fail(at('target'), `is not a SCIM attribute path Entra can write, got "${attribute.target}"`, 'use attribute, attribute.subAttribute, attribute[type eq "work"].subAttribute or a URN-qualified extension attribute, e.g. "name.givenName"');
    }
    const previous = targets.get(attribute.target.toLowerCase());
    if (previous !== undefined) fail(at('target'), `"${attribute.target}" is already mapped by ${key}.attributes[${previous}]`, 'map each target attribute once');
    targets.set(attribute.target.toLowerCase(), i);

    let expression: Expression;
    try {
      expression = parseExpression(attribute.source);
    } catch (error) {
      return fail(at('source'), `is not a valid expression: ${(error as Error).message}`, HINTS.source);
    }
    for (const name of referencedAttributes(expression)) {
      if (canonicalAttribute(mapping.objectType, name)) continue;
      const guess = closestName(name, known);
      fail(at('source'), `names "${name}", which is not a ${mapping.objectType.toLowerCase()} source attribute`, `${guess ? `did you mean "${guess}"? ` : ''}${mapping.objectType} attributes: ${known.join(', ')}`);
    }
    const referenceSource = expression.kind === 'attribute' && ['manager', 'members'].includes(canonicalAttribute(mapping.objectType, expression.name) ?? '');
    if (attribute.isReference && !referenceSource) fail(at('isReference'), `is true but the source "${attribute.source}" is not a reference attribute`, 'only manager (users) and members (groups) are references');
    if (referenceSource && !attribute.isReference) fail(at('isReference'), `must be true when the source is "${attribute.source}"`, 'add "isReference": true, so the value is resolved to the target id');

    if (attribute.matchingPrecedence !== undefined) {
      if (attribute.isReference || isReferencePath(attribute.target)) fail(at('matchingPrecedence'), 'is set on a reference attribute', 'match on an attribute the target can filter with eq, such as userName');
      const other = precedences.get(attribute.matchingPrecedence);
      if (other !== undefined) fail(at('matchingPrecedence'), `${attribute.matchingPrecedence} is already used by ${key}.attributes[${other}]`, 'give each matching attribute its own precedence: 1, 2, …');
      precedences.set(attribute.matchingPrecedence, i);
    }
  });
  // "Every user must have a value for at least one matching attribute" (docs/entra-behaviour.md#matching): without one, nothing can be matched.
  if (mapping.enabled && precedences.size === 0) {
    fail([key, 'attributes'], 'has no matching attribute', `set "matchingPrecedence": 1 on one mapping, e.g. ${mapping.objectType === 'User' ? 'userName' : 'displayName'}, or set "enabled": false`);
  }
}

function checkFilters(filters: ScopingConfig['userFilters'], objectType: 'User' | 'Group', base: (string | number)[], fail: Fail): void {
  const known = objectType === 'User' ? USER_ATTRIBUTES : GROUP_ATTRIBUTES;
  filters.forEach((filter, f) =>
    filter.forEach((clause, c) => {
      const at = (field: string): (string | number)[] => [...base, f, c, field];
      if (!canonicalAttribute(objectType, clause.attribute)) {
        const guess = closestName(clause.attribute, known);
        fail(at('attribute'), `"${clause.attribute}" is not a ${objectType.toLowerCase()} source attribute`, `${guess ? `did you mean "${guess}"? ` : ''}${objectType} attributes: ${known.join(', ')}`);
      }
      if (NEEDS_VALUE.has(clause.operator) && clause.value === undefined) fail(at('value'), `is required by ${clause.operator}`, HINTS.value);
      if ((clause.operator === 'REGEX MATCH' || clause.operator === 'NOT REGEX MATCH') && clause.value !== undefined) {
        try {
          new RegExp(clause.value);
        } catch (error) {
          fail(at('value'), `is not a valid regular expression (${(error as Error).message})`, 'e.g. "^Sales" or "@contoso\\\\.com$"');
        }
      }
      if ((clause.operator === 'Greater_Than' || clause.operator === 'Less_Than') && clause.value !== undefined && !/^-?\d+$/.test(clause.value)) {
        fail(at('value'), `must be an integer for ${clause.operator}, got "${clause.value}"`, 'Entra compares integers only, e.g. "100"');
      }
    }),
  );
}
