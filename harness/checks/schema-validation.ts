/**
 * Schema checks: every resource a response returns validates against the RFC 7643 / RFC 7644
 * shape written in scim-schemas.ts. Validators are compiled once, at module load.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { type CheckOutcome, type ExchangeCheck, type ExchangeContext } from './check-types';
import {
  attributeListOf,
  describe,
  discoveryEndpointOf,
  type DiscoveryEndpoint,
  getAttribute,
  hasSchema,
  isJsonObject,
  isSuccess,
  type JsonObject,
  listResourcesOf,
  MAX_VALIDATED_RESOURCES,
  responseObjectOf,
  returnedResourcesOf,
  URN,
} from './exchange-facts';
import {
  errorSchema,
  groupSchema,
  listResponseSchema,
  resourceTypeSchema,
  schemaDefinitionSchema,
  serviceProviderConfigSchema,
  userSchema,
  XSD_DATE_TIME_FORMAT,
} from './scim-schemas';
import { FirstFew, groupDigits } from './first-few';
import { isUnassigned } from './scim-values';

export type ScimDocumentKind = 'User' | 'Group' | 'ListResponse' | 'Error' | 'ServiceProviderConfig' | 'ResourceType' | 'Schema';

export interface SchemaViolation {
  readonly instancePath: string;
  readonly message: string;
}

/** xsd:dateTime (RFC 7643 §2.3.5): date and time required, fraction and zone optional. */
const XSD_DATE_TIME =
  /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-](0\d|1[0-4]):[0-5]\d)?$/;

const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, verbose: true });
addFormats(ajv, ['uri-reference']);
ajv.addFormat(XSD_DATE_TIME_FORMAT, XSD_DATE_TIME);

const VALIDATORS: Readonly<Record<ScimDocumentKind | 'UserPartial' | 'GroupPartial', ValidateFunction>> = {
  User: ajv.compile(userSchema(false)),
  UserPartial: ajv.compile(userSchema(true)),
  Group: ajv.compile(groupSchema(false)),
  GroupPartial: ajv.compile(groupSchema(true)),
  ListResponse: ajv.compile(listResponseSchema),
  Error: ajv.compile(errorSchema),
  ServiceProviderConfig: ajv.compile(serviceProviderConfigSchema),
  ResourceType: ajv.compile(resourceTypeSchema),
  Schema: ajv.compile(schemaDefinitionSchema),
};

/** Canonical attribute names by lower case, from every schema above (RFC 7643 §2.1). */
const CANONICAL_NAMES: ReadonlyMap<string, string> = (() => {
  const names = new Map<string, string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isJsonObject(node)) {
      const properties = node.properties;
      if (isJsonObject(properties)) for (const key of Object.keys(properties)) names.set(key.toLowerCase(), key);
      Object.values(node).forEach(visit);
    }
  };
  [userSchema(false), groupSchema(false), listResponseSchema, errorSchema, serviceProviderConfigSchema, resourceTypeSchema, schemaDefinitionSchema].forEach(visit);
  return names;
})();

/** Spellings that are their own canonical name: most keys of most documents. */
const CANONICAL_SPELLINGS: ReadonlySet<string> = new Set(CANONICAL_NAMES.values());

/**
 * RFC 7643 §2.1: attribute names are case-insensitive, so `UserName` is a valid spelling of
 * `userName`. Keys are renamed to the canonical case before validation (a copy; the recorded
 * body is never touched) so that spelling is not reported as a missing attribute. A document
 * already spelt canonically is validated as it is: copying every response was most of the cost
 * of schema checking.
 */
function canonicalize(value: unknown): unknown {
  return needsCanonicalCopy(value) ? canonicalCopy(value) : value;
}

function canonicalCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalCopy);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    out[canonicalNameIn(value, key)] = canonicalCopy(child);
  }
  return out;
}

function canonicalNameIn(object: JsonObject, key: string): string {
  if (CANONICAL_SPELLINGS.has(key)) return key;
  const canonical = CANONICAL_NAMES.get(key.toLowerCase());
  return canonical !== undefined && !(canonical in object) ? canonical : key;
}

/**
 * Whether the copy would differ from the value: a key renamed, or an own `__proto__` key (which
 * the copy's assignment turns into its prototype, and validation must see the same thing).
 */
