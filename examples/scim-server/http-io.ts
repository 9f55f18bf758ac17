/**
 * How every response leaves the server: SCIM media type (RFC 7644 §3.1, §8.1), RFC 7644 §3.12
 * error bodies, and the body parser that accepts both JSON media types.
 */
import express, { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import { ScimError } from './errors';
import { type JsonObject } from './json';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';
/** What the `wrong-content-type` fault sends: the mistake the Microsoft validator warns about (docs/entra-behaviour.md#validator-tests). */
export const PLAIN_JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const ACCEPTED_BODY_TYPES = ['application/scim+json', 'application/json'];

export interface ResponseStyle {
  readonly contentType: string;
  /** `plain-errors` fault: errors as text/plain instead of the SCIM Error schema. */
  readonly plainErrors: boolean;
  /** `numeric-error-status` fault: "status" as a number instead of the string RFC 7644 §3.12 asks for. */
  readonly numericErrorStatus: boolean;
}

export function sendJson(res: Response, style: ResponseStyle, status: number, body: JsonObject, headers: Record<string, string> = {}): void {
  res.status(status).set(headers).set('Content-Type', style.contentType).send(JSON.stringify(body));
}

export function sendEmpty(res: Response, status: number, headers: Record<string, string> = {}): void {
  res.status(status).set(headers).end();
}

export function sendError(res: Response, style: ResponseStyle, error: ScimError): void {
  res.status(error.status).set({ ...error.headers });
  if (style.plainErrors) {
    res.set('Content-Type', 'text/plain; charset=utf-8').send(`${error.status} ${error.detail}`);
    return;
  }
  const body: Record<string, unknown> = { ...error.toBody() };
  if (style.numericErrorStatus) body.status = error.status;
  res.set('Content-Type', style.contentType).send(JSON.stringify(body));
}

/**
 * RFC 7644 §3.8: bodies are JSON, sent as application/scim+json or application/json.
 * Anything else with a body is 415; parse problems become SCIM errors in the error handler.
 */
export function createBodyParsers(limit: string, options: { readonly acceptPlainJson?: boolean } = {}): RequestHandler[] {
  // false: the `reject-application-json` fault — only application/scim+json bodies are read.
  const accepted = options.acceptPlainJson === false ? ['application/scim+json'] : ACCEPTED_BODY_TYPES;
  const checkType: RequestHandler = (req, _res, next) => {
    const empty = req.get('content-length') === '0' || (req.get('content-length') === undefined && req.get('transfer-encoding') === undefined);
    // An empty body needs no media type; the handler then answers 400 invalidSyntax for the missing body.
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE' || empty || req.is(accepted) !== false) {
      next();
      return;
    }
    next(
      new ScimError(
        415,
        `Content-Type ${JSON.stringify(req.get('content-type') ?? '')} is not accepted; send the body as application/scim+json or application/json`,
      ),
    );
  };
  return [checkType, express.json({ type: ACCEPTED_BODY_TYPES, limit, strict: true })];
}

interface ParserError {
  type?: unknown;
  status?: unknown;
  message?: unknown;
}

/** Maps body-parser failures and anything unexpected to SCIM errors. */
export function toScimError(error: unknown, limit: string): ScimError {
  if (error instanceof ScimError) return error;
  const parserError = (typeof error === 'object' && error !== null ? error : {}) as ParserError;
  switch (parserError.type) {
    case 'entity.parse.failed':
      return new ScimError(400, `The request body is not valid JSON: ${String(parserError.message)}`, 'invalidSyntax');
    case 'entity.too.large':
      return new ScimError(413, `The request body is larger than ${limit}; send fewer operations or members per request`);
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new ScimError(415, `${String(parserError.message)}; send UTF-8 JSON (RFC 7644 §3.8)`);
    case 'request.aborted':
    case 'request.size.invalid':
      return new ScimError(400, `The request body was incomplete: ${String(parserError.message)}`, 'invalidSyntax');
    default:
      return new ScimError(500, 'Internal server error');
  }
}

/** `rewrite`: how a faulty server would have answered instead (error-faults.ts); identity by default. */
export function createErrorHandler(style: ResponseStyle, limit: string, rewrite: (error: ScimError) => ScimError = (error) => error): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    sendError(res, style, rewrite(toScimError(error, limit)));
  };
}
