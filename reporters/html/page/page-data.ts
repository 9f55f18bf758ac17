/**
 * What the report page reads: the JSON embedded in report.html and the entry chunks beside it.
 * Types only (and two names), shared by the page's own program (DOM, no Node) and the reporter
 * that writes the data (Node, no DOM): render-page.ts types the embedded object with them, so the
 * two sides cannot drift apart.
 */

/** The global function each chunk file calls with its number and its entries. */
export const CHUNK_CALLBACK = 'scimHarnessReportEntries';
/** The folder beside report.html that holds the chunk files. */
export const ENTRY_CHUNK_FOLDER = 'report-data';

/** A provisioning log entry as the viewer reads it (Graph's provisioningObjectSummary, exchanges as ids). */
export interface PageEntry {
  readonly id: string;
  readonly activityDateTime: string;
  readonly jobId: string;
  readonly cycleId: string;
  readonly changeId: string;
  readonly durationInMilliseconds: number;
  readonly provisioningAction: string;
  readonly provisioningStatusInfo: {
    readonly status: string;
    readonly errorInformation: {
      readonly errorCode: string;
      readonly reason: string;
      readonly additionalDetails: string | null;
      readonly errorCategory: string;
      readonly recommendedAction: string;
    } | null;
  };
  readonly provisioningSteps: readonly {
    readonly name: string;
    readonly provisioningStepType: string;
    readonly status: string;
    readonly description: string;
    readonly details: Readonly<Record<string, string>>;
  }[];
  readonly modifiedProperties: readonly { readonly displayName: string; readonly oldValue: string | null; readonly newValue: string | null }[];
  readonly sourceIdentity: { readonly id: string; readonly displayName: string; readonly identityType: string };
  readonly targetIdentity: { readonly id: string; readonly displayName: string; readonly identityType: string };
  readonly sourceSystem: { readonly displayName: string };
  readonly targetSystem: { readonly displayName: string };
  readonly servicePrincipal: { readonly id: string; readonly displayName: string };
  readonly initiatedBy: { readonly displayName: string; readonly initiatorType: string };
  readonly harness: {
    readonly scenarioId?: string;
    readonly cycleNumber: number;
    readonly cycleKind: string;
    readonly exchangeIds: readonly string[];
    /** Position in the run: embedded and loaded entries are shown in run order. */
    readonly index: number;
  };
}

export interface PageData {
  /** Embedded entries: failures first (up to a cap), then the first other entries. */
  readonly entries: readonly PageEntry[];
  readonly cap: {
    readonly total: number;
    readonly embedded: number;
    /** Chunk files (relative to report.html) holding every entry not embedded. */
    readonly chunks: readonly string[];
    readonly chunked: number;
  };
  readonly charts: {
    readonly actions: { readonly labels: readonly string[]; readonly series: readonly { readonly status: string; readonly counts: readonly number[] }[] };
    readonly cycles: { readonly labels: readonly string[]; readonly entries: readonly number[]; readonly failures: readonly number[] };
    readonly errors: { readonly labels: readonly string[]; readonly counts: readonly number[] };
  };
  readonly filters: {
    readonly statuses: readonly string[];
    readonly actions: readonly string[];
    readonly cycles: readonly { readonly number: number; readonly kind: string }[];
  };
}
