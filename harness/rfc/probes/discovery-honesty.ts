/**
 * Discovery (RFC 7644 §4; RFC 7643 §5–§7) and its honesty: the three endpoints exist and say
 * what they must, and what they say matches what the server does (attributes it returns are
 * declared, with the types it declares).
 */
import { type Exchange } from '../../contract/exchange';
import { type Advertised, type AdvertisedAttribute, type AdvertisedSchema, requirements } from '../advertised';
import { type ProbeOutcome, type RfcProbe, failed, passed } from '../rfc-probe';
import { type JsonObject, LIST_RESPONSE_SCHEMA, USER_SCHEMA, bodyOf, describeAnswer, isErrorAnswer, isObject, quote, read, statusOf, stringField } from '../responses';

const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const MESSAGE_SCHEMA_PREFIX = 'urn:ietf:params:scim:api:messages:2.0:';
/** RFC 7643 §7 (and §2.2, §2.3): the values each characteristic may take. */
const TYPES = new Set(['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex', 'binary']);
const MUTABILITY = new Set(['readOnly', 'readWrite', 'immutable', 'writeOnly']);
const RETURNED = new Set(['always', 'never', 'default', 'request']);
const UNIQUENESS = new Set(['none', 'server', 'global']);
/** RFC 7643 §3.1: attributes every resource has that no schema lists. */
const COMMON_ATTRIBUTES = new Set(['schemas', 'id', 'externalid', 'meta']);

function lists(exchange: Exchange): boolean {
  const body = bodyOf(exchange);
  const schemas = read(body, 'schemas');
  return statusOf(exchange) === 200 && Array.isArray(schemas) && schemas.includes(LIST_RESPONSE_SCHEMA) && Array.isArray(read(body, 'Resources'));
}

/** RFC 7643 §5: each feature is a complex attribute with a boolean `supported` (REQUIRED). */
function checkServiceProviderConfig(advertised: Advertised): string | undefined {
  const exchange = advertised.serviceProviderConfig;
  if (statusOf(exchange) !== 200 || advertised.config === undefined) return `GET /ServiceProviderConfig was answered ${describeAnswer(exchange)}`;
  const config = advertised.config;
  const schemas = read(config, 'schemas');
  if (!Array.isArray(schemas) || !schemas.includes(SPC_SCHEMA)) return `"schemas" does not list ${SPC_SCHEMA}`;
  for (const feature of ['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag']) {
    const section = read(config, feature);
    if (!isObject(section) || typeof read(section, 'supported') !== 'boolean') return `"${feature}" is ${section === undefined ? 'missing' : quote(JSON.stringify(section))}, not an object with a boolean "supported"`;
  }
  for (const [feature, name] of [['bulk', 'maxOperations'], ['bulk', 'maxPayloadSize'], ['filter', 'maxResults']] as const) {
    if (!Number.isInteger(read(read(config, feature) as JsonObject, name))) return `"${feature}.${name}" is not an integer`;
  }
  if (!Array.isArray(read(config, 'authenticationSchemes'))) return '"authenticationSchemes" is not an array';
  return undefined;
}

