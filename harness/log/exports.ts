/**
 * The three ways Entra hands provisioning logs out: Graph JSON (`GET /auditLogs/provisioning`,
 * docs/entra-behaviour.md#log-entry-schema), the portal's CSV download (three files joined by change id, docs/entra-behaviour.md#log-exports)
 * and Azure Monitor's AADProvisioningLogs rows (docs/entra-behaviour.md#log-exports). All of them drop the harness's
 * own evidence, which Graph does not have.
 */
import { join } from 'node:path';
import {
  type LogEntry,
  type ProvisionedIdentity,
  type ProvisioningObjectSummary,
  type ProvisioningSystem,
} from '../contract/log-entry';
import { portalActionName, portalStatusName, type PortalAction, type PortalStatus } from './portal-names';
import { csvCell, csvRecord } from '../text/csv-cell';
import { openTextWriter, type TextWriter } from './text-writer';

export type EntrySource = AsyncIterable<LogEntry> | Iterable<LogEntry>;

/** The Graph-shaped part of an entry, untouched. */
export function toGraphSummary(entry: LogEntry): ProvisioningObjectSummary {
  const { harness: _harness, ...summary } = entry;
  return summary;
}

export function toGraphCollection(entries: Iterable<LogEntry>): { value: ProvisioningObjectSummary[] } {
  return { value: Array.from(entries, toGraphSummary) };
}

async function withWriter(file: string, body: (writer: TextWriter) => Promise<void>): Promise<void> {
  const writer = openTextWriter(file);
  try {
    await body(writer);
  } catch (error) {
    writer.abort();
    throw error;
  }
  await writer.close();
}

/** Graph's collection shape `{"value":[…]}`, written one entry at a time. */
export async function writeGraphJson(entries: EntrySource, file: string): Promise<void> {
  await withWriter(file, async (writer) => {
    await writer.write('{"value":[');
    let first = true;
    for await (const entry of entries) {
      await writer.write(`${first ? '\n' : ',\n'}${JSON.stringify(toGraphSummary(entry))}`);
      first = false;
    }
    await writer.write(first ? ']}\n' : '\n]}\n');
  });
}

/** Every CSV cell the harness writes goes through csvCell: formula triggers neutralised, RFC 4180 quoting. */
export { csvCell as csvField, csvRecord as csvRow };

export const CSV_FILES = {
  logs: 'ProvisioningLogs.csv',
  steps: 'ProvisioningLogs_ProvisioningSteps.csv',
  modifiedProperties: 'ProvisioningLogs_ModifiedProperties.csv',
} as const;

export const CSV_LOG_COLUMNS = [
  'Date (UTC)',
  'ID',
  'Job ID',
  'Cycle ID',
  'Change ID',
  'Action',
  'Status',
  'Identity Type',
  'Source Identity Name',
  'Source ID',
  'Target Identity Name',
  'Target ID',
  'Source System',
  'Target System',
  'Application',
  'Error Code',
  'Status Reason',
  'Recommended Action',
  'Duration (ms)',
] as const;

export const CSV_STEP_COLUMNS = ['Change ID', 'Step Number', 'Name', 'Type', 'Status', 'Description', 'Details'] as const;

export const CSV_MODIFIED_PROPERTY_COLUMNS = ['Change ID', 'Attribute Name', 'Old Value', 'New Value'] as const;

function logRow(entry: LogEntry): string {
  const error = entry.provisioningStatusInfo.errorInformation;
  return csvRecord([
    entry.activityDateTime,
    entry.id,
    entry.jobId,
    entry.cycleId,
    entry.changeId,
    portalActionName(entry.provisioningAction),
    portalStatusName(entry.provisioningStatusInfo.status),
    entry.sourceIdentity.identityType,
    entry.sourceIdentity.displayName,
    entry.sourceIdentity.id,
    entry.targetIdentity.displayName,
    entry.targetIdentity.id,
    entry.sourceSystem.displayName,
    entry.targetSystem.displayName,
    entry.servicePrincipal.displayName,
    error?.errorCode,
    error?.reason,
    error?.recommendedAction,
    entry.durationInMilliseconds,
  ]);
}

/**
 * The portal's download: ProvisioningLogs.csv plus its steps and modified properties, each row
 * keyed by Change ID. Returns the three file paths.
 */
export async function writeCsvExport(entries: EntrySource, dir: string): Promise<string[]> {
  const paths = [join(dir, CSV_FILES.logs), join(dir, CSV_FILES.steps), join(dir, CSV_FILES.modifiedProperties)];
  const [logs, steps, properties] = paths.map(openTextWriter);
  const all = [logs, steps, properties];
  try {
    await logs.write(csvRecord(CSV_LOG_COLUMNS));
    await steps.write(csvRecord(CSV_STEP_COLUMNS));
    await properties.write(csvRecord(CSV_MODIFIED_PROPERTY_COLUMNS));
    for await (const entry of entries) {
      await logs.write(logRow(entry));
      let stepNumber = 0;
      for (const step of entry.provisioningSteps) {
        stepNumber += 1;
        await steps.write(
          csvRecord([
            entry.changeId,
            stepNumber,
            step.name,
            step.provisioningStepType,
            portalStatusName(step.status),
            step.description,
            JSON.stringify(step.details),
          ]),
        );
      }
      for (const property of entry.modifiedProperties) {
        await properties.write(csvRecord([entry.changeId, property.displayName, property.oldValue, property.newValue]));
      }
    }
  } catch (error) {
    for (const writer of all) writer.abort();
    throw error;
  }
  await Promise.all(all.map((writer) => writer.close()));
  return paths;
}

