/** Per-request facts the handlers share: the absolute base URL and the projection parameters. */
import { type Request } from 'express';
import { type ProjectionRequest, splitAttributeList } from './attribute-projection';
import { badRequest } from './errors';

/** Absolute base URL as the client reached us (RFC 7643 §3.1: meta.location is an absolute URI). */
export function baseUrlOf(req: Request, basePath: string): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${basePath}`;
}

function singleQuery(req: Request, name: string): string | undefined {
  const value: unknown = (req.query as Record<string, unknown>)[name];
  if (Array.isArray(value)) throw badRequest('invalidValue', `Query parameter "${name}" was given ${value.length} times; give it once`);
  return typeof value === 'string' ? value : undefined;
}

/** `attributes` / `excludedAttributes` of a single-resource request (RFC 7644 §3.9). */
export function projectionOf(req: Request): { projection: ProjectionRequest; requested: boolean } {
  const attributes = singleQuery(req, 'attributes');
  const excludedAttributes = singleQuery(req, 'excludedAttributes');
  return {
    projection: { attributes: splitAttributeList(attributes), excludedAttributes: splitAttributeList(excludedAttributes) },
    requested: attributes !== undefined || excludedAttributes !== undefined,
  };
}
