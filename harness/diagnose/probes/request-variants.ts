/**
 * The minimal variants differential probing sends for a request the target rejected
 * (docs/diagnosis.md#probing): each changes ONE part of what Entra sends into another form
 * RFC 7643/7644 allows, so the first variant the target accepts names the part at fault. A variant
 * is data — which requests it applies to, how it changes them, the cause it names — and its
 * change is also the workaround the run keeps sending afterwards.
 *
 * Order matters only where two variants apply to one request: the one listed first is tried first
 * (a disable `{"op":"Replace","path":"active","value":"False"}` tries the lower-case op before the
 * JSON boolean), and each is tried on Entra's request, never on another variant's result.
 */
import { type ScimRequest } from '../../contract/target-client';
import { type CauseSpec } from '../cause';
import {
  collectionOf,
  isJsonObject,
  type JsonObject,
  patchOperationsOf,
  requestPhrase,
  resourceBodyOf,
  withPatchOperations,
  withResourceBody,
} from './scim-request';

export interface RequestVariant {
  /** Names the variant; its probe exchanges are recorded as `probe:<id>`. */
  readonly id: string;
  /** Whether the request has the part this variant changes. */
  applies(request: ScimRequest): boolean;
  /** The request with that one part sent in the other form. */
  change(request: ScimRequest): ScimRequest;
  /** The cause of a target that rejects `request` and accepts `change(request)`. */
  cause(request: ScimRequest): CauseSpec;
  /** What the harness sends instead from then on (the diagnosis's `workaround`). */
  readonly instead: string;
}

