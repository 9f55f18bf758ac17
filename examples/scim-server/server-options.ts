/** Options and handles of the bundled SCIM server. */
import { type FaultSwitches } from './faults';
import { type JsonValue } from './json';
import { type ScimStore, type ScimStoreAccess } from './store';

export interface ScimServerOptions {
  /** Bearer token clients must send; undefined = no authentication required. */
  readonly token?: string;
  /** Fault switches to turn on (any subset; the rest stay off). Environment variables are not read here: see parseFaultSwitches. */
  readonly faults?: Partial<FaultSwitches>;
  /** Path the SCIM endpoints live under; default "/scim/v2". */
  readonly basePath?: string;
  /** Record every request into `requests` (or `requestLog`), secrets redacted. */
  readonly recordRequests?: boolean;
  /** Page size and the largest page a query returns (ServiceProviderConfig filter.maxResults); default 200. */
  readonly maxResults?: number;
  /** Seed for fault sequences (overrides faults.seed) and for resource ids (random UUIDs without it). */
  readonly seed?: number;
  /** Bring your own store (e.g. to share one between apps or to seed it first). */
  readonly store?: ScimStore;
  /** Where recorded requests go when recordRequests is true (createScimApp callers pass their own array). */
  readonly requestLog?: RecordedRequest[];
  /** Clock for meta.created / meta.lastModified. */
  readonly now?: () => Date;
}

export interface StartScimServerOptions extends ScimServerOptions {
  /** Default 0: any free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
}

/** One request as the server received it (request-recorder.ts records it; kept here, free of express types, for the public API). */
export interface RecordedRequest {
  readonly method: string;
  /** Path including the base path, without the query string. */
  readonly path: string;
  readonly query: Readonly<Record<string, string | string[]>>;
  /** The query string exactly as it arrived, without the `?` ("" when there is none): shows how a client encoded it. */
  readonly rawQuery: string;
  /** Lower-cased header names; Authorization, Cookie and similar are "[REDACTED]". */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body with password values redacted; undefined without a JSON body. */
  body?: JsonValue;
  readonly receivedAt: string;
  /** Response status, filled in when the response is sent. */
  status?: number;
}

export interface RunningScimServer {
  /** e.g. http://127.0.0.1:51234/scim/v2 */
  readonly baseUrl: string;
  readonly port: number;
  readonly store: ScimStoreAccess;
  /** Requests received, in arrival order (empty unless recordRequests is true). */
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}
