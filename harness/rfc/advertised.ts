/**
 * What the server says it supports (RFC 7644 §4; RFC 7643 §5–§7), read once before any probe:
 * /ServiceProviderConfig, /ResourceTypes and /Schemas. Probes are chosen from it — a feature the
 * server honestly does not advertise is "not supported", never probed — and the discovery probes
 * judge these very reads.
 */
import { type Exchange } from '../contract/exchange';
import { type ExchangeSender } from '../contract/target-client';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, type JsonObject, USER_SCHEMA, isObject, isSuccess, listResources, read, stringField } from './responses';

export interface AdvertisedAttribute {
  readonly name: string;
  readonly type?: string;
  readonly multiValued?: boolean;
  readonly required?: boolean;
  /** RFC 7643 §2.2 default: false. */
  readonly caseExact: boolean;
  readonly mutability?: string;
  readonly returned?: string;
  readonly uniqueness?: string;
  readonly subAttributes: readonly AdvertisedAttribute[];
}

export interface AdvertisedSchema {
  readonly id: string;
  readonly attributes: readonly AdvertisedAttribute[];
}

export interface AdvertisedResourceType {
  readonly name: string;
  readonly endpoint: string;
  readonly schema: string;
  readonly extensions: readonly { readonly schema: string; readonly required: boolean }[];
}

export interface FeatureSupport {
  readonly patch: boolean;
  readonly bulk: boolean;
  readonly bulkMaxOperations: number;
  readonly filter: boolean;
  readonly filterMaxResults: number;
  readonly changePassword: boolean;
  readonly sort: boolean;
  readonly etag: boolean;
}

export interface Advertised {
  /** The discovery reads, for evidence. */
  readonly serviceProviderConfig: Exchange;
  readonly resourceTypesExchange: Exchange;
  readonly schemasExchange: Exchange;
  /** Parsed ServiceProviderConfig; undefined when it could not be read. */
  readonly config?: JsonObject;
  readonly features: FeatureSupport;
  readonly resourceTypes: readonly AdvertisedResourceType[];
  readonly schemas: readonly AdvertisedSchema[];
  /** The User resource type (by its core schema), when advertised. */
  readonly user?: AdvertisedResourceType;
  readonly group?: AdvertisedResourceType;
}

/** Reads the three discovery endpoints through `sender` (each read recorded like any exchange). */
export async function readAdvertised(sender: ExchangeSender, signal?: AbortSignal): Promise<Advertised> {
  const serviceProviderConfig = await sender.send({ method: 'GET', path: '/ServiceProviderConfig' }, signal);
  const resourceTypesExchange = await sender.send({ method: 'GET', path: '/ResourceTypes' }, signal);
  const schemasExchange = await sender.send({ method: 'GET', path: '/Schemas' }, signal);
  const config = isSuccess(serviceProviderConfig) && isObject(serviceProviderConfig.response?.body) ? serviceProviderConfig.response.body : undefined;
  const resourceTypes = (isSuccess(resourceTypesExchange) ? (listResources(resourceTypesExchange) ?? []) : []).map(readResourceType).filter((type) => type !== undefined);
  const schemas = (isSuccess(schemasExchange) ? (listResources(schemasExchange) ?? []) : []).map(readSchema).filter((schema) => schema !== undefined);
  const byCoreSchema = (schema: string): AdvertisedResourceType | undefined => resourceTypes.find((type) => type.schema.toLowerCase() === schema.toLowerCase());
  return {
    serviceProviderConfig,
    resourceTypesExchange,
    schemasExchange,
    ...(config !== undefined ? { config } : {}),
    features: readFeatures(config),
    resourceTypes,
    schemas,
    ...(byCoreSchema(USER_SCHEMA) ? { user: byCoreSchema(USER_SCHEMA) } : {}),
    ...(byCoreSchema(GROUP_SCHEMA) ? { group: byCoreSchema(GROUP_SCHEMA) } : {}),
  };
}

/** The advertised definition of an attribute of a schema (names compared case-insensitively, RFC 7643 §2.1). */
export function advertisedAttribute(advertised: Advertised, schemaId: string, name: string): AdvertisedAttribute | undefined {
  const schema = advertised.schemas.find((candidate) => candidate.id.toLowerCase() === schemaId.toLowerCase());
  return schema?.attributes.find((attribute) => attribute.name.toLowerCase() === name.toLowerCase());
}

