/**
 * Walks one scenario's steps in one dialect against the target: source changes go to a fresh
 * source directory, cycles to a fresh provisioning job, requests and read-backs through the
 * target client (recorded and checked like everything else). Whatever the scenario created in
 * the target is deleted at its end.
 *
 * Outcomes (docs/diagnosis.md#outcomes): a failed expectation blocks what comes after it — later
 * expectations are `blocked`, naming it, instead of piling up false failures — except that a
 * failed expectation on a raw `request` (a request Entra never sends) blocks only the later raw
 * requests, never the engine's steps. A premise that does not hold, or a setup the server refuses
 * for a reason the RFC allows (a 409 to a seed), makes the scenario `inconclusive`: the rest is
 * not judged, and nothing failed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type EngineEvents } from '../engine/engine-events';
import { type ProvisioningJob } from '../engine/provisioning-job';
import { createdTargets, deleteTargets, type CleanupTarget } from '../engine/cleanup';
import { eqFilter, listResources, resourceBody, resourceId } from '../engine/scim-responses';
import { type ExpectationResult, type ScenarioResult, type ScenarioStatus } from '../contract/verdict';
import { type LogEntry } from '../contract/log-entry';
import { type CycleEndEvent, type CycleStartEvent } from '../contract/run-events';
import { type Dialect } from '../mapping/mapping-types';
import { SourceDirectory } from '../source/source-directory';
import { type SourceUser } from '../source/source-types';
import { type Exchange } from '../contract/exchange';
import { terminalText } from '../text/terminal-text';
import { blocked, compareAttributes, failed, inconclusive, judgeEntry, judgeJob, judgeResponse, passed, skipped } from './expectations';
import { explainReadBack, failedWriteOf } from './read-back-failure';
import { ScenarioRefs } from './scenario-refs';
import { type ExpectationOptions, type Scenario, type Step, type TargetExpectation, type UserFields } from './scenario-types';
import { withMatching } from './scenario-mapping';
import { type ScenarioEnvironment, type ScenarioSession } from './scenario-session';
import { resourcePath, unusableIdReason } from '../engine/resource-path';
import { type Workaround } from '../diagnose/request-diagnoser';
import { type AppliedWorkaround, withWorkarounds } from './workaround-expectations';
import { type KnownObject } from '../diagnose/matching/known-objects';
import { ObjectTrail, withMatchingCause } from './object-trail';

export type { ScenarioEnvironment } from './scenario-session';

const EXPECTATION_KINDS = new Set(['expectEntry', 'expectTarget', 'expectResponse', 'expectJob']);

/**
 * Runs the scenario; when differential probing found a cause in it (docs/diagnosis.md#probing),
 * runs it once more with the workaround on — fresh refs and values — so the rest of its
 * lifecycle is judged on its merits. A run that found or used a workaround leads with one failed
 * expectation per cause (`workaround-expectations.ts`).
 */
export async function runScenario(scenario: Scenario, dialect: Dialect, env: ScenarioEnvironment): Promise<{ result: ScenarioResult; job: ProvisioningJob }> {
  const diagnosis = env.session.diagnosis;
  const knownBefore = diagnosis?.workarounds().length ?? 0;
  const first = await runOnce(scenario, dialect, env);
  const found = diagnosis?.workarounds().slice(knownBefore) ?? [];
  if (found.length === 0 || env.session.abort.signal.aborted) return { result: withWorkarounds(first.result, first.applied), job: first.job };
  const again = await runOnce(scenario, dialect, env);
  const applied = [...found.map((workaround) => ({ workaround })), ...again.applied];
  return { result: withWorkarounds({ ...again.result, durationMs: first.result.durationMs + again.result.durationMs }, applied), job: again.job };
}

