/**
 * The schemas the server implements (RFC 7643 §4, §7, §8.7). These definitions drive behaviour
 * (filter case rules, projection, mutability, value types) and are published by /Schemas, so the
 * discovery documents cannot drift from what the server actually does.
 */
import { type JsonObject } from './json';

export type AttributeType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

export interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDefinition[];
}

export interface SchemaDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
}

export interface SchemaExtensionUse {
  readonly schema: SchemaDefinition;
  readonly required: boolean;
}

export interface ResourceTypeDefinition {
  readonly name: 'User' | 'Group';
  readonly endpoint: '/Users' | '/Groups';
  readonly description: string;
  readonly schema: SchemaDefinition;
  readonly extensions: readonly SchemaExtensionUse[];
}

export const USER_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA_ID = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export const SERVICE_PROVIDER_CONFIG_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
/**
 * Entra's group create still sends this non-standard schema URI next to the core one
 * (docs/entra-behaviour.md#groups); it is accepted and dropped rather than rejected.
 */
export const ENTRA_LEGACY_GROUP_SCHEMA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

type AttributeInput = Partial<AttributeDefinition> & { name: string; description: string };

/** RFC 7643 §2.2: characteristics left unspecified take these defaults. */
function attribute(input: AttributeInput): AttributeDefinition {
  return {
    type: 'string',
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...input,
  };
}

function complex(name: string, description: string, subAttributes: AttributeDefinition[], extra: Partial<AttributeInput> = {}): AttributeDefinition {
  return attribute({ name, description, type: 'complex', subAttributes, ...extra });
}

/** The value/display/type/primary quartet RFC 7643 §2.4 gives most multi-valued attributes. */
function multiValuedStandard(
  name: string,
  description: string,
  canonicalTypes: readonly string[] | undefined,
  valueOverrides: Partial<AttributeInput> = {},
): AttributeDefinition {
  const subAttributes = [
    attribute({ name: 'value', description: `The value of the ${name} entry.`, ...valueOverrides }),
    attribute({ name: 'display', description: 'A human-readable name, primarily used for display purposes.' }),
    attribute({
      name: 'type',
      description: `A label indicating the function of the ${name} entry.`,
      ...(canonicalTypes ? { canonicalValues: canonicalTypes } : {}),
    }),
    attribute({ name: 'primary', type: 'boolean', description: `Whether this is the preferred ${name} entry; at most one value may be true.` }),
  ];
  return complex(name, description, subAttributes, { multiValued: true });
}

const nameSubAttributes = [
  attribute({ name: 'formatted', description: 'The full name, including all middle names, titles, and suffixes, formatted for display.' }),
  attribute({ name: 'familyName', description: 'The family name of the User, or last name.' }),
  attribute({ name: 'givenName', description: 'The given name of the User, or first name.' }),
  attribute({ name: 'middleName', description: 'The middle name(s) of the User.' }),
  attribute({ name: 'honorificPrefix', description: "The honorific prefix(es) of the User, or title (e.g. 'Ms.')." }),
  attribute({ name: 'honorificSuffix', description: "The honorific suffix(es) of the User, or suffix (e.g. 'III')." }),
];

const addressSubAttributes = [
  attribute({ name: 'formatted', description: 'The full mailing address, formatted for display.' }),
  attribute({ name: 'streetAddress', description: 'The full street address component.' }),
  attribute({ name: 'locality', description: 'The city or locality component.' }),
  attribute({ name: 'region', description: 'The state or region component.' }),
  attribute({ name: 'postalCode', description: 'The zip code or postal code component.' }),
  attribute({ name: 'country', description: 'The country name component, ISO 3166-1 alpha-2.' }),
  attribute({ name: 'type', description: 'A label indicating the address function.', canonicalValues: ['work', 'home', 'other'] }),
  attribute({ name: 'primary', type: 'boolean', description: 'Whether this is the preferred mailing address.' }),
];