/** One AADProvisioningLogs row (docs/entra-behaviour.md#log-exports); the JSON columns are strings, as in Log Analytics. */
export interface AadProvisioningLogRow {
  readonly TimeGenerated: string;
  readonly Id: string;
  readonly Category: 'ProvisioningLogs';
  readonly OperationName: 'Provisioning activity';
  readonly OperationVersion: '1.0';
  readonly ResultType: PortalStatus;
  readonly ResultSignature: string;
  readonly ResultDescription: string;
  readonly ProvisioningAction: PortalAction;
  /** Sample KQL in Entra's docs filters on `Action` (docs/entra-behaviour.md#log-exports). */
  readonly Action: PortalAction;
  readonly DurationMs: number;
  readonly JobId: string;
  readonly CycleId: string;
  readonly ChangeId: string;
  readonly CorrelationId: string;
  readonly InitiatedBy: string;
  readonly SourceIdentity: string;
  readonly TargetIdentity: string;
  readonly SourceSystem: string;
  readonly TargetSystem: string;
  readonly ServicePrincipal: string;
  readonly ProvisioningStatusInfo: string;
  readonly ProvisioningSteps: string;
  readonly ModifiedProperties: string;
  readonly AADTenantId: string;
  readonly TenantId: string;
  readonly Type: 'AADProvisioningLogs';
}

/** Log Analytics JSON columns use Id/Name casing, e.g. SourceIdentity.Id, ServicePrincipal.Name (docs/entra-behaviour.md#log-exports). */
function identityJson(identity: ProvisionedIdentity): string {
  return JSON.stringify({ Id: identity.id, Name: identity.displayName, IdentityType: identity.identityType, Details: identity.details });
}

function systemJson(system: ProvisioningSystem): string {
  return JSON.stringify({ Id: system.id, Name: system.displayName, Details: system.details });
}

/**
 * `workspaceId` fills TenantId (the Log Analytics workspace); AADTenantId is the entry's own
 * tenant. Without a workspace the entry's tenant stands in.
 */
export function toAadRow(entry: LogEntry, workspaceId?: string): AadProvisioningLogRow {
  const error = entry.provisioningStatusInfo.errorInformation;
  const action = portalActionName(entry.provisioningAction);
  return {
    TimeGenerated: entry.activityDateTime,
    Id: entry.id,
    Category: 'ProvisioningLogs',
    OperationName: 'Provisioning activity',
    OperationVersion: '1.0',
    ResultType: portalStatusName(entry.provisioningStatusInfo.status),
    ResultSignature: error?.errorCode ?? 'None',
    ResultDescription: error?.reason ?? '',
    ProvisioningAction: action,
    Action: action,
    DurationMs: entry.durationInMilliseconds,
    JobId: entry.jobId,
    CycleId: entry.cycleId,
    ChangeId: entry.changeId,
    // Graph has no correlation id for provisioning; the activity id is the only per-event id [INF].
    CorrelationId: entry.id,
    // Observed envelope: {"Id":"","Name":"Azure AD Provisioning Service","Type":"system"} (docs/entra-behaviour.md#log-exports).
    InitiatedBy: JSON.stringify({ Id: entry.initiatedBy.id, Name: entry.initiatedBy.displayName, Type: entry.initiatedBy.initiatorType }),
    SourceIdentity: identityJson(entry.sourceIdentity),
    TargetIdentity: identityJson(entry.targetIdentity),
    // Microsoft's documentation leaves SourceSystem's content open; it mirrors TargetSystem here [INF].
    SourceSystem: systemJson(entry.sourceSystem),
    TargetSystem: systemJson(entry.targetSystem),
    ServicePrincipal: JSON.stringify({ Id: entry.servicePrincipal.id, Name: entry.servicePrincipal.displayName }),
    ProvisioningStatusInfo: JSON.stringify(entry.provisioningStatusInfo),
    ProvisioningSteps: JSON.stringify(entry.provisioningSteps),
    ModifiedProperties: JSON.stringify(entry.modifiedProperties),
    AADTenantId: entry.tenantId,
    TenantId: workspaceId ?? entry.tenantId,
    Type: 'AADProvisioningLogs',
  };
}

/** One AADProvisioningLogs row per line, the shape a Log Analytics ingestion accepts. */
export async function writeAadNdjson(entries: EntrySource, file: string, workspaceId?: string): Promise<void> {
  await withWriter(file, async (writer) => {
    for await (const entry of entries) await writer.write(`${JSON.stringify(toAadRow(entry, workspaceId))}\n`);
  });
}
