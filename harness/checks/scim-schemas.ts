/**
 * JSON Schemas for what a SCIM service provider returns, written from RFC 7643 §3–§7 and §8.7
 * and RFC 7644 §3.4.2 / §3.12. They check shape and types only, and stay lenient where the RFCs
 * allow latitude, so a violation is a real deviation:
 * - unknown attributes are allowed everywhere (RFC 7643 §3.3 extensions; additionalProperties);
 * - every optional attribute may be null (RFC 7643 §2.5: null is "unassigned");
 * - dateTime is xsd:dateTime (RFC 7643 §2.3.5), whose time zone is optional — stricter RFC 3339
 *   date-time would flag valid values;
 * - references may be relative (`uri-reference`), as RFC 7643 §2.3.7 permits.
 * `required` lists are applied only when the whole resource is due (see `partial`).
 */
import { URN } from './exchange-facts';

type JsonSchema = Record<string, unknown>;

/** Name of the ajv format registered for xsd:dateTime. */
export const XSD_DATE_TIME_FORMAT = 'xsd-dateTime';

const nullable = (type: string): string[] => [type, 'null'];
const str: JsonSchema = { type: nullable('string') };
const bool: JsonSchema = { type: nullable('boolean') };
const int: JsonSchema = { type: nullable('integer') };
const dateTime: JsonSchema = { type: nullable('string'), format: XSD_DATE_TIME_FORMAT };
const reference: JsonSchema = { type: nullable('string'), format: 'uri-reference' };

const complex = (properties: Record<string, JsonSchema>, required: readonly string[] = []): JsonSchema => ({
  type: nullable('object'),
  properties,
  ...(required.length > 0 ? { required } : {}),
});

const multiValued = (properties: Record<string, JsonSchema>): JsonSchema => ({
  type: nullable('array'),
  items: { type: 'object', properties },
});

/** RFC 7643 §2.4: the standard sub-attributes of a multi-valued attribute. */
const plainMulti = multiValued({ value: str, display: str, type: str, primary: bool });

/** RFC 7643 §3.1 `meta`. */
const meta = complex({
  resourceType: str,
  created: dateTime,
  lastModified: dateTime,
  location: reference,
  version: str,
});

const schemasContaining = (urn: string): JsonSchema => ({
  type: 'array',
  items: { type: 'string' },
  minItems: 1,
  contains: { const: urn },
});

/** RFC 7643 §4.3 enterprise User extension. */
const enterpriseUser = complex({
  employeeNumber: str,
  costCenter: str,
  organization: str,
  division: str,
  department: str,
  manager: complex({ value: str, $ref: reference, displayName: str }),
});

/** RFC 7643 §4.1 / §8.7.1 User. */
export function userSchema(partial: boolean): JsonSchema {
  return {
    type: 'object',
    properties: {
      schemas: schemasContaining(URN.user),
      id: { type: 'string', minLength: 1 },
      externalId: str,
      meta,
      userName: { type: 'string', minLength: 1 },
      name: complex({
        formatted: str,
        familyName: str,
        givenName: str,
        middleName: str,
        honorificPrefix: str,
        honorificSuffix: str,
      }),
      displayName: str,
      nickName: str,
      profileUrl: reference,
      title: str,
      userType: str,
      preferredLanguage: str,
      locale: str,
      timezone: str,
      active: bool,
      emails: plainMulti,
      phoneNumbers: plainMulti,
      ims: plainMulti,
      photos: multiValued({ value: reference, display: str, type: str, primary: bool }),
      addresses: multiValued({
        formatted: str,
        streetAddress: str,
        locality: str,
        region: str,
        postalCode: str,
        country: str,
        type: str,
        primary: bool,
      }),
      groups: multiValued({ value: str, $ref: reference, display: str, type: str }),
      entitlements: plainMulti,
      roles: plainMulti,
      x509Certificates: plainMulti,
      [URN.enterpriseUser]: enterpriseUser,
    },
    ...(partial ? {} : { required: ['schemas', 'id', 'userName'] }),
  };
}

/** RFC 7643 §4.2 / §8.7.1 Group. */
export function groupSchema(partial: boolean): JsonSchema {
  return {
    type: 'object',
    properties: {
      schemas: schemasContaining(URN.group),
      id: { type: 'string', minLength: 1 },
      externalId: str,
      meta,
      displayName: { type: 'string' },
      members: multiValued({ value: str, $ref: reference, display: str, type: str }),
    },
    ...(partial ? {} : { required: ['schemas', 'id', 'displayName'] }),
  };
}

