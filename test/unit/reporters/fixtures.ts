/**
 * A small, fully known run for the reporters' tests: a RunSummary and the run.ndjson behind it,
 * written through the real run sink into a temporary folder. Every value is fixed, so a test can
 * name exactly which entries, findings and exchanges a report must show.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Finding } from '../../../harness/contract/finding';
import { type Diagnosis } from '../../../harness/contract/root-cause';
import { buildVerdict as judgeVerdict } from '../../../harness/evaluate/build-verdict';
import { RootCauseCollector } from '../../../harness/evaluate/root-causes';
import { type QuarantineAssessment, type ScenarioResult, type Verdict } from '../../../harness/contract/verdict';
import {
  type LogEntry,
  type ModifiedProperty,
  type ProvisioningAction,
  type ProvisioningErrorInfo,
  type ProvisioningResult,
  type ProvisioningStep,
} from '../../../harness/contract/log-entry';
import { type RunEvent, type RunStartEvent } from '../../../harness/contract/run-events';
import { createRunSink } from '../../../harness/log/run-sink';
import { type Exchange, type HttpMethod } from '../../../harness/contract/exchange';
import { type CurrentStatus, type RunStats, type RunSummary } from '../../../reporters/reporter';
import { type OutputStream, type ReporterOptions } from '../../../reporters/reporter-options';

export const BASE_URL = 'https://127.0.0.1:8443/scim/v2';
export const TENANT = '0f3e2d1c-aaaa-4bbb-8ccc-123456789abc';
export const JOB_ID = 'scim.0f3e2d1caaaa4bbb8ccc123456789abc.11111111-2222-3333-4444-555555555555';
/** Text a target might send back: markup, a comment opener, a control character, quotes. */
export const HOSTILE_TEXT = 'oops </script><script>alert(1)</script> <!-- & "quoted" \u0001 end';

export function exchange(id: string, method: HttpMethod, path: string, status: number, body?: unknown, requestBody?: unknown): Exchange {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return {
    id,
    startedAt: '2026-03-24T10:00:00.000Z',
    request: {
      method,
      url: `${BASE_URL}${path}`,
      headers: { authorization: '[REDACTED]', 'content-type': 'application/scim+json' },
      ...(requestBody === undefined ? {} : { body: requestBody }),
    },
    response: {
      status,
      headers: { 'content-type': typeof body === 'string' ? 'text/html' : 'application/scim+json' },
      ...(body === undefined || typeof body === 'string' ? {} : { body }),
      text,
      bytes: Buffer.byteLength(text),
    },
    durationMs: 12,
  };
}

interface EntrySpec {
  readonly id: string;
  readonly at: string;
  readonly cycle: number;
  readonly action: ProvisioningAction;
  readonly status: ProvisioningResult;
  readonly name: string;
  readonly identityType?: 'User' | 'Group';
  readonly error?: ProvisioningErrorInfo;
  readonly steps?: readonly ProvisioningStep[];
  readonly modified?: readonly ModifiedProperty[];
  readonly exchanges?: readonly Exchange[];
  readonly scenarioId?: string;
}

export function makeEntry(spec: EntrySpec): LogEntry {
  const identityType = spec.identityType ?? 'User';
  const slug = spec.name.toLowerCase().replace(/[^a-z]+/g, '-');
  return {
    id: spec.id,
    activityDateTime: spec.at,
    tenantId: TENANT,
    jobId: JOB_ID,
    cycleId: `cycle-${spec.cycle}`,
    changeId: `change-${spec.id}`,
    durationInMilliseconds: 250,
    initiatedBy: { id: '', displayName: 'Azure AD Provisioning Service', initiatorType: 'system' },
    provisioningAction: spec.action,
    provisioningStatusInfo: { status: spec.status, errorInformation: spec.error ?? null },
    provisioningSteps: spec.steps ?? [
      {
        name: 'EntryImport',
        provisioningStepType: 'import',
        status: 'success',
        description: `Retrieved ${identityType} '${spec.name}' from Microsoft Entra ID`,
        details: { ObjectId: `src-${slug}` },
      },
    ],
    modifiedProperties: spec.modified ?? [],
    servicePrincipal: { id: 'sp-contoso', displayName: 'Contoso SCIM' },
    sourceIdentity: { id: `src-${slug}`, displayName: spec.name, identityType, details: {} },
    targetIdentity: { id: `tgt-${slug}`, displayName: spec.name, identityType, details: {} },
    sourceSystem: { id: 'src-entra', displayName: 'Microsoft Entra ID', details: {} },
    targetSystem: { id: 'tgt-contoso', displayName: 'Contoso SCIM', details: {} },
    harness: {
      ...(spec.scenarioId ? { scenarioId: spec.scenarioId } : {}),
      cycleNumber: spec.cycle,
      cycleKind: spec.cycle === 0 ? 'initial' : 'incremental',
      isReferenceFailure: false,
      operation: spec.action === 'create' ? 'create' : spec.action === 'update' ? 'update' : spec.action === 'delete' ? 'delete' : 'none',
      exchanges: spec.exchanges ?? [],
    },
  };
}

