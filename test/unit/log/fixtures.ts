/**
 * Hand-built exchanges and provisioning log entries for the log module's tests. Every value is
 * fixed so tests can name exactly which entries a filter or a view must produce.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type LogEntry,
  type ModifiedProperty,
  type ProvisioningAction,
  type ProvisioningErrorInfo,
  type ProvisioningResult,
  type ProvisioningStep,
} from '../../../harness/contract/log-entry';
import { type Exchange, type ExchangeResponse, type HttpMethod, type TransportErrorKind } from '../../../harness/contract/exchange';

const BASE = 'https://scim.example.test/scim/v2';
let exchangeCounter = 0;

function request(method: HttpMethod, path: string, body?: unknown): Exchange['request'] {
  return {
    method,
    url: `${BASE}${path}`,
    headers: { authorization: '[REDACTED]', 'content-type': 'application/scim+json' },
    ...(body === undefined ? {} : { body }),
  };
}

function jsonResponse(status: number, body: unknown): ExchangeResponse {
  const text = body === undefined ? '' : JSON.stringify(body);
  return {
    status,
    headers: { 'content-type': 'application/scim+json' },
    ...(body === undefined ? {} : { body }),
    text,
    bytes: Buffer.byteLength(text),
  };
}

/** An exchange whose response carries `body` as JSON (or no body when undefined). */
export function respond(status: number, body?: unknown, method: HttpMethod = 'POST', path = '/Users'): Exchange {
  exchangeCounter += 1;
  return {
    id: `ex-${exchangeCounter}`,
    startedAt: '2026-03-24T10:00:00.000Z',
    request: request(method, path),
    response: jsonResponse(status, body),
    durationMs: 12,
  };
}

/** An exchange whose response body is raw text; parseError is set when it is not JSON. */
export function respondText(status: number, text: string, method: HttpMethod = 'GET', path = '/Users/abc'): Exchange {
  exchangeCounter += 1;
  let body: unknown;
  let parseError: string | undefined;
  try {
    body = text.length > 0 ? JSON.parse(text) : undefined;
  } catch (error) {
    parseError = (error as Error).message;
  }
  return {
    id: `ex-${exchangeCounter}`,
    startedAt: '2026-03-24T10:00:00.000Z',
    request: request(method, path),
    response: {
      status,
      headers: { 'content-type': 'text/html' },
      ...(body === undefined ? {} : { body }),
      text,
      bytes: Buffer.byteLength(text),
      ...(parseError === undefined ? {} : { parseError }),
    },
    durationMs: 12,
  };
}

/** A SCIM error body (RFC 7644 §3.12). */
export function scimError(status: number, detail: string, scimType?: string): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    status: String(status),
    detail,
    ...(scimType === undefined ? {} : { scimType }),
  };
}

export function listResponse(resources: readonly unknown[]): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

/** A transport failure; `status` adds the status line that was received (tooLarge, redirect). */
export function failWith(kind: TransportErrorKind, message: string, status?: number): Exchange {
  exchangeCounter += 1;
  return {
    id: `ex-${exchangeCounter}`,
    startedAt: '2026-03-24T10:00:00.000Z',
    request: request('GET', '/Users?filter=userName%20eq%20%22x%22'),
    ...(status === undefined
      ? {}
      : { response: { status, headers: { location: 'https://elsewhere.test/' }, text: '', bytes: 0 } }),
    error: { kind, message },
    durationMs: 30000,
  };
}

export const TENANT_ID = '0f3e2d1c-aaaa-4bbb-8ccc-123456789abc';
export const JOB_1 = 'scim.0f3e2d1caaaa4bbb8ccc123456789abc.11111111-2222-3333-4444-555555555555';
export const JOB_2 = 'scim.0f3e2d1caaaa4bbb8ccc123456789abc.99999999-8888-7777-6666-555555555555';

