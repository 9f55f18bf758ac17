/**
 * The whole harness against hostile and broken targets: for every pathology of the hostile test
 * server, `sync` and `run` end normally (no crash, no hang), exit with the code the Verdict
 * decides, leave a run.ndjson whose every line parses and chains, and name the Entra error code
 * of what went wrong — in the log entries, or, when the start-of-cycle probe already fails
 * (docs/entra-behaviour.md#test-connection), in the notice and, when the job would be quarantined, in the verdict.
 *
 * Three rows per pathology:
 *  - probe:      `sync`, the pathology on every request it applies to, so the Test Connection
 *                probe meets it first;
 *  - past-probe: `sync`, the probe answered correctly and the pathology on the requests after it,
 *                so matching, creates, membership and cleanup meet it and the entries carry it;
 *  - scenario:   `run --scenario users/create`, the conformance runner's path to the same verdict.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type QuarantineReason, type Verdict } from '../../harness/contract/verdict';
import { type RunRecord } from '../../harness/contract/run-events';
import {
  type HostileRequest,
  type HostileServer,
  isListQuery,
  PATHOLOGIES,
  type Pathology,
  refusedUrl,
  startHostileServer,
} from '../helpers/hostile-server';
import { eventsOf, readRunRecords, runCli, type CliResult } from './support/run-cli';
import { useScratchDir } from '../helpers/scratch-dir';

/** Entra error codes (docs/entra-behaviour.md#error-codes, docs/entra-behaviour.md#status-to-error-code). */
const SERVICE_INCOMPATIBLE = 'SystemForCrossDomainIdentityManagementServiceIncompatible';
const CREDENTIAL_VALIDATION_FAILURE = 'SystemForCrossDomainIdentityManagementCredentialValidationFailure';
const CREDENTIAL_VALIDATION_UNAVAILABLE = 'CredentialValidationUnavailable';
const PROTOCOL_ERROR = 'WebExceptionProtocolError';
const TIMEOUT = 'Timeout';
const INTERNAL_SERVER_ERROR = 'InternalServerError';
const UNAUTHORIZED = 'Unauthorized';

const ROW_TIMEOUT_MS = 20_000;
const REQUEST_TIMEOUT = '400ms';
/**
 * huge-body streams megabytes before the cap cuts it: on a loaded machine that can take longer
 * than 400 ms, and a Test Connection that times out stops the run (exit 4) instead of reporting
 * the oversized body. Only the pathologies about waiting need the short timeout.
 */
const REQUEST_TIMEOUT_FOR: Partial<Record<Pathology, string>> = { 'huge-body': '20s' };
/** `slow` answers after this; well past the request timeout, so it must time out. */
const SLOW_DELAY_MS = 1_000;

/**
 * What a run against one pathology must end in:
 *  - harmless: Entra copes with it (exit 0); the objects are provisioned, and a finding may still
 *    be owed (wrong-content-type);
 *  - failed: exit 1; the code is Entra's error code for it, null when Entra documents none;
 *  - quarantined: exit 3; `jobCode` is the quarantine's Graph synchronizationError.code when the
 *    cause is an immediate one (credentials, compliance; docs/entra-behaviour.md#quarantine-triggers), absent when the
 *    escrow thresholds project it;
 *  - unreachable: exit 4; Test Connection, run before anything else, could not reach the target
 *    (or it stalled mid-run); `code` is Entra's error code for the failing request.
 */
type Expectation =
  | { readonly outcome: 'harmless'; readonly finding?: string }
  | { readonly outcome: 'failed'; readonly code: string | null; readonly finding?: string }
  | { readonly outcome: 'quarantined'; readonly code: string; readonly reason: QuarantineReason; readonly jobCode?: string }
  | { readonly outcome: 'unreachable'; readonly code: string };

type RowKind = 'probe' | 'past-probe' | 'scenario';

interface PathologyRow {
  readonly probe: Expectation;
  readonly pastProbe: Expectation;
  readonly scenario: Expectation;
}