const CONFLICT: ProvisioningErrorInfo = {
  errorCode: 'EntryConflict',
  reason:
    'StatusCode: Conflict\r\nMessage: Processing of the HTTP request resulted in an exception.\r\nWeb Response: \r\n{"detail":"userName taken"}',
  additionalDetails: null,
  errorCategory: 'nonServiceFailure',
  recommendedAction: 'Resolve the conflicting userName in the target, then retry.',
};

const SERVER_ERROR: ProvisioningErrorInfo = {
  errorCode: 'InternalServerError',
  reason: `StatusCode: InternalServerError\r\nWeb Response: \r\n${HOSTILE_TEXT}`,
  additionalDetails: 'The target returned HTML instead of a SCIM error.',
  errorCategory: 'nonServiceFailure',
  recommendedAction: 'Fix the server error in the SCIM endpoint.',
};

export const EX_ADELE_CREATE = exchange('ex-1', 'POST', '/Users', 201, { id: 'tgt-adele', userName: 'adele@contoso.com' }, { userName: 'adele@contoso.com', password: '[REDACTED]' });
export const EX_ALEX_CONFLICT = exchange('ex-2', 'POST', '/Users', 409, {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
  status: '409',
  detail: 'userName taken',
});
export const EX_SALES_CREATE = exchange('ex-3', 'POST', '/Groups', 201, { id: 'tgt-sales', displayName: 'Sales & <Marketing>' });
export const EX_MEGAN_500 = exchange('ex-4', 'POST', '/Users', 500, HOSTILE_TEXT);
export const EX_ADELE_PATCH = exchange('ex-5', 'PATCH', '/Users/tgt-adele', 200, { id: 'tgt-adele' });
export const EX_ALEX_RETRY = exchange('ex-6', 'POST', '/Users', 409, { detail: 'userName taken' });
export const EX_NESTOR_DELETE = exchange('ex-7', 'DELETE', '/Users/tgt-nestor', 204);
export const EX_DISCOVERY = exchange('ex-8', 'GET', '/ServiceProviderConfig', 200, { patch: { supported: true } });

