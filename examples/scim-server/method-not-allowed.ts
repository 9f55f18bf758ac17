/** 405 with an Allow header (RFC 9110 §15.5.6) for methods an endpoint does not have. */
import { type RequestHandler } from 'express';
import { ScimError } from './errors';

export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  const allow = allowed.join(', ');
  return (req, _res, next) => {
    next(new ScimError(405, `${req.method} is not supported on ${req.originalUrl.split('?')[0]}; use ${allow}`, undefined, { Allow: allow }));
  };
}
