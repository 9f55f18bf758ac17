/** Protocol rules for creates: 201 with the created resource, its id and Location, the server's own id, required attributes, and 409 for uniqueness (RFC 7644 §3.3). */
import { type ExchangeCheck, type ObjectType } from '../check-types';
import { describe, getAttribute, hasResponseBody, hasSchema, headerOf, idOf, isJsonObject, isSuccess, requestObjectOf, responseObjectOf, URN } from '../exchange-facts';
import { isUnassigned } from '../scim-values';
import { statusIs } from './shared';

const createStatus: ExchangeCheck = {
  id: 'protocol/create-status-201',
  severity: 'required',
  severityReason: 'SHALL: RFC 7644 §3.3 answers a create with 201; the SCIM Validator fails a 200 (docs/entra-behaviour.md#create-user)',
  spec: 'RFC 7644 §3.3',
  title: 'Create answered a 2xx other than 201 Created',
  fix: 'Answer a successful POST with 201 Created; Entra and the Microsoft SCIM Validator treat 200 as failure.',
  appliesTo: (ctx) => ctx.operation === 'create' && isSuccess(ctx.exchange),
  run: (ctx) =>
    ctx.exchange.response?.status === 201 ? null : { expected: '201 Created', actual: `${ctx.exchange.response?.status}` },
};

const createReturnsId: ExchangeCheck = {
  id: 'protocol/create-returns-id',
  severity: 'required',
  severityReason: 'Entra fails: it caches the id of the create response for every later operation (docs/entra-behaviour.md#create-user)',
  spec: 'RFC 7644 §3.3; Entra: target id is cached after create',
  title: 'Create response has no resource id',
  fix: 'Return the created resource, including its server-assigned "id", in the 201 body.',
  appliesTo: (ctx) => ctx.operation === 'create' && isSuccess(ctx.exchange) && ctx.exchange.response?.parseError === undefined,
  run: (ctx) => {
    const body = responseObjectOf(ctx.exchange);
    if (idOf(body) !== undefined) return null;
    return {
      expected: 'a body with a non-empty "id"',
      actual: body ? `body without id: ${describe(body, 100)}` : ctx.exchange.response?.body === undefined ? 'no body' : 'body is not a JSON object',
    };
  },
};