export const ENTRIES: readonly LogEntry[] = [
  makeEntry({
    id: 'entry-adele-1',
    at: '2026-03-24T10:01:00.000Z',
    cycle: 0,
    action: 'create',
    status: 'success',
    name: 'Adele Vance',
    scenarioId: 'users/create',
    exchanges: [EX_ADELE_CREATE],
    steps: [
      { name: 'EntryImport', provisioningStepType: 'import', status: 'success', description: "Retrieved User 'adele@contoso.com' from Microsoft Entra ID", details: { ObjectId: 'src-adele-vance' } },
      { name: 'EntrySynchronizationScoping', provisioningStepType: 'scoping', status: 'success', description: 'Determine if User in scope by evaluating against each scoping filter', details: { 'Active in the source system': 'True' } },
      { name: 'EntryExportAdd', provisioningStepType: 'export', status: 'success', description: "User 'adele@contoso.com' was created in Contoso SCIM", details: { ReportableIdentifier: 'adele@contoso.com' } },
    ],
    modified: [
      { displayName: 'userName', oldValue: null, newValue: 'adele@contoso.com' },
      { displayName: 'active', oldValue: null, newValue: 'True' },
    ],
  }),
  makeEntry({
    id: 'entry-alex-1',
    at: '2026-03-24T10:02:00.000Z',
    cycle: 0,
    action: 'create',
    status: 'failure',
    name: 'Alex Wilber',
    scenarioId: 'users/uniqueness',
    error: CONFLICT,
    exchanges: [EX_ALEX_CONFLICT],
  }),
  makeEntry({
    id: 'entry-sales-1',
    at: '2026-03-24T10:03:00.000Z',
    cycle: 0,
    action: 'create',
    status: 'success',
    name: 'Sales & <Marketing>',
    identityType: 'Group',
    exchanges: [EX_SALES_CREATE],
  }),
  makeEntry({
    id: 'entry-megan-1',
    at: '2026-03-24T10:04:00.000Z',
    cycle: 0,
    action: 'create',
    status: 'failure',
    name: 'Megan Bowen',
    error: SERVER_ERROR,
    exchanges: [EX_MEGAN_500],
  }),
  makeEntry({
    id: 'entry-adele-2',
    at: '2026-03-24T10:41:00.000Z',
    cycle: 1,
    action: 'update',
    status: 'success',
    name: 'Adele Vance',
    exchanges: [EX_ADELE_PATCH],
    modified: [{ displayName: 'displayName', oldValue: 'Adele V.', newValue: 'Adele Vance' }],
  }),
  makeEntry({
    id: 'entry-lee-2',
    at: '2026-03-24T10:42:00.000Z',
    cycle: 1,
    action: 'other',
    status: 'skipped',
    name: 'Lee Gu',
    error: {
      errorCode: 'EntrySynchronizationSkipped',
      reason: 'Skipped: RedundantExport.',
      additionalDetails: null,
      errorCategory: 'failure',
      recommendedAction: 'Nothing to do.',
    },
  }),
  makeEntry({
    id: 'entry-alex-2',
    at: '2026-03-24T10:43:00.000Z',
    cycle: 1,
    action: 'update',
    status: 'failure',
    name: 'Alex Wilber',
    error: CONFLICT,
    exchanges: [EX_ALEX_RETRY],
  }),
  makeEntry({
    id: 'entry-nestor-2',
    at: '2026-03-24T10:44:00.000Z',
    cycle: 1,
    action: 'delete',
    status: 'success',
    name: 'Nestor Wilke',
    exchanges: [EX_NESTOR_DELETE],
  }),
];

export const FINDING_SCIM_TYPE: Finding = {
  check: 'protocol/error-scim-type',
  severity: 'required',
  title: '409 Conflict without scimType "uniqueness"',
  expected: 'status 409 and scimType "uniqueness"',
  actual: 'status 409, no scimType',
  evidence: ['ex-2'],
  spec: 'RFC 7644 §3.12',
  fix: 'Add "scimType": "uniqueness" to 409 error responses.',
  scenarioId: 'users/uniqueness',
};

export const FINDING_ETAG: Finding = {
  check: 'schema/service-provider-config-etag',
  severity: 'recommended',
  title: 'ServiceProviderConfig does not describe etag support',
  expected: 'an "etag" object with "supported"',
  actual: 'no "etag" attribute',
  evidence: ['ex-8'],
  spec: 'RFC 7643 §5',
  fix: 'Add "etag": {"supported": false} to /ServiceProviderConfig.',
};

export const FINDING_HTML_ERROR: Finding = {
  check: 'protocol/error-body-json',
  severity: 'advisory',
  title: 'Error response is not a SCIM error',
  expected: 'application/scim+json error body',
  actual: HOSTILE_TEXT,
  evidence: ['ex-4'],
  spec: 'RFC 7644 §3.12',
  fix: 'Return a SCIM error body for 5xx responses.',
};