const EXIT_FOR: Readonly<Record<Expectation['outcome'], number>> = { harmless: 0, failed: 1, quarantined: 3, unreachable: 4 };

const harmless = (finding?: string): Expectation => ({ outcome: 'harmless', ...(finding ? { finding } : {}) });
const failed = (code: string | null, finding?: string): Expectation => ({ outcome: 'failed', code, ...(finding ? { finding } : {}) });
/** Every export failed: at production scale the escrow proportion threshold quarantines the job (docs/entra-behaviour.md#quarantine-triggers). */
const escrowQuarantine = (code: string): Expectation => ({ outcome: 'quarantined', code, reason: 'EncounteredEscrowProportionThreshold' });
/** Quarantined at once, whatever the scale (docs/entra-behaviour.md#quarantine-triggers: credentials, SCIM compliance). */
const immediateQuarantine = (code: string, jobCode: string): Expectation => ({
  outcome: 'quarantined',
  code,
  reason: 'EncounteredQuarantineException',
  jobCode,
});

/** A body Entra cannot deserialize, or a list it cannot read: ServiceIncompatible (docs/entra-behaviour.md#status-to-error-code). */
const unreadable: PathologyRow = {
  probe: failed(SERVICE_INCOMPATIBLE),
  pastProbe: escrowQuarantine(SERVICE_INCOMPATIBLE),
  scenario: failed(SERVICE_INCOMPATIBLE),
};
/** Test Connection, run before anything else, cannot reach the target: the run stops there (exit 4). */
const stopsAtTestConnection = (code: string): Expectation => ({ outcome: 'unreachable', code });
/** The endpoint cannot be reached over HTTP: Test Connection stops the run (Entra labels it CredentialValidationUnavailable, docs/entra-behaviour.md#test-connection). */
const unreachable: PathologyRow = {
  probe: stopsAtTestConnection(PROTOCOL_ERROR),
  pastProbe: escrowQuarantine(PROTOCOL_ERROR),
  scenario: stopsAtTestConnection(PROTOCOL_ERROR),
};
/** A transient failure Entra retries in 40 minutes (docs/entra-behaviour.md#error-codes): the run fails, the job is not quarantined by it. */
const transient = (code: string): PathologyRow => ({ probe: failed(code), pastProbe: escrowQuarantine(code), scenario: failed(code) });
/** No answer in time: Test Connection stops the run (exit 4); past it, 3 timeouts in a row stop it as stalled (exit 4). */
const stalls = (code: string): Expectation => ({ outcome: 'unreachable', code });
const unanswered: PathologyRow = { probe: stopsAtTestConnection(TIMEOUT), pastProbe: stalls(TIMEOUT), scenario: stopsAtTestConnection(TIMEOUT) };
/** RFC 9112 framing Entra's HTTP stack reads like any other: nothing fails. */
const wellFramed: PathologyRow = { probe: harmless(), pastProbe: harmless(), scenario: harmless() };