async function runOnce(scenario: Scenario, dialect: Dialect, env: ScenarioEnvironment): Promise<{ result: ScenarioResult; job: ProvisioningJob; applied: AppliedWorkaround[] }> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const { session } = env;
  const runId = `${scenario.id}@${dialect}`;
  const refs = new ScenarioRefs(session.config.prefix, randomBytes(3).toString('hex'));
  const directory = new SourceDirectory({ seed: session.config.seed, prefix: `${session.config.prefix}${refs.unique}-` });
  const mapping = withMatching(env.mapping, scenario);
  // A scenario that provokes quarantine on purpose says so; its job is not the endpoint's verdict.
  const provokesQuarantine = scenario.steps.some((step) => 'expectJob' in step && step.expectJob.quarantined === true);
  const recorded = new ScenarioEvents(session, runId, dialect, provokesQuarantine);
  const job = env.newJob({ directory, mapping, dialect, events: recorded });

  const results: ExpectationResult[] = [];
  const responses = new Map<string, Exchange>();
  /** Why nothing more is judged: the run stopped, a step or expectation failed, or the scenario became inconclusive. */
  let halt: Halt | undefined;
  /** A failed expectation on a raw request: later raw requests are not judged; the engine's steps go on. */
  let requestsHalt: Halt | undefined;
  let inconclusiveReason: string | undefined;

  seedSource(scenario, directory, refs);
  // An expectation's duration is the work since the one before it (the steps it judges) plus its
  // own read-backs: JUnit consumers chart it, and the cases of a scenario add up to its time.
  let lastMark = started;
  const timed = (result: ExpectationResult): ExpectationResult => {
    const now = Date.now();
    const durationMs = now - lastMark;
    lastMark = now;
    return { ...result, durationMs };
  };
  const ctx: StepContext = { scenario, session, refs, job, directory, recorded, responses, runId, dialect, trail: new ObjectTrail() };
  for (const step of scenario.steps) {
    const kind = Object.keys(step)[0];
    const isExpectation = EXPECTATION_KINDS.has(kind);
    if (session.abort.signal.aborted) halt ??= { status: 'skipped', reason: session.stallWatch.stop ? `the run stopped: ${session.stallWatch.stop.cause}` : 'the run was interrupted' };
    const holding = halt ?? (requestsHalt !== undefined && restsOnRawRequest(step, ctx) ? requestsHalt : undefined);
    if (holding) {
      if (isExpectation) results.push({ ...unjudged(expectationTitle(step), holding), durationMs: 0 });
      continue;
    }
    try {
      if (!isExpectation) {
        await perform(step, ctx);
        continue;
      }
      const options = expectationOptions(step);
      const result = weighed(timed(await explained(step, citingAbortedCycle(await judge(step, ctx), job), ctx)), options);
      if (result.status === 'failed' && options.premise === true) {
        // The premise did not hold: what the scenario proves cannot be judged on this server.
        const reason = `its premise did not hold: ${result.title} (expected ${result.expected}, got ${result.actual})`;
        results.push({ ...inconclusive(result.title, `the scenario's premise did not hold`, { ...result, spec: result.spec ?? scenario.covers }), durationMs: result.durationMs });
        inconclusiveReason ??= reason;
        halt = { status: 'inconclusive', reason: `not judged: the scenario's premise did not hold (${result.title})` };
        continue;
      }
      results.push(result);
      if (result.status !== 'failed') continue;
      const hold: Halt = { status: 'blocked', reason: `blocked: "${result.title}" failed before it`, by: result.title };
      // Steps Entra never sends never block the steps Entra does send.
      if (kind === 'expectResponse') requestsHalt ??= hold;
      else halt = hold;
    } catch (error) {
      if (error instanceof SetupRefused) {
        results.push(timed(inconclusive(error.step, error.reason, { expected: error.expected, actual: error.actual, evidence: error.evidence, spec: scenario.covers })));
        inconclusiveReason ??= error.reason;
        halt = { status: 'inconclusive', reason: `not judged: ${error.reason}` };
        continue;
      }
      const message = (error as Error).message;
      const title = `Step ${kind}`;
      results.push(timed(failed(title, 'the step runs', message, abortedCycleEvidence(job), scenario.covers)));
      halt = { status: 'blocked', reason: `blocked: step ${kind} could not run: ${message}`, by: title };
    }
  }
  if (!session.config.keep) await cleanupScenario(session, job, refs, runId);
  const status = scenarioStatus(results);
  const result: ScenarioResult = {
    id: scenario.id,
    title: scenario.title,
    tags: scenario.tags,
    spec: scenario.covers,
    dialect,
    status,
    durationMs: Date.now() - started,
    startedAt,
    expectations: results,
    findings: [],
    ...(status === 'inconclusive' && inconclusiveReason !== undefined ? { inconclusiveReason } : {}),
  };
  return { result, job, applied: appliedWorkarounds(recorded, job, session.diagnosis?.workarounds() ?? []) };
}

/**
 * The workarounds that changed a request of this run: its entries' exchanges and its cycles'
 * Test Connection say which cause's workaround changed them (`Exchange.workaround`); the first
 * such exchange per cause is cited.
 */