export const SCENARIOS: readonly ScenarioResult[] = [
  {
    id: 'users/create',
    title: 'Create a user',
    tags: ['users'],
    spec: 'RFC 7644 §3.3',
    dialect: 'entra',
    status: 'passed',
    durationMs: 1234,
    expectations: [
      { title: 'POST /Users returns 201 Created', status: 'passed', expected: '201', actual: '201', spec: 'RFC 7644 §3.3', evidence: ['ex-1'] },
      { title: 'the created user can be read back', status: 'passed', expected: '200', actual: '200', spec: 'RFC 7644 §3.4.1', evidence: [] },
    ],
    findings: [],
  },
  {
    id: 'users/uniqueness',
    title: 'A duplicate userName is rejected',
    tags: ['users', 'errors'],
    spec: 'RFC 7644 §3.3',
    dialect: 'entra',
    status: 'failed',
    durationMs: 2100,
    expectations: [
      {
        title: 'the second create returns 409 with scimType uniqueness',
        status: 'failed',
        expected: '409 with scimType "uniqueness"',
        actual: '409 without scimType',
        spec: 'RFC 7644 §3.12',
        fix: 'Add "scimType": "uniqueness" to 409 error responses.',
        evidence: ['ex-2'],
      },
      {
        title: 'the error body has a detail',
        status: 'blocked',
        expected: 'a detail string',
        actual: '',
        skipReason: 'the previous expectation failed',
        evidence: [],
      },
    ],
    findings: [FINDING_SCIM_TYPE],
  },
  {
    id: 'groups/membership',
    title: 'Add a member with PATCH',
    tags: ['groups'],
    spec: 'RFC 7644 §3.5.2',
    dialect: 'entra',
    status: 'skipped',
    durationMs: 0,
    expectations: [
      { title: 'member is added', status: 'skipped', expected: '204', actual: '', skipReason: 'groups are not supported', evidence: [] },
    ],
    findings: [],
  },
];

/** A scenario run whose premise did not hold: neither failed nor passed (docs/diagnosis.md#outcomes). */
export const INCONCLUSIVE_SCENARIO: ScenarioResult = {
  id: 'groups/external-id',
  title: 'A group keeps the externalId Entra sends',
  tags: ['groups'],
  spec: 'RFC 7643 §3.1',
  dialect: 'entra',
  status: 'inconclusive',
  durationMs: 300,
  inconclusiveReason: 'the server assigns externalId itself, which RFC 7643 §3.1 allows',
  expectations: [
    {
      title: 'the created group has the externalId Entra sent',
      status: 'inconclusive',
      expected: 'externalId "grp-1"',
      actual: 'externalId "server-7"',
      skipReason: 'premise: the server stores a client-supplied externalId',
      evidence: [],
    },
  ],
  findings: [],
};

/**
 * What the harness established about the 409 (a probe's diagnosis): the failed expectation and
 * the scim-type finding cite the same exchange, so both are this one root cause. The server's
 * words are hostile text, as a target may send.
 */
export const DIAGNOSIS_CONFLICT: Diagnosis = {
  cause: 'response/conflict-without-uniqueness',
  title: 'Answers a duplicate userName with 409 but no scimType "uniqueness"',
  severity: 'required',
  fix: 'Add "scimType": "uniqueness" to the 409 a duplicate userName causes.',
  impact: 'Entra cannot tell a duplicate from another conflict, so the create fails as EntryConflict instead of matching the existing user.',
  operations: ['create'],
  consequence: 'fails',
  spec: 'RFC 7644 §3.12',
  serverDetail: HOSTILE_TEXT,
  evidence: ['ex-2'],
  workaround: 'Matched the existing user by userName before creating it, so the rest of the lifecycle ran.',
  scenarioId: 'users/uniqueness@entra',
  dialect: 'entra',
};

export interface FixtureOptions {
  readonly quarantined?: boolean;
  readonly insecure?: boolean;
  /** Extra successful entries appended in cycle 1 (for the embedding cap). */
  readonly extraEntries?: number;
  /** Extra failed entries appended in cycle 1. */
  readonly extraFailures?: number;
  /** A verdict with no failures. */
  readonly passing?: boolean;
  /** Adds an inconclusive scenario run. */
  readonly inconclusive?: boolean;
}

export interface FixtureRun {
  readonly dir: string;
  readonly outDir: string;
  readonly summary: RunSummary;
  readonly entries: readonly LogEntry[];
  remove(): void;
}

