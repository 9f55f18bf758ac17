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
export function unauthorized(detail: string, invalidToken: boolean, challenge = true): ScimError {
  if (!challenge) return new ScimError(401, detail);
  return new ScimError(401, detail, undefined, {
    'WWW-Authenticate': invalidToken ? `${REALM_CHALLENGE}, error="invalid_token"` : REALM_CHALLENGE,
  });
}

export interface BearerAuthOptions {
  /** false: the `no-www-authenticate` fault — 401s without a challenge. */
  readonly challenge?: boolean;
  /** The `invalid-token-403` fault: an unknown token is 403 instead of 401. */
  readonly unknownToken403?: boolean;
}

export function createBearerAuth(token: string, options: BearerAuthOptions = {}): RequestHandler {
  const expected = digest(token);
  const challenge = options.challenge ?? true;
  return (req, _res, next) => {
    const header = req.get('authorization');
    if (header === undefined || header.trim() === '') {
      next(unauthorized('Authentication required: send "Authorization: Bearer <token>"', false, challenge));
      return;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      next(unauthorized('The Authorization header must use the Bearer scheme: "Authorization: Bearer <token>"', true, challenge));
      return;
    }
    // Comparing digests keeps the comparison constant-time whatever the token lengths.
    if (!timingSafeEqual(digest(match[1]), expected)) {
      next(options.unknownToken403 === true ? new ScimError(403, 'The bearer token is not allowed here') : unauthorized('The bearer token is not valid for this server', true, challenge));
      return;
    }
    next();
  };
}
