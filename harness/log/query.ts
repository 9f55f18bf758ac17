/**
 * The provisioning-log filters of the Entra portal (date range, status, action, identity, ids,
 * systems, application), as one predicate over a LogEntry.
 */
import { ConfigurationError } from '../errors';
import { type LogEntry } from '../contract/log-entry';

export interface LogFilter {
  /** Inclusive lower bound on activityDateTime. */
  readonly since?: Date;
  /** Inclusive upper bound on activityDateTime. */
  readonly until?: Date;
  /** Any of these statuses; the portal shows "Success", Graph stores "success": compared case-insensitively. */
  readonly status?: readonly string[];
  /** Any of these actions, case-insensitively ("StagedDelete" ≙ "stagedDelete"). */
  readonly action?: readonly string[];
  /** Substring, case-insensitive, of a display name, the source id or the target id. */
  readonly identity?: string;
  readonly jobId?: string;
  readonly cycleId?: string;
  readonly changeId?: string;
  readonly sourceId?: string;
  readonly targetId?: string;
  /** Substring, case-insensitive, of the source system's display name or id. */
  readonly sourceSystem?: string;
  /** Substring, case-insensitive, of the target system's display name or id. */
  readonly targetSystem?: string;
  /** Substring, case-insensitive, of the service principal's display name or id. */
  readonly application?: string;
}

function contains(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase());
}

function sameId(actual: string, expected: string): boolean {
  // Ids are GUIDs or GUID-like; their case carries no meaning.
  return actual.toLowerCase() === expected.toLowerCase();
}

function oneOf(value: string, allowed: readonly string[] | undefined): boolean {
  if (!allowed || allowed.length === 0) return true;
  const lower = value.toLowerCase();
  return allowed.some((candidate) => candidate.toLowerCase() === lower);
}

function containsAny(values: readonly string[], needle: string | undefined): boolean {
  if (needle === undefined || needle === '') return true;
  return values.some((value) => contains(value, needle));
}

function idMatches(actual: string, expected: string | undefined): boolean {
  return expected === undefined || expected === '' || sameId(actual, expected);
}

export function matchesFilter(entry: LogEntry, filter: LogFilter): boolean {
  if (filter.since || filter.until) {
    const at = Date.parse(entry.activityDateTime);
    if (filter.since && !(at >= filter.since.getTime())) return false;
    if (filter.until && !(at <= filter.until.getTime())) return false;
  }
  return (
    oneOf(entry.provisioningStatusInfo.status, filter.status) &&
    oneOf(entry.provisioningAction, filter.action) &&
    containsAny(
      [entry.sourceIdentity.displayName, entry.targetIdentity.displayName, entry.sourceIdentity.id, entry.targetIdentity.id],
      filter.identity,
    ) &&
    idMatches(entry.jobId, filter.jobId) &&
    idMatches(entry.cycleId, filter.cycleId) &&
    idMatches(entry.changeId, filter.changeId) &&
    idMatches(entry.sourceIdentity.id, filter.sourceId) &&
    idMatches(entry.targetIdentity.id, filter.targetId) &&
    containsAny([entry.sourceSystem.displayName, entry.sourceSystem.id], filter.sourceSystem) &&
    containsAny([entry.targetSystem.displayName, entry.targetSystem.id], filter.targetSystem) &&
    containsAny([entry.servicePrincipal.displayName, entry.servicePrincipal.id], filter.application)
  );
}

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const SHORTHAND = /^(\d+)\s*([smhdw])$/i;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseIso(text: string): Date | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = fraction ? Number(fraction.slice(1, 4).padEnd(3, '0')) : 0;
  // A time without a zone is read as UTC: log timestamps are UTC, and a run must not depend on the machine's zone.
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMins = Number(digits.slice(2, 4));
    if (offsetHours > 23 || offsetMins > 59) return null;
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
  }
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000);
}

/**
 * A --since/--until value: an ISO 8601 date or date-time (UTC unless it names a zone), or a
 * span back from `now` such as 24h, 7d, 30d, 90m (also s and w).
 */
export function parseTimeBound(text: string, now: Date, flag = '--since'): Date {
  const trimmed = text.trim();
  const shorthand = SHORTHAND.exec(trimmed);
  if (shorthand) {
    const amount = Number(shorthand[1]);
    const unit = UNIT_MS[shorthand[2].toLowerCase()];
    return new Date(now.getTime() - amount * unit);
  }
  const date = parseIso(trimmed);
  if (date) return date;
  throw new ConfigurationError(
    `${flag} must be an ISO 8601 date or date-time, or a span back from now such as 24h, 7d, 30d or 90m; got "${text}" ` +
      `(try ${flag} 24h or ${flag} 2026-03-24T00:00:00Z)`,
  );
}
