/**
 * A provisioning job: Entra's provisioning service for one application, in a box. It owns the
 * state Entra keeps between cycles — target-id anchors, the watermark, escrows, quarantine — and
 * runs cycles against the target (docs/entra-behaviour.md#cycles): initial (everything in scope) then incremental
 * (what changed since the watermark, plus escrows due for retry).
 */
import { advanceQuarantine, HEALTHY_QUARANTINE_STATE, type ImmediateTrigger, type QuarantineState } from './quarantine/quarantine-state';
import { DEFAULT_QUARANTINE_POLICY, quarantinedCycleIntervalMinutes, type QuarantinePolicy } from './quarantine/quarantine-rules';
import { applyRestart, jobStatusAfterCycle } from './quarantine/job-status';
import { type CycleKind } from '../contract/run-events';
import { type MappingSet } from '../mapping/mapping-types';
import { type ClientProfile } from '../profiles/client-profile';
import { matchingValues, projectGroup, projectUser } from '../mapping/project';
import { evaluateScope } from '../mapping/scoping';
import { type SourceDirectory } from '../source/source-directory';
import { type SourceUser } from '../source/source-types';
import { type RecordingTargetClient } from '../contract/target-client';
import { AnchorStore } from './anchors';
import { deleteObject } from './delete-pass';
import { type EngineEvents } from './engine-events';
import { type JobIdentity } from './entry-builder';
import { EscrowBook } from './escrow';
import { newGuid } from './ids';
import { errorInfoFor } from './entra-errors';
import { type CycleCounters, finishEntry, immediateTrigger, type JobContext, newCycleCounters, startEntry } from './job-context';
import { forEachConcurrently } from './pool';
import { isUserSoftDeleted, projectionContext } from './projection-context';
import { linkManager, syncMembers } from './reference-pass';
import { processGroup } from './group-pipeline';
import { processUser } from './user-pipeline';
import { testConnection, type ProbeResult } from './test-connection';
import { type ChangeType } from './step-text';
import { UserScope } from './user-scope';
import { VirtualClock } from './virtual-clock';

export interface ProvisioningJobOptions {
  readonly client: RecordingTargetClient;
  readonly directory: SourceDirectory;
  readonly mapping: MappingSet;
  /** The client behaviour this job plays (what `--dialect` selects). */
  readonly profile: ClientProfile;
  readonly identity: JobIdentity;
  readonly events: EngineEvents;
  readonly clock?: VirtualClock;
  readonly concurrency: number;
  readonly allowDeletes?: boolean;
  readonly policy?: QuarantinePolicy;
  /** Aborted = stop taking new objects (an interrupt); requests in flight still finish. */
  readonly signal?: AbortSignal;
}

export interface CycleReport {
  readonly cycleId: string;
  readonly cycleNumber: number;
  readonly kind: CycleKind;
  readonly startedAt: string;
  readonly endedAt: string;
  /** The start-of-cycle probe failed: nothing was exported. */
  readonly aborted: boolean;
  readonly probe: ProbeResult;
  readonly counters: Readonly<CycleCounters>;
  readonly plannedDeletes: number;
  readonly stagedDeletes: number;
  readonly quarantine: QuarantineState;
}

interface PendingDelete {
  readonly objectType: 'User' | 'Group';
  readonly displayName: string;
}

/**
 * What one cycle works on. The passes read it as sequences: an initial cycle's are drawn from the
 * directory as they are consumed (a 100,000-user tenant is never listed in memory), an
 * incremental cycle's are the changes since the watermark.
 */
interface CycleWork {
  users(): Iterable<[string, ChangeType]>;
  groups(): Iterable<[string, ChangeType]>;
  memberGroups(): Iterable<string>;
  readonly deletes: [string, PendingDelete][];
  readonly plannedDeletes: Set<string>;
  readonly watermark: number;
  readonly needsMatching: boolean;
  readonly usersInScope: number;
  readonly groupsInScope: number;
}

export class ProvisioningJob {
  /** This job among the run's jobs (a run has one per scenario run): its cycle events carry it. */
  readonly key = newGuid();
  readonly anchors: AnchorStore;
  readonly escrows: EscrowBook;
  readonly clock: VirtualClock;
  private readonly policy: QuarantinePolicy;
  private quarantineState: QuarantineState = HEALTHY_QUARANTINE_STATE;
  /** Source version the last completed cycle saw; undefined until the initial cycle ran. */
  private watermark: number | undefined;
  private cycles = 0;
  private successes = 0;
  private allowDeletes: boolean;
  /** Hard deletes not yet exported (held by the deletion threshold, or failed). */
  private readonly pendingDeletes = new Map<string, PendingDelete>();
  /** Disables held by the deletion threshold, to be evaluated again next cycle. */
  private readonly heldDisables = new Set<string>();
  private readonly history: CycleReport[] = [];

