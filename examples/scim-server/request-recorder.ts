/**
 * Records the requests a server receives, for traffic tests. Secrets never reach a record:
 * credential headers and password values are replaced before the record exists.
 */
import { type RequestHandler } from 'express';
import { type JsonValue, isJsonObject } from './json';
import { type RecordedRequest } from './server-options';

export type { RecordedRequest } from './server-options';

export const REDACTED = '[REDACTED]';
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

function isPasswordPath(path: JsonValue | undefined): boolean {
  return typeof path === 'string' && /(^|:)password$/i.test(path.trim());
}

/** Copies a body with every `password` value, and the value of PATCH ops on `password`, redacted. */
export function redactBody(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(redactBody);
  if (!isJsonObject(value)) return value;
  const copy: Record<string, JsonValue> = {};
  const pathKey = Object.keys(value).find((key) => key.toLowerCase() === 'path');
  const redactValue = pathKey !== undefined && isPasswordPath(value[pathKey]);
  for (const key of Object.keys(value)) {
    if (/(^|:)password$/i.test(key) || (redactValue && key.toLowerCase() === 'value')) copy[key] = REDACTED;
    else copy[key] = redactBody(value[key]);
  }
  return copy;
}

export function createRequestRecorder(log: RecordedRequest[]): { start: RequestHandler; captureBody: RequestHandler } {
  const start: RequestHandler = (req, res, next) => {
    const record: RecordedRequest = {
      method: req.method,
      path: req.originalUrl.split('?')[0],
      query: { ...(req.query as Record<string, string | string[]>) },
      rawQuery: req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '',
      headers: redactHeaders(req.headers),
      receivedAt: new Date().toISOString(),
    };
    log.push(record);
    res.locals.recordedRequest = record;
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    next();
  };
  const captureBody: RequestHandler = (req, res, next) => {
    const record = res.locals.recordedRequest as RecordedRequest | undefined;
    if (record && req.body !== undefined) record.body = redactBody(req.body as JsonValue);
    next();
  };
  return { start, captureBody };
}