export const USER_SCHEMA: SchemaDefinition = {
  id: USER_SCHEMA_ID,
  name: 'User',
  description: 'User Account',
  attributes: [
    attribute({
      name: 'userName',
      description: 'Unique identifier for the User, used to authenticate; unique across the service provider, compared case-insensitively.',
      required: true,
      uniqueness: 'server',
    }),
    complex('name', "The components of the user's real name.", nameSubAttributes),
    attribute({ name: 'displayName', description: 'The name of the User, suitable for display to end-users.' }),
    attribute({ name: 'nickName', description: 'The casual way to address the user in real life.' }),
    attribute({ name: 'profileUrl', type: 'reference', referenceTypes: ['external'], description: "A fully qualified URL pointing to the User's online profile." }),
    attribute({ name: 'title', description: "The user's title, such as 'Vice President'." }),
    attribute({ name: 'userType', description: "The relationship between the organization and the user, e.g. 'Employee'." }),
    attribute({ name: 'preferredLanguage', description: "The User's preferred written or spoken language (RFC 7231 Accept-Language format)." }),
    attribute({ name: 'locale', description: "The User's default location for localizing items such as currency and dates." }),
    attribute({ name: 'timezone', description: "The User's time zone in the IANA Time Zone database format, e.g. 'America/Los_Angeles'." }),
    attribute({ name: 'active', type: 'boolean', description: "The User's administrative status; defaults to true. A deactivated user is still returned by reads and queries." }),
    attribute({
      name: 'password',
      description: "The User's cleartext password; accepted on write, stored as a one-way digest, never returned.",
      mutability: 'writeOnly',
      returned: 'never',
    }),
    multiValuedStandard('emails', 'Email addresses for the user.', ['work', 'home', 'other']),
    multiValuedStandard('phoneNumbers', 'Phone numbers for the User.', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    multiValuedStandard('ims', 'Instant messaging addresses for the User.', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    multiValuedStandard('photos', 'URLs of photos of the User.', ['photo', 'thumbnail'], { type: 'reference', referenceTypes: ['external'] }),
    complex('addresses', 'A physical mailing address for this User.', addressSubAttributes, { multiValued: true }),
    complex(
      'groups',
      'A list of groups to which the user belongs, either through direct membership or nested groups. Read-only: membership is changed through the Group resource.',
      [
        attribute({ name: 'value', description: 'The identifier of the User\'s group.', mutability: 'readOnly' }),
        attribute({ name: '$ref', type: 'reference', referenceTypes: ['User', 'Group'], description: 'The URI of the corresponding Group resource.', mutability: 'readOnly' }),
        attribute({ name: 'display', description: 'The displayName of the group.', mutability: 'readOnly' }),
        attribute({ name: 'type', description: "The membership type; this server has only 'direct' memberships.", canonicalValues: ['direct', 'indirect'], mutability: 'readOnly' }),
      ],
      { multiValued: true, mutability: 'readOnly' },
    ),
    multiValuedStandard('entitlements', 'A list of entitlements for the User.', undefined),
    multiValuedStandard('roles', 'A list of roles for the User.', undefined),
    multiValuedStandard('x509Certificates', 'A list of certificates issued to the User.', undefined, { type: 'binary' }),
  ],
};

export const ENTERPRISE_USER_SCHEMA: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA_ID,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attribute({ name: 'employeeNumber', description: 'Numeric or alphanumeric identifier assigned to a person by the organization.' }),
    attribute({ name: 'costCenter', description: 'Identifies the name of a cost center.' }),
    attribute({ name: 'organization', description: 'Identifies the name of an organization.' }),
    attribute({ name: 'division', description: 'Identifies the name of a division.' }),
    attribute({ name: 'department', description: 'Identifies the name of a department.' }),
    complex('manager', "The User's manager; the value must be the id of an existing User.", [
      attribute({ name: 'value', description: 'The id of the SCIM resource representing the User\'s manager.' }),
      attribute({ name: '$ref', type: 'reference', referenceTypes: ['User'], description: 'The URI of the SCIM resource representing the User\'s manager.' }),
      attribute({ name: 'displayName', description: "The displayName of the User's manager, filled in by the server.", mutability: 'readOnly' }),
    ]),
  ],
};

export const GROUP_SCHEMA: SchemaDefinition = {
  id: GROUP_SCHEMA_ID,
  name: 'Group',
  description: 'Group',
  attributes: [
    attribute({
      name: 'displayName',
      description: 'A human-readable name for the Group; unique across the service provider, compared case-insensitively.',
      required: true,
      uniqueness: 'server',
    }),
    complex(
      'members',
      'A list of members of the Group. Members are Users of this service provider; values may be added or removed, their sub-attributes are immutable.',
      [
        attribute({ name: 'value', description: 'Identifier of the member of this Group.', mutability: 'immutable' }),
        attribute({ name: '$ref', type: 'reference', referenceTypes: ['User'], description: 'The URI corresponding to the member resource.', mutability: 'immutable' }),
        attribute({ name: 'display', description: 'The displayName of the member, filled in by the server.', mutability: 'readOnly' }),
        attribute({ name: 'type', description: 'The type of the member; this server accepts only Users.', canonicalValues: ['User'], mutability: 'immutable' }),
      ],
      { multiValued: true },
    ),
  ],
};