const ROWS: Readonly<Record<Pathology, PathologyRow>> = {
  'malformed-json': unreadable,
  'truncated-json': unreadable,
  'non-json-body': unreadable,
  // RFC 7644 §8.1 asks for application/scim+json, but Entra parses the JSON body whatever the label.
  'wrong-content-type': {
    probe: harmless('protocol/content-type'),
    pastProbe: harmless('protocol/content-type'),
    scenario: harmless('protocol/content-type'),
  },
  'empty-body': unreadable,
  'invalid-utf8': unreadable,
  // Over the response cap: ServiceIncompatible, "unable to parse the response" (error-codes transport-too-large).
  'huge-body': unreadable,
  'list-wrong-shape': unreadable,
  // totalResults 5 with no Resources: RFC 7644 §3.4.2 inconsistency; the probe fails on it, matching finds nothing.
  'list-lying-total': {
    probe: failed(null, 'protocol/list-total-consistent'),
    pastProbe: failed(null, 'protocol/list-total-consistent'),
    scenario: failed(null, 'protocol/list-total-consistent'),
  },
  // Only creates are answered without an id, so the probe passes in every row.
  'resource-without-id': {
    probe: escrowQuarantine(SERVICE_INCOMPATIBLE),
    pastProbe: escrowQuarantine(SERVICE_INCOMPATIBLE),
    scenario: escrowQuarantine(SERVICE_INCOMPATIBLE),
  },
  slow: unanswered,
  'stall-mid-body': unanswered,
  reset: unreachable,
  'reset-mid-body': unreachable,
  // Entra follows no redirect (docs/entra-behaviour.md#transport): the request fails like a protocol error.
  'redirect-cross-origin': unreachable,
  'redirect-same-origin': unreachable,
  http10: wellFramed,
  'chunked-oddities': wellFramed,
  'status-500': transient(INTERNAL_SERVER_ERROR),
  // 502/503/504 are WebExceptionProtocolError (error-codes http-gateway [INF]), retried after Retry-After.
  'status-503-retry-after': transient(PROTOCOL_ERROR),
  'status-401': {
    probe: immediateQuarantine(UNAUTHORIZED, CREDENTIAL_VALIDATION_FAILURE),
    pastProbe: immediateQuarantine(UNAUTHORIZED, CREDENTIAL_VALIDATION_FAILURE),
    scenario: immediateQuarantine(UNAUTHORIZED, CREDENTIAL_VALIDATION_FAILURE),
  },
  'status-404-on-filter': {
    probe: immediateQuarantine(SERVICE_INCOMPATIBLE, SERVICE_INCOMPATIBLE),
    pastProbe: immediateQuarantine(SERVICE_INCOMPATIBLE, SERVICE_INCOMPATIBLE),
    scenario: immediateQuarantine(SERVICE_INCOMPATIBLE, SERVICE_INCOMPATIBLE),
  },
  // Output neutralisation (test/e2e/hostile-outputs.test.ts): two creates in three fail with a 400 the
  // harness cannot read as a SCIM error; at production scale that share quarantines the job.
  'hostile-text': {
    probe: escrowQuarantine(SERVICE_INCOMPATIBLE),
    pastProbe: escrowQuarantine(SERVICE_INCOMPATIBLE),
    scenario: escrowQuarantine(SERVICE_INCOMPATIBLE),
  },
  // Past Test Connection every request times out: the run stops after 3 in a row (--max-consecutive-timeouts).
  'trickle-headers': unanswered,
  // Creates answered with ids that are not one path segment: the creates fail, as Entra could not use the ids.
  'dot-id': {
    probe: escrowQuarantine(SERVICE_INCOMPATIBLE),
    pastProbe: escrowQuarantine(SERVICE_INCOMPATIBLE),
    scenario: escrowQuarantine(SERVICE_INCOMPATIBLE),
  },
  // Bounds (hostile-bounds.test.ts runs the million-item and 100,000-level versions): the probe's
  // GUID filter answered with 20,000 resources fails Test Connection; matching finds duplicates.
  'huge-list': {
    probe: failed(null, 'protocol/list-page-size'),
    pastProbe: escrowQuarantine('DuplicateTargetEntries'),
    scenario: failed(null, 'protocol/list-page-size'),
  },
  // Valid JSON nested past the parse limit: Entra cannot deserialize it, the harness records it as text.
  'deep-json': {
    probe: failed(SERVICE_INCOMPATIBLE, 'protocol/response-nesting-depth'),
    pastProbe: escrowQuarantine(SERVICE_INCOMPATIBLE),
    scenario: failed(SERVICE_INCOMPATIBLE, 'protocol/response-nesting-depth'),
  },
};

/** Test Connection's query: a filter on a random GUID (docs/entra-behaviour.md#test-connection); source objects never match one. */
function isProbe(request: HostileRequest): boolean {
  return isListQuery(request) && /\beq\s+"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"\s*$/i.test(request.query.filter ?? '');
}

