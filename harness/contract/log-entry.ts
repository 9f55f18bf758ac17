/**
 * One provisioning log entry: Microsoft Graph `provisioningObjectSummary` (v1.0), field for
 * field, plus the harness's own evidence kept apart under `harness` so the Graph-shaped part
 * can be exported untouched (docs/entra-behaviour.md#log-entry-schema, docs/entra-behaviour.md#provisioning-steps).
 */
import { type Exchange } from './exchange';

export type ProvisioningAction = 'create' | 'update' | 'delete' | 'disable' | 'stagedDelete' | 'other';
export type ProvisioningResult = 'success' | 'warning' | 'failure' | 'skipped';
export type ProvisioningStepType = 'import' | 'scoping' | 'matching' | 'processing' | 'referenceResolution' | 'export';
export type ErrorCategory = 'failure' | 'nonServiceFailure';
export type IdentityType = 'User' | 'Group';

export interface ProvisioningErrorInfo {
  readonly errorCode: string;
  /** Entra's shape: "StatusCode: Conflict\r\nMessage: …\r\nWeb Response: \r\n{body}" (docs/entra-behaviour.md#reason-text). */
  readonly reason: string;
  readonly additionalDetails: string | null;
  readonly errorCategory: ErrorCategory;
  readonly recommendedAction: string;
}

export interface ProvisioningStatusInfo {
  readonly status: ProvisioningResult;
  readonly errorInformation: ProvisioningErrorInfo | null;
}

export interface ProvisioningStep {
  /** Entra step names: EntryImport, EntrySynchronizationScoping, EntryExportAdd, EntryEscrowRetry, … */
  readonly name: string;
  readonly provisioningStepType: ProvisioningStepType;
  readonly status: ProvisioningResult;
  readonly description: string;
  readonly details: Readonly<Record<string, string>>;
}

export interface ModifiedProperty {
  /** Target attribute name, e.g. `active`, `name.givenName`, `emails[type eq "work"].value`. */
  readonly displayName: string;
  /** Always strings in Graph (booleans as "True"/"False"); null on create. */
  readonly oldValue: string | null;
  readonly newValue: string | null;
}

export interface ProvisionedIdentity {
  readonly id: string;
  readonly displayName: string;
  readonly identityType: IdentityType;
  readonly details: Readonly<Record<string, string>>;
}

export interface ProvisioningSystem {
  readonly id: string;
  readonly displayName: string;
  readonly details: Readonly<Record<string, string>>;
}

export interface Initiator {
  readonly id: string;
  readonly displayName: string;
  readonly initiatorType: 'system' | 'user' | 'application';
}

export interface ProvisioningServicePrincipal {
  readonly id: string;
  readonly displayName: string;
}

/** Graph `provisioningObjectSummary`. */
export interface ProvisioningObjectSummary {
  readonly id: string;
  readonly activityDateTime: string;
  readonly tenantId: string;
  readonly jobId: string;
  readonly cycleId: string;
  readonly changeId: string;
  readonly durationInMilliseconds: number;
  readonly initiatedBy: Initiator;
  readonly provisioningAction: ProvisioningAction;
  readonly provisioningStatusInfo: ProvisioningStatusInfo;
  readonly provisioningSteps: readonly ProvisioningStep[];
  readonly modifiedProperties: readonly ModifiedProperty[];
  readonly servicePrincipal: ProvisioningServicePrincipal;
  readonly sourceIdentity: ProvisionedIdentity;
  readonly targetIdentity: ProvisionedIdentity;
  readonly sourceSystem: ProvisioningSystem;
  readonly targetSystem: ProvisioningSystem;
}

/** What the harness knows beyond Graph's shape: never exported into the Graph views. */
export interface HarnessEntryDetails {
  /** Scenario that produced the entry, when run as part of the conformance suite. */
  readonly scenarioId?: string;
  /** 0 for the initial cycle, then 1, 2, … */
  readonly cycleNumber: number;
  readonly cycleKind: 'initial' | 'incremental' | 'onDemand';
  /**
   * Failures that the escrow thresholds treat apart (docs/entra-behaviour.md#quarantine-triggers): a manager or a group
   * member that could not be resolved or written.
   */
  readonly isReferenceFailure: boolean;
  /** Which kind of operation the entry stands for, for per-operation failure rates. */
  readonly operation: 'create' | 'update' | 'disable' | 'enable' | 'delete' | 'membership' | 'manager' | 'match' | 'none';
  /** Every request the entry caused, redacted, in order. */
  readonly exchanges: readonly Exchange[];
}

export interface LogEntry extends ProvisioningObjectSummary {
  readonly harness: HarnessEntryDetails;
}
