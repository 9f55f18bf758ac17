/**
 * Entra's step names and wording (docs/entra-behaviour.md#provisioning-steps), in one place so every pipeline logs alike.
 */
import { type TargetView } from '../mapping/mapping-types';
import { SOURCE_SYSTEM_NAME } from './entry-builder';

export type ChangeType = 'Add' | 'Update' | 'Delete';

export const STEP = {
  import: 'EntryImport',
  escrowRetry: 'EntryEscrowRetry',
  scoping: 'EntrySynchronizationScoping',
  add: 'EntrySynchronizationAdd',
  update: 'EntrySynchronizationUpdate',
  delete: 'EntrySynchronizationDelete',
  skip: 'EntrySynchronizationSkip',
  exportAdd: 'EntryExportAdd',
  exportUpdate: 'EntryExportUpdate',
  exportSoftDelete: 'EntryExportUpdateSoftDelete',
  exportDelete: 'EntryExportDelete',
  reference: 'EntryReferenceResolution',
} as const;

export function importDescription(type: string, name: string, change: ChangeType): string {
  return `Received ${type} '${name}' change of type (${change}) from ${SOURCE_SYSTEM_NAME}`;
}

export function escrowRetryDescription(type: string, identifier: string): string {
  return `We are retrying an operation that previously failed.\r\nIdentifier: ${identifier}\r\nObject type: ${type}\r\nDirectory: ${SOURCE_SYSTEM_NAME}`;
}

export const SCOPING_DESCRIPTION = (type: string): string => `Determine if ${type} in scope by evaluating against each scoping filter`;

/**
 * Export step details: `ReportableIdentifier` plus the exported attributes with punctuation
 * stripped, as Entra writes them (`namegivenName`, `urnietfparamsscimschemasextensionenterprise20UseremployeeNumber`).
 */
export function exportDetails(identifier: string, view: TargetView | undefined): Record<string, string> {
  const details: Record<string, string> = { ReportableIdentifier: identifier };
  for (const [path, value] of Object.entries(view ?? {})) {
    if (value === null) continue;
    details[detailName(path)] = typeof value === 'boolean' ? (value ? 'True' : 'False') : value;
  }
  return details;
}

/** A mapping has a few dozen target paths, written once per exported object: strip each once. */
const detailNames = new Map<string, string>();
const DETAIL_NAMES_KEPT = 1024;

function detailName(path: string): string {
  let name = detailNames.get(path);
  if (name === undefined) {
    name = path.replace(/[.:]/g, '');
    if (detailNames.size >= DETAIL_NAMES_KEPT) detailNames.clear();
    detailNames.set(path, name);
  }
  return name;
}
