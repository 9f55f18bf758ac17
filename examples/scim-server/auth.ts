/**
 * Bearer-token authentication (RFC 6750, RFC 7644 §2): 401 with a SCIM error body and a
 * `WWW-Authenticate` challenge naming the scheme.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { type RequestHandler } from 'express';
import { ScimError } from './errors';

export const REALM_CHALLENGE = 'Bearer realm="scim"';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** RFC 6750 §3.1: a request without credentials gets the bare challenge, a bad token `invalid_token`. */
export function unauthorized(detail: string, invalidToken: boolean): ScimError {
  return new ScimError(401, detail, undefined, {
    'WWW-Authenticate': invalidToken ? `${REALM_CHALLENGE}, error="invalid_token"` : REALM_CHALLENGE,
  });
}

export function createBearerAuth(token: string): RequestHandler {
  const expected = digest(token);
  return (req, _res, next) => {
    const header = req.get('authorization');
    if (header === undefined || header.trim() === '') {
      next(unauthorized('Authentication required: send "Authorization: Bearer <token>"', false));
      return;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      next(unauthorized('The Authorization header must use the Bearer scheme: "Authorization: Bearer <token>"', true));
      return;
    }
    // Comparing digests keeps the comparison constant-time whatever the token lengths.
    if (!timingSafeEqual(digest(match[1]), expected)) {
      next(unauthorized('The bearer token is not valid for this server', true));
      return;
    }
    next();
  };
}