function appliedWorkarounds(recorded: ScenarioEvents, job: ProvisioningJob, known: readonly Workaround[]): AppliedWorkaround[] {
  const exchanges = [...recorded.workedAround, ...job.reports.flatMap((report) => report.probe.exchanges.filter((exchange) => exchange.workaround !== undefined))];
  const firstByCause = new Map<string, Exchange>();
  for (const exchange of exchanges) if (!firstByCause.has(exchange.workaround as string)) firstByCause.set(exchange.workaround as string, exchange);
  return [...firstByCause].flatMap(([cause, exchange]) => {
    const candidates = known.filter((workaround) => workaround.cause === cause);
    // The workaround learned where this exchange went (its collection), else the cause's first.
    const path = new URL(exchange.request.url).pathname.toLowerCase();
    const within = (scope: string): boolean => path.endsWith(scope.toLowerCase()) || path.includes(`${scope.toLowerCase()}/`);
    const workaround = candidates.find((candidate) => candidate.scope !== undefined && within(candidate.scope)) ?? candidates[0];
    return workaround ? [{ workaround, firstExchange: exchange.id }] : [];
  });
}

/** A failure anywhere fails the scenario; otherwise an inconclusive expectation makes it inconclusive. */
function scenarioStatus(results: readonly ExpectationResult[]): ScenarioStatus {
  if (results.some((r) => r.status === 'failed')) return 'failed';
  if (results.some((r) => r.status === 'inconclusive')) return 'inconclusive';
  return results.length > 0 && results.every((r) => r.status === 'skipped') ? 'skipped' : 'passed';
}

/** Why the expectations after some point are not judged, and as what they are reported. */
type Halt =
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'inconclusive'; readonly reason: string }
  | { readonly status: 'blocked'; readonly reason: string; readonly by: string };

function unjudged(title: string, halt: Halt): ExpectationResult {
  switch (halt.status) {
    case 'skipped':
      return skipped(title, halt.reason);
    case 'inconclusive':
      return inconclusive(title, halt.reason);
    case 'blocked':
      return blocked(title, halt.reason, halt.by);
  }
}

/**
 * The setup of a scenario refused by the server for a reason the RFC allows: a seed answered 409
 * because the server keeps a value unique that the scenario needs twice (RFC 7643 §7
 * "uniqueness" is the service provider's to choose; RFC 7644 §3.3: 409 for a conflict). The
 * scenario cannot be built on this server, which is no failure of it.
 */
class SetupRefused extends Error {
  constructor(
    readonly step: string,
    readonly reason: string,
    readonly expected: string,
    readonly actual: string,
    readonly evidence: readonly string[],
  ) {
    super(reason);
  }
}

function expectationOptions(step: Step): ExpectationOptions {
  return Object.values(step)[0] as ExpectationOptions;
}

/** The weight the scenario gives the expectation, on its result (absent: required). */
function weighed(result: ExpectationResult, options: ExpectationOptions): ExpectationResult {
  return options.severity !== undefined && options.severity !== 'required' ? { ...result, severity: options.severity } : result;
}

/**
 * Steps that rest on a raw request (docs/diagnosis.md#outcomes): another raw request or its
 * response, or a read-back of an object a raw request created. Everything else is the engine's
 * and goes on after a raw request's expectation failed.
 */
function restsOnRawRequest(step: Step, ctx: StepContext): boolean {
  if ('request' in step || 'expectResponse' in step) return true;
  const ref = 'expectTarget' in step ? step.expectTarget.ref : 'deleteInTarget' in step ? step.deleteInTarget : undefined;
  return ref !== undefined && ctx.refs.has(ref) && ctx.refs.get(ref).kind === 'response';
}

/** Writes of one object kept for the read-back diagnosis: the latest few are the ones a read-back can miss. */
const WRITES_KEPT = 8;

/** A POST, PATCH or PUT the target answered 2xx. */
function isAcceptedWrite(exchange: Exchange): boolean {
  const status = exchange.response?.status ?? 0;
  return (exchange.request.method === 'POST' || exchange.request.method === 'PATCH' || exchange.request.method === 'PUT') && status >= 200 && status < 300;
}

/** Forwards engine events to the run's recorder, tagged with the scenario, and keeps what the expectations read. */
class ScenarioEvents implements EngineEvents {
  /** Entries of the most recent cycle by source object id. */
  readonly lastCycle = new Map<string, LogEntry[]>();
  /** Every target id an object had, so a deleted object can still be read back (and found gone). */
  readonly knownTargetIds = new Map<string, string>();
  /** Exchanges a workaround changed (docs/diagnosis.md#probing), the first per cause. */
  readonly workedAround: Exchange[] = [];
  /** Writes (POST, PATCH, PUT) the target answered 2xx, per source object, across cycles (docs/diagnosis.md#read-back). */
  readonly writes = new Map<string, Exchange[]>();