/** RFC 7644 §3.4.2 ListResponse. `Resources` presence depends on paging; protocol rules judge it. */
export const listResponseSchema: JsonSchema = {
  type: 'object',
  properties: {
    schemas: schemasContaining(URN.listResponse),
    totalResults: { type: 'integer', minimum: 0 },
    // Each item's type is checked by the ListResponse check in one cheap pass of its own: ajv
    // would build an error object per item, and a target can send a million of them.
    Resources: { type: nullable('array') },
    startIndex: { type: nullable('integer'), minimum: 1 },
    itemsPerPage: { type: nullable('integer'), minimum: 0 },
  },
  required: ['schemas', 'totalResults'],
};

/** RFC 7644 §3.12 Table 9. */
export const SCIM_TYPES = [
  'invalidFilter',
  'tooMany',
  'uniqueness',
  'mutability',
  'invalidSyntax',
  'invalidPath',
  'noTarget',
  'invalidValue',
  'invalidVers',
  'sensitive',
] as const;

/** RFC 7644 §3.12 Error: `status` is the HTTP status "expressed as a JSON string". */
export const errorSchema: JsonSchema = {
  type: 'object',
  properties: {
    schemas: schemasContaining(URN.error),
    status: { type: 'string', pattern: '^[1-5][0-9]{2}$' },
    scimType: { type: nullable('string'), enum: [...SCIM_TYPES, null] },
    detail: str,
  },
  required: ['schemas', 'status'],
};

const supportedFlag = (extra: Record<string, JsonSchema> = {}, requiredWhenSupported: readonly string[] = []): JsonSchema => ({
  type: 'object',
  properties: { supported: { type: 'boolean' }, ...extra },
  required: ['supported'],
  // RFC 7643 §5 calls maxOperations/maxPayloadSize/maxResults REQUIRED; many providers omit
  // them when the feature is off, and then nothing depends on them, so they are asked for only
  // when the feature is claimed.
  ...(requiredWhenSupported.length > 0
    ? { if: { properties: { supported: { const: true } }, required: ['supported'] }, then: { required: requiredWhenSupported } }
    : {}),
});

/** RFC 7643 §5 ServiceProviderConfig. */
export const serviceProviderConfigSchema: JsonSchema = {
  type: 'object',
  properties: {
    schemas: schemasContaining(URN.serviceProviderConfig),
    documentationUri: reference,
    patch: supportedFlag(),
    bulk: supportedFlag({ maxOperations: int, maxPayloadSize: int }, ['maxOperations', 'maxPayloadSize']),
    filter: supportedFlag({ maxResults: int }, ['maxResults']),
    changePassword: supportedFlag(),
    sort: supportedFlag(),
    etag: supportedFlag(),
    authenticationSchemes: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          name: { type: 'string' },
          description: { type: 'string' },
          specUri: reference,
          documentationUri: reference,
          primary: bool,
        },
        required: ['type', 'name', 'description'],
      },
    },
    meta,
  },
  // `schemas` is not required of discovery resources: RFC 7643 §8.7 prints Schema resources
  // without it, and providers follow the examples.
  required: ['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag', 'authenticationSchemes'],
};

/** RFC 7643 §6 ResourceType. */
export const resourceTypeSchema: JsonSchema = {
  type: 'object',
  properties: {
    schemas: schemasContaining(URN.resourceType),
    id: str,
    name: { type: 'string', minLength: 1 },
    description: str,
    endpoint: { type: 'string', minLength: 1 },
    schema: { type: 'string', minLength: 1 },
    schemaExtensions: {
      type: nullable('array'),
      items: {
        type: 'object',
        properties: { schema: { type: 'string', minLength: 1 }, required: { type: 'boolean' } },
        required: ['schema', 'required'],
      },
    },
    meta,
  },
  required: ['name', 'endpoint', 'schema'],
};

/** RFC 7643 §7 attribute definition; §2.2 supplies defaults, so only `name` is required. */
const attributeDefinition: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1 },
    type: { enum: ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex', 'binary'] },
    multiValued: { type: 'boolean' },
    description: str,
    required: { type: 'boolean' },
    canonicalValues: { type: nullable('array') },
    caseExact: { type: 'boolean' },
    mutability: { enum: ['readOnly', 'readWrite', 'immutable', 'writeOnly'] },
    returned: { enum: ['always', 'never', 'default', 'request'] },
    uniqueness: { enum: ['none', 'server', 'global'] },
    referenceTypes: { type: nullable('array'), items: { type: 'string' } },
    subAttributes: { type: nullable('array'), items: { $ref: '#/definitions/attribute' } },
  },
  required: ['name'],
};

/** RFC 7643 §7 Schema resource. */
export const schemaDefinitionSchema: JsonSchema = {
  definitions: { attribute: attributeDefinition },
  type: 'object',
  properties: {
    schemas: { type: 'array', items: { type: 'string' } },
    id: { type: 'string', minLength: 1 },
    name: str,
    description: str,
    attributes: { type: 'array', items: { $ref: '#/definitions/attribute' } },
    meta,
  },
  required: ['id', 'attributes'],
};
