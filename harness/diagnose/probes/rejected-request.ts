/**
 * Differential probing of a rejected request (docs/diagnosis.md#probing): when the target answers
 * a request Entra sends — and RFC 7643/7644 allows — with a 4xx that is not about credentials,
 * existence, uniqueness, preconditions or throttling (401, 403, 404, 409, 412, 429), or answers a
 * filter query with 400, the inspector sends minimal variants, one change each
 * (`request-variants.ts`), and the first the target accepts names the part at fault. That variant
 * becomes the run's workaround for the same kind of request on the same collection, so the rest of
 * the lifecycle is still tested.
 *
 * What a probe may touch: a PATCH or a query variant goes to the resource Entra's request was for
 * (one of the run's own objects; the variant asks for the same change in another form). A create
 * variant creates an object of its own — its unique values carry the run's prefix and a fresh
 * token (`probe-identity.ts`) — and is DELETEd at once; first a control, Entra's create with those
 * fresh values, must be refused the same way, so a refusal that came from the values (a duplicate
 * answered 400) is never blamed on the shape. No variant accepted: no diagnosis, and the failure is
 * grouped by symptom (docs/diagnosis.md#root-causes).
 */
import { randomBytes } from 'node:crypto';
import { type Exchange } from '../../contract/exchange';
import { type ExchangeSender, type ScimRequest } from '../../contract/target-client';
import { resourcePath, unusableIdReason } from '../../engine/resource-path';
import { resourceBody, resourceId } from '../../engine/scim-responses';
import { quoteServer } from '../../text/quote-server';
import { diagnosisOf } from '../cause';
import { type ExchangeInspector, type InspectionContext } from '../request-diagnoser';
import { withProbeIdentity } from './probe-identity';
import { REQUEST_VARIANTS, type RequestVariant } from './request-variants';
import { collectionOf, isCreate, requestPhrase } from './scim-request';

/** Refusals that are about something else than the request's shape; each has its own diagnosis or none. */
const NOT_ABOUT_SHAPE: ReadonlySet<number> = new Set([401, 403, 404, 409, 412, 429]);

/** A DELETE of what a probe created is never cut short by the run's interrupt: the object must not stay behind. */
const NEVER_ABORTED = new AbortController().signal;

export interface RejectedRequestOptions {
  /** The run's prefix (--prefix): what a create variant makes carries it. */
  readonly prefix: string;
  /** The variants, in the order tried (default: all of `REQUEST_VARIANTS`). */
  readonly variants?: readonly RequestVariant[];
  /** A fresh token per investigation for the probe objects' values (default: random). */
  readonly token?: () => string;
}

export class RejectedRequestInspector implements ExchangeInspector {
  readonly name = 'rejected-request';
  private readonly variants: readonly RequestVariant[];
  private readonly token: () => string;

  constructor(private readonly options: RejectedRequestOptions) {
    this.variants = options.variants ?? REQUEST_VARIANTS;
    this.token = options.token ?? (() => `p${randomBytes(3).toString('hex')}`);
  }

  /** The rejection and the variants that could explain it: requests refused alike share one investigation. */
  signature(request: ScimRequest, exchange: Exchange): string | undefined {
    const status = exchange.response?.status;
    const collection = collectionOf(request.path);
    if (status === undefined || collection === undefined || !isShapeRejection(request, status)) return undefined;
    const applicable = this.variants.filter((variant) => variant.applies(request)).map((variant) => variant.id);
    if (applicable.length === 0) return undefined;
    const scimType = (exchange.response?.body as { scimType?: unknown } | undefined)?.scimType;
    return `${request.method} ${collection} ${status} ${typeof scimType === 'string' ? scimType : ''} ${applicable.join(',')}`;
  }

  async investigate(request: ScimRequest, exchange: Exchange, context: InspectionContext): Promise<string | undefined> {
    const collection = collectionOf(request.path);
    if (collection === undefined) return undefined;
    const creates = isCreate(request);
    const base = creates ? withProbeIdentity(request, this.options.prefix, this.token()) : request;
    const evidence = [exchange.id];
    if (creates) {
      const control = await this.send(context, 'control', base, true);
      if (control === undefined || control.response?.status !== exchange.response?.status) return undefined;
      evidence.push(control.id);
    }
    for (const variant of this.variants) {
      if (!variant.applies(request)) continue;
      const answer = await this.send(context, variant.id, variant.change(base), creates);
      if (answer === undefined) return undefined;
      if (!isAccepted(answer)) continue;
      const cause = variant.cause(request);
      const serverDetail = quoteServer(exchange);
      const diagnosis = diagnosisOf(cause, { evidence: [...evidence, answer.id], workaround: variant.instead, ...(serverDetail !== undefined ? { serverDetail } : {}) });
      context.record(diagnosis);
      context.learn({
        cause: cause.id,
        scope: collection,
        request: requestPhrase(request),
        diagnosis,
        applies: (later) => collectionOf(later.path) === collection && variant.applies(later),
        apply: (later) => variant.change(later),
      });
      return cause.id;
    }
    return undefined;
  }

  /**
   * One probe; a create that the target accepted is deleted right after. The cleanup's sender is
   * taken before the create is sent, so a spent budget never leaves an object behind. Undefined
   * when the budget is spent.
   */
  private async send(context: InspectionContext, name: string, request: ScimRequest, creates: boolean): Promise<Exchange | undefined> {
    const sender = context.probe(name);
    const cleanup = creates ? context.probe('cleanup') : undefined;
    if (sender === undefined || (creates && cleanup === undefined)) return undefined;
    const answer = await sender.send(request, context.signal);
    if (cleanup !== undefined) await deleteCreated(cleanup, request, answer);
    return answer;
  }
}

/** 4xx about the request's content (RFC 7644 §3.12: 400 invalidSyntax/invalidValue …, 413, 415, 422); for a GET, only a 400 to a filter. */
function isShapeRejection(request: ScimRequest, status: number): boolean {
  if (status < 400 || status > 499 || NOT_ABOUT_SHAPE.has(status)) return false;
  return request.method !== 'GET' || (status === 400 && request.query?.filter !== undefined);
}

function isAccepted(exchange: Exchange): boolean {
  const status = exchange.response?.status;
  return status !== undefined && status >= 200 && status < 300;
}

async function deleteCreated(cleanup: ExchangeSender, request: ScimRequest, answer: Exchange): Promise<void> {
  const collection = collectionOf(request.path);
  const id = isAccepted(answer) ? resourceId(resourceBody(answer)) : undefined;
  // Only an id that addresses one resource is deleted: a probe must never DELETE anything else.
  if (collection === undefined || id === undefined || unusableIdReason(id) !== undefined) return;
  await cleanup.send({ method: 'DELETE', path: resourcePath(collection, id) }, NEVER_ABORTED);
}