  constructor(
    private readonly session: ScenarioSession,
    readonly scenarioId: string,
    readonly dialect: Dialect,
    private readonly provokesQuarantine = false,
  ) {}

  entry(entry: LogEntry): void {
    const list = this.lastCycle.get(entry.sourceIdentity.id) ?? [];
    list.push(entry);
    this.lastCycle.set(entry.sourceIdentity.id, list);
    if (entry.targetIdentity.id) this.knownTargetIds.set(entry.sourceIdentity.id, entry.targetIdentity.id);
    for (const exchange of entry.harness.exchanges) {
      if (exchange.workaround !== undefined && !this.workedAround.some((seen) => seen.workaround === exchange.workaround)) this.workedAround.push(exchange);
    }
    const accepted = entry.harness.exchanges.filter(isAcceptedWrite);
    if (accepted.length > 0) this.writes.set(entry.sourceIdentity.id, [...(this.writes.get(entry.sourceIdentity.id) ?? []), ...accepted].slice(-WRITES_KEPT));
    this.session.recorder.entry(entry);
  }

  cycleStart(event: CycleStartEvent): void {
    this.lastCycle.clear();
    this.session.recorder.cycleStart(event);
  }

  cycleEnd(event: CycleEndEvent): void {
    this.session.recorder.cycleEnd({ ...event, scenarioId: this.scenarioId, ...(this.provokesQuarantine ? { judged: false } : {}) });
  }

  notice(level: 'info' | 'warning' | 'error', message: string): void {
    this.session.recorder.notice(level, `${this.scenarioId}: ${message}`);
  }
}

interface StepContext {
  readonly scenario: Scenario;
  readonly session: ScenarioSession;
  readonly refs: ScenarioRefs;
  readonly job: ProvisioningJob;
  readonly directory: SourceDirectory;
  readonly recorded: ScenarioEvents;
  readonly responses: Map<string, Exchange>;
  readonly runId: string;
  readonly dialect: Dialect;
  readonly trail: ObjectTrail;
}

/**
 * Every object of a scenario run gets its own objectId: the default group mapping sends it as
 * externalId (docs/entra-behaviour.md#groups), so ids drawn from the run's seed would repeat in
 * every scenario, dialect and run, and collide on a server that keeps externalId unique or keeps
 * uniqueness after a delete (docs/diagnosis.md#independence).
 */
function freshObjectId(): string {
  return randomUUID();
}

function seedSource(scenario: Scenario, directory: SourceDirectory, refs: ScenarioRefs): void {
  for (const user of scenario.source?.users ?? []) addUser(directory, refs, refs.expand(user));
  for (const group of scenario.source?.groups ?? []) {
    const created = directory.addGroup({ objectId: freshObjectId(), displayName: refs.expand(group.displayName), memberIds: (group.members ?? []).map((m) => refs.get(m).sourceId as string) });
    refs.set(group.ref, { kind: 'group', sourceId: created.objectId, name: created.displayName });
  }
}

function addUser(directory: SourceDirectory, refs: ScenarioRefs, fields: UserFields & { ref: string; assigned?: boolean }): SourceUser {
  const { ref, manager, assigned, ...rest } = fields;
  const user = directory.addUser({ objectId: freshObjectId(), ...rest, managerId: manager ? (refs.get(manager).sourceId as string) : undefined });
  refs.set(ref, { kind: 'user', sourceId: user.objectId, name: user.userPrincipalName });
  if (assigned === false) directory.unassign(user.objectId);
  return user;
}

function sourceIdOf(ctx: StepContext, ref: string): string {
  const record = ctx.refs.get(ref);
  if (!record.sourceId) throw new Error(`"${ref}" is not a source object (it was created with ${record.kind})`);
  return record.sourceId;
}

/** The target id of a ref: from the job's anchors for source objects, as recorded for seeds and responses. */
function targetIdOf(ctx: StepContext, ref: string): string | undefined {
  const record = ctx.refs.get(ref);
  if (!record.sourceId) return record.targetId;
  return ctx.job.anchors.get(record.sourceId)?.targetId ?? ctx.recorded.knownTargetIds.get(record.sourceId);
}

