/**
 * Assembles the express application: request recording, request-level faults, discovery
 * (open), bearer authentication, body parsing, the resource routes, SCIM 404s and the error
 * handler, in that order.
 */
import express from 'express';
import { ConfigurationError } from './configuration-error';
import { createBearerAuth } from './auth';
import { createDiscoveryRouter } from './discovery-routes';
import { notFound } from './errors';
import { FaultRuntime } from './fault-middleware';
import { misreadQuery } from './misread-query';
import { type FaultSwitches, withFaults } from './faults';
import { DEFAULT_FILTER_LIMITS } from './filter-parser';
import { PLAIN_JSON_CONTENT_TYPE, type ResponseStyle, SCIM_CONTENT_TYPE, createBodyParsers, createErrorHandler } from './http-io';
import { createSeededUuid, createRandom } from './random';
import { type RecordedRequest, createRequestRecorder } from './request-recorder';
import { createResourceRouter } from './resource-routes';
import { errorWithFaults } from './error-faults';
import { ResourceService } from './resource-service';
import { type ScimServerOptions } from './server-options';
import { ScimStore } from './store';

export const DEFAULT_BASE_PATH = '/scim/v2';
export const DEFAULT_MAX_RESULTS = 200;
const BODY_LIMIT = '1mb';

export interface BuiltScimApp {
  readonly app: express.Express;
  readonly store: ScimStore;
  readonly requests: RecordedRequest[];
  readonly faults: FaultSwitches;
  readonly basePath: string;
  /** Stops timers the `slow` fault left pending. */
  dispose(): void;
}

function normaliseBasePath(basePath: string | undefined): string {
  if (basePath === undefined) return DEFAULT_BASE_PATH;
  if (!basePath.startsWith('/') || /[?#\s]/.test(basePath)) {
    throw new ConfigurationError(`basePath must be a URL path starting with "/" without query or spaces, got "${basePath}" (e.g. "/scim/v2")`);
  }
  return basePath.replace(/\/+$/, '');
}

function checkOptions(options: ScimServerOptions): void {
  if (options.token !== undefined && options.token.trim() === '') {
    throw new ConfigurationError('token must not be empty (leave it undefined to run without authentication)');
  }
  const maxResults = options.maxResults;
  if (maxResults !== undefined && (!Number.isInteger(maxResults) || maxResults < 1)) {
    throw new ConfigurationError(`maxResults must be a whole number of 1 or more, got "${maxResults}" (e.g. 200)`);
  }
}

export function buildScimApp(options: ScimServerOptions = {}): BuiltScimApp {
  checkOptions(options);
  const basePath = normaliseBasePath(options.basePath);
  const faults = withFaults(options.faults ?? {});
  const maxResults = options.maxResults ?? DEFAULT_MAX_RESULTS;
  const seed = options.seed ?? faults.seed;
  const store =
    options.store ??
    new ScimStore({
      ...(options.seed !== undefined ? { newId: createSeededUuid(createRandom(options.seed)) } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  const requests = options.requestLog ?? [];
  const style: ResponseStyle = {
    contentType: faults.wrongContentType ? PLAIN_JSON_CONTENT_TYPE : SCIM_CONTENT_TYPE,
    plainErrors: faults.plainErrors,
    numericErrorStatus: faults.numericErrorStatus,
  };
  const runtime = new FaultRuntime(faults, basePath, seed);
  const service = new ResourceService(store, { faults, maxResults, filterLimits: DEFAULT_FILTER_LIMITS });

  const app = express();
  app.disable('x-powered-by');
  // ETags are the resources' own meta.version (RFC 7644 §3.14), never a hash of the body.
  app.set('etag', false);
  // `misread-plus`: the query string is decoded with decodeURIComponent, so "+" is not a space.
  if (faults.misreadPlus) app.set('query parser', misreadQuery);

  const recorder = options.recordRequests ? createRequestRecorder(requests) : undefined;
  if (recorder) app.use(recorder.start);
  app.use(runtime.middleware());

  const scim = express.Router();
  scim.use(createDiscoveryRouter({ basePath, maxResults, style, faults }));
  if (options.token !== undefined) scim.use(createBearerAuth(options.token, { challenge: !faults.noWwwAuthenticate, unknownToken403: faults.invalidToken403 }));
  scim.use(createBodyParsers(BODY_LIMIT, { acceptPlainJson: !faults.rejectApplicationJson }));
  if (recorder) scim.use(recorder.captureBody);
  scim.use(createResourceRouter({ basePath, style, service, store, omitLocation: faults.noLocation, faults }));
  app.use(basePath === '' ? '/' : basePath, scim);

  app.use((req, res, next) => {
    // `unknown-endpoint-200`: a catch-all that answers every path (an SPA-style fallback).
    if (faults.unknownEndpoint200) {
      res.status(200).set('Content-Type', style.contentType).send('{}');
      return;
    }
    next(notFound(`No SCIM endpoint at ${req.method} ${req.originalUrl.split('?')[0]}; the endpoints live under ${basePath || '/'} (/Users, /Groups, /Schemas, /ResourceTypes, /ServiceProviderConfig)`));
  });
  app.use(createErrorHandler(style, BODY_LIMIT, (error) => errorWithFaults(error, faults)));

  return { app, store, requests, faults, basePath, dispose: () => runtime.dispose() };
}
