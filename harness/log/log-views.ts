/**
 * Plain-text views of provisioning log entries for `scim-harness logs`: the portal's list, its
 * entry detail (four tabs), and summaries. Pure and colour-free: strings out, the CLI paints.
 * Entries carry the target's ids, names and error details, and these views go to a terminal:
 * every view shows control characters instead of passing them on (harness/text/terminal-text.ts),
 * table cells before their widths are measured.
 */
import { EntryTally } from './entry-tally';
import { type LogEntry, type ProvisioningAction } from '../contract/log-entry';
import { matchesFilter } from './query';
import { PORTAL_ACTIONS, portalActionName, portalStatusName, type PortalAction } from './portal-names';
import { terminalText } from '../text/terminal-text';

export type LogColumn =
  | 'Date'
  | 'Identity'
  | 'Action'
  | 'Source System'
  | 'Target System'
  | 'Status'
  | 'Job ID'
  | 'Cycle ID'
  | 'Change ID'
  | 'Source ID'
  | 'Target ID'
  | 'Error Code'
  | 'Duration';

/** The portal's default list columns (docs/entra-behaviour.md#provisioning-steps, D-LOGS). */
export const DEFAULT_LOG_COLUMNS: readonly LogColumn[] = ['Date', 'Identity', 'Action', 'Source System', 'Target System', 'Status'];

export const EXTRA_LOG_COLUMNS: readonly LogColumn[] = [
  'Job ID',
  'Cycle ID',
  'Change ID',
  'Source ID',
  'Target ID',
  'Error Code',
  'Duration',
];

export interface LogTableOptions {
  /** Columns in order; DEFAULT_LOG_COLUMNS when omitted. */
  readonly columns?: readonly LogColumn[];
  /** Total width in characters; the widest columns are shortened (with "…") to fit. */
  readonly width?: number;
}

/** "2026-03-24 13:23:44" in UTC, the way the list reads best in a terminal. */
export function formatLogDate(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toISOString().slice(0, 19).replace('T', ' ');
}

function identityName(entry: LogEntry): string {
  return entry.sourceIdentity.displayName || entry.targetIdentity.displayName || entry.sourceIdentity.id || entry.targetIdentity.id;
}

function cell(entry: LogEntry, column: LogColumn): string {
  switch (column) {
    case 'Date':
      return formatLogDate(entry.activityDateTime);
    case 'Identity':
      return identityName(entry);
    case 'Action':
      return portalActionName(entry.provisioningAction);
    case 'Source System':
      return entry.sourceSystem.displayName;
    case 'Target System':
      return entry.targetSystem.displayName;
    case 'Status':
      return portalStatusName(entry.provisioningStatusInfo.status);
    case 'Job ID':
      return entry.jobId;
    case 'Cycle ID':
      return entry.cycleId;
    case 'Change ID':
      return entry.changeId;
    case 'Source ID':
      return entry.sourceIdentity.id;
    case 'Target ID':
      return entry.targetIdentity.id;
    case 'Error Code':
      return entry.provisioningStatusInfo.errorInformation?.errorCode ?? '';
    case 'Duration':
      return `${entry.durationInMilliseconds} ms`;
  }
}

const SEPARATOR = '  ';
const MIN_COLUMN_WIDTH = 4;

/** A cell on one line: line breaks become spaces, every other control character is shown. */
function cellText(text: string): string {
  return terminalText(text.replace(/\s*[\r\n]+\s*/g, ' '), { layout: 'line' });
}

function fit(flat: string, width: number): string {
  return flat.length <= width ? flat.padEnd(width) : `${flat.slice(0, Math.max(0, width - 1))}…`;
}

/** A plain aligned table: header, a rule of dashes, one line per row; no trailing spaces. */
export function renderTextTable(headers: readonly string[], textRows: readonly (readonly string[])[], width?: number): string {
  const rows = textRows.map((row) => row.map(cellText));
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  if (width !== undefined) {
    let total = widths.reduce((sum, w) => sum + w, 0) + SEPARATOR.length * (widths.length - 1);
    while (total > width) {
      let widest = -1;
      for (let i = 0; i < widths.length; i += 1) {
        if (widths[i] > MIN_COLUMN_WIDTH && (widest === -1 || widths[i] > widths[widest])) widest = i;
      }
      if (widest === -1) break;
      widths[widest] -= 1;
      total -= 1;
    }
  }
  const line = (cells: readonly string[]): string =>
    cells
      .map((text, i) => fit(text, widths[i]))
      .join(SEPARATOR)
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join(SEPARATOR), ...rows.map(line)].join('\n');
}

/** The portal's list view. */
export function formatLogTable(entries: Iterable<LogEntry>, options: LogTableOptions = {}): string {
  const columns = options.columns ?? DEFAULT_LOG_COLUMNS;
  const rows = Array.from(entries, (entry) => columns.map((column) => cell(entry, column)));
  if (rows.length === 0) return 'No provisioning log entries match.';
  return renderTextTable(columns, rows, options.width);
}

