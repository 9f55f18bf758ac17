/**
 * Error information for the codes the engine decides itself, without one failing exchange
 * (the table's `engine` rows): duplicates, skips, held deletions, lost anchors, internal errors.
 */
import { type ErrorCategory, type IdentityType, type ProvisioningErrorInfo } from '../../contract/log-entry';
import { ERROR_CODE_TABLE, type ErrorCodeRow, type ErrorRowId, rowFor, SCIM_MULTIPLE_ENTRIES_IN_RESPONSE } from './error-table';
import { type RetryInfo, retrySuffix } from './reason-text';

export type EngineErrorCode =
  | 'DuplicateTargetEntries'
  | typeof SCIM_MULTIPLE_ENTRIES_IN_RESPONSE
  | 'DuplicateSourceEntries'
  | 'ImportSkipped'
  | 'EntrySynchronizationSkipped'
  | 'InvalidAnchor'
  | 'TooManyDeletes'
  | 'InternalError';

/** What the engine knows when it decides a code itself; each code reads the facts it needs. */
export interface ErrorFacts {
  readonly objectType?: IdentityType;
  /** Display name or id of the source object. */
  readonly identifier?: string;
  readonly count?: number;
  readonly matchingAttribute?: string;
  readonly matchingValue?: string;
  readonly targetId?: string;
  /** EntrySynchronizationSkipped: Entra skip reason, e.g. RedundantExport, NotEffectivelyEntitled (docs/entra-behaviour.md#error-codes). */
  readonly skipReason?: string;
  /** TooManyDeletes: the configured threshold and the deletes planned this cycle (docs/entra-behaviour.md#accidental-deletions). */
  readonly threshold?: number;
  readonly plannedDeletes?: number;
  /** Free text: replaces the built reason (generic path) or adds context. */
  readonly message?: string;
  readonly additionalDetails?: string;
  readonly retry?: RetryInfo;
  /** The table row the outcome is, when its code is shared by several rows (e.g. 'create-missing-id'). */
  readonly row?: ErrorRowId;
}

/** Entra's step texts for the documented skip reasons (docs/entra-behaviour.md#error-codes). */
const SKIP_REASON_TEXT: Readonly<Record<string, string>> = {
  RedundantExport: 'The state of the user in both the source and target systems already match.',
  NotEffectivelyEntitled: 'The object is not in scope: it is not assigned to the application or a scoping filter excludes it.',
};

function reasonFor(code: string, facts: ErrorFacts): string | null {
  const type = facts.objectType ?? 'User';
  const who = facts.identifier !== undefined ? ` '${facts.identifier}'` : '';
  const attr = facts.matchingAttribute ?? 'the matching attribute';
  const value = facts.matchingValue !== undefined ? ` "${facts.matchingValue}"` : '';
  const count = facts.count !== undefined ? String(facts.count) : 'several';
  switch (code) {
    case 'DuplicateTargetEntries':
      return `More than one ${type} in the target system was found with ${attr} eq${value} (${count} results); a source ${type} can be linked to only one target ${type}.`;
    case SCIM_MULTIPLE_ENTRIES_IN_RESPONSE:
      return `The SCIM endpoint returned ${count} entries to a request that retrieves one ${type}${who}.`;
    case 'DuplicateSourceEntries':
      return `${count} source objects share the value${value} of ${attr}; the ${type}${who} cannot be matched to one target ${type}.`;
    case 'ImportSkipped':
      return `The ${type}${who} has no value for ${attr}, so it cannot be scoped, matched or exported.`;
    case 'EntrySynchronizationSkipped': {
      const why =
        facts.skipReason !== undefined
          ? `${facts.skipReason}: ${SKIP_REASON_TEXT[facts.skipReason] ?? 'no action is needed.'}`
          : 'it is out of scope or already in sync.';
      return `The ${type}${who} was skipped. SkipReason ${why}`;
    }
    case 'InvalidAnchor':
      return `The ${type}${who}${facts.targetId !== undefined ? ` with target id "${facts.targetId}"` : ''} was previously created or matched by the provisioning service but no longer exists in the target system.`;
    case 'TooManyDeletes': {
      const planned = facts.plannedDeletes !== undefined ? `${facts.plannedDeletes} deletions and disables` : 'The deletions and disables';
      const limit = facts.threshold !== undefined ? ` of ${facts.threshold}` : '';
      return `${planned} planned in this cycle exceed the accidental-deletion threshold${limit}; the deletion of the ${type}${who} is held until an administrator allows it.`;
    }
    case 'InternalError':
      return `An internal error occurred in the provisioning service while processing the ${type}${who}.`;
    default:
      return null;
  }
}

/**
 * The row whose category and action a code takes: the one named in the facts, else the code's
 * engine row, else its only row. A code several outcomes share (ServiceIncompatible, say) has no
 * single right action, so it takes the generic one.
 */
function rowForCode(code: string, named: ErrorRowId | undefined): ErrorCodeRow | undefined {
  if (named !== undefined) {
    const row = rowFor(named);
    if (row.code !== code) throw new Error(`error-code row "${named}" is for ${row.code}, not ${code}`);
    return row;
  }
  const engineRow = ERROR_CODE_TABLE.find((r) => r.code === code && r.decidedBy === 'engine');
  if (engineRow) return engineRow;
  const rows = ERROR_CODE_TABLE.filter((r) => r.code === code);
  return rows.length === 1 ? rows[0] : undefined;
}

/** Rows sharing a code may still agree on the category (all target-side, say). */
function sharedCategory(code: string): ErrorCategory | undefined {
  const categories = new Set(ERROR_CODE_TABLE.filter((r) => r.code === code).map((r) => r.errorCategory));
  return categories.size === 1 ? [...categories][0] : undefined;
}

const GENERIC_RECOMMENDED_ACTION =
  'Read the steps of this entry and the recorded exchanges to see which request failed and why, then fix the endpoint or the mappings.';

/**
 * Error information for a code the engine decides without one failing exchange. Codes in the
 * table take its category and recommended action (see rowForCode); any other code takes the
 * generic path: category failure, generic action.
 */
export function errorInfoFor(code: EngineErrorCode | string, facts: ErrorFacts = {}): ProvisioningErrorInfo {
  const row = rowForCode(code, facts.row);
  const built = reasonFor(code, facts);
  const reason =
    (built !== null && facts.message !== undefined ? `${built} ${facts.message}` : (built ?? facts.message ?? `The operation failed with ${code}.`)) +
    retrySuffix(facts.retry);
  return {
    errorCode: code,
    reason,
    additionalDetails: facts.additionalDetails ?? null,
    errorCategory: row?.errorCategory ?? sharedCategory(code) ?? 'failure',
    recommendedAction: row?.recommendedAction ?? GENERIC_RECOMMENDED_ACTION,
  };
}
