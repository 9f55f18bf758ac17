/**
 * What every per-object pipeline of one cycle shares, and the few operations they all perform:
 * send a request (recording it on the entry), turn a failed exchange into Entra's error info,
 * and finish an entry (escrow bookkeeping included).
 */
import { classifyExchange, type Classification, type ClassifyContext } from './entra-errors';
import { type ImmediateTrigger } from './quarantine/quarantine-state';
import { type IdentityType, type LogEntry, type ProvisioningErrorInfo } from '../contract/log-entry';
import { type MappingSet } from '../mapping/mapping-types';
import { type ClientProfile } from '../profiles/client-profile';
import { type SourceDirectory } from '../source/source-directory';
import { type Exchange } from '../contract/exchange';
import { type RecordingTargetClient, type ScimRequest } from '../contract/target-client';
import { type AnchorStore } from './anchors';
import { type EngineEvents } from './engine-events';
import { EntryBuilder, type CycleIdentity, type JobIdentity } from './entry-builder';
import { type EscrowBook, escrowKey, retryNote } from './escrow';
import { type ChangeType, escrowRetryDescription, importDescription, STEP } from './step-text';
import { type UserScope } from './user-scope';
import { type VirtualClock } from './virtual-clock';

export interface CycleCounters {
  exported: number;
  exports: number;
  failures: number;
  referenceFailures: number;
  skipped: number;
  successfulRetries: number;
  /**
   * Successful object exports (creates, updates, disables, deletes): the successes the escrow
   * proportion counts. Manager and membership writes belong to an object already counted.
   */
  objectSuccesses: number;
  usersProcessed: number;
  groupsProcessed: number;
  /** First 401/403 seen this cycle: quarantines when every export of the cycle failed that way. */
  credentialTrigger?: ImmediateTrigger;
  /** First SCIM-compliance failure (404 on a filter): quarantines at once (docs/entra-behaviour.md#quarantine-triggers). */
  complianceTrigger?: ImmediateTrigger;
}

export interface JobContext {
  readonly client: RecordingTargetClient;
  readonly directory: SourceDirectory;
  readonly mapping: MappingSet;
  /** How the client this job plays shapes its requests (harness/profiles). */
  readonly profile: ClientProfile;
  readonly identity: JobIdentity;
  readonly events: EngineEvents;
  readonly clock: VirtualClock;
  readonly anchors: AnchorStore;
  readonly escrows: EscrowBook;
  readonly cycle: CycleIdentity;
  readonly scenarioId?: string;
  /** Objects whose disable or delete is held back by the accidental-deletion threshold this cycle. */
  readonly stagedDeletes: ReadonlySet<string>;
  /** Whether another in-scope source object shares this matching value (DuplicateSourceEntries, docs/entra-behaviour.md#matching). */
  readonly isDuplicateSource: (objectType: IdentityType, value: string) => boolean;
  readonly counters: CycleCounters;
  /** Users' scope this cycle, evaluated once per user. */
  readonly userScope: UserScope;
}

export function newCycleCounters(): CycleCounters {
  return { exported: 0, exports: 0, failures: 0, referenceFailures: 0, skipped: 0, successfulRetries: 0, objectSuccesses: 0, usersProcessed: 0, groupsProcessed: 0 };
}

export function startEntry(ctx: JobContext, type: IdentityType, sourceId: string, displayName: string): EntryBuilder {
  return new EntryBuilder(ctx.identity, ctx.cycle, type, sourceId, displayName, ctx.clock.activityTime().toISOString(), ctx.scenarioId);
}

export interface SendResult {
  readonly exchange: Exchange;
  /** null when the exchange is a success for its purpose. */
  readonly failure: Classification | null;
}

/** Sends one request on behalf of an entry: recorded on it (by the client), classified for its purpose. */
export async function send(ctx: JobContext, entry: EntryBuilder, request: ScimRequest, purpose: ClassifyContext['purpose']): Promise<SendResult> {
  // An interrupt stops new work; requests already in flight finish (each within --timeout), so
  // every started operation is logged with its real outcome.
  const exchange = await ctx.client.forEntry(entry).send(request);
  if (request.method !== 'GET') ctx.counters.exports += 1;
  const failure = classifyExchange(exchange, { purpose, objectType: entry.identityType });
  const trigger = immediateTrigger(ctx.profile, failure?.quarantineTrigger);
  if (trigger?.kind === 'credentials') ctx.counters.credentialTrigger ??= trigger;
  if (trigger?.kind === 'compliance') ctx.counters.complianceTrigger ??= trigger;
  return { exchange, failure };
}

/** A classification's quarantine trigger, kept only when the profile's client quarantines on it at once (its `quarantine.immediate`). */
export function immediateTrigger<T extends { readonly kind: string }>(profile: ClientProfile, trigger: T | undefined): T | undefined {
  return trigger !== undefined && (profile.quarantine.immediate as readonly string[]).includes(trigger.kind) ? trigger : undefined;
}

export function errorInfo(classification: Classification): ProvisioningErrorInfo {
  return {
    errorCode: classification.errorCode,
    reason: classification.reason,
    additionalDetails: classification.additionalDetails,
    errorCategory: classification.errorCategory,
    recommendedAction: classification.recommendedAction,
  };
}

/**
 * Appends the finished entry. A failure is escrowed and its reason carries Entra's retry note;
 * a success clears the object's escrow (a successful retry lifts quarantine, docs/entra-behaviour.md#while-quarantined).
 */
export function finishEntry(ctx: JobContext, entry: EntryBuilder, isReference = false): LogEntry {
  const status = entry.currentStatus;
  if (status === 'failure') {
    const escrow = ctx.escrows.noteFailure(entry.identityType, entry.sourceId, isReference, ctx.clock.now());
    entry.appendToReason(retryNote(escrow));
    if (isReference) ctx.counters.referenceFailures += 1;
    else ctx.counters.failures += 1;
  } else {
    if (ctx.escrows.noteSuccess(entry.identityType, entry.sourceId, isReference)) ctx.counters.successfulRetries += 1;
    if (status === 'skipped') ctx.counters.skipped += 1;
    else {
      ctx.counters.exported += 1;
      if (!isReference) ctx.counters.objectSuccesses += 1;
    }
  }
  const finished = entry.finish();
  ctx.events.entry(finished);
  return finished;
}

/**
 * The first steps of every object's entry: EntryEscrowRetry when an escrowed failure is being
 * retried (docs/entra-behaviour.md#provisioning-steps, with Entra's detail keys), then EntryImport.
 */
export function importSteps(ctx: JobContext, entry: EntryBuilder, type: IdentityType, sourceId: string, name: string, change: ChangeType, details: Record<string, string>): void {
  const escrow = ctx.escrows.get(escrowKey(type, sourceId, false));
  if (escrow) {
    entry.step(STEP.escrowRetry, 'import', 'success', escrowRetryDescription(type, name), {
      CountProcessed: String(escrow.retries + 1),
      CreationTime: escrow.firstFailureAt.toISOString(),
      Identifier: sourceId,
      ModificationType: change,
      NextAttempt: escrow.nextAttemptAt.toISOString(),
      Origin: 'Source',
      TypeName: 'EscrowedEntryDefault',
    });
  }
  entry.step(STEP.import, 'import', 'success', importDescription(type, name, change), details);
}