  constructor(private readonly options: ProvisioningJobOptions) {
    this.anchors = new AnchorStore(options.directory);
    this.policy = options.policy ?? DEFAULT_QUARANTINE_POLICY;
    this.clock = options.clock ?? new VirtualClock();
    this.escrows = new EscrowBook(this.policy.cycleIntervalMinutes * 60_000);
    this.allowDeletes = options.allowDeletes ?? false;
  }

  get quarantine(): QuarantineState {
    return this.quarantineState;
  }

  get cycleCount(): number {
    return this.cycles;
  }

  get initialCycleComplete(): boolean {
    return this.watermark !== undefined;
  }

  get reports(): readonly CycleReport[] {
    return this.history;
  }

  /** Whether the job would still run: four weeks in quarantine disable it (docs/entra-behaviour.md#while-quarantined). */
  get isDisabled(): boolean {
    return this.quarantineState.status === 'disabled';
  }

  /** Test Connection, its exchanges recorded by the client (with the scenario they were sent for). */
  testConnection(scenarioId?: string): Promise<ProbeResult> {
    return testConnection(this.options.client.forPurpose('test-connection', scenarioId), this.options.mapping, this.options.profile);
  }

  /**
   * Restart as Entra's restart API does (docs/entra-behaviour.md#restart): `resetScope` flags Escrows, Watermark,
   * QuarantineState, Full, ForceDeletes; empty = the portal's Restart.
   */
  restart(resetScope = ''): void {
    const effect = applyRestart(this.quarantineState, resetScope);
    if (effect.clearEscrows) this.escrows.clear();
    if (effect.clearWatermark) this.watermark = undefined;
    if (effect.breakLinks) this.anchors.clear();
    if (effect.forceDeletes) this.allowDeletes = true;
    this.quarantineState = effect.state;
  }

  /** "Allow deletes": export what the accidental-deletion threshold held back. */
  setAllowDeletes(allow: boolean): void {
    this.allowDeletes = allow;
  }

  /**
   * Runs one cycle: initial when no watermark exists yet, incremental otherwise; or, given
   * `onDemand` objects, Entra's provision-on-demand for just those (no watermark is moved).
   */
  async runCycle(scenarioId?: string, onDemand?: { users: readonly string[]; groups: readonly string[] }): Promise<CycleReport> {
    if (this.cycles > 0) {
      const quarantined = this.quarantineState.status === 'quarantined';
      // The quarantine ladder's current step (docs/entra-behaviour.md#while-quarantined), the same one nextAttempt shows.
      const step = quarantined ? quarantinedCycleIntervalMinutes(this.quarantineState.seriesCount, this.policy) * 60_000 : undefined;
      this.clock.advanceToNextCycle(quarantined, step);
    }
    const kind: CycleKind = onDemand ? 'onDemand' : this.watermark === undefined ? 'initial' : 'incremental';
    const cycleNumber = this.cycles;
    this.cycles += 1;
    const cycleId = newGuid();
    const startedAt = this.clock.now().toISOString();
    const { directory, mapping, events } = this.options;

    const userScope = new UserScope(directory, mapping);
    const work = onDemand ? this.planOnDemand(onDemand) : this.planWork(kind, userScope);
    events.cycleStart({ type: 'cycle-start', cycleId, cycleNumber, kind, startedAt, usersInScope: work.usersInScope, groupsInScope: work.groupsInScope });

    const counters = newCycleCounters();
    const probe = await this.testConnection(scenarioId);
    if (!probe.ok) {
      events.notice('error', probe.message ?? 'Test connection failed');
      return this.endCycle({ cycleId, cycleNumber, kind, startedAt, counters, probe, aborted: true, plannedDeletes: 0, staged: new Set(), trigger: immediateTrigger(this.options.profile, probe.failure?.quarantineTrigger) });
    }

    const staged = work.plannedDeletes.size > this.policy.deletionThreshold && !this.allowDeletes ? work.plannedDeletes : new Set<string>();
    const ctx: JobContext = {
      client: this.options.client,
      directory,
      mapping,
      profile: this.options.profile,
      identity: this.options.identity,
      events,
      clock: this.clock,
      anchors: this.anchors,
      escrows: this.escrows,
      cycle: { cycleId, cycleNumber, kind },
      scenarioId,
      stagedDeletes: staged,
      isDuplicateSource: work.needsMatching ? this.duplicateSourceCheck() : () => false,
      counters,
      userScope,
    };
    const stop = (): boolean => this.options.signal?.aborted ?? false;
    const concurrency = this.options.concurrency;

    await forEachConcurrently(work.users(), concurrency, ([id, change]) => guarded(ctx, 'User', id, false, () => processUser(ctx, id, change)), stop);
    if (mapping.groups.enabled) {
      await forEachConcurrently(work.groups(), concurrency, ([id, change]) => guarded(ctx, 'Group', id, false, () => processGroup(ctx, id, change)), stop);
    }
    await forEachConcurrently(work.users(), concurrency, ([id]) => guarded(ctx, 'User', id, true, () => linkManager(ctx, id)), stop);
    if (mapping.groups.enabled) await forEachConcurrently(work.memberGroups(), concurrency, (id) => guarded(ctx, 'Group', id, true, () => syncMembers(ctx, id)), stop);
    await forEachConcurrently(
      work.deletes,
      concurrency,
      ([id, pending]) =>
        guarded(ctx, pending.objectType, id, false, async () => {
          await deleteObject(ctx, pending.objectType, id, pending.displayName);
          if (!this.anchors.get(id)) this.pendingDeletes.delete(id);
        }),
      stop,
    );

    for (const id of staged) if (!work.deletes.some(([deleted]) => deleted === id)) this.heldDisables.add(id);
    if (staged.size === 0) this.heldDisables.clear();
    if (!stop() && !onDemand) this.watermark = work.watermark;
    return this.endCycle({ cycleId, cycleNumber, kind, startedAt, counters, probe, aborted: false, plannedDeletes: work.plannedDeletes.size, staged, trigger: consistentTrigger(counters) });
  }