/** Whether the User resource type lists the enterprise extension (RFC 7643 §4.3). */
export function hasEnterpriseExtension(advertised: Advertised): boolean {
  return advertised.user?.extensions.some((extension) => extension.schema.toLowerCase() === ENTERPRISE_USER_SCHEMA.toLowerCase()) ?? false;
}

/** Reasons a probe cannot run, shared by the catalogue's `requires`. */
export const requirements = {
  users(advertised: Advertised): string | undefined {
    return advertised.user ? undefined : 'no ResourceType with the core User schema is advertised (GET /ResourceTypes)';
  },
  filter(advertised: Advertised): string | undefined {
    return requirements.users(advertised) ?? (advertised.features.filter ? undefined : 'ServiceProviderConfig says filter.supported is false');
  },
  patch(advertised: Advertised): string | undefined {
    return requirements.users(advertised) ?? (advertised.features.patch ? undefined : 'ServiceProviderConfig says patch.supported is false');
  },
  sort(advertised: Advertised): string | undefined {
    return requirements.filter(advertised) ?? (advertised.features.sort ? undefined : 'ServiceProviderConfig says sort.supported is false');
  },
  etag(advertised: Advertised): string | undefined {
    return requirements.users(advertised) ?? (advertised.features.etag ? undefined : 'ServiceProviderConfig says etag.supported is false');
  },
  bulk(advertised: Advertised): string | undefined {
    return requirements.users(advertised) ?? (advertised.features.bulk ? undefined : 'ServiceProviderConfig says bulk.supported is false');
  },
} as const;

function supported(config: JsonObject | undefined, feature: string): boolean {
  const section = read(config, feature);
  return isObject(section) && read(section, 'supported') === true;
}

function numberIn(config: JsonObject | undefined, feature: string, name: string): number {
  const section = read(config, feature);
  const value = isObject(section) ? read(section, name) : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function readFeatures(config: JsonObject | undefined): FeatureSupport {
  return {
    patch: supported(config, 'patch'),
    bulk: supported(config, 'bulk'),
    bulkMaxOperations: numberIn(config, 'bulk', 'maxOperations'),
    filter: supported(config, 'filter'),
    filterMaxResults: numberIn(config, 'filter', 'maxResults'),
    changePassword: supported(config, 'changePassword'),
    sort: supported(config, 'sort'),
    etag: supported(config, 'etag'),
  };
}

function readResourceType(resource: JsonObject): AdvertisedResourceType | undefined {
  const name = stringField(resource, 'name');
  const endpoint = stringField(resource, 'endpoint');
  const schema = stringField(resource, 'schema');
  if (name === undefined || endpoint === undefined || schema === undefined) return undefined;
  const extensions = read(resource, 'schemaExtensions');
  return {
    name,
    // RFC 7643 §6: the endpoint is relative to the base URL ("/Users").
    endpoint: endpoint.startsWith('/') ? endpoint : `/${endpoint}`,
    schema,
    extensions: (Array.isArray(extensions) ? extensions.filter(isObject) : []).map((extension) => ({ schema: stringField(extension, 'schema') ?? '', required: read(extension, 'required') === true })),
  };
}

function readSchema(resource: JsonObject): AdvertisedSchema | undefined {
  const id = stringField(resource, 'id');
  if (id === undefined) return undefined;
  const attributes = read(resource, 'attributes');
  return { id, attributes: (Array.isArray(attributes) ? attributes.filter(isObject) : []).map(readAttribute) };
}

function readAttribute(attribute: JsonObject): AdvertisedAttribute {
  const text = (name: string): string | undefined => stringField(attribute, name);
  const flag = (name: string): boolean | undefined => {
    const value = read(attribute, name);
    return typeof value === 'boolean' ? value : undefined;
  };
  const subAttributes = read(attribute, 'subAttributes');
  const type = text('type');
  const mutability = text('mutability');
  const returned = text('returned');
  const uniqueness = text('uniqueness');
  const multiValued = flag('multiValued');
  const required = flag('required');
  return {
    name: text('name') ?? '',
    ...(type !== undefined ? { type } : {}),
    ...(multiValued !== undefined ? { multiValued } : {}),
    ...(required !== undefined ? { required } : {}),
    caseExact: flag('caseExact') ?? false,
    ...(mutability !== undefined ? { mutability } : {}),
    ...(returned !== undefined ? { returned } : {}),
    ...(uniqueness !== undefined ? { uniqueness } : {}),
    subAttributes: (Array.isArray(subAttributes) ? subAttributes.filter(isObject) : []).map(readAttribute),
  };
}