/**
 * RFC 7643 §3.1 common attributes. They belong to no schema, so /Schemas does not list them
 * (as in the §8.7.1 representations), but filters, sorting and projection still need their
 * characteristics.
 */
export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = [
  attribute({ name: 'id', description: 'A unique identifier for the resource, assigned by the service provider.', caseExact: true, mutability: 'readOnly', returned: 'always', uniqueness: 'server' }),
  attribute({ name: 'externalId', description: 'An identifier for the resource as defined by the provisioning client.', caseExact: true }),
  complex(
    'meta',
    'Resource metadata.',
    [
      attribute({ name: 'resourceType', description: 'The name of the resource type of the resource.', caseExact: true, mutability: 'readOnly' }),
      attribute({ name: 'created', type: 'dateTime', description: 'The date and time the resource was added.', mutability: 'readOnly' }),
      attribute({ name: 'lastModified', type: 'dateTime', description: 'The most recent date and time the resource was modified.', mutability: 'readOnly' }),
      attribute({ name: 'location', type: 'reference', referenceTypes: ['uri'], description: 'The URI of the resource.', caseExact: true, mutability: 'readOnly' }),
      attribute({ name: 'version', description: 'The version (weak entity tag) of the resource.', caseExact: true, mutability: 'readOnly' }),
    ],
    { mutability: 'readOnly' },
  ),
];

export const USER_RESOURCE_TYPE: ResourceTypeDefinition = {
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: USER_SCHEMA,
  extensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
};

export const GROUP_RESOURCE_TYPE: ResourceTypeDefinition = {
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: GROUP_SCHEMA,
  extensions: [],
};

export const RESOURCE_TYPES: readonly ResourceTypeDefinition[] = [USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE];
export const ALL_SCHEMAS: readonly SchemaDefinition[] = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA];

export function findSubAttribute(parent: AttributeDefinition, name: string): AttributeDefinition | undefined {
  const lower = name.toLowerCase();
  return parent.subAttributes?.find((sub) => sub.name.toLowerCase() === lower);
}

export function findSchemaAttribute(schema: SchemaDefinition, name: string): AttributeDefinition | undefined {
  const lower = name.toLowerCase();
  return schema.attributes.find((candidate) => candidate.name.toLowerCase() === lower);
}

function attributeDocument(definition: AttributeDefinition): JsonObject {
  const doc: JsonObject = {
    name: definition.name,
    type: definition.type,
    multiValued: definition.multiValued,
    description: definition.description,
    required: definition.required,
    caseExact: definition.caseExact,
    mutability: definition.mutability,
    returned: definition.returned,
    uniqueness: definition.uniqueness,
  };
  if (definition.canonicalValues) doc.canonicalValues = [...definition.canonicalValues];
  if (definition.referenceTypes) doc.referenceTypes = [...definition.referenceTypes];
  if (definition.subAttributes) doc.subAttributes = definition.subAttributes.map(attributeDocument);
  return doc;
}

/** RFC 7643 §7 representation of one schema, with `meta` pointing at /Schemas/{id}. */
export function buildSchemaDocument(schema: SchemaDefinition, baseUrl: string): JsonObject {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(attributeDocument),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  };
}

/** RFC 7643 §6 representation of one resource type. */
export function buildResourceTypeDocument(resourceType: ResourceTypeDefinition, baseUrl: string): JsonObject {
  const doc: JsonObject = {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: resourceType.name,
    name: resourceType.name,
    endpoint: resourceType.endpoint,
    description: resourceType.description,
    schema: resourceType.schema.id,
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${resourceType.name}` },
  };
  if (resourceType.extensions.length > 0) {
    doc.schemaExtensions = resourceType.extensions.map((use) => ({ schema: use.schema.id, required: use.required }));
  }
  return doc;
}

export interface ServiceProviderFacts {
  readonly maxResults: number;
}

/**
 * RFC 7643 §5, stating only what this server does: PATCH, filter, sort and ETags yes; bulk and
 * password change no. Bearer tokens are the one scheme (accepted even when none is required).
 */
export function buildServiceProviderConfig(baseUrl: string, facts: ServiceProviderFacts): JsonObject {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    documentationUri: 'https://www.rfc-editor.org/rfc/rfc7644',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: facts.maxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication with a bearer token in the Authorization header (RFC 6750).',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}
