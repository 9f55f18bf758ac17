/**
 * Whether a resource the target returned can be read into the shape Entra's SCIM client
 * deserialises it into. A response that parses as JSON can still fail there: a target returning
 * `manager` as a plain string made Entra fail the entry with
 * `SystemForCrossDomainIdentityManagementServiceIncompatible`, "We are not able to deserialize the
 * resource received from your SCIM endpoint …" (docs/entra-behaviour.md#status-to-error-code,
 * C-BUDI15369). Only the attributes Entra reads back are judged, against their RFC 7643 types;
 * an absent or null attribute is not a shape problem.
 */
import { type IdentityType } from '../contract/log-entry';

export interface ShapeProblem {
  /** Where in the body, e.g. `manager` or `Resources[0].emails`. */
  readonly path: string;
  /** What Entra expects there. */
  readonly expected: string;
  /** The JSON type the target sent. */
  readonly got: string;
}

const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

type Expected = 'string' | 'boolean' | 'complex' | 'multi';

const EXPECTED_TEXT: Readonly<Record<Expected, string>> = {
  string: 'a string',
  boolean: 'a boolean',
  complex: 'a complex object',
  multi: 'an array of complex objects',
};

/** RFC 7643 §4.1 (User), §4.2 (Group), §3.1 (id): the attributes Entra reads, with their types. */
const USER_ATTRIBUTES: readonly (readonly [string, Expected])[] = [
  ['id', 'string'],
  ['userName', 'string'],
  ['displayName', 'string'],
  ['active', 'boolean'],
  ['emails', 'multi'],
  ['phoneNumbers', 'multi'],
  ['addresses', 'multi'],
];

const GROUP_ATTRIBUTES: readonly (readonly [string, Expected])[] = [
  ['id', 'string'],
  ['displayName', 'string'],
  ['members', 'multi'],
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** The problem with one value, or null; `multi` also judges each element. */
function valueProblem(path: string, value: unknown, expected: Expected): ShapeProblem | null {
  if (value === undefined || value === null) return null;
  const problem = (at: string, got: unknown, want: Expected): ShapeProblem => ({ path: at, expected: EXPECTED_TEXT[want], got: jsonType(got) });
  switch (expected) {
    case 'string':
      return typeof value === 'string' ? null : problem(path, value, expected);
    case 'boolean':
      // "True"/"False" strings are what Entra sends in its default dialect, not what it reads back (RFC 7643 §2.3.2).
      return typeof value === 'boolean' ? null : problem(path, value, expected);
    case 'complex':
      return isRecord(value) ? null : problem(path, value, expected);
    case 'multi': {
      if (!Array.isArray(value)) return problem(path, value, expected);
      const index = value.findIndex((element) => !isRecord(element));
      return index === -1 ? null : { path: `${path}[${index}]`, expected: EXPECTED_TEXT.complex, got: jsonType(value[index]) };
    }
  }
}

/** The first attribute of one resource Entra could not deserialise, or null. `prefix` names where the resource sits. */
export function resourceShapeProblem(resource: unknown, objectType: IdentityType, prefix = ''): ShapeProblem | null {
  if (!isRecord(resource)) return { path: prefix === '' ? '(body)' : prefix.replace(/\.$/, ''), expected: 'a JSON object', got: jsonType(resource) };
  const attributes = objectType === 'User' ? USER_ATTRIBUTES : GROUP_ATTRIBUTES;
  for (const [name, expected] of attributes) {
    const found = valueProblem(`${prefix}${name}`, resource[name], expected);
    if (found) return found;
  }
  if (objectType !== 'User') return null;
  const extension = resource[ENTERPRISE_USER];
  const extensionProblem = valueProblem(`${prefix}${ENTERPRISE_USER}`, extension, 'complex');
  if (extensionProblem) return extensionProblem;
  // RFC 7643 §4.3: manager is a complex attribute ({value, $ref, displayName}), never a bare id.
  return isRecord(extension) ? valueProblem(`${prefix}${ENTERPRISE_USER}:manager`, extension.manager, 'complex') : null;
}

/** The first resource of a ListResponse Entra could not deserialise, or null (the envelope is judged elsewhere). */
export function listShapeProblem(body: unknown, objectType: IdentityType): ShapeProblem | null {
  if (!isRecord(body) || !Array.isArray(body.Resources)) return null;
  for (const [index, resource] of body.Resources.entries()) {
    const found = resourceShapeProblem(resource, objectType, `Resources[${index}].`);
    if (found) return found;
  }
  return null;
}

/** One sentence naming the attribute, for a log entry's reason. */
export function describeShapeProblem(problem: ShapeProblem): string {
  return `the attribute ${problem.path} is ${problem.got} where Entra expects ${problem.expected}`;
}
