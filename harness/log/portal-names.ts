/**
 * The portal capitalises what Graph stores in lower camel case: Action column values Create,
 * Update, Delete, Disable, StagedDelete, Other; Status Success, Failure, Skipped, Warning
 * (docs/entra-behaviour.md#provisioning-steps). CSV, Azure Monitor rows and the text views all use the portal's spelling.
 */
import { type ProvisioningAction, type ProvisioningResult } from '../contract/log-entry';

export type PortalAction = 'Create' | 'Update' | 'Delete' | 'Disable' | 'StagedDelete' | 'Other';
export type PortalStatus = 'Success' | 'Failure' | 'Skipped' | 'Warning';

const ACTIONS: Readonly<Record<ProvisioningAction, PortalAction>> = {
  create: 'Create',
  update: 'Update',
  delete: 'Delete',
  disable: 'Disable',
  stagedDelete: 'StagedDelete',
  other: 'Other',
};

const STATUSES: Readonly<Record<ProvisioningResult, PortalStatus>> = {
  success: 'Success',
  failure: 'Failure',
  skipped: 'Skipped',
  warning: 'Warning',
};

export const PORTAL_ACTIONS: readonly PortalAction[] = Object.values(ACTIONS);

export function portalActionName(action: ProvisioningAction): PortalAction {
  return ACTIONS[action];
}

export function portalStatusName(status: ProvisioningResult): PortalStatus {
  return STATUSES[status];
}
