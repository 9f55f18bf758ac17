/**
 * The "Current Status" panel: the portal's provisioning progress bar as rows of text. Every
 * report opens with it, so a reader sees what Entra's admin would see before any detail.
 */
import { terminalText } from '../../harness/text/terminal-text';
import { type CurrentStatus } from '../reporter';
import { type Colors } from './colors';
import { formatCount, formatTimestamp } from '../../harness/text/numbers';

export type StatusTone = 'ok' | 'warn' | 'bad' | 'neutral';

export interface StatusRow {
  readonly label: string;
  readonly value: string;
  readonly tone: StatusTone;
}

/** The portal's message while quarantined (docs/entra-behaviour.md#while-quarantined). */
export const QUARANTINED_MESSAGE = 'Provisioning has been quarantined. See quarantine details for more information.';

/** Share of in-scope objects processed, capped at 100 (later cycles process objects again). */
export function progressPercent(status: CurrentStatus): number {
  if (status.initialCycleComplete) return 100;
  const inScope = status.usersInScope + status.groupsInScope;
  if (inScope <= 0) return 0;
  return Math.min(100, Math.floor(((status.usersProcessed + status.groupsProcessed) / inScope) * 100));
}

/** The one-line state the portal's progress bar shows. */
export function describeCycleState(status: CurrentStatus): string {
  if (status.quarantined) return QUARANTINED_MESSAGE;
  if (status.cyclesRun === 0 && status.usersProcessed + status.groupsProcessed === 0) return 'No cycle has run.';
  if (!status.initialCycleComplete) return `Initial cycle not completed (${progressPercent(status)}% of objects in scope processed).`;
  switch (status.lastCycleKind) {
    case 'incremental':
      return 'Incremental cycle completed.';
    case 'onDemand':
      return 'On-demand provisioning completed.';
    default:
      return 'Initial cycle completed.';
  }
}

function scopeText(inScope: number, processed: number, cyclesRun: number): string {
  // Each cycle logs every object it touches, so processed counts add up over cycles.
  const across = cyclesRun > 1 ? ` across ${formatCount(cyclesRun)} cycles` : '';
  return `${formatCount(inScope)} in scope, ${formatCount(processed)} processed${across}`;
}

export function statusPanelRows(status: CurrentStatus): StatusRow[] {
  const lastCycle =
    status.lastCycleAt === null
      ? 'never'
      : `${formatTimestamp(status.lastCycleAt)}${status.lastCycleKind ? ` (${status.lastCycleKind})` : ''}`;
  return [
    {
      label: 'Current cycle status',
      value: describeCycleState(status),
      tone: status.quarantined ? 'bad' : status.initialCycleComplete ? 'ok' : 'warn',
    },
    { label: 'Users', value: scopeText(status.usersInScope, status.usersProcessed, status.cyclesRun), tone: 'neutral' },
    { label: 'Groups', value: scopeText(status.groupsInScope, status.groupsProcessed, status.cyclesRun), tone: 'neutral' },
    { label: 'Last cycle', value: lastCycle, tone: 'neutral' },
    { label: 'Cycles run', value: formatCount(status.cyclesRun), tone: 'neutral' },
    {
      label: 'Initial cycle',
      value: status.initialCycleComplete ? 'complete' : 'not complete',
      tone: status.initialCycleComplete ? 'ok' : 'warn',
    },
    {
      label: 'Quarantine',
      value: status.quarantined ? `quarantined: ${status.quarantineReason ?? 'Unknown'}` : 'not quarantined',
      tone: status.quarantined ? 'bad' : 'ok',
    },
  ];
}

/** The panel as terminal lines: a title, then aligned label/value rows. */
export function formatStatusPanel(status: CurrentStatus, colors: Colors): string[] {
  const rows = statusPanelRows(status);
  const width = Math.max(...rows.map((row) => row.label.length));
  const paint = (row: StatusRow): string => {
    // The quarantine reason is the job's state as recorded: shown, never obeyed, before it is coloured.
    const value = terminalText(row.value, { layout: 'line' });
    switch (row.tone) {
      case 'ok':
        return colors.green(value);
      case 'warn':
        return colors.yellow(value);
      case 'bad':
        return colors.red(value);
      default:
        return value;
    }
  };
  return [colors.bold('Current Status'), ...rows.map((row) => `  ${row.label.padEnd(width)}  ${paint(row)}`)];
}
