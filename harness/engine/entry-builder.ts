/**
 * Assembles one provisioning log entry as an object moves through the pipeline, in the Graph
 * `provisioningObjectSummary` shape (docs/entra-behaviour.md#log-entry-schema) with Entra's step names and wording (docs/entra-behaviour.md#provisioning-steps).
 * The builder is private to one object's processing; `finish()` yields the frozen entry.
 */
import { type HarnessEntryDetails, type IdentityType, type LogEntry, type ModifiedProperty, type ProvisioningAction, type ProvisioningErrorInfo, type ProvisioningResult, type ProvisioningStep, type ProvisioningStepType } from '../contract/log-entry';
import { type CycleKind } from '../contract/run-events';
import { type Exchange } from '../contract/exchange';
import { deepFreeze } from '../freeze';
import { newGuid } from './ids';

/** What stays the same for every entry of a job. */
export interface JobIdentity {
  readonly jobId: string;
  readonly tenantId: string;
  readonly servicePrincipalId: string;
  readonly applicationId: string;
  readonly applicationName: string;
}

export interface CycleIdentity {
  readonly cycleId: string;
  readonly cycleNumber: number;
  readonly kind: CycleKind;
}

/** Entra names its own side "Microsoft Entra ID" in current logs (older: "Azure Active Directory"). */
export const SOURCE_SYSTEM_NAME = 'Microsoft Entra ID';

const INITIATED_BY = deepFreeze({ id: '', displayName: 'Azure AD Provisioning Service', initiatorType: 'system' as const });

interface JobParts {
  readonly servicePrincipal: LogEntry['servicePrincipal'];
  readonly sourceSystem: LogEntry['sourceSystem'];
  readonly targetSystem: LogEntry['targetSystem'];
}

/** The parts every entry of a job repeats, built (and frozen) once per job rather than per entry. */
const partsByJob = new WeakMap<JobIdentity, JobParts>();

function jobParts(job: JobIdentity): JobParts {
  let parts = partsByJob.get(job);
  if (!parts) {
    parts = deepFreeze({
      servicePrincipal: { id: job.servicePrincipalId, displayName: job.applicationName },
      sourceSystem: { id: '', displayName: SOURCE_SYSTEM_NAME, details: {} },
      targetSystem: {
        id: job.servicePrincipalId,
        displayName: job.applicationName,
        details: {
          ApplicationId: job.applicationId,
          ServicePrincipalId: job.servicePrincipalId,
          ServicePrincipalDisplayName: job.applicationName,
        },
      },
    });
    partsByJob.set(job, parts);
  }
  return parts;
}

export class EntryBuilder {
  private readonly steps: ProvisioningStep[] = [];
  private readonly exchanges: Exchange[] = [];
  private modifiedProperties: readonly ModifiedProperty[] = [];
  private action: ProvisioningAction = 'other';
  private status: ProvisioningResult = 'success';
  private errorInformation: ProvisioningErrorInfo | null = null;
  private targetId = '';
  private operation: HarnessEntryDetails['operation'] = 'none';
  private referenceFailure = false;
  private readonly startedAtMs = Date.now();

  constructor(
    private readonly job: JobIdentity,
    private readonly cycle: CycleIdentity,
    readonly identityType: IdentityType,
    readonly sourceId: string,
    readonly displayName: string,
    private readonly activityDateTime: string,
    private readonly scenarioId?: string,
  ) {}

  step(name: string, type: ProvisioningStepType, status: ProvisioningResult, description: string, details: Record<string, string> = {}): this {
    this.steps.push(Object.freeze({ name, provisioningStepType: type, status, description, details: Object.freeze(details) }));
    return this;
  }

  exchange(exchange: Exchange): this {
    this.exchanges.push(exchange);
    return this;
  }

  setAction(action: ProvisioningAction, operation: HarnessEntryDetails['operation']): this {
    this.action = action;
    this.operation = operation;
    return this;
  }

  setTargetId(targetId: string): this {
    this.targetId = targetId;
    return this;
  }

  setModifiedProperties(properties: readonly ModifiedProperty[]): this {
    this.modifiedProperties = properties;
    return this;
  }

  succeed(): this {
    this.status = 'success';
    this.errorInformation = null;
    return this;
  }

  skip(error: ProvisioningErrorInfo | null): this {
    this.status = 'skipped';
    this.errorInformation = error;
    return this;
  }

  warn(error: ProvisioningErrorInfo): this {
    this.status = 'warning';
    this.errorInformation = error;
    return this;
  }

  fail(error: ProvisioningErrorInfo, isReferenceFailure = false): this {
    this.status = 'failure';
    this.errorInformation = error;
    this.referenceFailure = isReferenceFailure;
    return this;
  }

  /** Escrow bookkeeping adds Entra's retry note to a failure's reason (docs/entra-behaviour.md#reason-text). */
  appendToReason(text: string): this {
    if (this.errorInformation) this.errorInformation = { ...this.errorInformation, reason: this.errorInformation.reason + text };
    return this;
  }

  get currentStatus(): ProvisioningResult {
    return this.status;
  }

  finish(): LogEntry {
    const identity = { displayName: this.displayName, identityType: this.identityType, details: Object.freeze({}) };
    const { servicePrincipal, sourceSystem, targetSystem } = jobParts(this.job);
    return deepFreeze({
      id: newGuid(),
      activityDateTime: this.activityDateTime,
      tenantId: this.job.tenantId,
      jobId: this.job.jobId,
      cycleId: this.cycle.cycleId,
      changeId: newGuid(),
      durationInMilliseconds: Math.max(0, Date.now() - this.startedAtMs),
      initiatedBy: INITIATED_BY,
      provisioningAction: this.action,
      provisioningStatusInfo: { status: this.status, errorInformation: this.errorInformation },
      provisioningSteps: this.steps,
      modifiedProperties: this.modifiedProperties,
      servicePrincipal,
      sourceIdentity: { id: this.sourceId, ...identity },
      targetIdentity: { id: this.targetId, ...identity },
      sourceSystem,
      targetSystem,
      harness: {
        scenarioId: this.scenarioId,
        cycleNumber: this.cycle.cycleNumber,
        cycleKind: this.cycle.kind,
        isReferenceFailure: this.referenceFailure,
        operation: this.operation,
        exchanges: this.exchanges,
      },
    });
  }
}
