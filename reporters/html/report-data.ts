/**
 * What the HTML report needs from run.ndjson, gathered in one streaming pass: chart aggregates
 * over every entry, a capped set of entries embedded in the page, every other entry handed to a
 * chunk sink (files the page loads on demand), each scenario's own job, and the exchanges that
 * findings cite as evidence. Memory is bounded by the caps and the chunk size, never by the size
 * of the run.
 */
import { type LogEntry, type ProvisioningAction, type ProvisioningResult } from '../../harness/contract/log-entry';
import { EntryTally } from '../../harness/log/entry-tally';
import { portalActionName, portalStatusName } from '../../harness/log/portal-names';
import { readRunRecords } from '../../harness/log/run-reader';
import { type Exchange } from '../../harness/contract/exchange';

export interface EntryLimits {
  /** Failed entries embedded at most. */
  readonly maxFailures: number;
  /** Other entries embedded at most (the first ones of the run). */
  readonly maxOthers: number;
  /** Evidence exchanges kept at most. */
  readonly maxExchanges: number;
  /** Characters of a body shown at most. */
  readonly maxBodyChars: number;
}

export const DEFAULT_ENTRY_LIMITS: EntryLimits = {
  maxFailures: 5_000,
  maxOthers: 2_000,
  maxExchanges: 500,
  maxBodyChars: 16_000,
};

/** Entries per chunk file: small enough to parse without a pause, few enough files for 100,000 entries. */
export const ENTRY_CHUNK_SIZE = 1_000;

/**
 * Receives, in run order, the entries the page does not embed, ENTRY_CHUNK_SIZE at a time
 * (chunk numbers from 1). Returns the chunk's file name relative to the report.
 */
export type EntryChunkSink = (chunk: number, entries: readonly EmbeddedEntry[]) => Promise<string>;

/** An entry as the log viewer gets it: Graph fields untouched, exchanges replaced by their ids. */
export type EmbeddedEntry = Omit<LogEntry, 'harness'> & {
  readonly harness: Omit<LogEntry['harness'], 'exchanges'> & {
    readonly exchangeIds: readonly string[];
    /** Position in the run (0 = first entry): the viewer shows embedded and loaded entries in run order. */
    readonly index: number;
  };
};

/**
 * One scenario run's own provisioning job: each scenario provisions through a job of its own, so
 * its cycles, failures and quarantine state are its own and are never summed with the others'.
 */
export interface ScenarioJob {
  /** The scenario's id and dialect, as `ScenarioResult` has them. */
  readonly scenarioId: string;
  readonly dialect: string;
  readonly cycles: number;
  /** Kinds of those cycles in order, e.g. ["initial", "incremental"]. */
  readonly cycleKinds: readonly string[];
  readonly entries: number;
  readonly failures: number;
  /** Escrowed exports over its cycles (docs/entra-behaviour.md#quarantine-triggers). */
  readonly escrowed: number;
  readonly lastCycleEndedAt: string | null;
  /** The quarantine state its last cycle recorded, when cycles record one; null otherwise. */
  readonly quarantine: string | null;
  /** Graph's synchronizationStatus.code for the job: Quarantine or Active (NotRun when no cycle ran). */
  readonly status: 'Active' | 'Quarantine' | 'NotRun';
  /** Graph's lastExecution.state: Succeeded, or EntryLevelErrors when an entry failed. */
  readonly lastExecution: 'Succeeded' | 'EntryLevelErrors' | null;
}

export interface EntryCap {
  readonly total: number;
  /** Files holding the entries not embedded, in run order (relative to the report); empty when none were written. */
  readonly chunks: readonly string[];
  /** Entries in those files. */
  readonly chunked: number;
  readonly failures: number;
  readonly embedded: number;
  readonly failuresEmbedded: number;
  readonly othersEmbedded: number;
  readonly maxFailures: number;
  readonly maxOthers: number;
  readonly capped: boolean;
}