const PLAN_BASE: Omit<RunStartEvent, 'insecure'> = {
  type: 'run-start',
  runId: 'run-7d1c0f4e-1a2b-4c3d-8e9f-0123456789ab',
  startedAt: '2026-03-24T10:00:00.000Z',
  harnessVersion: '0.1.0',
  command: 'run',
  targetUrl: BASE_URL,
  dialect: 'entra',
  jobId: JOB_ID,
  tenantId: TENANT,
  servicePrincipalId: 'sp-contoso',
  applicationName: 'Contoso SCIM',
  settings: { population: 6, failOn: 'required' },
  scenarios: SCENARIOS.map((scenario) => ({ id: scenario.id, title: scenario.title })),
};

function quarantine(quarantined: boolean): QuarantineAssessment {
  if (!quarantined) {
    return {
      wouldQuarantine: false,
      reason: null,
      errorCode: null,
      details: 'Failures stay below the escrow thresholds.',
      fix: null,
      escrowsPruned: false,
      jobDisabled: false,
      projection: {
        populationEstimate: 10_000,
        wouldQuarantine: false,
        reason: null,
        afterCycle: null,
        projectedFailures: 3_750,
        projectedReferenceFailures: 0,
        observedFailureRateByOperation: { create: 0.5, update: 0.5 },
        explanation: 'Below the 5,000-failure minimum.',
      },
    };
  }
  return {
    wouldQuarantine: true,
    reason: 'EncounteredEscrowProportionThreshold',
    errorCode: null,
    details: 'More than 40% of provisioning operations failed. Entra evaluates escrows after 5,000 failures.',
    fix: 'Return 201 for creates and 409 with scimType "uniqueness" for duplicates.',
    escrowsPruned: false,
    jobDisabled: false,
    projection: {
      populationEstimate: 10_000,
      wouldQuarantine: true,
      reason: 'EncounteredEscrowProportionThreshold',
      afterCycle: 0,
      projectedFailures: 6_250,
      projectedReferenceFailures: 0,
      observedFailureRateByOperation: { create: 0.5, update: 0.5 },
      explanation: '62.5% of operations would fail.',
    },
  };
}

/** The fixture's verdict, judged by the evaluator as a run's is (root causes attributed, counts counted). */
export function buildVerdict(options: FixtureOptions = {}): Verdict {
  const quarantined = options.quarantined === true;
  const base = options.passing ? SCENARIOS.filter((scenario) => scenario.status !== 'failed') : SCENARIOS;
  const scenarios = options.inconclusive ? [...base, INCONCLUSIVE_SCENARIO] : base;
  const findings = options.passing ? [FINDING_HTML_ERROR] : [FINDING_SCIM_TYPE, FINDING_ETAG, FINDING_HTML_ERROR];
  const causes = new RootCauseCollector();
  if (!options.passing) causes.addDiagnosis(DIAGNOSIS_CONFLICT);
  return judgeVerdict({
    scenarios,
    findings,
    quarantine: quarantine(quarantined),
    interrupted: false,
    causes,
    attemptsByOperation: { create: 4, update: 2 },
    populationEstimate: 10_000,
  });
}

function status(quarantined: boolean): CurrentStatus {
  return {
    usersInScope: 5,
    groupsInScope: 1,
    usersProcessed: 7,
    groupsProcessed: 1,
    lastCycleAt: '2026-03-24T10:45:00.000Z',
    lastCycleKind: 'incremental',
    initialCycleComplete: true,
    cyclesRun: 2,
    quarantined,
    quarantineReason: quarantined ? 'EncounteredEscrowProportionThreshold' : null,
  };
}

function stats(entries: readonly LogEntry[]): RunStats {
  const count = (key: (entry: LogEntry) => string | undefined): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const entry of entries) {
      const k = key(entry);
      if (k !== undefined) out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  };
  return {
    entries: entries.length,
    byAction: count((entry) => entry.provisioningAction),
    byStatus: count((entry) => entry.provisioningStatusInfo.status),
    byErrorCode: count((entry) => entry.provisioningStatusInfo.errorInformation?.errorCode),
    requests: 10,
    requestsPerSecond: 12.5,
    latencyMs: {
      create: { count: 4, p50: 12, p95: 30, p99: 30, max: 31 },
      update: { count: 2, p50: 11, p95: 14, p99: 14, max: 14 },
    },
    wallTimeMs: 800,
  };
}