async function perform(step: Step, ctx: StepContext): Promise<void> {
  const { directory, refs } = ctx;
  if ('addUser' in step) addUser(directory, refs, refs.expand(step.addUser));
  else if ('updateUser' in step) {
    const { manager, ...set } = refs.expand(step.updateUser.set);
    const id = sourceIdOf(ctx, step.updateUser.ref);
    ctx.trail.renamed(step.updateUser.ref, directory.getUser(id)?.userPrincipalName, set.userPrincipalName ?? undefined);
    directory.updateUser(id, set);
    if (manager !== undefined) directory.setManager(id, manager === null ? null : sourceIdOf(ctx, manager));
  } else if ('blockSignIn' in step) directory.blockSignIn(sourceIdOf(ctx, step.blockSignIn));
  else if ('unblockSignIn' in step) directory.unblockSignIn(sourceIdOf(ctx, step.unblockSignIn));
  else if ('assign' in step) directory.assign(sourceIdOf(ctx, step.assign));
  else if ('unassign' in step) directory.unassign(sourceIdOf(ctx, step.unassign));
  else if ('softDelete' in step) directory.softDeleteUser(sourceIdOf(ctx, step.softDelete));
  else if ('restore' in step) directory.restoreUser(sourceIdOf(ctx, step.restore));
  else if ('hardDelete' in step) {
    directory.hardDeleteUser(sourceIdOf(ctx, step.hardDelete));
    ctx.trail.deletedRef(step.hardDelete);
  }
  else if ('addGroup' in step) {
    const spec = refs.expand(step.addGroup);
    const group = directory.addGroup({ objectId: freshObjectId(), ...(spec.displayName ? { displayName: spec.displayName } : {}), memberIds: (spec.members ?? []).map((m) => sourceIdOf(ctx, m)) });
    refs.set(spec.ref, { kind: 'group', sourceId: group.objectId, name: group.displayName });
    if (spec.assigned === false) directory.unassign(group.objectId);
  } else if ('addMembers' in step) directory.addMembers(sourceIdOf(ctx, step.addMembers.group), step.addMembers.users.map((u) => sourceIdOf(ctx, u)));
  else if ('removeMembers' in step) directory.removeMembers(sourceIdOf(ctx, step.removeMembers.group), step.removeMembers.users.map((u) => sourceIdOf(ctx, u)));
  else if ('renameGroup' in step) {
    const id = sourceIdOf(ctx, step.renameGroup.ref);
    const displayName = refs.expand(step.renameGroup.displayName);
    ctx.trail.renamed(step.renameGroup.ref, directory.getGroup(id)?.displayName, displayName);
    directory.renameGroup(id, displayName);
  } else if ('deleteGroup' in step) {
    directory.deleteGroup(sourceIdOf(ctx, step.deleteGroup));
    ctx.trail.deletedRef(step.deleteGroup);
  }
  else if ('seedTarget' in step) await seedTarget(ctx, refs.expand(step.seedTarget));
  else if ('deleteInTarget' in step) {
    const id = targetIdOf(ctx, step.deleteInTarget);
    if (!id) throw new Error(`"${step.deleteInTarget}" has no target object to delete`);
    const record = ctx.refs.get(step.deleteInTarget);
    const resource = record.kind === 'group' || record.resource === 'Groups' ? 'Groups' : 'Users';
    await ctx.session.client.forPurpose('scenario-out-of-band-delete', ctx.recorded.scenarioId).send({ method: 'DELETE', path: resourcePath(`/${resource}`, id) });
    ctx.trail.deletedRef(step.deleteInTarget);
  } else if ('cycle' in step) {
    const next = ctx.job.initialCycleComplete ? 'incremental' : 'initial';
    if (step.cycle !== next) throw new Error(`cycle: ${step.cycle} cannot run now: the job's next cycle is ${next} (the first cycle is always initial)`);
    await ctx.job.runCycle(ctx.runId);
  }
  else if ('restart' in step) ctx.job.restart(step.restart);
  else if ('request' in step) {
    const request = refs.expand(step.request);
    const exchange = await ctx.session.client.forPurpose(`scenario-request:${request.ref}`, ctx.recorded.scenarioId).send(
      { method: request.method, path: expandPath(ctx, request.path, encodeURIComponent), query: request.query ? mapValues(request.query, (v) => expandPath(ctx, v)) : undefined, body: request.body },
    );
    ctx.responses.set(request.ref, ctx.trail.sent(exchange));
    const returnedId = request.method === 'POST' ? resourceId(resourceBody(exchange)) : undefined;
    // Only an id that addresses one resource is kept: cleanup must never DELETE anything else.
    const createdId = returnedId !== undefined && unusableIdReason(returnedId) === undefined ? returnedId : undefined;
    const resource = request.path.startsWith('/Groups') ? 'Groups' : 'Users';
    refs.set(request.ref, { kind: 'response', targetId: createdId, resource, cleanup: Boolean(createdId) && request.cleanup !== false });
  }
}