function indentLines(text: string, indent: string): string[] {
  return text.split(/\r\n|\r|\n/).map((line) => `${indent}${line}`);
}

function detailLines(details: Readonly<Record<string, string>>, indent: string): string[] {
  return Object.entries(details).flatMap(([key, value]) => indentLines(`${key}: ${value}`, indent));
}

function section(title: string, body: readonly string[]): string[] {
  return [title, '='.repeat(title.length), ...body, ''];
}

/** One entry, with the portal's four tabs as sections. */
export function formatEntryDetail(entry: LogEntry): string {
  const status = entry.provisioningStatusInfo;
  const error = status.errorInformation;

  const steps =
    entry.provisioningSteps.length === 0
      ? ['(no steps)']
      : entry.provisioningSteps.flatMap((step, i) => [
          `${i + 1}. [${portalStatusName(step.status)}] ${step.name} (${step.provisioningStepType})`,
          ...indentLines(step.description, '   '),
          ...detailLines(step.details, '     '),
        ]);

  const troubleshooting = error
    ? [
        `Error code: ${error.errorCode}`,
        `Error category: ${error.errorCategory}`,
        'Reason:',
        ...indentLines(error.reason, '  '),
        ...(error.additionalDetails ? ['Additional details:', ...indentLines(error.additionalDetails, '  ')] : []),
        `Recommended action: ${error.recommendedAction}`,
      ]
    : ['No errors.'];

  const modified =
    entry.modifiedProperties.length === 0
      ? ['(no modified properties)']
      : entry.modifiedProperties.map((p) => `${p.displayName}: ${p.oldValue ?? '(none)'} → ${p.newValue ?? '(none)'}`);

  const summary = [
    `Activity date: ${entry.activityDateTime}`,
    `Action: ${portalActionName(entry.provisioningAction)}`,
    `Status: ${portalStatusName(status.status)}`,
    `Duration: ${entry.durationInMilliseconds} ms`,
    `Source identity: ${entry.sourceIdentity.displayName} (${entry.sourceIdentity.identityType}) id ${entry.sourceIdentity.id || '(none)'} in ${entry.sourceSystem.displayName}`,
    `Target identity: ${entry.targetIdentity.displayName || '(none)'} id ${entry.targetIdentity.id || '(none)'} in ${entry.targetSystem.displayName}`,
    `Job ID: ${entry.jobId}`,
    `Cycle ID: ${entry.cycleId}`,
    `Change ID: ${entry.changeId}`,
    `Activity ID: ${entry.id}`,
    `Application: ${entry.servicePrincipal.displayName} (${entry.servicePrincipal.id})`,
    `Initiated by: ${entry.initiatedBy.displayName} (${entry.initiatedBy.initiatorType})`,
  ];

  const text = [
    `${portalActionName(entry.provisioningAction)} ${entry.sourceIdentity.identityType} '${identityName(entry)}' — ${portalStatusName(status.status)}`,
    '',
    ...section('Steps', steps),
    ...section('Troubleshooting & Recommendations', troubleshooting),
    ...section('Modified Properties', modified),
    ...section('Summary', summary),
  ]
    .join('\n')
    .trimEnd();
  // Colour-free, so the whole view is sanitised at once: only the target's text can hold controls.
  return terminalText(text);
}

export interface ErrorCodeCount {
  readonly errorCode: string;
  readonly entries: number;
  readonly failures: number;
}

export interface ActionsPerDay {
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  readonly counts: Readonly<Record<PortalAction, number>>;
  readonly total: number;
}

export interface FailuresPerHour {
  /** YYYY-MM-DD HH:00 (UTC). */
  readonly hour: string;
  readonly failures: number;
}

export interface IdentityOperation {
  readonly date: string;
  readonly action: PortalAction;
  readonly status: string;
  readonly errorCode: string;
  readonly identity: string;
  readonly cycleId: string;
  readonly changeId: string;
}

export interface EntrySummary {
  readonly total: number;
  /** Entries that carry error information, by code, most frequent first. */
  readonly errorsByCode: readonly ErrorCodeCount[];
  readonly actionsPerDay: readonly ActionsPerDay[];
  readonly failuresPerHour: readonly FailuresPerHour[];
  /** Present when an identity was asked for: its operations, oldest first. */
  readonly identity?: { readonly query: string; readonly operations: readonly IdentityOperation[] };
  readonly text: string;
}

export interface SummaryOptions {
  /** Same matching as the `identity` filter: substring of a display name, source id or target id. */
  readonly identity?: string;
  readonly width?: number;
}