function needsCanonicalCopy(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) if (needsCanonicalCopy(value[i])) return true;
    return false;
  }
  const object = value as JsonObject;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    if (!CANONICAL_SPELLINGS.has(key) && (key === '__proto__' || canonicalNameIn(object, key) !== key)) return true;
    if (needsCanonicalCopy(object[key])) return true;
  }
  return false;
}

function messageOf(error: ErrorObject): string {
  const got = error.keyword === 'required' || error.keyword === 'contains' ? '' : ` (got ${describe(error.data, 60)})`;
  switch (error.keyword) {
    case 'type': {
      const types = ([] as unknown[]).concat(error.params.type as unknown);
      return `must be ${types.join(' or ')}${got}`;
    }
    case 'contains': {
      const parent = error.parentSchema as { contains?: { const?: unknown } } | undefined;
      const wanted = parent?.contains?.const;
      return wanted !== undefined ? `must contain ${JSON.stringify(wanted)}` : `${error.message ?? 'is invalid'}`;
    }
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).filter((v) => v !== null).join(', ')}${got}`;
    default:
      return `${error.message ?? 'is invalid'}${got}`;
  }
}

/** Violations shown in a finding's text; the rest are counted ("… and 999,990 more"). */
export const SHOWN_VIOLATIONS = 8;

interface ValidationOptions {
  readonly partial?: boolean;
  readonly pathPrefix?: string;
}

/**
 * Validates one document into `into`: violations keep ajv's instancePath, prefixed with
 * `pathPrefix`. Once `into` is full the rest are only counted, never formatted, so a million
 * deviating resources cost a count each, not a message each.
 */
function collectViolations(kind: ScimDocumentKind, document: unknown, options: ValidationOptions, into: FirstFew<SchemaViolation>): void {
  const key = options.partial && (kind === 'User' || kind === 'Group') ? (`${kind}Partial` as const) : kind;
  const validate = VALIDATORS[key];
  if (validate(canonicalize(document))) return;
  const prefix = options.pathPrefix ?? '';
  for (const error of validate.errors ?? []) {
    // `if`/`then` reports the inner `required` error already, and `contains` reports the one
    // useful line ("must contain <URN>") after a per-item error for every other item.
    if (error.keyword === 'if' || error.schemaPath.includes('/contains/')) continue;
    if (into.full) into.skip();
    else into.add({ instancePath: `${prefix}${error.instancePath}`, message: messageOf(error) });
  }
}

/** Validates one document; violations keep ajv's instancePath, prefixed with `pathPrefix`. */
export function validateScimDocument(kind: ScimDocumentKind, document: unknown, options: ValidationOptions = {}): SchemaViolation[] {
  const all = new FirstFew<SchemaViolation>(Number.POSITIVE_INFINITY);
  collectViolations(kind, document, options, all);
  return all.items;
}

/** "`/active` must be boolean or null (got "yes"); `/` must have required property 'id'". */
export function formatViolations(violations: readonly SchemaViolation[], limit = SHOWN_VIOLATIONS): string {
  const more = violations.length > limit ? `; … and ${groupDigits(violations.length - limit)} more` : '';
  return `${violations.slice(0, limit).map(violationText).join('; ')}${more}`;
}

/** The violations kept, then how many more there were. */
function formatSample(sample: FirstFew<SchemaViolation>): string {
  return `${sample.items.map(violationText).join('; ')}${sample.moreText()}`;
}

function violationText(violation: SchemaViolation): string {
  return `${violation.instancePath || '/'} ${violation.message}`;
}

/**
 * RFC 7644 §3.4.2.5: with `attributes`/`excludedAttributes` a resource may legitimately lack
 * "default" attributes, and Entra accepts a PATCH 200 without the whole resource (docs/entra-behaviour.md#update-user: "It isn't necessary to include the entire resource in the PATCH response"), so only
 * types are judged then.
 */
function isPartialResponse(ctx: ExchangeContext): boolean {
  return (
    ctx.operation === 'patch' ||
    attributeListOf(ctx.facts, 'attributes') !== undefined ||
    attributeListOf(ctx.facts, 'excludedAttributes') !== undefined
  );
}

function looksLikeListResponse(body: JsonObject): boolean {
  return hasSchema(body, URN.listResponse) || listResourcesOf(body) !== undefined;
}

const SINGLE_RESOURCE_OPERATIONS: ReadonlySet<string> = new Set(['create', 'read', 'replace', 'patch']);
const LIST_OPERATIONS: ReadonlySet<string> = new Set(['filter', 'search']);

function resourceOutcome(ctx: ExchangeContext, kind: 'User' | 'Group'): CheckOutcome | null {
  const body = responseObjectOf(ctx.exchange);
  if (!body) return null;
  const partial = isPartialResponse(ctx);
  const violations = new FirstFew<SchemaViolation>(SHOWN_VIOLATIONS);
  if (LIST_OPERATIONS.has(ctx.operation)) {
    // One pass, each resource's violations added to one bounded sample: a ListResponse of a
    // million resources costs a million validations, never a million concatenations.
    const resources = listResourcesOf(body) ?? [];
    const validated = Math.min(resources.length, MAX_VALIDATED_RESOURCES);
    for (let index = 0; index < validated; index += 1) {
      const resource = resources[index];
      if (isJsonObject(resource)) collectViolations(kind, resource, { partial, pathPrefix: `/Resources/${index}` }, violations);
    }
  } else {
    // A ListResponse where one resource belongs is the protocol rules' finding, not a schema one.
    if (looksLikeListResponse(body)) return null;
    collectViolations(kind, body, { partial }, violations);
  }
  if (violations.total === 0) return null;
  const section = kind === 'User' ? '§4.1' : '§4.2';
  return {
    expected: `${kind} resources shaped as RFC 7643 ${section} defines them${partial ? ' (types only: partial response)' : ''}`,
    actual: formatSample(violations),
  };
}

function resourceCheckApplies(ctx: ExchangeContext, kind: 'User' | 'Group'): boolean {
  return (
    ctx.objectType === kind &&
    isSuccess(ctx.exchange) &&
    ctx.exchange.response?.parseError === undefined &&
    (SINGLE_RESOURCE_OPERATIONS.has(ctx.operation) || LIST_OPERATIONS.has(ctx.operation))
  );
}

const userResourceCheck: ExchangeCheck = {
  id: 'schema/user-resource',
  severity: 'required',
  severityReason: 'Entra fails: it cannot deserialise a User whose attributes break their RFC 7643 §2.3 types (docs/entra-behaviour.md#status-to-error-code)',
  spec: 'RFC 7643 §4.1, §8.7.1',
  title: 'User resource does not match the RFC 7643 User schema',
  fix: 'Return Users with id, userName and schemas [core User URN], with each attribute in its RFC 7643 type.',
  appliesTo: (ctx) => resourceCheckApplies(ctx, 'User'),
  run: (ctx) => resourceOutcome(ctx, 'User'),
};

const groupResourceCheck: ExchangeCheck = {
  id: 'schema/group-resource',
  severity: 'required',
  severityReason: 'Entra fails: it cannot deserialise a Group whose attributes break their RFC 7643 §2.3 types (docs/entra-behaviour.md#status-to-error-code)',
  spec: 'RFC 7643 §4.2, §8.7.1',
  title: 'Group resource does not match the RFC 7643 Group schema',
  fix: 'Return Groups with id, displayName and schemas [core Group URN]; members as [{value, $ref, display, type}].',
  appliesTo: (ctx) => resourceCheckApplies(ctx, 'Group'),
  run: (ctx) => resourceOutcome(ctx, 'Group'),
};

const listResponseCheck: ExchangeCheck = {
  id: 'schema/list-response',
  severity: 'required',
  severityReason: 'Entra fails: it reads every match from a ListResponse, whose totalResults RFC 7644 §3.4.2 makes REQUIRED',
  spec: 'RFC 7644 §3.4.2',
  title: 'Query response is not a SCIM ListResponse',
  fix: 'Answer queries with {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":N,"Resources":[…]}.',
  appliesTo: (ctx) =>
    LIST_OPERATIONS.has(ctx.operation) && isSuccess(ctx.exchange) && ctx.exchange.response?.parseError === undefined,
  run: (ctx) => {
    const body = ctx.exchange.response?.body;
    const expected = 'a ListResponse: schemas [ListResponse URN], totalResults integer, Resources array';
    if (body === undefined) return { expected, actual: 'no body' };
    if (!isJsonObject(body)) return { expected, actual: `not a JSON object: ${describe(body, 80)}` };
    const violations = new FirstFew<SchemaViolation>(SHOWN_VIOLATIONS);
    collectViolations('ListResponse', body, {}, violations);
    const resources = listResourcesOf(body) ?? [];
    for (let index = 0; index < resources.length; index += 1) {
      if (isJsonObject(resources[index])) continue;
      if (violations.full) violations.skip();
      else violations.add({ instancePath: `/Resources/${index}`, message: `must be object (got ${describe(resources[index], 60)})` });
    }
    return violations.total === 0 ? null : { expected, actual: formatSample(violations) };
  },
};

const errorResponseCheck: ExchangeCheck = {
  id: 'schema/error-response',
  severity: 'required',
  severityReason: 'MUST: RFC 7644 §3.12 makes status REQUIRED, the HTTP status code as a JSON string',
  spec: 'RFC 7644 §3.12',
  title: 'SCIM Error body is malformed',
  fix: 'Send errors as {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404","scimType":…,"detail":…} with status as a string.',
  appliesTo: (ctx) => {
    const body = responseObjectOf(ctx.exchange);
    return (ctx.exchange.response?.status ?? 0) >= 400 && body !== undefined && hasSchema(body, URN.error);
  },
  run: (ctx) => {
    const violations = new FirstFew<SchemaViolation>(SHOWN_VIOLATIONS);
    collectViolations('Error', responseObjectOf(ctx.exchange), {}, violations);
    return violations.total === 0
      ? null
      : {
          expected: 'status as a JSON string of the HTTP code, scimType from RFC 7644 Table 9 when present',
          actual: formatSample(violations),
        };
  },
};

/** RFC 7644 §4: several ResourceTypes or Schemas come in a ListResponse; one by id comes bare. */
function discoveryViolations(body: unknown, kind: 'ResourceType' | 'Schema', byId: boolean): FirstFew<SchemaViolation> {
  const violations = new FirstFew<SchemaViolation>(SHOWN_VIOLATIONS);
  if (byId) {
    if (isJsonObject(body)) collectViolations(kind, body, {}, violations);
    else violations.add({ instancePath: '', message: 'is not a JSON object' });
    return violations;
  }
  if (Array.isArray(body)) {
    violations.add({ instancePath: '', message: 'is a bare JSON array, not a ListResponse' });
    const validated = Math.min(body.length, MAX_VALIDATED_RESOURCES);
    for (let index = 0; index < validated; index += 1) collectViolations(kind, body[index], { pathPrefix: `/${index}` }, violations);
    return violations;
  }
  if (!isJsonObject(body)) {
    violations.add({ instancePath: '', message: 'is not a JSON object' });
    return violations;
  }
  collectViolations('ListResponse', body, {}, violations);
  const items = listResourcesOf(body) ?? [];
  const validated = Math.min(items.length, MAX_VALIDATED_RESOURCES);
  for (let index = 0; index < validated; index += 1) collectViolations(kind, items[index], { pathPrefix: `/Resources/${index}` }, violations);
  return violations;
}

function discoveryApplies(ctx: ExchangeContext, endpoint: DiscoveryEndpoint): boolean {
  return (
    ctx.operation === 'discovery' &&
    ctx.exchange.request.method === 'GET' &&
    isSuccess(ctx.exchange) &&
    ctx.exchange.response?.parseError === undefined &&
    discoveryEndpointOf(ctx.facts)?.endpoint === endpoint
  );
}

/*
 * Discovery shapes are 'recommended': Entra reads /Schemas only for some gallery apps and never
 * reads /ServiceProviderConfig for a custom app (docs/entra-behaviour.md#schema-discovery), so a bad shape fails no
 * provisioning, though RFC 7643 §5–§7 require it and gallery onboarding checks it.
 */
const serviceProviderConfigCheck: ExchangeCheck = {
  id: 'schema/service-provider-config',
  severity: 'recommended',
  severityReason: 'Entra tolerates: it never reads /ServiceProviderConfig for a custom app (docs/entra-behaviour.md#schema-discovery)',
  spec: 'RFC 7643 §5',
  title: 'ServiceProviderConfig does not match RFC 7643 §5',
  fix: 'Return patch, bulk, filter, changePassword, sort and etag objects with boolean "supported", and authenticationSchemes.',
  appliesTo: (ctx) => discoveryApplies(ctx, 'ServiceProviderConfig'),
  run: (ctx) => {
    const body = ctx.exchange.response?.body;
    const violations = new FirstFew<SchemaViolation>(SHOWN_VIOLATIONS);
    if (isJsonObject(body)) collectViolations('ServiceProviderConfig', body, {}, violations);
    else violations.add({ instancePath: '', message: `is not a JSON object: ${describe(body, 60)}` });
    return violations.total === 0
      ? null
      : { expected: 'a ServiceProviderConfig as RFC 7643 §5 defines it', actual: formatSample(violations) };
  },
};

const resourceTypeCheck: ExchangeCheck = {
  id: 'schema/resource-type',
  severity: 'recommended',
  severityReason: 'Entra tolerates: it never reads /ResourceTypes for a custom app (docs/entra-behaviour.md#schema-discovery)',
  spec: 'RFC 7643 §6; RFC 7644 §4',
  title: 'ResourceTypes response does not match RFC 7643 §6',
  fix: 'Return a ListResponse of ResourceTypes, each with name, endpoint and schema (and schemaExtensions [{schema, required}]).',
  appliesTo: (ctx) => discoveryApplies(ctx, 'ResourceTypes'),
  run: (ctx) => {
    const byId = discoveryEndpointOf(ctx.facts)?.byId ?? false;
    const violations = discoveryViolations(ctx.exchange.response?.body, 'ResourceType', byId);
    return violations.total === 0
      ? null
      : { expected: byId ? 'a ResourceType (RFC 7643 §6)' : 'a ListResponse of ResourceTypes (RFC 7644 §4)', actual: formatSample(violations) };
  },
};

const schemaDefinitionCheck: ExchangeCheck = {
  id: 'schema/schema-definition',
  severity: 'recommended',
  severityReason: 'Entra tolerates: it reads /Schemas only for some gallery apps (docs/entra-behaviour.md#schema-discovery)',
  spec: 'RFC 7643 §7; RFC 7644 §4',
  title: 'Schemas response does not match RFC 7643 §7',
  fix: 'Return a ListResponse of Schema resources, each with id and attributes whose characteristics use the RFC 7643 §7 values.',
  appliesTo: (ctx) => discoveryApplies(ctx, 'Schemas'),
  run: (ctx) => {
    const byId = discoveryEndpointOf(ctx.facts)?.byId ?? false;
    const violations = discoveryViolations(ctx.exchange.response?.body, 'Schema', byId);
    return violations.total === 0
      ? null
      : { expected: byId ? 'a Schema resource (RFC 7643 §7)' : 'a ListResponse of Schemas (RFC 7644 §4)', actual: formatSample(violations) };
  },
};

const passwordNotReturnedCheck: ExchangeCheck = {
  id: 'schema/password-not-returned',
  severity: 'required',
  severityReason: 'SHALL: RFC 7643 §4.1.1, §7, an attribute returned "never" SHALL NOT be returned, and the password leaks',
  spec: 'RFC 7643 §4.1.1 (password returned "never")',
  title: 'Response returns the password attribute',
  fix: 'Never include "password" in any response; it is writeOnly with returned "never".',
  appliesTo: (ctx) => ctx.objectType === 'User' && isSuccess(ctx.exchange) && responseObjectOf(ctx.exchange) !== undefined,
  run: (ctx) => {
    let offending = 0;
    for (const resource of returnedResourcesOf(ctx.facts)) if (!isUnassigned(getAttribute(resource, 'password'))) offending += 1;
    if (offending === 0) return null;
    // The value itself is never repeated, whatever it is.
    return {
      expected: 'no "password" attribute in responses',
      actual: `"password" present in ${groupDigits(offending)} returned resource(s) (value withheld)`,
    };
  },
};

export const SCHEMA_CHECKS: readonly ExchangeCheck[] = [
  userResourceCheck,
  groupResourceCheck,
  listResponseCheck,
  errorResponseCheck,
  serviceProviderConfigCheck,
  resourceTypeCheck,
  schemaDefinitionCheck,
  passwordNotReturnedCheck,
];