async function seedTarget(ctx: StepContext, seed: { ref: string; resource: 'Users' | 'Groups'; body: Readonly<Record<string, unknown>> }): Promise<void> {
  const exchange = ctx.trail.sent(await ctx.session.client.forPurpose('scenario-seed', ctx.recorded.scenarioId).send({ method: 'POST', path: `/${seed.resource}`, body: seed.body }));
  if (exchange.response?.status === 409) {
    const scimType = (exchange.response.body as { scimType?: unknown } | undefined)?.scimType;
    const answer = `409${typeof scimType === 'string' ? ` (${scimType})` : ''}`;
    throw new SetupRefused(
      `Step seedTarget ${seed.ref}`,
      `the server refused the setup: seeding ${seed.ref} answered ${answer}, a uniqueness the server may keep (RFC 7643 §7, RFC 7644 §3.3)`,
      `POST /${seed.resource} creates ${seed.ref}`,
      `HTTP ${answer}`,
      [exchange.id],
    );
  }
  const id = resourceId(resourceBody(exchange));
  if (!id) throw new Error(`seeding ${seed.resource} failed: HTTP ${exchange.response?.status ?? exchange.error?.kind}`);
  const unusable = unusableIdReason(id);
  if (unusable !== undefined) throw new Error(`seeding ${seed.resource} returned an id that cannot address the resource: ${unusable}`);
  ctx.refs.set(seed.ref, { kind: 'seed', targetId: id, resource: seed.resource, cleanup: true, name: String(seed.body.userName ?? seed.body.displayName ?? '') });
}

/**
 * `{ref}` → the object's target id, `{ref.userName}` → its name. In a request path each value is
 * percent-encoded as one segment (RFC 3986 §3.3); query values are encoded by the client.
 */
function expandPath(ctx: StepContext, text: string, encode: (value: string) => string = (value) => value): string {
  return text.replace(/\{([A-Za-z0-9_-]+)(?:\.(userName|displayName))?\}/g, (whole, ref: string, field?: string) => {
    if (!ctx.refs.has(ref)) return whole;
    const value = field ? ctx.refs.get(ref).name : targetIdOf(ctx, ref);
    return value === undefined ? whole : encode(value);
  });
}

function mapValues(record: Readonly<Record<string, string>>, map: (value: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, map(v)]));
}

function expectationTitle(step: Step): string {
  const body = Object.values(step)[0] as { title?: string; ref?: string };
  return body?.title ?? `${Object.keys(step)[0]} ${body?.ref ?? ''}`.trim();
}

async function judge(step: Step, ctx: StepContext): Promise<ExpectationResult> {
  const spec = ctx.scenario.covers;
  if ('expectEntry' in step) {
    const sourceId = sourceIdOf(ctx, step.expectEntry.ref);
    return judgeEntry(ctx.refs.expand(step.expectEntry), ctx.recorded.lastCycle.get(sourceId) ?? [], spec);
  }
  if ('expectResponse' in step) return judgeResponse(ctx.refs.expand(step.expectResponse), ctx.responses.get(step.expectResponse.ref), spec);
  if ('expectJob' in step) return judgeJob(step.expectJob, { quarantined: ctx.job.quarantine.status !== 'healthy', reason: ctx.job.quarantine.reason }, spec);
  if ('expectTarget' in step) return judgeTarget(ctx.refs.expand(step.expectTarget), ctx);
  throw new Error(`unknown expectation ${Object.keys(step)[0]}`);
}