/** Extra entries: successes first, then failures, all in cycle 1. */
function extraEntries(successes: number, failures: number): LogEntry[] {
  const out: LogEntry[] = [];
  for (let i = 0; i < successes; i += 1) {
    out.push(makeEntry({ id: `entry-extra-ok-${i}`, at: '2026-03-24T10:50:00.000Z', cycle: 1, action: 'update', status: 'success', name: `Extra User ${i}` }));
  }
  for (let i = 0; i < failures; i += 1) {
    out.push(makeEntry({ id: `entry-extra-fail-${i}`, at: '2026-03-24T10:51:00.000Z', cycle: 1, action: 'update', status: 'failure', name: `Failing User ${i}`, error: CONFLICT }));
  }
  return out;
}

/** Writes run.ndjson for the fixture run into a fresh temporary folder and returns its summary. */
export function buildFixtureRun(options: FixtureOptions = {}): FixtureRun {
  const dir = mkdtempSync(join(tmpdir(), 'scim-harness-reporters-'));
  const outDir = join(dir, 'out');
  const runFile = join(outDir, 'run.ndjson');
  const quarantined = options.quarantined === true;
  const plan: RunStartEvent = { ...PLAN_BASE, insecure: options.insecure === true };
  const verdict = buildVerdict(options);
  const entries = [...ENTRIES, ...extraEntries(options.extraEntries ?? 0, options.extraFailures ?? 0)];
  const sink = createRunSink(runFile);
  const append = (event: RunEvent): void => sink.append(event);
  append(plan);
  append({ type: 'exchange', purpose: 'discovery', exchange: EX_DISCOVERY });
  for (const cycle of [0, 1]) {
    const kind = cycle === 0 ? 'initial' : 'incremental';
    append({ type: 'cycle-start', cycleId: `cycle-${cycle}`, cycleNumber: cycle, kind, startedAt: '2026-03-24T10:00:00.000Z', usersInScope: 5, groupsInScope: 1 });
    for (const entry of entries.filter((e) => e.harness.cycleNumber === cycle)) append({ type: 'entry', entry });
    append({ type: 'cycle-end', cycleId: `cycle-${cycle}`, cycleNumber: cycle, kind, endedAt: '2026-03-24T10:45:00.000Z', counts: {} });
  }
  if (!options.passing) append({ type: 'diagnosis', diagnosis: DIAGNOSIS_CONFLICT });
  for (const finding of verdict.findings) append({ type: 'finding', finding });
  for (const result of verdict.scenarios) append({ type: 'scenario-end', result });
  const jobStatus = {
    id: JOB_ID,
    templateId: 'scim',
    schedule: { expiration: null, interval: quarantined ? 'P1D' : 'PT40M', state: 'Active' },
    status: { code: quarantined ? 'Quarantine' : 'Active', lastExecution: { state: 'EntryLevelErrors' } },
  };
  append({ type: 'run-end', endedAt: '2026-03-24T10:46:00.000Z', verdict, jobStatus });
  const finalHash = sink.lastHash();
  sink.close();
  const summary: RunSummary = {
    plan,
    verdict,
    jobStatus,
    status: status(quarantined),
    stats: stats(entries),
    endedAt: '2026-03-24T10:46:00.000Z',
    outDir,
    runFile,
    finalHash,
    interrupted: false,
    alerts: quarantined
      ? [
          {
            name: 'quarantine-entered',
            fired: true,
            firstFiredAt: '2026-03-24T10:45:00.000Z',
            reason: 'EncounteredQuarantineException',
            details: 'The job entered quarantine.',
          },
          { name: 'failures-per-hour', fired: false, firstFiredAt: null, limit: 10, worstHour: 3, hoursOver: 0, firstHour: null },
        ]
      : [{ name: 'quarantine-entered', fired: false, firstFiredAt: null, reason: null, details: null }],
  };
  return { dir, outDir, summary, entries, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A stream that keeps what is written. */
export class CaptureStream implements OutputStream {
  readonly chunks: string[] = [];
  constructor(
    readonly isTTY = false,
    readonly columns = 120,
  ) {}
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

export function reporterOptions(outDir: string, overrides: Partial<ReporterOptions> = {}): ReporterOptions {
  return {
    outDir,
    stdout: new CaptureStream(),
    stderr: new CaptureStream(),
    isTTY: false,
    isCI: false,
    color: false,
    env: {},
    ...overrides,
  };
}