/** Schema URIs of RFC 7643 and its registered extensions; anything else is a vendor's own. */
const IETF_SCHEMA = /^urn:ietf:params:scim:/i;
const TRUE_OR_FALSE = /^(true|false)$/i;
/** A path qualified by an extension's schema URN: `urn:…:enterprise:2.0:User:employeeNumber` (RFC 7644 §3.10). */
const URN_QUALIFIED_PATH = /^(urn:[^[\]]+):([A-Za-z][\w$-]*)$/;
/** Every Entra request the variants touch fails in production: an entry Entra logs as failed. */
const FAILS = { severity: 'required', consequence: 'fails' } as const;
/** Longest quote of the harness's own request in a title. */
const QUOTE_LIMIT = 60;

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT - 1)}…` : text;
}

function opName(operation: JsonObject): string | undefined {
  return typeof operation.op === 'string' ? operation.op : undefined;
}

function pathOf(operation: JsonObject): string | undefined {
  return typeof operation.path === 'string' && operation.path.trim() !== '' ? operation.path : undefined;
}

function isManagerPath(path: string): boolean {
  return /(^|:)manager$/i.test(path);
}

function isStringBoolean(value: unknown): value is string {
  return typeof value === 'string' && TRUE_OR_FALSE.test(value);
}

/** "True"/"False" as the value, or as a value of a path-less op's attribute map. */
function hasStringBoolean(operation: JsonObject): boolean {
  const value = operation.value;
  return isStringBoolean(value) || (isJsonObject(value) && Object.values(value).some(isStringBoolean));
}

function toBoolean(value: unknown): unknown {
  return isStringBoolean(value) ? value.toLowerCase() === 'true' : value;
}

function unknownSchemaUris(request: ScimRequest): string[] {
  const schemas = resourceBodyOf(request)?.schemas;
  return Array.isArray(schemas) ? schemas.filter((uri): uri is string => typeof uri === 'string' && !IETF_SCHEMA.test(uri)) : [];
}

function without(body: JsonObject, key: string): JsonObject {
  const { [key]: _dropped, ...rest } = body;
  return rest;
}

/** Entra's schema URIs outside RFC 7643, e.g. the ADSCIM Group URI of every Create Group (docs/entra-behaviour.md#groups). */
const UNKNOWN_SCHEMA_URI: RequestVariant = {
  id: 'without-unknown-schema-uri',
  applies: (request) => unknownSchemaUris(request).length > 0,
  change: (request) => {
    const body = resourceBodyOf(request) as JsonObject;
    const unknown = new Set(unknownSchemaUris(request));
    return withResourceBody(request, { ...body, schemas: (body.schemas as unknown[]).filter((uri) => !(typeof uri === 'string' && unknown.has(uri))) });
  },
  cause: (request) => {
    const uri = unknownSchemaUris(request)[0];
    return {
      id: 'request/unknown-schema-uri-rejected',
      title: `Rejects the schema URI "${uri}" that Entra lists in every ${requestPhrase(request)}`,
      ...FAILS,
      fix: `Accept schema URIs you do not implement in "schemas" and ignore them (or list "${uri}" as known): Entra sends it with every new group and never leaves it out.`,
      impact: 'Every group Entra creates fails (SystemForCrossDomainIdentityManagementServiceIncompatible, escrowed and retried), so none of its members is provisioned to the application.',
      operations: ['create'],
      spec: 'RFC 7643 §3 (schemas), RFC 7644 §3.3 (a service provider may ignore what it does not support); docs/entra-behaviour.md#groups',
    };
  },
  instead: 'resources are sent without the schema URIs outside RFC 7643 in "schemas"',
};

/** `"meta": {"resourceType": …}` in every create body (docs/entra-behaviour.md#create-user). */
const CLIENT_META: RequestVariant = {
  id: 'without-meta',
  applies: (request) => resourceBodyOf(request)?.meta !== undefined,
  change: (request) => withResourceBody(request, without(resourceBodyOf(request) as JsonObject, 'meta')),
  cause: (request) => ({
    id: 'request/client-meta-rejected',
    title: `Rejects the read-only "meta" ${quote(resourceBodyOf(request)?.meta)} that Entra sends in every ${requestPhrase(request)}`,
    ...FAILS,
    fix: 'Ignore "meta" in request bodies: it is read-only, and a service provider ignores read-only attributes a client sends (RFC 7644 §3.3).',
    impact: 'Every user and group Entra creates fails (SystemForCrossDomainIdentityManagementServiceIncompatible), so nothing is provisioned.',
    operations: ['create'],
    spec: 'RFC 7643 §3.1 (meta is readOnly), RFC 7644 §3.3; docs/entra-behaviour.md#create-user',
  }),
  instead: 'resources are sent without "meta"',
};

/** `"roles": []` in every Create User, even with no role mapped (docs/entra-behaviour.md#create-user). */
const ROLES: RequestVariant = {
  id: 'without-roles',
  applies: (request) => collectionOf(request.path) === '/Users' && resourceBodyOf(request)?.roles !== undefined,
  change: (request) => withResourceBody(request, without(resourceBodyOf(request) as JsonObject, 'roles')),
  cause: (request) => ({
    id: 'request/roles-rejected',
    title: `Rejects "roles": ${quote(resourceBodyOf(request)?.roles)} that Entra sends in every ${requestPhrase(request)}`,
    ...FAILS,
    fix: 'Accept "roles" on users (RFC 7643 §4.1.2), at least the empty list, and ignore roles you do not support.',
    impact: 'Every user Entra creates fails (SystemForCrossDomainIdentityManagementServiceIncompatible, escrowed and retried), so no user is provisioned.',
    operations: ['create'],
    spec: 'RFC 7643 §4.1.2 (roles), RFC 7644 §3.3; docs/entra-behaviour.md#create-user',
  }),
  instead: 'users are created without "roles"',
};

/** `Add` / `Replace` / `Remove`, as the default dialect writes every op (docs/entra-behaviour.md#patch-dialects). */
const LOWER_CASE_OP: RequestVariant = {
  id: 'lower-case-op',
  applies: (request) => patchOperationsOf(request).some((operation) => opName(operation) !== opName(operation)?.toLowerCase()),
  change: (request) => withPatchOperations(request, patchOperationsOf(request).map((operation) => ({ ...operation, op: opName(operation)?.toLowerCase() ?? operation.op }))),
  cause: (request) => {
    const capitalised = patchOperationsOf(request).map(opName).find((op) => op !== undefined && op !== op.toLowerCase());
    return {
      id: 'request/capitalised-patch-op-rejected',
      title: `Rejects capitalised PATCH op names ("${capitalised ?? 'Replace'}"), which Entra sends`,
      ...FAILS,
      fix: 'Compare PATCH op names case-insensitively: accept "Add", "Replace" and "Remove" as well as "add", "replace" and "remove".',
      impact: "Every update, disable, manager link and membership change Entra sends with a capitalised op fails (SystemForCrossDomainIdentityManagementServiceIncompatible): the default dialect capitalises all of them, and member adds and the manager are capitalised in both dialects.",
      operations: ['update', 'disable', 'enable', 'manager', 'membership'],
      spec: 'docs/entra-behaviour.md#patch-dialects (op names in any case); RFC 7644 §3.5.2',
    };
  },
  instead: 'PATCH op names are sent in lower case',
};

/** `"value": "False"`: the default dialect's booleans (docs/entra-behaviour.md#disable-enable). */
const JSON_BOOLEAN: RequestVariant = {
  id: 'json-boolean',
  applies: (request) => patchOperationsOf(request).some(hasStringBoolean),
  change: (request) =>
    withPatchOperations(
      request,
      patchOperationsOf(request).map((operation) => {
        const value = operation.value;
        if (isStringBoolean(value)) return { ...operation, value: toBoolean(value) };
        if (isJsonObject(value)) return { ...operation, value: Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toBoolean(item)])) };
        return operation;
      }),
    ),
  cause: (request) => {
    const sent = patchOperationsOf(request).find(hasStringBoolean);
    const value = sent && isStringBoolean(sent.value) ? sent.value : 'False';
    return {
      id: 'request/string-boolean-rejected',
      title: `Rejects booleans sent as strings ("${value}"), as Entra's default dialect sends them`,
      ...FAILS,
      fix: 'Read the strings "True" and "False" (any case) as the booleans true and false in PATCH values.',
      impact: 'Every disable and re-enable Entra sends in its default dialect fails, so users unassigned or blocked in Entra stay active in the application.',
      operations: ['disable', 'enable'],
      spec: 'docs/entra-behaviour.md#disable-enable, docs/entra-behaviour.md#patch-dialects',
    };
  },
  instead: '"True"/"False" in PATCH values are sent as JSON booleans',
};