  private endCycle(input: {
    cycleId: string;
    cycleNumber: number;
    kind: CycleKind;
    startedAt: string;
    counters: CycleCounters;
    probe: ProbeResult;
    aborted: boolean;
    plannedDeletes: number;
    staged: ReadonlySet<string>;
    trigger?: ImmediateTrigger;
  }): CycleReport {
    this.successes += input.counters.objectSuccesses;
    const endedAt = this.clock.activityTime().toISOString();
    const escrowCounts = this.escrows.counts();
    this.quarantineState = advanceQuarantine(
      this.quarantineState,
      {
        cycleNumber: input.cycleNumber,
        kind: input.kind === 'initial' ? 'initial' : 'incremental',
        endedAt,
        counts: { failures: escrowCounts.failures, referenceFailures: escrowCounts.referenceFailures, successes: this.successes },
        immediateTrigger: input.trigger,
        tooManyDeletes: input.staged.size > 0 ? { planned: input.plannedDeletes } : undefined,
        anySuccessfulRetry: input.counters.successfulRetries > 0,
        allowDeletes: this.allowDeletes,
      },
      this.policy,
    );
    // Escrows pruned during the initial cycle restart the threshold evaluation instead of
    // quarantining (docs/entra-behaviour.md#quarantine-triggers, G-SSTAT); the objects are still out of sync, so the next cycle
    // tries them again [INF: what follows a prune is undocumented], and there the thresholds apply.
    const report: CycleReport = {
      cycleId: input.cycleId,
      cycleNumber: input.cycleNumber,
      kind: input.kind,
      startedAt: input.startedAt,
      endedAt,
      aborted: input.aborted,
      probe: input.probe,
      counters: { ...input.counters },
      plannedDeletes: input.plannedDeletes,
      stagedDeletes: input.staged.size,
      quarantine: this.quarantineState,
    };
    this.history.push(report);
    this.options.events.cycleEnd({
      type: 'cycle-end',
      cycleId: input.cycleId,
      cycleNumber: input.cycleNumber,
      kind: input.kind,
      endedAt,
      counts: { ...numericCounters(input.counters), plannedDeletes: input.plannedDeletes, stagedDeletes: input.staged.size, escrowed: this.escrows.size },
      // The state the judge reads back from run.ndjson: the verdict of `run` and of `report` alike.
      job: this.key,
      quarantine: this.quarantineState,
      jobStatus: jobStatusAfterCycle(this.quarantineState),
    });
    return report;
  }

  /**
   * What this cycle looks at: everything in scope for an initial cycle, what changed for an
   * incremental one (Graph delta, docs/entra-behaviour.md#incremental-cycles).
   */
  private planWork(kind: CycleKind, userScope: UserScope): CycleWork {
    return kind === 'initial' ? this.planInitial(userScope) : this.planIncremental(userScope);
  }