export interface EntrySpec {
  readonly id: string;
  readonly at: string;
  readonly action: ProvisioningAction;
  readonly status: ProvisioningResult;
  readonly name: string;
  readonly sourceId: string;
  readonly targetId: string;
  readonly identityType?: 'User' | 'Group';
  readonly jobId?: string;
  readonly cycleId: string;
  readonly changeId: string;
  readonly error?: ProvisioningErrorInfo;
  readonly sourceSystem?: string;
  readonly targetSystem?: string;
  readonly application?: { readonly id: string; readonly displayName: string };
  readonly steps?: readonly ProvisioningStep[];
  readonly modified?: readonly ModifiedProperty[];
  readonly durationMs?: number;
  readonly exchanges?: readonly Exchange[];
}

const CONTOSO = { id: 'sp-contoso-0001', displayName: 'Contoso SCIM' };

export function makeEntry(spec: EntrySpec): LogEntry {
  const application = spec.application ?? CONTOSO;
  const identityType = spec.identityType ?? 'User';
  return {
    id: spec.id,
    activityDateTime: spec.at,
    tenantId: TENANT_ID,
    jobId: spec.jobId ?? JOB_1,
    cycleId: spec.cycleId,
    changeId: spec.changeId,
    durationInMilliseconds: spec.durationMs ?? 250,
    initiatedBy: { id: '', displayName: 'Azure AD Provisioning Service', initiatorType: 'system' },
    provisioningAction: spec.action,
    provisioningStatusInfo: { status: spec.status, errorInformation: spec.error ?? null },
    provisioningSteps: spec.steps ?? [
      {
        name: 'EntryImport',
        provisioningStepType: 'import',
        status: 'success',
        description: `Retrieved ${identityType} '${spec.name}' from Microsoft Entra ID`,
        details: {},
      },
    ],
    modifiedProperties: spec.modified ?? [],
    servicePrincipal: application,
    sourceIdentity: { id: spec.sourceId, displayName: spec.name, identityType, details: {} },
    targetIdentity: { id: spec.targetId, displayName: spec.targetId === '' ? '' : spec.name, identityType, details: {} },
    sourceSystem: { id: 'src-system-entra', displayName: spec.sourceSystem ?? 'Microsoft Entra ID', details: {} },
    targetSystem: {
      id: `tgt-system-${application.id}`,
      displayName: spec.targetSystem ?? application.displayName,
      details: { ServicePrincipalId: application.id, ServicePrincipalDisplayName: application.displayName },
    },
    harness: {
      cycleNumber: 0,
      cycleKind: 'initial',
      isReferenceFailure: false,
      operation: spec.action === 'create' ? 'create' : spec.action === 'update' ? 'update' : 'none',
      exchanges: spec.exchanges ?? [],
    },
  };
}

/** A reason with CRLF, quotes and commas: the CSV export must quote it. */
export const CONFLICT_REASON =
  'StatusCode: Conflict\r\nMessage: Processing of the HTTP request resulted in an exception. Please see the HTTP response ' +
  "returned by the 'Response' property of this exception for details.\r\nWeb Response: \r\n" +
  '{"detail":"userName \\"alex@contoso.com\\" is taken, pick another","scimType":"uniqueness"}';

export const ADELE = makeEntry({
  id: 'entry-1',
  at: '2026-03-24T10:05:00.000Z',
  action: 'create',
  status: 'success',
  name: 'Adele Vance',
  sourceId: 'src-adele',
  targetId: 'tgt-adele',
  cycleId: 'cycle-1',
  changeId: 'change-1',
  durationMs: 812,
  steps: [
    {
      name: 'EntryImport',
      provisioningStepType: 'import',
      status: 'success',
      description: "Retrieved User 'adele@contoso.com' from Microsoft Entra ID",
      details: { ObjectId: 'src-adele' },
    },
    {
      name: 'EntrySynchronizationScoping',
      provisioningStepType: 'scoping',
      status: 'success',
      description: 'Determine if User in scope by evaluating against each scoping filter',
      details: { 'Active in the source system': 'True', 'Assigned to the application': 'True' },
    },
    {
      name: 'EntryExportAdd',
      provisioningStepType: 'export',
      status: 'success',
      description: "User 'adele@contoso.com' was created in Contoso SCIM",
      details: { ReportableIdentifier: 'adele@contoso.com' },
    },
  ],
  modified: [
    { displayName: 'userName', oldValue: null, newValue: 'adele@contoso.com' },
    { displayName: 'active', oldValue: null, newValue: 'True' },
  ],
});