function isPathless(operation: JsonObject): boolean {
  return pathOf(operation) === undefined && isJsonObject(operation.value) && Object.keys(operation.value).length > 0;
}

/** One `replace` without `path` whose value maps dotted names, as the flag merges updates (docs/entra-behaviour.md#patch-dialects). */
const PATH_FORM: RequestVariant = {
  id: 'path-form',
  applies: (request) => patchOperationsOf(request).some(isPathless),
  change: (request) =>
    withPatchOperations(
      request,
      patchOperationsOf(request).flatMap((operation) =>
        isPathless(operation) ? Object.entries(operation.value as JsonObject).map(([path, value]) => ({ op: operation.op, path, value })) : [operation],
      ),
    ),
  cause: (request) => {
    const sent = patchOperationsOf(request).find(isPathless);
    const key = Object.keys((sent?.value ?? {}) as JsonObject)[0] ?? '';
    return {
      id: 'request/pathless-patch-rejected',
      title: `Rejects a PATCH "${sent ? opName(sent) : 'replace'}" without "path" whose value names the attributes ("${key}"), as Entra sends it with aadOptscim062020`,
      ...FAILS,
      fix: 'Support an add or replace without "path" whose value maps attribute names — dotted sub-attributes ("name.givenName") and URN-qualified extension attributes included — to their new values (RFC 7644 §3.5.2.1, §3.5.2.3).',
      impact: 'Every update of several attributes Entra sends with the aadOptscim062020 flag fails, so changed names, titles and departments never reach the application.',
      operations: ['update'],
      spec: 'RFC 7644 §3.5.2.3 (replace without path); docs/entra-behaviour.md#patch-dialects',
    };
  },
  instead: 'attributes of a path-less PATCH op are sent as one op with a path each',
};

function urnQualified(operation: JsonObject): { schema: string; attribute: string } | undefined {
  const path = pathOf(operation);
  const match = path !== undefined && !isManagerPath(path) ? URN_QUALIFIED_PATH.exec(path) : null;
  const op = opName(operation)?.toLowerCase();
  return match && (op === 'add' || op === 'replace') ? { schema: match[1], attribute: match[2] } : undefined;
}