/** The requests a pathology hits by default (hostile-server's defaults), minus the probe. */
function pastProbe(pathology: Pathology): (request: HostileRequest) => boolean {
  switch (pathology) {
    case 'list-wrong-shape':
    case 'list-lying-total':
    case 'status-404-on-filter':
    case 'huge-list':
      return (request) => isListQuery(request) && !isProbe(request);
    case 'resource-without-id':
    case 'dot-id':
      return (request) => request.method === 'POST';
    default:
      return (request) => !isProbe(request);
  }
}

function argsFor(kind: RowKind, target: string, out: string, timeout = REQUEST_TIMEOUT): string[] {
  const common = ['--target', target, '--token', 't', '--timeout', timeout, '--reporter', 'json', '--out', out];
  return kind === 'scenario'
    ? ['run', '--scenario', 'users/create', '--dialect', 'entra', ...common]
    : ['sync', '--population', '3', '--cycles', '1', ...common];
}

interface RunOutput {
  readonly result: CliResult;
  readonly records: RunRecord[];
  readonly verdict: Verdict;
  readonly report: { readonly outcome: string; readonly headline: string };
}

function readRunOutput(result: CliResult, out: string): RunOutput {
  const records = readRunRecords(path.join(out, 'run.ndjson'));
  expect(records[0]?.event.type).toBe('run-start');
  const end = records.at(-1)?.event;
  if (end?.type !== 'run-end') throw new Error(`run.ndjson does not end with run-end but with ${end?.type ?? 'nothing'}`);
  const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunOutput['report'];
  return { result, records, verdict: end.verdict, report };
}

function errorCodesOf(records: readonly RunRecord[]): string[] {
  return eventsOf(records, 'entry').flatMap(({ entry }) => {
    const code = entry.provisioningStatusInfo.errorInformation?.errorCode;
    return code ? [code] : [];
  });
}

function errorNotices(records: readonly RunRecord[]): string[] {
  return eventsOf(records, 'notice')
    .filter((notice) => notice.level === 'error')
    .map((notice) => notice.message);
}

function findingChecks(run: RunOutput): string[] {
  return [...new Set([...eventsOf(run.records, 'finding').map(({ finding }) => finding.check), ...run.verdict.findings.map((finding) => finding.check)])];
}