export const ALEX = makeEntry({
  id: 'entry-2',
  at: '2026-03-24T10:40:00.000Z',
  action: 'update',
  status: 'failure',
  name: 'Alex Wilber',
  sourceId: 'src-alex',
  targetId: 'tgt-alex',
  cycleId: 'cycle-1',
  changeId: 'change-2',
  error: {
    errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering',
    reason: CONFLICT_REASON,
    additionalDetails: null,
    errorCategory: 'nonServiceFailure',
    recommendedAction: 'Resolve the conflict, then retry.',
  },
  steps: [
    {
      name: 'EntryExportUpdate',
      provisioningStepType: 'export',
      status: 'failure',
      description: "Failed to update User 'alex@contoso.com' in Contoso SCIM",
      details: { ReportableIdentifier: 'alex@contoso.com' },
    },
  ],
  modified: [{ displayName: 'displayName', oldValue: 'Alex W.', newValue: 'Alex Wilber, Sales' }],
  exchanges: [respond(409, scimError(409, 'userName taken', 'uniqueness'), 'PATCH', '/Users/tgt-alex')],
});

export const SALES = makeEntry({
  id: 'entry-3',
  at: '2026-03-24T11:15:00.000Z',
  action: 'disable',
  status: 'failure',
  name: 'Sales, "EMEA"',
  identityType: 'Group',
  sourceId: 'src-sales',
  targetId: 'tgt-sales',
  cycleId: 'cycle-2',
  changeId: 'change-3',
  error: {
    errorCode: 'InternalServerError',
    reason: 'StatusCode: InternalServerError\r\nWeb Response: \r\noops',
    additionalDetails: null,
    errorCategory: 'nonServiceFailure',
    recommendedAction: 'Fix the server error.',
  },
});

export const MEGAN = makeEntry({
  id: 'entry-4',
  at: '2026-03-25T09:00:00.000Z',
  action: 'delete',
  status: 'success',
  name: 'Megan Bowen',
  sourceId: 'src-megan',
  targetId: 'tgt-megan',
  cycleId: 'cycle-3',
  changeId: 'change-4',
});

export const LEE = makeEntry({
  id: 'entry-5',
  at: '2026-03-25T09:30:00.000Z',
  action: 'stagedDelete',
  status: 'skipped',
  name: 'Lee Gu',
  sourceId: 'src-lee',
  targetId: 'tgt-lee',
  cycleId: 'cycle-3',
  changeId: 'change-5',
  error: {
    errorCode: 'TooManyDeletes',
    reason: 'Held by the accidental-deletion threshold.',
    additionalDetails: null,
    errorCategory: 'failure',
    recommendedAction: 'Review the held deletions.',
  },
});

export const NESTOR = makeEntry({
  id: 'entry-6',
  at: '2026-03-26T08:00:00.000Z',
  action: 'other',
  status: 'skipped',
  name: 'Nestor Wilke',
  sourceId: 'src-nestor',
  targetId: '',
  jobId: JOB_2,
  cycleId: 'cycle-9',
  changeId: 'change-6',
  application: { id: 'sp-fabrikam-0002', displayName: 'Fabrikam HR' },
  error: {
    errorCode: 'EntrySynchronizationSkipped',
    reason: 'Skipped: RedundantExport.',
    additionalDetails: null,
    errorCategory: 'failure',
    recommendedAction: 'Nothing to do.',
  },
});

export const FIXTURE_ENTRIES: readonly LogEntry[] = [ADELE, ALEX, SALES, MEGAN, LEE, NESTOR];

export function ids(entries: Iterable<LogEntry>): string[] {
  return Array.from(entries, (entry) => entry.id);
}

/** A fresh temporary directory and its cleanup. */
export function makeTempDir(): { readonly dir: string; readonly remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'scim-harness-log-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A minimal RFC 4180 reader, enough to check what the CSV writer produced. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i += 1;
        continue;
      }
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else {
      field += ch;
    }
    i += 1;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