/** `urn:…:enterprise:2.0:User:employeeNumber` as a path (docs/entra-behaviour.md#patch-dialects); the manager has its own variant. */
const NESTED_EXTENSION: RequestVariant = {
  id: 'nested-extension',
  applies: (request) => patchOperationsOf(request).some((operation) => urnQualified(operation) !== undefined),
  change: (request) =>
    withPatchOperations(
      request,
      patchOperationsOf(request).map((operation) => {
        const qualified = urnQualified(operation);
        return qualified ? { op: operation.op, value: { [qualified.schema]: { [qualified.attribute]: operation.value } } } : operation;
      }),
    ),
  cause: (request) => {
    const path = patchOperationsOf(request).map(pathOf).find((candidate) => candidate !== undefined && URN_QUALIFIED_PATH.test(candidate) && !isManagerPath(candidate));
    return {
      id: 'request/urn-extension-path-rejected',
      title: `Rejects PATCH paths qualified by the extension's schema URN ("${path ?? ''}"), which Entra sends`,
      ...FAILS,
      fix: 'Resolve a PATCH path of the form "<schema URN>:<attribute>" to that attribute of the extension (RFC 7644 §3.10), the enterprise extension\'s "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber" included.',
      impact: 'Every update of an enterprise-extension attribute (employee number, department, cost center …) Entra sends fails, so those values never reach the application.',
      operations: ['update'],
      spec: 'RFC 7644 §3.10 (URN-qualified attribute names); docs/entra-behaviour.md#patch-dialects',
    };
  },
  instead: 'extension attributes are sent nested under their schema URN in a path-less op',
};

function bareManager(operation: JsonObject): boolean {
  const path = pathOf(operation);
  return path !== undefined && isManagerPath(path) && typeof operation.value === 'string';
}

/** `"value": "<id>"`: the manager as captured Entra traffic sends it (docs/entra-behaviour.md#manager-reference). */
const MANAGER_OBJECT: RequestVariant = {
  id: 'manager-object',
  applies: (request) => patchOperationsOf(request).some(bareManager),
  change: (request) => withPatchOperations(request, patchOperationsOf(request).map((operation) => (bareManager(operation) ? { ...operation, value: { value: operation.value } } : operation))),
  cause: () => ({
    id: 'request/bare-string-manager-rejected',
    title: 'Rejects the manager id as a bare string ("value": "<manager id>"), as Entra sends it; only {"value": "<manager id>"} is accepted',
    ...FAILS,
    fix: 'Accept the manager as a bare string id as well as {"value": id}, and read an empty value ("") as clearing it.',
    impact: 'Every manager link Entra sends fails as a reference failure (counted apart by the quarantine thresholds), so no user gets a manager in the application.',
    operations: ['manager'],
    spec: 'docs/entra-behaviour.md#manager-reference (captured traffic: a bare string id); RFC 7643 §4.3',
  }),
  instead: 'the manager is sent as {"value": id}',
};

function spacedQuery(request: ScimRequest): [string, string] | undefined {
  if (request.method !== 'GET' || request.queryEncoding !== 'form') return undefined;
  return Object.entries(request.query ?? {}).find(([, value]) => value.includes(' '));
}

/** `filter=userName+eq+%22…%22`: Entra's form-encoded queries (docs/entra-behaviour.md#match-query-encoding). */
const PERCENT_ENCODED_SPACES: RequestVariant = {
  id: 'percent-encoded-spaces',
  applies: (request) => spacedQuery(request) !== undefined,
  change: (request) => ({ ...request, queryEncoding: 'percent' }),
  cause: (request) => {
    const [name, value] = spacedQuery(request) ?? ['filter', 'userName eq "…"'];
    const words = value.split(' ');
    const sent = `${name}=${words.slice(0, 2).map(encodeURIComponent).join('+')}+…`;
    return {
      id: 'request/plus-in-query-misread',
      title: `Reads "+" in the query string as a plus sign, not a space, so Entra's filter queries (${sent}) fail`,
      ...FAILS,
      fix: 'Decode the query string as application/x-www-form-urlencoded, where "+" is a space (e.g. URLSearchParams), not with decodeURIComponent alone.',
      impact: "Entra's Test Connection and every match query fail, so Entra cannot provision at all: nothing is created, updated or disabled.",
      operations: ['create', 'update', 'disable', 'enable', 'delete', 'manager', 'membership'],
      spec: 'docs/entra-behaviour.md#match-query-encoding (WHATWG URL: form encoding writes a space as "+")',
    };
  },
  instead: 'query spaces are sent as %20',
};

/** Every variant, in the order they are tried. */
export const REQUEST_VARIANTS: readonly RequestVariant[] = [
  UNKNOWN_SCHEMA_URI,
  CLIENT_META,
  ROLES,
  LOWER_CASE_OP,
  JSON_BOOLEAN,
  PATH_FORM,
  NESTED_EXTENSION,
  MANAGER_OBJECT,
  PERCENT_ENCODED_SPACES,
];