/** The assertions every row shares: it ended, it said so consistently, nothing leaked to stderr as a crash. */
function expectOrderlyEnd(run: RunOutput): void {
  expect(run.result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(run.report.outcome).toBe(run.verdict.outcome);
  expect(run.report.headline).toBe(run.verdict.headline);
}

function expectOutcome(run: RunOutput, expected: Expectation, kind: RowKind): void {
  const codes = errorCodesOf(run.records);
  const notices = errorNotices(run.records);
  const checks = findingChecks(run);
  if (run.result.code !== EXIT_FOR[expected.outcome]) {
    throw new Error(
      `exit code ${run.result.code}, expected ${EXIT_FOR[expected.outcome]} (${expected.outcome}); verdict: ${run.verdict.headline}; ` +
        `error notices: ${JSON.stringify(notices)}; entry codes: ${JSON.stringify([...new Set(codes)])}`,
    );
  }

  switch (expected.outcome) {
    case 'harmless': {
      const entries = eventsOf(run.records, 'entry').map(({ entry }) => entry);
      expect(entries.filter((entry) => entry.provisioningStatusInfo.status === 'failure').map((entry) => entry.provisioningStatusInfo.errorInformation?.reason)).toEqual([]);
      // Harmless means provisioned: the created objects are there (the user of users/create, or all of sync's).
      expect(entries.filter((entry) => entry.provisioningAction === 'create' && entry.provisioningStatusInfo.status === 'success').length).toBeGreaterThanOrEqual(kind === 'scenario' ? 1 : 3);
      expect(notices).toEqual([]);
      if (expected.finding) expect(checks).toContain(expected.finding);
      return;
    }
    case 'failed':
      if (expected.code !== null) expectCodeReported(codes, notices, expected.code);
      if (expected.finding) expect(checks).toContain(expected.finding);
      expect(run.verdict.quarantine.wouldQuarantine).toBe(false);
      return;
    case 'unreachable':
      expectCodeReported(codes, notices, expected.code);
      expect(run.verdict.headline).toMatch(/^(UNREACHABLE|STALLED) — /);
      return;
    case 'quarantined':
      expectCodeReported(codes, notices, expected.code);
      expect(run.verdict.quarantine.reason).toBe(expected.reason);
      expect(run.verdict.headline).toContain(expected.reason);
      if (expected.jobCode !== undefined) {
        expect(run.verdict.quarantine.errorCode).toBe(expected.jobCode);
        expect(run.verdict.headline).toContain(expected.jobCode);
      }
      return;
  }
}

/** The code is in the log entries, or — the probe failed before any entry — in the probe's notice. */
function expectCodeReported(codes: readonly string[], notices: readonly string[], code: string): void {
  if (codes.length > 0) {
    expect(codes).toContain(code);
  } else {
    expect(notices.filter((message) => /Test connection failed/.test(message))).toEqual([expect.stringContaining(code)]);
  }
}

const scratch = useScratchDir('scim-harness-hostile');
const freshOut = scratch.fresh;

async function runAgainst(server: HostileServer, kind: RowKind, name: string, timeout?: string): Promise<RunOutput> {
  const out = freshOut(name);
  const result = await runCli(argsFor(kind, server.baseUrl, out, timeout));
  expect(existsSync(path.join(out, 'run.ndjson'))).toBe(true);
  return readRunOutput(result, out);
}

describe('every pathology has an expectation row', () => {
  it('lists exactly the pathologies the hostile server knows', () => {
    expect(Object.keys(ROWS).sort()).toEqual([...PATHOLOGIES].sort());
  });
});

describe.each(PATHOLOGIES.map((pathology) => [pathology] as const))('hostile target: %s', (pathology) => {
  const row: PathologyRow | undefined = ROWS[pathology];
  const cases: readonly { readonly kind: RowKind; readonly expected: Expectation | undefined; readonly appliesTo?: (request: HostileRequest) => boolean }[] = [
    { kind: 'probe', expected: row?.probe },
    { kind: 'past-probe', expected: row?.pastProbe, appliesTo: pastProbe(pathology) },
    { kind: 'scenario', expected: row?.scenario },
  ];

  it.each(cases.map((c) => [c.kind, c] as const))(
    '%s: ends normally with the exit code, log and error code the pathology calls for',
    async (kind, { expected, appliesTo }) => {
      if (expected === undefined) throw new Error(`no expectation row for pathology "${pathology}": add one to ROWS`);
      const server = await startHostileServer({ pathology, delayMs: SLOW_DELAY_MS, ...(appliesTo ? { appliesTo } : {}) });
      try {
        const run = await runAgainst(server, kind, `${pathology}-${kind}`, REQUEST_TIMEOUT_FOR[pathology]);
        // The target was really in the path: the pathology is not a usage error in disguise.
        expect(server.requests.length).toBeGreaterThan(0);
        if (kind === 'past-probe') expect(isProbe(server.requests[0])).toBe(true);
        expectOrderlyEnd(run);
        expectOutcome(run, expected, kind);
      } finally {
        await server.close();
      }
    },
    ROW_TIMEOUT_MS,
  );
});

describe('a target that refuses the connection', () => {
  it.each([['probe' as const], ['scenario' as const]])(
    '%s: ends normally, stopped at Test Connection after a WebExceptionProtocolError, Entra quarantining it as CredentialValidationUnavailable',
    async (kind) => {
      const target = await refusedUrl();
      const out = freshOut(`refused-${kind}`);
      const run = readRunOutput(await runCli(argsFor(kind, target, out)), out);
      expectOrderlyEnd(run);
      expectOutcome(run, stopsAtTestConnection(PROTOCOL_ERROR), kind);
      expect(run.verdict.quarantine.errorCode).toBe(CREDENTIAL_VALIDATION_UNAVAILABLE);
      expect(run.verdict.headline).toMatch(/ECONNREFUSED|refused/);
    },
    ROW_TIMEOUT_MS,
  );
});