export interface ChartData {
  /** Operations by action (portal spelling), one series per status. */
  readonly actions: { readonly labels: readonly string[]; readonly series: readonly { readonly status: string; readonly counts: readonly number[] }[] };
  /** Failures and entries per cycle, in cycle order. */
  readonly cycles: { readonly labels: readonly string[]; readonly entries: readonly number[]; readonly failures: readonly number[] };
  /** Entries carrying error information, by error code, most frequent first. */
  readonly errors: { readonly labels: readonly string[]; readonly counts: readonly number[] };
}

/** One cited exchange, ready to show: bodies rendered to text and capped. */
export interface ExchangeView {
  readonly id: string;
  /** What produced it: an entry ("Update User 'x'") or a purpose ("discovery"). */
  readonly context: string;
  readonly startedAt: string;
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly requestBody: string | null;
  readonly status: number | null;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly responseBody: string | null;
  readonly error: string | null;
  readonly durationMs: number;
  /** Throttled attempts before this one (429/503 with Retry-After). */
  readonly previousAttempts: number;
}

/** Values present in the run, in Graph spelling (the viewer shows the portal's). */
export interface FilterValues {
  readonly statuses: readonly string[];
  readonly actions: readonly string[];
  readonly cycles: readonly { readonly number: number; readonly kind: string }[];
}

export interface CollectedRunData {
  readonly entries: readonly EmbeddedEntry[];
  readonly cap: EntryCap;
  readonly charts: ChartData;
  readonly exchanges: ReadonlyMap<string, ExchangeView>;
  readonly filters: FilterValues;
  /**
   * The log entry each cited exchange belongs to (exchange id → entry id), so a root cause's
   * evidence links to its entries (`#entry=`); exchanges outside entries are not in it.
   */
  readonly entryOfExchange: ReadonlyMap<string, string>;
  /** One per scenario run, in the order they ended; empty for sync and provision. */
  readonly scenarioJobs: readonly ScenarioJob[];
  /** Set when run.ndjson could not be read to the end: the report says so instead of failing. */
  readonly readError: string | null;
}

const STATUS_ORDER = ['success', 'failure', 'skipped', 'warning'] as const;
const ACTION_ORDER = ['create', 'update', 'delete', 'disable', 'stagedDelete', 'other'] as const;
const MAX_ERROR_CODES = 15;