function checkAttribute(schema: string, attribute: AdvertisedAttribute, raw: JsonObject, path: string): string | undefined {
  const where = `${schema} attribute ${quote(path)}`;
  if (!/^[A-Za-z$][\w$-]*$/.test(attribute.name)) return `${where} has no valid "name"`;
  for (const [name, allowed] of [['type', TYPES], ['mutability', MUTABILITY], ['returned', RETURNED], ['uniqueness', UNIQUENESS]] as const) {
    const value = read(raw, name);
    if (value !== undefined && (typeof value !== 'string' || !allowed.has(value))) return `${where} has ${name} ${quote(JSON.stringify(value))}, not one of ${[...allowed].join(', ')}`;
  }
  for (const name of ['multiValued', 'required', 'caseExact']) {
    const value = read(raw, name);
    if (value !== undefined && typeof value !== 'boolean') return `${where} has ${name} ${quote(JSON.stringify(value))}, not a boolean`;
  }
  const subs = read(raw, 'subAttributes');
  if (Array.isArray(subs)) {
    for (const [index, sub] of subs.entries()) {
      if (!isObject(sub)) return `${where} has a sub-attribute that is not an object`;
      const problem = checkAttribute(schema, attribute.subAttributes[index] ?? { name: '', caseExact: false, subAttributes: [] }, sub, `${path}.${stringField(sub, 'name') ?? '?'}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function rawSchemas(exchange: Exchange): JsonObject[] {
  const resources = read(bodyOf(exchange), 'Resources');
  return Array.isArray(resources) ? resources.filter(isObject) : [];
}

/** Where an attribute a resource carries is declared: the core schema or an extension it lists. */
function declaration(advertised: Advertised, schemas: readonly AdvertisedSchema[], key: string): { attribute?: AdvertisedAttribute; extension?: AdvertisedSchema } {
  const extension = advertised.schemas.find((schema) => schema.id.toLowerCase() === key.toLowerCase());
  if (extension) return { extension };
  for (const schema of schemas) {
    const attribute = schema.attributes.find((candidate) => candidate.name.toLowerCase() === key.toLowerCase());
    if (attribute) return { attribute };
  }
  return {};
}

/** Whether a value is of the declared type (RFC 7643 §2.3) and multiplicity (§2.4). */
function typeMismatch(attribute: AdvertisedAttribute, value: unknown, path: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (attribute.multiValued === true) {
    if (!Array.isArray(value)) return `${quote(path)} is declared multi-valued but was returned as ${quote(JSON.stringify(value))}`;
    for (const item of value) {
      const problem = typeMismatch({ ...attribute, multiValued: false }, item, path);
      if (problem) return problem;
    }
    return undefined;
  }
  if (Array.isArray(value)) return `${quote(path)} is declared single-valued but was returned as an array`;
  const ok = (() => {
    switch (attribute.type) {
      case 'boolean':
        return typeof value === 'boolean';
      case 'integer':
        return Number.isInteger(value);
      case 'decimal':
        return typeof value === 'number';
      case 'complex':
        return isObject(value);
      case undefined:
      case 'string':
      case 'dateTime':
      case 'reference':
      case 'binary':
        return typeof value === 'string';
      default:
        return true;
    }
  })();
  if (!ok) return `${quote(path)} is declared ${attribute.type ?? 'string'} but was returned as ${quote(JSON.stringify(value))}`;
  if (attribute.type === 'complex' && isObject(value)) {
    for (const [key, sub] of Object.entries(value)) {
      const declared = attribute.subAttributes.find((candidate) => candidate.name.toLowerCase() === key.toLowerCase());
      if (!declared) return `${quote(`${path}.${key}`)} is returned but not declared`;
      const problem = typeMismatch(declared, sub, `${path}.${key}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

export const DISCOVERY_PROBES: readonly RfcProbe[] = [
  {
    id: 'rfc/discovery/service-provider-config',
    section: 'RFC 7643 §5',
    title: '/ServiceProviderConfig states every feature with a boolean "supported"',
    // RFC 7643 §5: patch, bulk, filter, changePassword, sort, etag, authenticationSchemes are each "REQUIRED".
    keyword: 'REQUIRED',
    expected: 'GET /ServiceProviderConfig is 200 with the ServiceProviderConfig schema, patch/bulk/filter/changePassword/sort/etag objects with a boolean "supported", bulk.maxOperations, bulk.maxPayloadSize, filter.maxResults and authenticationSchemes',
    fix: 'Serve /ServiceProviderConfig with every REQUIRED attribute of RFC 7643 §5, stating only what the server does.',
    writes: false,
    async run(context) {
      context.cite(context.advertised.serviceProviderConfig);
      const problem = checkServiceProviderConfig(context.advertised);
      return problem === undefined ? passed('every REQUIRED feature is stated') : failed(problem);
    },
  },
  {
    id: 'rfc/discovery/resource-types',
    section: 'RFC 7643 §6',
    title: '/ResourceTypes lists each type with name, endpoint and a schema /Schemas has, each readable by name',
    // RFC 7643 §6: name and schema are REQUIRED; "schema … MUST be equal to the "id" attribute of the associated "Schema" resource".
    keyword: 'MUST',
    expected: 'GET /ResourceTypes is a ListResponse; each type has name, endpoint and schema; every schema and schema extension it names is listed by /Schemas; /ResourceTypes/{name} returns it; an unknown name is 404',
    fix: 'List in /ResourceTypes only schemas (and extensions) that /Schemas publishes, and serve each type at /ResourceTypes/{name}.',
    writes: false,
    async run(context) {
      const { advertised } = context;
      context.cite(advertised.resourceTypesExchange, advertised.schemasExchange);
      if (!lists(advertised.resourceTypesExchange)) return failed(`GET /ResourceTypes was answered ${describeAnswer(advertised.resourceTypesExchange)}, not a ListResponse`);
      if (advertised.resourceTypes.length === 0) return failed('/ResourceTypes lists no resource type with name, endpoint and schema');
      const known = new Set(advertised.schemas.map((schema) => schema.id.toLowerCase()));
      for (const type of advertised.resourceTypes) {
        for (const schema of [type.schema, ...type.extensions.map((extension) => extension.schema)]) {
          if (!known.has(schema.toLowerCase())) return failed(`resource type ${quote(type.name)} names schema ${quote(schema)}, which /Schemas does not list`);
        }
      }
      const first = advertised.resourceTypes[0];
      const byName = await context.send({ method: 'GET', path: `/ResourceTypes/${encodeURIComponent(first.name)}` });
      if (statusOf(byName) !== 200 || stringField(bodyOf(byName), 'name') !== first.name) return failed(`GET /ResourceTypes/${first.name} was answered ${describeAnswer(byName)}`);
      const unknown = await context.send({ method: 'GET', path: `/ResourceTypes/${context.name('NoSuchType')}` });
      if (!isErrorAnswer(unknown, 404)) return failed(`GET of an unknown resource type was answered ${describeAnswer(unknown)}, not 404`);
      return passed(`${advertised.resourceTypes.length} resource type(s), every schema published, each readable by name`);
    },
  },
  {
    id: 'rfc/discovery/schemas',
    section: 'RFC 7643 §7',
    title: '/Schemas publishes the core schemas with valid attribute characteristics, each readable by id',
    // RFC 7643 §7: attribute characteristics take the values of §2.2; RFC 7644 §4: /Schemas/{id} returns one schema; message schemas are not resources.
    keyword: 'MUST',
    expected: 'GET /Schemas is a ListResponse holding the core User schema; every attribute\'s type, mutability, returned and uniqueness is one the RFC defines; /Schemas/{id} returns the schema; an unknown id is 404; no urn:ietf:params:scim:api:messages:2.0 schema is listed',
    fix: 'Publish every schema you implement in /Schemas with characteristics spelled as RFC 7643 §7 defines them (e.g. "readOnly", "default"), and serve each at /Schemas/{id}.',
    writes: false,
    async run(context) {
      const { advertised } = context;
      context.cite(advertised.schemasExchange);
      if (!lists(advertised.schemasExchange)) return failed(`GET /Schemas was answered ${describeAnswer(advertised.schemasExchange)}, not a ListResponse`);
      if (!advertised.schemas.some((schema) => schema.id === USER_SCHEMA) && advertised.user) return failed(`/Schemas does not list ${USER_SCHEMA}, which the User resource type names`);
      const raw = rawSchemas(advertised.schemasExchange);
      for (const schema of raw) {
        const id = stringField(schema, 'id') ?? '';
        if (id.toLowerCase().startsWith(MESSAGE_SCHEMA_PREFIX)) return failed(`/Schemas lists the message schema ${quote(id)}, which is not a resource schema`);
        const definition = advertised.schemas.find((candidate) => candidate.id === id);
        const attributes = read(schema, 'attributes');
        if (!definition || !Array.isArray(attributes)) return failed(`schema ${quote(id)} has no "attributes" array`);
        for (const [index, attribute] of attributes.entries()) {
          if (!isObject(attribute)) return failed(`schema ${quote(id)} has an attribute that is not an object`);
          const problem = checkAttribute(id, definition.attributes[index], attribute, stringField(attribute, 'name') ?? '?');
          if (problem) return failed(problem);
        }
      }
      const first = advertised.schemas[0];
      if (first) {
        const byId = await context.send({ method: 'GET', path: `/Schemas/${first.id}` });
        if (statusOf(byId) !== 200 || stringField(bodyOf(byId), 'id') !== first.id) return failed(`GET /Schemas/${first.id} was answered ${describeAnswer(byId)}`);
      }
      const unknown = await context.send({ method: 'GET', path: `/Schemas/urn:${context.name('no-such-schema')}` });
      if (!isErrorAnswer(unknown, 404)) return failed(`GET of an unknown schema id was answered ${describeAnswer(unknown)}, not 404`);
      return passed(`${advertised.schemas.length} schema(s) with valid characteristics, each readable by id`);
    },
  },
  {
    id: 'rfc/discovery/filter-refused',
    section: 'RFC 7644 §4',
    title: 'A filter on a discovery endpoint is refused with 403',
    // RFC 7644 §4: "If a "filter" is provided, the service provider SHOULD respond with HTTP status code 403 (Forbidden)".
    keyword: 'SHOULD',
    expected: 'GET /Schemas?filter=… and GET /ResourceTypes?filter=… are answered 403',
    fix: 'Answer 403 to a filter on /Schemas and /ResourceTypes, so no client believes a filter it sent was applied.',
    writes: false,
    async run(context) {
      for (const path of ['/Schemas', '/ResourceTypes']) {
        const exchange = await context.send({ method: 'GET', path, query: { filter: `id eq "${context.base}none"` } });
        if (statusOf(exchange) !== 403) return failed(`GET ${path}?filter=… was answered ${describeAnswer(exchange)}, not 403`);
      }
      return passed('both were answered 403');
    },
  },
  {
    id: 'rfc/discovery/schema-honesty',
    section: 'RFC 7643 §3',
    title: 'What a resource carries is declared in /Schemas, with the declared type',
    // RFC 7643 §3: "schemas" holds "the SCIM schemas that define the attributes present"; RFC 7643 §2.3 types "MUST" be followed.
    keyword: 'MUST',
    expected: 'every attribute of a created user, read back, is a common attribute or declared by the User schema or an extension it lists, and each value has the declared type and multiplicity',
    fix: 'Declare in /Schemas every attribute the server returns, with the type and multiValued it really has (or stop returning what it does not declare).',
    writes: true,
    requires: requirements.users,
    async run(context): Promise<ProbeOutcome> {
      const user = await context.createUser('honesty', { displayName: 'Honesty Check', active: true, emails: [{ type: 'work', value: `${context.base}honesty@example.com`, primary: true }] });
      const readBack = await context.send({ method: 'GET', path: `${context.users}/${user.id}` });
      const body = bodyOf(readBack);
      if (statusOf(readBack) !== 200 || body === undefined) return failed(`reading the created user back was answered ${describeAnswer(readBack)}`);
      const { advertised } = context;
      const core = advertised.schemas.find((schema) => schema.id.toLowerCase() === (advertised.user?.schema ?? USER_SCHEMA).toLowerCase());
      if (!core) return failed(`/Schemas does not publish the User schema ${quote(advertised.user?.schema ?? USER_SCHEMA)}`);
      for (const [key, value] of Object.entries(body)) {
        if (COMMON_ATTRIBUTES.has(key.toLowerCase())) continue;
        const found = declaration(advertised, [core], key);
        if (found.extension) {
          if (!isObject(value)) return failed(`extension ${quote(key)} was returned as ${quote(JSON.stringify(value))}, not an object`);
          for (const [name, inner] of Object.entries(value)) {
            const attribute = found.extension.attributes.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
            if (!attribute) return failed(`${quote(`${key}:${name}`)} is returned but ${found.extension.id} does not declare it`);
            const problem = typeMismatch(attribute, inner, `${key}:${name}`);
            if (problem) return failed(problem);
          }
          continue;
        }
        if (!found.attribute) return failed(`${quote(key)} is returned but neither the User schema nor a listed extension declares it`);
        const problem = typeMismatch(found.attribute, value, key);
        if (problem) return failed(problem);
      }
      return passed('every returned attribute is declared, with its declared type');
    },
  },
];
