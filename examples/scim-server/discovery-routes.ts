/**
 * RFC 7644 §4 discovery: /ServiceProviderConfig (a single resource), /ResourceTypes and
 * /Schemas (ListResponses, each entry also at its own URL). Served without authentication:
 * RFC 7644 §4 leaves that to the provider, and a client needs the authentication schemes
 * before it has a token (RFC 7643 §5).
 */
import { Router, type Request, type Response } from 'express';
import { ScimError, notFound } from './errors';
import { type ResponseStyle, sendJson } from './http-io';
import { type JsonObject } from './json';
import { baseUrlOf } from './request-context';
import {
  ALL_SCHEMAS,
  LIST_RESPONSE_SCHEMA,
  RESOURCE_TYPES,
  buildResourceTypeDocument,
  buildSchemaDocument,
  buildServiceProviderConfig,
} from './schemas';
import { methodNotAllowed } from './method-not-allowed';
import { type RfcFaultSwitches } from './rfc-faults';
import { misstatedResourceType, misstatedSchema, misstatedServiceProviderConfig } from './discovery-faults';

export interface DiscoverySettings {
  readonly basePath: string;
  readonly maxResults: number;
  readonly style: ResponseStyle;
  /** The RFC suite's discovery faults (discovery-faults.ts): documents that misstate what the server does. */
  readonly faults: RfcFaultSwitches;
}

function listResponse(resources: JsonObject[]): JsonObject {
  return { schemas: [LIST_RESPONSE_SCHEMA], totalResults: resources.length, itemsPerPage: resources.length, startIndex: 1, Resources: resources };
}

/** RFC 7644 §4: filtering discovery lists SHOULD be refused with 403, so no client trusts a filter that was ignored. */
function refuseFilter(req: Request, faults: RfcFaultSwitches): void {
  if ((req.query as Record<string, unknown>).filter !== undefined && !faults.discoveryFilterIgnored) {
    throw new ScimError(403, 'Discovery endpoints do not support filtering (RFC 7644 §4); request the whole list');
  }
}

export function createDiscoveryRouter(settings: DiscoverySettings): Router {
  const router = Router();
  const send = (res: Response, body: JsonObject): void => sendJson(res, settings.style, 200, body);
  const base = (req: Request): string => baseUrlOf(req, settings.basePath);

  router
    .route('/ServiceProviderConfig')
    .get((req, res) => send(res, misstatedServiceProviderConfig(buildServiceProviderConfig(base(req), { maxResults: settings.maxResults }), settings.faults)))
    .all(methodNotAllowed(['GET']));

  router
    .route('/ResourceTypes')
    .get((req, res) => {
      refuseFilter(req, settings.faults);
      send(res, listResponse(RESOURCE_TYPES.map((type) => misstatedResourceType(buildResourceTypeDocument(type, base(req)), settings.faults))));
    })
    .all(methodNotAllowed(['GET']));

  router
    .route('/ResourceTypes/:name')
    .get((req, res) => {
      const name = String(req.params.name);
      const type = RESOURCE_TYPES.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
      if (!type) throw notFound(`Resource type "${name}" not found; this server has ${RESOURCE_TYPES.map((t) => t.name).join(' and ')}`);
      send(res, misstatedResourceType(buildResourceTypeDocument(type, base(req)), settings.faults));
    })
    .all(methodNotAllowed(['GET']));

  router
    .route('/Schemas')
    .get((req, res) => {
      refuseFilter(req, settings.faults);
      send(res, listResponse(ALL_SCHEMAS.map((schema) => misstatedSchema(buildSchemaDocument(schema, base(req)), settings.faults))));
    })
    .all(methodNotAllowed(['GET']));

  router
    .route('/Schemas/:id')
    .get((req, res) => {
      const id = String(req.params.id);
      const schema = ALL_SCHEMAS.find((candidate) => candidate.id.toLowerCase() === id.toLowerCase());
      if (!schema) throw notFound(`Schema "${id}" not found; this server has ${ALL_SCHEMAS.map((s) => s.id).join(', ')}`);
      send(res, misstatedSchema(buildSchemaDocument(schema, base(req)), settings.faults));
    })
    .all(methodNotAllowed(['GET']));

  return router;
}