function resolveUrl(value: string, base: string): string | undefined {
  try {
    return new URL(value, base).href.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

const createLocation: ExchangeCheck = {
  id: 'protocol/create-location-header',
  severity: 'required',
  severityReason: 'SHALL: RFC 7644 §3.3, the created resource\'s URI SHALL be in the Location header',
  spec: 'RFC 7644 §3.3',
  title: 'Create response Location header missing or different from meta.location',
  fix: 'Send a "Location" header on 201 equal to the resource\'s meta.location.',
  appliesTo: (ctx) => ctx.operation === 'create' && statusIs(ctx, (s) => s === 201),
  run: (ctx) => {
    const location = headerOf(ctx.exchange.response?.headers ?? {}, 'location');
    const meta = getAttribute(responseObjectOf(ctx.exchange) ?? {}, 'meta');
    const metaLocation = isJsonObject(meta) ? getAttribute(meta, 'location') : undefined;
    if (location === undefined) {
      return {
        expected: typeof metaLocation === 'string' ? `Location: ${metaLocation}` : 'a Location header with the new resource URI',
        actual: 'no Location header',
      };
    }
    if (typeof metaLocation !== 'string') return null;
    // Both may be relative (RFC 7231 §7.1.2); compare them resolved against the request URL.
    const base = ctx.exchange.request.url;
    // The same text resolves the same way: most servers send one string twice.
    return location === metaLocation || resolveUrl(location, base) === resolveUrl(metaLocation, base)
      ? null
      : { expected: `Location equal to meta.location ${metaLocation}`, actual: `Location: ${location}` };
  },
};

const createIgnoresClientId: ExchangeCheck = {
  id: 'protocol/create-ignores-client-id',
  severity: 'required',
  severityReason: 'SHALL: RFC 7644 §3.3, readOnly attributes in a request SHALL be ignored; RFC 7643 §3.1 id is the provider\'s',
  spec: 'RFC 7643 §3.1 ("id" is always issued by the service provider)',
  title: 'Create used the id the client sent',
  fix: 'Ignore any "id" in a POST body and assign your own identifier.',
  appliesTo: (ctx) => {
    const sent = requestObjectOf(ctx.exchange);
    return ctx.operation === 'create' && isSuccess(ctx.exchange) && typeof getAttribute(sent ?? {}, 'id') === 'string';
  },
  run: (ctx) => {
    const sent = getAttribute(requestObjectOf(ctx.exchange) ?? {}, 'id') as string;
    const returned = idOf(responseObjectOf(ctx.exchange));
    return returned !== undefined && returned === sent
      ? { expected: 'a server-assigned id, not the one in the request', actual: `id ${describe(returned)} as sent by the client` }
      : null;
  },
};

/** RFC 7643 §4.1.1 userName and §4.2 displayName are REQUIRED. */
const REQUIRED_ON_CREATE: Readonly<Record<ObjectType, string>> = { User: 'userName', Group: 'displayName' };

const createRequiresRequired: ExchangeCheck = {
  id: 'protocol/create-requires-required-attributes',
  severity: 'required',
  severityReason: 'MUST: RFC 7643 §4.1.1 and §4.2 make userName and displayName REQUIRED in every resource',
  spec: 'RFC 7643 §4.1.1, §4.2; RFC 7644 §3.3',
  title: 'Create without a required attribute succeeded',
  fix: 'Reject a POST without userName (Users) or displayName (Groups) with 400 and scimType "invalidValue".',
  appliesTo: (ctx) =>
    ctx.operation === 'create' && ctx.objectType !== undefined && isSuccess(ctx.exchange) && requestObjectOf(ctx.exchange) !== undefined,
  run: (ctx) => {
    const attribute = REQUIRED_ON_CREATE[ctx.objectType as ObjectType];
    const sent = getAttribute(requestObjectOf(ctx.exchange) ?? {}, attribute);
    return isUnassigned(sent)
      ? { expected: `400 for a ${ctx.objectType} without ${attribute}`, actual: `${ctx.exchange.response?.status}: created anyway` }
      : null;
  },
};

const conflictUniqueness: ExchangeCheck = {
  id: 'protocol/conflict-uniqueness',
  severity: 'required',
  severityReason: 'MUST: RFC 7644 §3.3, a uniqueness conflict MUST be 409 with scimType uniqueness',
  spec: 'RFC 7644 §3.3, §3.12',
  title: '409 Conflict without scimType "uniqueness"',
  fix: 'Answer a uniqueness conflict with 409 and an Error body carrying "scimType":"uniqueness".',
  // A body that is not a SCIM Error at all is protocol/error-body's deviation: one cause, one finding.
  appliesTo: (ctx) =>
    statusIs(ctx, (s) => s === 409) &&
    (ctx.operation === 'create' || ctx.operation === 'replace' || ctx.operation === 'patch') &&
    (ctx.exchange.response === undefined || !hasResponseBody(ctx.exchange.response) || hasSchema(responseObjectOf(ctx.exchange) ?? {}, URN.error)),
  run: (ctx) => {
    const body = responseObjectOf(ctx.exchange);
    const scimType = body ? getAttribute(body, 'scimType') : undefined;
    return scimType === 'uniqueness'
      ? null
      : { expected: 'scimType "uniqueness"', actual: body ? `scimType ${describe(scimType)}` : 'no Error body' };
  },
};

export const CREATE_CHECKS: readonly ExchangeCheck[] = [createStatus, createReturnsId, createLocation, createIgnoresClientId, createRequiresRequired, conflictUniqueness];