  /** Every assigned user and group (scope "assigned") or all of them (scope "all"), drawn from the directory as the passes go. */
  private planInitial(userScope: UserScope): CycleWork {
    const { directory, mapping } = this.options;
    const everything = mapping.scoping.scope === 'all';
    const anchors = this.anchors;
    function* users(): Generator<[string, ChangeType]> {
      // The ids come from the directory itself: while it assigns everything there is nothing to look up.
      for (const id of directory.userIds()) if (everything || directory.assignsEverything || directory.isAssigned(id) || anchors.get(id)) yield [id, 'Add'];
    }
    function* groups(): Generator<[string, ChangeType]> {
      for (const id of directory.groupIds()) if (everything || directory.assignsEverything || directory.isAssigned(id)) yield [id, 'Add'];
    }
    function* memberGroups(): Generator<string> {
      for (const [id] of groups()) yield id;
    }
    return this.finishPlan({ users, groups, memberGroups, watermark: directory.currentWatermark() }, userScope);
  }

  /**
   * The source's delta since the watermark, escrows due for retry, and what the deletion
   * threshold held back.
   */
  private planIncremental(userScope: UserScope): CycleWork {
    const { directory } = this.options;
    const users = new Map<string, ChangeType>();
    const groups = new Map<string, ChangeType>();
    const memberGroups = new Set<string>();
    const changes = directory.changesSince(this.watermark ?? 0);
    for (const id of changes.users) users.set(id, this.anchors.get(id) ? 'Update' : 'Add');
    for (const id of changes.groups) {
      groups.set(id, this.anchors.get(id) ? 'Update' : 'Add');
      memberGroups.add(id);
    }
    for (const change of changes.membershipChanges) {
      memberGroups.add(change.groupId);
      // Joining or leaving an assigned group puts a user in or out of scope.
      for (const id of [...change.added, ...change.removed]) if (!users.has(id)) users.set(id, this.anchors.get(id) ? 'Update' : 'Add');
    }
    for (const id of changes.hardDeletedUsers) this.queueDelete(id, 'User');
    for (const id of changes.hardDeletedGroups) this.queueDelete(id, 'Group');
    for (const escrow of this.escrows.due(this.clock.now())) {
      if (escrow.objectType === 'User') {
        if (!users.has(escrow.sourceId)) users.set(escrow.sourceId, this.anchors.get(escrow.sourceId) ? 'Update' : 'Add');
      } else {
        if (!escrow.isReference && !groups.has(escrow.sourceId)) groups.set(escrow.sourceId, this.anchors.get(escrow.sourceId) ? 'Update' : 'Add');
        memberGroups.add(escrow.sourceId);
      }
    }
    for (const id of this.heldDisables) if (!users.has(id)) users.set(id, 'Update');
    return this.finishPlan({ users: () => users.entries(), groups: () => groups.entries(), memberGroups: () => memberGroups, watermark: changes.watermark }, userScope);
  }

  /**
   * Counts what is in scope and the disables and deletes the cycle plans, before any export,
   * because the accidental-deletion breaker judges the cycle as a whole (docs/entra-behaviour.md#accidental-deletions).
   */
  private finishPlan(work: Pick<CycleWork, 'users' | 'groups' | 'memberGroups' | 'watermark'>, userScope: UserScope): CycleWork {
    const { directory, mapping } = this.options;
    const deletes = [...this.pendingDeletes.entries()].filter(([id]) => this.anchors.get(id));
    const plannedDeletes = new Set<string>(deletes.map(([id]) => id));
    let needsMatching = false;
    let usersInScope = 0;
    for (const [id] of work.users()) {
      const user = directory.getUser(id);
      if (!user) continue;
      const anchor = this.anchors.get(id);
      const inScope = evaluateScope(user, mapping, directory).inScope;
      userScope.note(id, inScope);
      if (inScope) usersInScope += 1;
      if (!anchor) needsMatching = true;
      else if (anchor.active && (!inScope || isUserSoftDeleted(user))) plannedDeletes.add(id);
    }
    let groupsInScope = 0;
    for (const [id] of work.groups()) {
      groupsInScope += 1;
      if (!this.anchors.get(id)) needsMatching = true;
    }
    return { ...work, deletes, plannedDeletes, needsMatching, usersInScope, groupsInScope };
  }

