/**
 * Checks and normalises values written by clients against their attribute definitions
 * (RFC 7643 §2.3 data types, §2.4 multi-valued rules, §2.5 null = unassigned), storing them under
 * the schema's own spelling of each name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { badRequest } from './errors';
import { type JsonObject, type JsonValue, findKey, isJsonObject, isUnassigned } from './json';
import { type AttributeDefinition, findSubAttribute } from './schemas';

export interface ValueOptions {
  /**
   * Accept "True"/"False" (any case) for booleans: Entra's default PATCH dialect sends them as
   * strings (docs/entra-behaviour.md#patch-dialects), and its validator sends `"primary":"True"` in roles (docs/entra-behaviour.md#validator-tests).
   */
  readonly lenientBooleans: boolean;
  /**
   * The `require-object-manager` fault: a reference such as the manager only as `{"value": id}`,
   * never the bare string id Entra sends (docs/entra-behaviour.md#manager-reference).
   */
  readonly objectReferencesOnly?: boolean;
  /** The `store-string-booleans` fault: an accepted "True"/"False" is stored as the string it came as. */
  readonly storeStringBooleans?: boolean;
}

// xsd:dateTime (RFC 7643 §2.3.5): date, 'T', time, optional fraction and zone.
const XSD_DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

function invalid(path: string, rule: string, value: JsonValue): never {
  throw badRequest('invalidValue', `Attribute "${path}" ${rule}, got ${JSON.stringify(value)}`);
}

/**
 * writeOnly attributes (RFC 7643 §4.1.1 password: returned "never") are kept only as a salted
 * digest; a real service would use a slow KDF, this in-memory server stays fast for 100k users.
 */
export function digestSecret(secret: string): string {
  const salt = randomBytes(8).toString('hex');
  return `sha256$${salt}$${createHash('sha256').update(salt).update(secret).digest('hex')}`;
}

function normaliseSimple(definition: AttributeDefinition, value: JsonValue, path: string, options: ValueOptions): JsonValue | undefined {
  if (value === null) return undefined;
  switch (definition.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (options.lenientBooleans && typeof value === 'string' && /^(true|false)$/i.test(value)) return options.storeStringBooleans ? value : value.toLowerCase() === 'true';
      return invalid(path, 'is boolean: send true or false', value);
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      return invalid(path, 'is an integer', value);
    case 'decimal':
      if (typeof value === 'number') return value;
      return invalid(path, 'is a decimal number', value);
    case 'dateTime':
      if (typeof value === 'string' && XSD_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))) return value;
      return invalid(path, 'is an xsd:dateTime such as "2026-01-31T12:00:00Z"', value);
    case 'complex':
      return invalid(path, 'is complex', value);
    default:
      if (typeof value !== 'string') return invalid(path, `is a ${definition.type}: send a JSON string`, value);
      return definition.mutability === 'writeOnly' ? digestSecret(value) : value;
  }
}

function normaliseComplex(definition: AttributeDefinition, value: JsonValue, path: string, options: ValueOptions): JsonObject | undefined {
  if (value === null) return undefined;
  let object: JsonValue = value;
  // Entra sends the manager reference as a bare id or as a one-element array of {value,$ref}
  // (docs/entra-behaviour.md#update-user); both mean the same single complex value.
  if (typeof object === 'string' && findSubAttribute(definition, 'value')) {
    if (options.objectReferencesOnly) return invalid(path, 'is complex: send {"value": "<id>"}, not the bare id', value);
    object = { value: object };
  }
  if (Array.isArray(object) && object.length === 1 && !definition.multiValued) object = object[0];
  if (!isJsonObject(object)) return invalid(path, 'is complex: send an object of its sub-attributes', value);
  const result: JsonObject = {};
  for (const key of Object.keys(object)) {
    const sub = findSubAttribute(definition, key);
    // RFC 7643 §2.2: readOnly values sent by a client are ignored; unknown ones too (RFC 7644 §3.3).
    if (!sub || sub.mutability === 'readOnly') continue;
    const normalised = normaliseSimple(sub, object[key], `${path}.${sub.name}`, options);
    if (normalised !== undefined) result[sub.name] = normalised;
  }
  return Object.keys(result).length === 0 ? undefined : result;
}

/** One value of the attribute, ignoring multiValued (PATCH adds values one element at a time). */
export function normaliseElement(definition: AttributeDefinition, value: JsonValue, path: string, options: ValueOptions): JsonValue | undefined {
  return definition.type === 'complex' ? normaliseComplex(definition, value, path, options) : normaliseSimple(definition, value, path, options);
}

/** RFC 7643 §2.4: "primary" may be true for at most one value. */
export function checkSinglePrimary(definition: AttributeDefinition, values: readonly JsonValue[], path: string): void {
  if (!findSubAttribute(definition, 'primary')) return;
  const primaries = values.filter((item) => isJsonObject(item) && item.primary === true).length;
  if (primaries > 1) {
    throw badRequest('invalidValue', `Attribute "${path}" has ${primaries} values with "primary": true; at most one may be primary`);
  }
}

/** The whole attribute value; undefined means unassigned. */
export function normaliseAttribute(definition: AttributeDefinition, value: JsonValue, path: string, options: ValueOptions): JsonValue | undefined {
  if (!definition.multiValued) return normaliseElement(definition, value, path, options);
  if (value === null) return undefined;
  // A lone value for a multi-valued attribute is read as a one-element list (lenient reading of RFC 7643 §2.4).
  const items = Array.isArray(value) ? value : [value];
  const result: JsonValue[] = [];
  for (const item of items) {
    const normalised = normaliseElement(definition, item, path, options);
    if (normalised !== undefined && !isUnassigned(normalised)) result.push(normalised);
  }
  checkSinglePrimary(definition, result, path);
  return result.length === 0 ? undefined : result;
}

/** Reads a sub-attribute of a stored complex value by its canonical name. */
export function readSub(object: JsonObject, name: string): JsonValue | undefined {
  const key = findKey(object, name);
  return key === undefined ? undefined : object[key];
}