function capText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… (${text.length - max} more characters not shown)`;
}

function bodyText(body: unknown, fallback: string | undefined, max: number): string | null {
  if (body !== undefined) {
    try {
      return capText(typeof body === 'string' ? body : JSON.stringify(body, null, 2), max);
    } catch {
      return capText(String(body), max);
    }
  }
  return fallback ? capText(fallback, max) : null;
}

export function toExchangeView(exchange: Exchange, context: string, maxBodyChars: number): ExchangeView {
  const response = exchange.response;
  return {
    id: exchange.id,
    context,
    startedAt: exchange.startedAt,
    method: exchange.request.method,
    url: exchange.request.url,
    requestHeaders: exchange.request.headers,
    requestBody: bodyText(exchange.request.body, undefined, maxBodyChars),
    status: response ? response.status : null,
    responseHeaders: response ? response.headers : {},
    responseBody: response ? bodyText(response.body, response.text, maxBodyChars) : null,
    error: exchange.error ? `${exchange.error.kind}: ${exchange.error.message}` : null,
    durationMs: exchange.durationMs,
    previousAttempts: exchange.previousAttempts?.length ?? 0,
  };
}

export function embedEntry(entry: LogEntry, index: number): EmbeddedEntry {
  const { exchanges, ...harness } = entry.harness;
  return { ...entry, harness: { ...harness, exchangeIds: exchanges.map((exchange) => exchange.id), index } };
}

function readNumber(record: unknown, key: string): number {
  const value = typeof record === 'object' && record !== null ? (record as Record<string, unknown>)[key] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** A quarantine state a cycle-end event may carry (`quarantine: { reason }`, or a reason string). */
/** The job's quarantine reason after a cycle, from the cycle-end's recorded QuarantineState; null while healthy. */
function recordedQuarantine(event: unknown): string | null {
  const value = typeof event === 'object' && event !== null ? (event as Record<string, unknown>).quarantine : undefined;
  if (typeof value !== 'object' || value === null) return null;
  const { status, reason } = value as Record<string, unknown>;
  if (status === 'healthy') return null;
  return typeof reason === 'string' && reason !== '' ? reason : 'Unknown';
}

interface PendingJob {
  cycleKinds: string[];
  entries: number;
  failures: number;
  escrowed: number;
  lastCycleEndedAt: string | null;
  quarantine: string | null;
}

const emptyJob = (): PendingJob => ({ cycleKinds: [], entries: 0, failures: 0, escrowed: 0, lastCycleEndedAt: null, quarantine: null });

function entryContext(entry: LogEntry): string {
  const name = entry.sourceIdentity.displayName || entry.targetIdentity.displayName || entry.sourceIdentity.id;
  return `${portalActionName(entry.provisioningAction)} ${entry.sourceIdentity.identityType} '${name}' (cycle ${entry.harness.cycleNumber}, change ${entry.changeId})`;
}

/** Streams run.ndjson once. */
export async function collectRunData(
  runFile: string,
  citedExchangeIds: ReadonlySet<string>,
  limits: EntryLimits = DEFAULT_ENTRY_LIMITS,
  chunkSink?: EntryChunkSink,
): Promise<CollectedRunData> {
  const entries: EmbeddedEntry[] = [];
  const chunkFiles: string[] = [];
  let pendingChunk: EmbeddedEntry[] = [];
  let chunked = 0;
  const flushChunk = async (): Promise<void> => {
    if (!chunkSink || pendingChunk.length === 0) return;
    const chunk = pendingChunk;
    pendingChunk = [];
    chunkFiles.push(await chunkSink(chunkFiles.length + 1, chunk));
    chunked += chunk.length;
  };
  // A scenario's cycles and entries come before its scenario-end event: what ran since the
  // previous scenario-end is that scenario's own job.
  const scenarioJobs: ScenarioJob[] = [];
  let job = emptyJob();
  const exchanges = new Map<string, ExchangeView>();
  const entryOfExchange = new Map<string, string>();
  // The run's counts come from the one entry tally every report and `logs --summary` use.
  const tally = new EntryTally();
  let total = 0;
  let failuresEmbedded = 0;
  let othersEmbedded = 0;
  let readError: string | null = null;

  const keepExchange = (exchange: Exchange, context: string, entryId?: string): void => {
    for (const attempt of [exchange, ...(exchange.previousAttempts ?? [])]) {
      if (!citedExchangeIds.has(attempt.id)) continue;
      // Bounded by the cited ids, like the views below.
      if (entryId !== undefined && !entryOfExchange.has(attempt.id)) entryOfExchange.set(attempt.id, entryId);
      if (!exchanges.has(attempt.id) && exchanges.size < limits.maxExchanges) {
        exchanges.set(attempt.id, toExchangeView(attempt, context, limits.maxBodyChars));
      }
    }
  };

  try {
    for await (const record of readRunRecords(runFile)) {
      const event = record.event;
      if (event.type === 'exchange') {
        keepExchange(event.exchange, event.scenarioId ? `${event.purpose} (scenario ${event.scenarioId})` : event.purpose);
        continue;
      }
      if (event.type === 'cycle-end') {
        job.cycleKinds.push(event.kind);
        job.escrowed += readNumber(event.counts, 'escrowed');
        job.lastCycleEndedAt = event.endedAt;
        job.quarantine = recordedQuarantine(event);
        continue;
      }
      if (event.type === 'scenario-end') {
        const cycles = job.cycleKinds.length;
        scenarioJobs.push({
          scenarioId: event.result.id,
          dialect: event.result.dialect,
          cycles,
          cycleKinds: job.cycleKinds,
          entries: job.entries,
          failures: job.failures,
          escrowed: job.escrowed,
          lastCycleEndedAt: job.lastCycleEndedAt,
          quarantine: job.quarantine,
          status: job.quarantine ? 'Quarantine' : cycles === 0 ? 'NotRun' : 'Active',
          lastExecution: cycles === 0 ? null : job.failures > 0 ? 'EntryLevelErrors' : 'Succeeded',
        });
        job = emptyJob();
        continue;
      }
      if (event.type !== 'entry') continue;
      const entry = event.entry;
      const index = total;
      total += 1;
      job.entries += 1;
      tally.add(entry);
      const status = entry.provisioningStatusInfo.status;
      let embedded = false;
      if (status === 'failure') {
        job.failures += 1;
        if (failuresEmbedded < limits.maxFailures) {
          failuresEmbedded += 1;
          embedded = true;
        }
      } else if (othersEmbedded < limits.maxOthers) {
        othersEmbedded += 1;
        embedded = true;
      }
      if (embedded) entries.push(embedEntry(entry, index));
      else if (chunkSink) {
        pendingChunk.push(embedEntry(entry, index));
        if (pendingChunk.length >= ENTRY_CHUNK_SIZE) await flushChunk();
      }
      if (citedExchangeIds.size > 0) for (const exchange of entry.harness.exchanges) keepExchange(exchange, entryContext(entry), entry.id);
    }
    await flushChunk();
  } catch (error) {
    readError = error instanceof Error ? error.message : String(error);
  }

  const counted = tally.snapshot();
  const byActionAndStatus = counted.overall.byActionAndStatus;
  const actions = Object.keys(byActionAndStatus);
  const statuses = new Set(Object.values(byActionAndStatus).flatMap((byStatus) => Object.keys(byStatus)));
  const actionKeys = [...ACTION_ORDER.filter((action) => actions.includes(action)), ...actions.filter((action) => !(ACTION_ORDER as readonly string[]).includes(action))];
  const statusKeys = [...STATUS_ORDER.filter((status) => statuses.has(status)), ...[...statuses].filter((status) => !(STATUS_ORDER as readonly string[]).includes(status))];
  const cycles = counted.cycles;
  const errorsSorted = Object.entries(counted.overall.byErrorCode).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const topErrors = errorsSorted.slice(0, MAX_ERROR_CODES);
  const rest = errorsSorted.slice(MAX_ERROR_CODES).reduce((sum, [, count]) => sum + count, 0);
  if (rest > 0) topErrors.push([`${errorsSorted.length - MAX_ERROR_CODES} other codes`, rest]);

  return {
    entries,
    cap: {
      total,
      chunks: chunkFiles,
      chunked,
      failures: counted.overall.failures,
      embedded: entries.length,
      failuresEmbedded,
      othersEmbedded,
      maxFailures: limits.maxFailures,
      maxOthers: limits.maxOthers,
      capped: entries.length < total,
    },
    charts: {
      actions: {
        labels: actionKeys.map((action) => portalActionName(action as ProvisioningAction) ?? action),
        series: statusKeys.map((status) => ({
          status: portalStatusName(status as ProvisioningResult) ?? status,
          counts: actionKeys.map((action) => byActionAndStatus[action]?.[status] ?? 0),
        })),
      },
      cycles: {
        labels: cycles.map((cycle) => `cycle ${cycle.cycleNumber} (${cycle.kind})`),
        entries: cycles.map((cycle) => cycle.entries),
        failures: cycles.map((cycle) => cycle.failures),
      },
      errors: { labels: topErrors.map(([code]) => code), counts: topErrors.map(([, count]) => count) },
    },
    exchanges,
    entryOfExchange,
    filters: {
      statuses: statusKeys,
      actions: actionKeys,
      cycles: cycles.map((cycle) => ({ number: cycle.cycleNumber, kind: cycle.kind })),
    },
    scenarioJobs,
    readError,
  };
}
