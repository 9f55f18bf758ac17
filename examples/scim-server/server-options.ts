/** Options and handles of the bundled SCIM server. */
import { type FaultSwitches } from './faults';
import { type RecordedRequest } from './request-recorder';
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

export interface RunningScimServer {
  /** e.g. http://127.0.0.1:51234/scim/v2 */
  readonly baseUrl: string;
  readonly port: number;
  readonly store: ScimStoreAccess;
  /** Requests received, in arrival order (empty unless recordRequests is true). */
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}