/** Reads the object back from the target: by id, through a filter, or expecting 404. */
async function judgeTarget(expectation: TargetExpectation, ctx: StepContext): Promise<ExpectationResult> {
  const spec = ctx.scenario.covers;
  const record = ctx.refs.get(expectation.ref);
  const isGroup = record.kind === 'group' || record.resource === 'Groups';
  const endpoint = isGroup ? '/Groups' : '/Users';
  const targetId = targetIdOf(ctx, expectation.ref);
  const title = expectation.title ?? `${expectation.ref} in the target${expectation.exists === false ? ' is gone' : ''}`;
  const sourceId = record.sourceId;
  const lastCycle = sourceId ? (ctx.recorded.lastCycle.get(sourceId) ?? []) : [];
  if (!targetId) {
    // A create that failed is the cause: cite its failing exchange (docs/diagnosis.md#read-back).
    const failedCreate = failedWriteOf(lastCycle);
    return failed(title, `${expectation.ref} exists in the target`, 'it was never created or matched', failedCreate ? [failedCreate.id] : [], spec);
  }
  const reader = ctx.session.client.forPurpose('scenario-read', ctx.recorded.scenarioId);
  const send = async (path: string, query?: Record<string, string>): Promise<Exchange> => ctx.trail.sent(await reader.send({ method: 'GET', path, query }));
  if (expectation.exists === false) {
    const exchange = await send(resourcePath(endpoint, targetId));
    const status = exchange.response?.status;
    return status === 404
      ? passed(title, 'GET by id → 404', 'GET by id → 404', [exchange.id], spec)
      : failed(title, 'GET by id → 404', `GET by id → ${status ?? exchange.error?.kind}`, [exchange.id], spec, 'Answer 404 for a deleted resource (RFC 7644 §3.6).');
  }
  let resource: unknown;
  let exchange: Exchange;
  if (expectation.viaFilter) {
    const attribute = isGroup ? 'displayName' : 'userName';
    const name = currentName(ctx, expectation.ref, isGroup);
    exchange = await send(endpoint, { filter: eqFilter(attribute, name) });
    const found = listResources(exchange).find((r) => resourceId(r) === targetId);
    if (!found) return failed(title, `GET ${endpoint}?filter=${attribute} eq "${name}" returns it`, `status ${exchange.response?.status ?? exchange.error?.kind}, ${listResources(exchange).length} result(s)`, [exchange.id], spec, 'A filter must find every existing resource, disabled ones included (docs/entra-behaviour.md#get-user).');
    resource = found;
  } else {
    exchange = await send(resourcePath(endpoint, targetId), isGroup && !expectation.members ? { excludedAttributes: 'members' } : undefined);
    if (exchange.response?.status !== 200) return failed(title, 'GET by id → 200', `GET by id → ${exchange.response?.status ?? exchange.error?.kind}`, [exchange.id], spec);
    resource = exchange.response.body;
  }
  const expected: string[] = [];
  const actual: string[] = [];
  let ok = true;
  let differing: { path: string; expected: unknown }[] = [];
  let missingMembers: string[] = [];
  let unexpectedMembers: string[] = [];
  if (expectation.attributes) {
    // `{boss}` in an expected value stands for that object's target id (e.g. manager.value).
    const wanted = Object.fromEntries(Object.entries(expectation.attributes).map(([path, value]) => [path, typeof value === 'string' ? expandPath(ctx, value) : value]));
    const compared = compareAttributes(resource, wanted);
    expected.push(compared.expected);
    actual.push(compared.actual);
    ok &&= compared.ok;
    differing = compared.differing;
  }
  if (expectation.members) {
    const memberIds = new Set(((resource as { members?: { value?: string }[] })?.members ?? []).map((m) => m.value));
    const wanted = expectation.members.map((m) => targetIdOf(ctx, m));
    expected.push(`members ${expectation.exactMembers ? 'exactly ' : ''}${expectation.members.join(', ') || '(none)'}`);
    actual.push(`${memberIds.size} member(s)`);
    ok &&= wanted.every((id) => id !== undefined && memberIds.has(id)) && (!expectation.exactMembers || memberIds.size === wanted.length);
    missingMembers = wanted.filter((id): id is string => id !== undefined && !memberIds.has(id));
    unexpectedMembers = expectation.exactMembers ? [...memberIds].filter((id): id is string => typeof id === 'string' && !wanted.includes(id)) : [];
  }
  const summary = expected.join('; ') || 'it exists';
  if (ok) return passed(title, summary, actual.join('; ') || 'it exists', [exchange.id], spec);
  // Name why the value did not come back, instead of "expected X, got Y" (docs/diagnosis.md#read-back).
  const explained = await explainReadBack(
    ctx.session.readBack,
    {
      objectType: isGroup ? 'Group' : 'User',
      targetId,
      read: exchange,
      resource,
      attributes: differing,
      missingMembers,
      unexpectedMembers,
      writes: sourceId ? (ctx.recorded.writes.get(sourceId) ?? []) : [],
      scenarioId: ctx.recorded.scenarioId,
      dialect: ctx.recorded.dialect,
    },
    lastCycle,
    ctx.session.abort.signal,
  );
  const result = failed(title, summary, actual.join('; '), explained.evidence, spec);
  return explained.cause !== undefined ? { ...result, cause: explained.cause } : result;
}