function emptyActionCounts(): Record<PortalAction, number> {
  return { Create: 0, Update: 0, Delete: 0, Disable: 0, StagedDelete: 0, Other: 0 };
}

/** Counts entries one at a time (in the run's one tally), so a summary never needs the whole run in memory. */
class SummaryAccumulator {
  private readonly tally = new EntryTally();
  private readonly operations: IdentityOperation[] = [];

  constructor(private readonly options: SummaryOptions) {}

  add(entry: LogEntry): void {
    this.tally.add(entry);
    const error = entry.provisioningStatusInfo.errorInformation;
    const query = this.options.identity;
    if (query !== undefined && query !== '' && matchesFilter(entry, { identity: query })) {
      this.operations.push({
        date: formatLogDate(entry.activityDateTime),
        action: portalActionName(entry.provisioningAction),
        status: portalStatusName(entry.provisioningStatusInfo.status),
        errorCode: error?.errorCode ?? '',
        identity: identityName(entry),
        cycleId: entry.cycleId,
        changeId: entry.changeId,
      });
    }
  }

  result(): EntrySummary {
    const tally = this.tally.snapshot();
    const total = tally.overall.entries;
    const errorsByCode = Object.entries(tally.overall.byErrorCode)
      .map(([errorCode, entries]) => ({ errorCode, entries, failures: tally.overall.failuresByErrorCode[errorCode] ?? 0 }))
      .sort((a, b) => b.entries - a.entries || a.errorCode.localeCompare(b.errorCode));
    const actionsPerDay = tally.days.map(({ day, byAction }) => {
      const counts = emptyActionCounts();
      for (const [action, count] of Object.entries(byAction)) counts[portalActionName(action as ProvisioningAction)] += count;
      return { day, counts, total: PORTAL_ACTIONS.reduce((sum, action) => sum + counts[action], 0) };
    });
    const failuresPerHour = tally.hours
      .filter((hour) => hour.failures > 0)
      .map((hour) => ({ hour: `${formatLogDate(hour.hourStart).slice(0, 13)}:00`, failures: hour.failures }));
    const query = this.options.identity;
    const identity =
      query !== undefined && query !== ''
        ? { query, operations: [...this.operations].sort((a, b) => a.date.localeCompare(b.date)) }
        : undefined;

    const width = this.options.width;
    const parts: string[] = [`${total} entries`, ''];
    parts.push(
      ...section(
        'Errors by code',
        errorsByCode.length === 0
          ? ['No errors.']
          : [
              renderTextTable(
                ['Error Code', 'Entries', 'Failures'],
                errorsByCode.map((e) => [e.errorCode, String(e.entries), String(e.failures)]),
                width,
              ),
            ],
      ),
    );
    parts.push(
      ...section(
        'Operations per day (UTC)',
        actionsPerDay.length === 0
          ? ['No entries.']
          : [
              renderTextTable(
                ['Day', ...PORTAL_ACTIONS, 'Total'],
                actionsPerDay.map((d) => [d.day, ...PORTAL_ACTIONS.map((action) => String(d.counts[action])), String(d.total)]),
                width,
              ),
            ],
      ),
    );
    parts.push(
      ...section(
        'Failures per hour (UTC)',
        failuresPerHour.length === 0
          ? ['No failures.']
          : [renderTextTable(['Hour', 'Failures'], failuresPerHour.map((h) => [h.hour, String(h.failures)]), width)],
      ),
    );
    if (identity) {
      parts.push(
        ...section(
          `Operations for "${identity.query}"`,
          identity.operations.length === 0
            ? ['No entries for this identity.']
            : [
                renderTextTable(
                  ['Date', 'Identity', 'Action', 'Status', 'Error Code', 'Cycle ID', 'Change ID'],
                  identity.operations.map((o) => [o.date, o.identity, o.action, o.status, o.errorCode, o.cycleId, o.changeId]),
                  width,
                ),
              ],
        ),
      );
    }
    // The tables are sanitised cell by cell; the headings quote the --identity asked for.
    const text = terminalText(parts.join('\n').trimEnd());
    return { total, errorsByCode, actionsPerDay, failuresPerHour, ...(identity ? { identity } : {}), text };
  }
}

/** Errors by code, operations per day, failures per hour and, if asked, one identity's operations. */
export function summarizeEntries(entries: Iterable<LogEntry>, options: SummaryOptions = {}): EntrySummary {
  const accumulator = new SummaryAccumulator(options);
  for (const entry of entries) accumulator.add(entry);
  return accumulator.result();
}

/** The same summary over a streamed run (readEntries), without holding the entries. */
export async function summarizeEntryStream(entries: AsyncIterable<LogEntry>, options: SummaryOptions = {}): Promise<EntrySummary> {
  const accumulator = new SummaryAccumulator(options);
  for await (const entry of entries) accumulator.add(entry);
  return accumulator.result();
}
