/**
 * HTTP routes of /Users, /Groups and the root search (RFC 7644 §3.2 endpoints): reads the
 * request, calls the ResourceService, writes headers (Location, ETag) and the body.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { ScimError } from './errors';
import { type ResponseStyle, sendEmpty, sendJson } from './http-io';
import { type ListParams, readListQuery, readSearchRequest } from './list-query';
import { methodNotAllowed } from './method-not-allowed';
import { baseUrlOf, projectionOf } from './request-context';
import { type RequestContext, type ResourceKind, type ResourceService, type ServiceResult } from './resource-service';
import { type ScimStore } from './store';
import { type RfcFaultSwitches } from './rfc-faults';

export interface ResourceRouteSettings {
  readonly basePath: string;
  readonly style: ResponseStyle;
  readonly service: ResourceService;
  readonly store: ScimStore;
  /** `no-location` fault: leave out the Location header on creates. */
  readonly omitLocation: boolean;
  /** The RFC suite's faults the routes apply: no ETag header, /Me 404, searches that ignore their filter. */
  readonly faults: Pick<RfcFaultSwitches, 'noEtagHeader' | 'me404' | 'searchIgnoresFilter' | 'ifNoneMatchIgnored'>;
}

const ENDPOINTS: ReadonlyArray<{ path: string; kind: ResourceKind }> = [
  { path: '/Users', kind: 'User' },
  { path: '/Groups', kind: 'Group' },
];

export function createResourceRouter(settings: ResourceRouteSettings): Router {
  const router = Router();
  const { service, style } = settings;

  const context = (req: Request): RequestContext => {
    const { projection, requested } = projectionOf(req);
    return { baseUrl: baseUrlOf(req, settings.basePath), store: settings.store, projection, projectionRequested: requested };
  };

  const respond = (res: Response, result: ServiceResult, isCreate = false): void => {
    const headers: Record<string, string> = {};
    if (result.etag && !settings.faults.noEtagHeader) headers.ETag = result.etag;
    // RFC 7644 §3.3: Location on create; RFC 7644 §3.1 / RFC 9110 §8.8.2 Content-Location on reads is optional.
    if (isCreate && result.location && !settings.omitLocation) headers.Location = result.location;
    if (result.body) sendJson(res, style, result.status, result.body, headers);
    else sendEmpty(res, result.status, headers);
  };

  // `search-ignores-filter`: a POST search answers as if the SearchRequest had no filter.
  const searchOf = (body: unknown): ListParams => {
    const params = readSearchRequest(body);
    return settings.faults.searchIgnoresFilter ? { ...params, filter: undefined } : params;
  };
  const searchBoth: RequestHandler = (req, res) => respond(res, service.list(['User', 'Group'], searchOf(req.body), context(req)));
  router.route('/.search').post(searchBoth).all(methodNotAllowed(['POST']));
  // RFC 7644 §3.4.2.1: a query may also be sent to the server root.
  router.get('/', (req, res) => respond(res, service.list(['User', 'Group'], readListQuery(req.query as Record<string, unknown>), context(req))));

  for (const { path, kind } of ENDPOINTS) {
    router
      .route(path)
      .get((req, res) => respond(res, service.list([kind], readListQuery(req.query as Record<string, unknown>), context(req))))
      .post((req, res) => respond(res, service.create(kind, req.body, context(req)), true))
      .all(methodNotAllowed(['GET', 'POST']));

    router
      .route(`${path}/.search`)
      .post((req, res) => respond(res, service.list([kind], searchOf(req.body), context(req))))
      .all(methodNotAllowed(['POST']));

    router
      .route(`${path}/:id`)
      .get((req, res) => {
        // `if-none-match-ignored`: the precondition is dropped before express's own freshness check sees it.
        if (settings.faults.ifNoneMatchIgnored) delete req.headers['if-none-match'];
        respond(res, service.get(kind, String(req.params.id), context(req), req.get('if-none-match')));
      })
      .put((req, res) => respond(res, service.replace(kind, String(req.params.id), req.body, context(req), req.get('if-match'))))
      .patch((req, res) => respond(res, service.patch(kind, String(req.params.id), req.body, context(req), req.get('if-match'))))
      .delete((req, res) => respond(res, service.delete(kind, String(req.params.id), context(req), req.get('if-match'))))
      .all(methodNotAllowed(['GET', 'PUT', 'PATCH', 'DELETE']));
  }

  // The ServiceProviderConfig says bulk is not supported; RFC 7644 §3.7 leaves 501 as the answer.
  router.all('/Bulk', () => {
    throw new ScimError(501, 'Bulk operations are not supported by this server (see /ServiceProviderConfig: bulk.supported=false)');
  });
  // RFC 7644 §3.11: a provider without /Me SHOULD answer 501.
  router.all('/Me', () => {
    if (settings.faults.me404) throw new ScimError(404, 'Not found');
    throw new ScimError(501, '/Me is not supported: this server has no notion of the authenticated user');
  });

  return router;
}