  /** Provision on demand: one user, or one group with its members (docs/entra-behaviour.md#on-demand, D-OND). */
  private planOnDemand(only: { users: readonly string[]; groups: readonly string[] }): CycleWork {
    const change = (id: string): ChangeType => (this.anchors.get(id) ? 'Update' : 'Add');
    const users = new Map<string, ChangeType>(only.users.map((id) => [id, change(id)]));
    const groups = new Map<string, ChangeType>(only.groups.map((id) => [id, change(id)]));
    return {
      users: () => users.entries(),
      groups: () => groups.entries(),
      memberGroups: () => only.groups,
      deletes: [],
      plannedDeletes: new Set(),
      watermark: this.watermark ?? 0,
      needsMatching: true,
      usersInScope: users.size,
      groupsInScope: groups.size,
    };
  }

  private queueDelete(sourceId: string, objectType: 'User' | 'Group'): void {
    if (!this.anchors.get(sourceId)) return;
    this.pendingDeletes.set(sourceId, { objectType, displayName: this.options.directory.deletedName(sourceId) ?? sourceId });
  }

  /**
   * Matching values shared by more than one in-scope source object: Entra fails all of them with
   * DuplicateSourceEntries rather than guess (docs/entra-behaviour.md#matching). With the default user matching
   * (userName from userPrincipalName) the directory's own index answers per user; any other
   * matching projects every in-scope user once per cycle.
   */
  private duplicateSourceCheck(): (objectType: 'User' | 'Group', value: string) => boolean {
    const { directory, mapping } = this.options;
    const inScope = (user: SourceUser): boolean => evaluateScope(user, mapping, directory).inScope;
    const groupValues = countValues(directory.eachGroup(), (group) => matchingValues(projectGroup(group, projectionContext({ anchors: this.anchors, mapping }), false), mapping.groups)[0]?.value);
    const byDefaultMatching = mapping.users.attributes.find((a) => a.matchingPrecedence === 1);
    if (byDefaultMatching?.target === 'userName' && byDefaultMatching.source === 'userPrincipalName') {
      return (objectType, value) =>
        objectType === 'Group' ? (groupValues.get(value.toLowerCase()) ?? 0) > 1 : directory.usersByUserPrincipalName(value).filter(inScope).length > 1;
    }
    const context = projectionContext({ anchors: this.anchors, mapping });
    const userValues = countValues(directory.eachUser(), (user) => (inScope(user) ? matchingValues(projectUser(user, context, false), mapping.users)[0]?.value : undefined));
    return (objectType, value) => ((objectType === 'Group' ? groupValues : userValues).get(value.toLowerCase()) ?? 0) > 1;
  }

}

/**
 * "Most, or all, of the calls … consistently fail", e.g. invalid credentials (docs/entra-behaviour.md#quarantine-triggers):
 * a cycle whose every export was refused with 401/403 quarantines at once; so does a single
 * SCIM-compliance failure (404 where a list was expected).
 */
function consistentTrigger(counters: CycleCounters): ImmediateTrigger | undefined {
  if (counters.complianceTrigger) return counters.complianceTrigger;
  if (counters.credentialTrigger && counters.exported === 0) return counters.credentialTrigger;
  return undefined;
}

/**
 * One object's failure never stops the cycle: an unexpected error in the harness itself is the
 * service's own `InternalError` (docs/entra-behaviour.md#error-codes, "retried in 40 minutes"), logged and escrowed
 * for that object, and the cycle goes on with the next.
 */
async function guarded(ctx: JobContext, objectType: 'User' | 'Group', sourceId: string, isReference: boolean, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const name = displayNameOf(ctx.directory, sourceId) ?? sourceId;
    const entry = startEntry(ctx, objectType, sourceId, name).setAction('other', isReference ? (objectType === 'User' ? 'manager' : 'membership') : 'none');
    const anchor = ctx.anchors.get(sourceId);
    if (anchor) entry.setTargetId(anchor.targetId);
    entry.fail(errorInfoFor('InternalError', { objectType, identifier: name, message: error instanceof Error ? error.message : String(error) }), isReference);
    finishEntry(ctx, entry, isReference);
  }
}

function countValues<T>(items: Iterable<T>, valueOf: (item: T) => string | boolean | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const value = valueOf(item);
    if (value === undefined) continue;
    const key = String(value).toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function numericCounters(counters: CycleCounters): Record<string, number> {
  return Object.fromEntries(Object.entries(counters).filter(([, value]) => typeof value === 'number')) as Record<string, number>;
}

function displayNameOf(directory: SourceDirectory, id: string): string | undefined {
  return directory.getUser(id)?.userPrincipalName ?? directory.getGroup(id)?.displayName;
}
