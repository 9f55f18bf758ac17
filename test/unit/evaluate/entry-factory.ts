/** Builds provisioning log entries for evaluate tests: only the fields the evaluators read vary. */
import {
  type HarnessEntryDetails,
  type IdentityType,
  type LogEntry,
  type ProvisioningAction,
  type ProvisioningResult,
} from '../../../harness/contract/log-entry';

export interface EntryShape {
  readonly at: string;
  readonly status?: ProvisioningResult;
  readonly action?: ProvisioningAction;
  readonly operation?: HarnessEntryDetails['operation'];
  readonly cycleNumber?: number;
  readonly cycleKind?: HarnessEntryDetails['cycleKind'];
  readonly isReferenceFailure?: boolean;
  readonly errorCode?: string;
  readonly identityType?: IdentityType;
  readonly retry?: boolean;
}

let sequence = 0;

export function makeEntry(shape: EntryShape): LogEntry {
  sequence += 1;
  const status = shape.status ?? 'success';
  const identityType = shape.identityType ?? 'User';
  const cycleNumber = shape.cycleNumber ?? 0;
  return {
    id: `entry-${sequence}`,
    activityDateTime: shape.at,
    tenantId: 'tenant',
    jobId: 'scim.tenant.job',
    cycleId: `cycle-${cycleNumber}`,
    changeId: `change-${sequence}`,
    durationInMilliseconds: 5,
    initiatedBy: { id: '', displayName: 'Azure AD Provisioning Service', initiatorType: 'system' },
    provisioningAction: shape.action ?? 'create',
    provisioningStatusInfo: {
      status,
      errorInformation:
        status === 'failure'
          ? {
              errorCode: shape.errorCode ?? 'SystemForCrossDomainIdentityManagementServiceIncompatible',
              reason: 'StatusCode: BadRequest',
              additionalDetails: null,
              errorCategory: 'nonServiceFailure',
              recommendedAction: 'Fix the endpoint',
            }
          : null,
    },
    provisioningSteps: shape.retry
      ? [{ name: 'EntryEscrowRetry', provisioningStepType: 'import', status: 'success', description: 'retry', details: {} }]
      : [],
    modifiedProperties: [],
    servicePrincipal: { id: 'sp', displayName: 'App' },
    sourceIdentity: { id: `src-${sequence}`, displayName: 'Someone', identityType, details: {} },
    targetIdentity: { id: '', displayName: '', identityType, details: {} },
    sourceSystem: { id: 'entra', displayName: 'Microsoft Entra ID', details: {} },
    targetSystem: { id: 'app', displayName: 'App', details: {} },
    harness: {
      cycleNumber,
      cycleKind: shape.cycleKind ?? (cycleNumber === 0 ? 'initial' : 'incremental'),
      isReferenceFailure: shape.isReferenceFailure ?? false,
      operation: shape.operation ?? 'create',
      exchanges: [],
    },
  };
}

/** ISO time `minutes` after 2026-01-01T00:00:00Z. */
export function at(minutes: number): string {
  return new Date(Date.UTC(2026, 0, 1) + minutes * 60_000).toISOString();
}