/**
 * The Test Connection exchanges of the job's most recent aborted cycle: a cycle whose probe failed
 * provisioned nothing (docs/entra-behaviour.md#test-connection), so an expectation about what it
 * should have done rests on them, and is attributed to their cause.
 */
function abortedCycleEvidence(job: ProvisioningJob): string[] {
  const aborted = [...job.reports].reverse().find((report) => report.aborted);
  return aborted ? aborted.probe.exchanges.map((exchange) => exchange.id) : [];
}

/** A failed expectation that cites nothing, after a cycle its Test Connection aborted, rests on that probe. */
function citingAbortedCycle(result: ExpectationResult, job: ProvisioningJob): ExpectationResult {
  if (result.status !== 'failed' || result.evidence.length > 0) return result;
  const evidence = abortedCycleEvidence(job);
  return evidence.length === 0 ? result : { ...result, evidence };
}

/** A failed expectation on objects this scenario knows, with the cause matching diagnosis names (docs/diagnosis.md#matching). */
async function explained(step: Step, result: ExpectationResult, ctx: StepContext): Promise<ExpectationResult> {
  if (result.status !== 'failed') return result;
  const entryExchanges = new Map<string, Exchange>();
  for (const entries of ctx.recorded.lastCycle.values()) for (const entry of entries) for (const exchange of entry.harness.exchanges) entryExchanges.set(exchange.id, exchange);
  const exchanges = result.evidence.map((id) => ctx.trail.exchange(id) ?? entryExchanges.get(id)).filter((exchange): exchange is Exchange => exchange !== undefined);
  return withMatchingCause(result, {
    diagnosis: ctx.session.diagnosis,
    key: `${ctx.recorded.scenarioId}\u0000${result.title}`,
    exchanges,
    known: knownObjects(ctx),
    expectsConflict: 'expectResponse' in step && [step.expectResponse.status].flat().includes(409),
    scenarioId: ctx.recorded.scenarioId,
    dialect: ctx.dialect,
  });
}

/** The objects this scenario put in the target and did not delete, with their current names. */
function knownObjects(ctx: StepContext): KnownObject[] {
  const known: KnownObject[] = [];
  for (const [ref, record] of ctx.refs.all()) {
    const id = targetIdOf(ctx, ref);
    if (record.kind === 'response' || id === undefined || ctx.trail.isDeleted(ref)) continue;
    const isGroup = record.kind === 'group' || record.resource === 'Groups';
    const anchor = record.sourceId ? ctx.job.anchors.get(record.sourceId) : undefined;
    const name = currentName(ctx, ref, isGroup);
    known.push({
      id,
      resource: isGroup ? 'Groups' : 'Users',
      ...(name !== '' ? { name } : {}),
      formerNames: ctx.trail.formerNames(ref),
      ...(!isGroup && anchor?.active === false ? { disabled: true } : {}),
    });
  }
  return known;
}

function currentName(ctx: StepContext, ref: string, isGroup: boolean): string {
  const record = ctx.refs.get(ref);
  if (record.sourceId) {
    const current = isGroup ? ctx.directory.getGroup(record.sourceId)?.displayName : ctx.directory.getUser(record.sourceId)?.userPrincipalName;
    if (current) return current;
  }
  return record.name ?? '';
}

/** Deletes what the scenario made: the job's own objects, seeds and request-created resources. Never anything else. */
async function cleanupScenario(session: ScenarioSession, job: ProvisioningJob, refs: ScenarioRefs, scenarioId: string): Promise<void> {
  // Objects a step created by request (seeds, raw POSTs) are the scenario's too; the job's are in its anchors.
  const requested = (resource: 'Users' | 'Groups'): CleanupTarget[] =>
    [...refs.all()].filter(([, record]) => record.cleanup && record.targetId && (record.resource ?? 'Users') === resource).map(([, record]) => ({ path: resourcePath(`/${resource}`, record.targetId as string) }));
  const host = {
    client: session.client.forPurpose('cleanup', scenarioId),
    concurrency: session.config.concurrency,
    stalling: () => session.stallWatch.stalling,
    warn: (message: string) => {
      session.recorder.notice('warning', message);
      session.io.stderr.write(`scim-harness: ${terminalText(message, { layout: 'line' })}\n`);
    },
  };
  await deleteTargets(host, [...createdTargets(job.anchors, 'Group'), ...requested('Groups')], [...createdTargets(job.anchors, 'User'), ...requested('Users')], scenarioId);
}
