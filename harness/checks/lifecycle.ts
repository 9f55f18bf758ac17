/**
 * Lifecycle invariants over the ordered exchanges of ONE target object: what was written is
 * readable, a disabled user is still there, a deleted one is gone, and filters find it the way
 * Entra's matching needs. A scenario runner passes the exchanges of one object, in order.
 *
 * Every check judges only what the history shows: no read after a write means no finding.
 */
import { type Exchange } from '../contract/exchange';
import { type CheckOutcome, type LifecycleCheck, type ObjectType, objectTypeOf, type Operation, operationOf } from './check-types';
import {
  describe,
  type ExchangeFacts,
  getAttribute,
  hasSchema,
  idOf,
  isSuccess,
  type JsonObject,
  listOptionOf,
  listResourcesOf,
  requestObjectOf,
  resourceIdInUrl,
  responseObjectOf,
  returnedResourceById,
  returnedResourcesOf,
  URN,
} from './exchange-facts';
import { patchOperationsOf, patchValuesOf } from './patch-values';
import { isExtensionSchemaPath, normalizeScimPath, parseEqConjunction, parseScimPath, pathReader, valueAtPath } from './scim-path';
import { booleanOf, valueMatches } from './scim-values';

export { patchValuesOf } from './patch-values';
export { valueAtPath } from './scim-path';

/** Attributes Entra matches on (docs/entra-behaviour.md#filters-used), tracked to recognise queries for this object. */
const TRACKED_PATHS: readonly string[] = ['userName', 'externalId', 'displayName', 'emails[type eq "work"].value'];
const TRACKED_NORMALIZED: ReadonlySet<string> = new Set(TRACKED_PATHS.map(normalizeScimPath));
const TRACKED_READERS = TRACKED_PATHS.map((path) => ({ key: normalizeScimPath(path), read: pathReader(path) }));

/** Create-body keys that are not written values: protocol fields, readOnly, writeOnly. */
const NOT_WRITTEN: ReadonlySet<string> = new Set(['schemas', 'meta', 'id', 'password', 'groups']);

interface Step {
  readonly exchange: Exchange;
  readonly facts: ExchangeFacts;
  readonly operation: Operation;
}

function stepsOf(history: readonly ExchangeFacts[]): Step[] {
  return history.map((facts) => ({ exchange: facts.exchange, facts, operation: operationOf(facts) }));
}

function hasProjection(facts: ExchangeFacts): boolean {
  return facts.attributeList('attributes') !== undefined || facts.attributeList('excludedAttributes') !== undefined;
}

function isWrite(step: Step): boolean {
  return step.operation === 'patch' || step.operation === 'replace' || step.operation === 'delete';
}

/** The target resource a 200 read or query returned, if it returned it. */
function resourceRead(step: Step, id: string): JsonObject | undefined {
  if (step.exchange.response?.status !== 200) return undefined;
  if (step.operation === 'read') {
    if (resourceIdInUrl(step.facts) !== id) return undefined;
    const body = responseObjectOf(step.exchange);
    if (!body || hasSchema(body, URN.listResponse) || listResourcesOf(body) !== undefined) return undefined;
    const bodyId = idOf(body);
    return bodyId === undefined || bodyId === id ? body : undefined;
  }
  if (step.operation === 'filter' || step.operation === 'search') {
    return returnedResourceById(step.facts, id);
  }
  return undefined;
}

/**
 * What the history has shown about the object so far: its id, whether it exists, and the
 * current values of the attributes Entra matches on. Checks walk the history, judge each step
 * against the tracker, then let the tracker observe it.
 */
class ObjectTracker {
  id: string | undefined;
  exists = false;
  private readonly current = new Map<string, string>();

  constructor(history: readonly ExchangeFacts[]) {
    const firstCreate = history.find((facts) => operationOf(facts) === 'create' && isSuccess(facts.exchange));
    this.id = idOf(firstCreate ? responseObjectOf(firstCreate.exchange) : undefined) ?? history.map((facts) => resourceIdInUrl(facts)).find((id) => id !== undefined);
  }

  targets(facts: ExchangeFacts): boolean {
    return this.id !== undefined && resourceIdInUrl(facts) === this.id;
  }

  private learnFrom(resource: JsonObject | undefined): void {
    if (!resource) return;
    for (const { key, read } of TRACKED_READERS) {
      const value = read(resource);
      if (typeof value === 'string' && value.length > 0) this.current.set(key, value);
    }
  }

  private learnFromPatch(body: unknown): void {
    for (const [path, value] of Object.entries(patchValuesOf(body))) {
      const key = normalizeScimPath(path);
      if (!TRACKED_NORMALIZED.has(key)) continue;
      if (typeof value === 'string' && value.length > 0) this.current.set(key, value);
      else this.current.delete(key);
    }
  }

  /**
   * A query is "for this object" when every `eq` compares a tracked attribute with its current
   * value, exactly (`caseVariants` empty) or up to case (`caseVariants` lists those paths).
   * Anything else (other attributes, unknown values, other operators) is not judged.
   */
  queryFor(facts: ExchangeFacts): { caseVariants: string[] } | undefined {
    const filter = listOptionOf(facts, 'filter');
    const comparisons = filter === undefined ? undefined : parseEqConjunction(filter);
    if (!comparisons || comparisons.length === 0) return undefined;
    const caseVariants: string[] = [];
    for (const comparison of comparisons) {
      const key = normalizeScimPath(comparison.path);
      const current = key === 'id' ? this.id : this.current.get(key);
      if (current === undefined || typeof comparison.value !== 'string') return undefined;
      if (comparison.value === current) continue;
      if (comparison.value.toLowerCase() !== current.toLowerCase()) return undefined;
      caseVariants.push(comparison.path);
    }
    return { caseVariants };
  }

  observe(step: Step): void {
    const { exchange, operation } = step;
    if (operation === 'create' && isSuccess(exchange)) {
      const created = idOf(responseObjectOf(exchange));
      // A re-create after a delete (Entra "Restore") gives the object a new id.
      if (created !== undefined && (this.id === undefined || !this.exists)) this.id = created;
      this.exists = true;
      this.learnFrom(requestObjectOf(exchange));
      this.learnFrom(responseObjectOf(exchange));
      return;
    }
    if (this.id === undefined) return;
    const read = resourceRead(step, this.id);
    if (read) {
      this.exists = true;
      this.learnFrom(read);
      return;
    }
    if (!this.targets(step.facts) || !isSuccess(exchange)) return;
    if (operation === 'patch') this.learnFromPatch(exchange.request.body);
    else if (operation === 'replace') this.learnFrom(requestObjectOf(exchange));
    else if (operation === 'delete') this.exists = false;
  }
}

function mismatchesOf(expected: ReadonlyMap<string, unknown>, resource: JsonObject, projected: boolean): string[] {
  const mismatches: string[] = [];
  for (const [path, value] of expected) {
    if (!isExtensionSchemaPath(path) && parseScimPath(path) === undefined) continue;
    const actual = valueAtPath(resource, path);
    if (actual === undefined && projected) continue;
    if (!valueMatches(value, actual, { caseInsensitive: true })) {
      mismatches.push(`${path}: wrote ${describe(value, 60)}, read ${describe(actual, 60)}`);
    }
  }
  return mismatches;
}

function summarize(mismatches: readonly string[]): string {
  return mismatches.length <= 5 ? mismatches.join('; ') : `${mismatches.slice(0, 5).join('; ')}; (+${mismatches.length - 5} more)`;
}

/**
 * A group's externalId is the client's own identifier (RFC 7643 §3.1), which Entra fills with
 * the group's objectId but never matches or reads groups by (docs/entra-behaviour.md#groups):
 * a server that ignores it, as RFC 7644 §3.3 lets it ignore POSTed content, breaks nothing.
 */
const NOT_JUDGED_ON_GROUPS: ReadonlySet<string> = new Set(['externalid']);

/** The values a POST body writes, flattened like a path-less PATCH add (RFC 7644 §3.5.2.1). */
function createdValuesOf(body: JsonObject | undefined, objectType: ObjectType | undefined): Map<string, unknown> {
  if (!body) return new Map();
  const skipped = (key: string): boolean => NOT_WRITTEN.has(key.toLowerCase()) || (objectType === 'Group' && NOT_JUDGED_ON_GROUPS.has(key.toLowerCase()));
  const written = Object.fromEntries(Object.entries(body).filter(([key]) => !skipped(key)));
  return new Map(Object.entries(patchValuesOf({ Operations: [{ op: 'add', value: written }] })));
}

// ---------------------------------------------------------------- checks

const createdIsReadable: LifecycleCheck = {
  id: 'lifecycle/created-is-readable',
  severity: 'required',
  severityReason: 'Entra fails: it reads by the cached id and logs InvalidAnchor on a 404 (docs/entra-behaviour.md#matching)',
  spec: 'RFC 7644 §3.3, §3.4.1; Entra: target id cached after create',
  title: 'Created resource cannot be read back by its id',
  fix: 'Make GET /{type}/{id} return 200 with the resource right after the 201 that issued the id.',
  run: (history) => {
    const steps = stepsOf(history);
    const createIndex = steps.findIndex((s) => s.operation === 'create' && isSuccess(s.exchange));
    if (createIndex < 0) return null;
    const create = steps[createIndex] as Step;
    const id = idOf(responseObjectOf(create.exchange));
    if (id === undefined) return null;
    for (const step of steps.slice(createIndex + 1)) {
      if (resourceIdInUrl(step.facts) !== id) continue;
      if (step.operation === 'delete') return null;
      if (step.operation !== 'read' || !step.exchange.response) continue;
      const evidence = [create.exchange.id, step.exchange.id];
      if (step.exchange.response.status !== 200) {
        return { expected: `GET ${id} → 200 with the resource`, actual: `${step.exchange.response.status}`, evidence };
      }
      const readId = idOf(responseObjectOf(step.exchange));
      return readId === id ? null : { expected: `a resource with id ${describe(id)}`, actual: `id ${describe(readId)}`, evidence };
    }
    return null;
  },
};

const createdIsReadBack: LifecycleCheck = {
  id: 'lifecycle/created-is-read-back',
  severity: 'recommended',
  severityReason: 'SHOULD: RFC 7644 §3.3 lets a server ignore POSTed content; the Entra gallery round trip expects it back',
  spec: 'RFC 7644 §3.3; Entra gallery: SCIM_User_Create round trip',
  title: 'Attributes written at create are not read back',
  fix: 'Store every attribute the POST sent and return it on GET (or reject what you do not support with 400).',
  run: (history) => {
    const steps = stepsOf(history);
    const createIndex = steps.findIndex((s) => s.operation === 'create' && isSuccess(s.exchange));
    if (createIndex < 0) return null;
    const create = steps[createIndex] as Step;
    const id = idOf(responseObjectOf(create.exchange));
    if (id === undefined) return null;
    const expected = createdValuesOf(requestObjectOf(create.exchange), objectTypeOf(create.facts));
    if (expected.size === 0) return null;
    for (const step of steps.slice(createIndex + 1)) {
      // After any write the server answered, a read shows that write's outcome, not the create's:
      // even a rejected PATCH may have changed something, which is another rule (RFC 7644 §3.5.2 atomicity).
      if (isWrite(step) && resourceIdInUrl(step.facts) === id && step.exchange.response !== undefined) return null;
      const read = resourceRead(step, id);
      if (!read) continue;
      const mismatches = mismatchesOf(expected, read, hasProjection(step.facts));
      return mismatches.length === 0
        ? null
        : { expected: 'every attribute written at create read back', actual: summarize(mismatches), evidence: [create.exchange.id, step.exchange.id] };
    }
    return null;
  },
};

/** An `active` value written by a successful PATCH or PUT, either Entra dialect. */
function activeWrittenBy(step: Step): boolean | undefined {
  if (step.operation === 'patch') {
    let active: boolean | undefined;
    for (const [path, value] of Object.entries(patchValuesOf(step.exchange.request.body))) {
      if (normalizeScimPath(path) === 'active') active = booleanOf(value);
    }
    return active;
  }
  if (step.operation === 'replace') return booleanOf(getAttribute(requestObjectOf(step.exchange) ?? {}, 'active'));
  return undefined;
}

const writtenIsReadBack: LifecycleCheck = {
  id: 'lifecycle/written-is-read-back',
  severity: 'required',
  severityReason: 'Entra loses data: a PATCH answered with success but not applied drops what Entra sent (RFC 7644 §3.5.2)',
  spec: 'RFC 7644 §3.5.2; Entra gallery: SCIM_User_Update (PATCH then GET)',
  title: 'PATCH succeeded but a later read shows the old values',
  fix: 'Apply every operation of a successful PATCH (either Entra dialect) before answering 200/204.',
  run: (history) => {
    const tracker = new ObjectTracker(history);
    const expected = new Map<string, unknown>();
    const writers: string[] = [];
    for (const step of stepsOf(history)) {
      const id = tracker.id;
      if (id !== undefined && isWrite(step) && tracker.targets(step.facts) && isSuccess(step.exchange)) {
        if (step.operation === 'patch') {
          for (const op of patchOperationsOf(step.exchange.request.body)) {
            // active=false is judged by lifecycle/disabled-is-still-returned, at its own severity.
            if (normalizeScimPath(op.path) === 'active' && booleanOf(op.value) === false) continue;
            const root = (parseScimPath(op.path)?.attribute ?? op.path).toLowerCase();
            for (const key of [...expected.keys()]) {
              const keyRoot = (parseScimPath(key)?.attribute ?? key).toLowerCase();
              const stale = op.op === 'remove' ? key.toLowerCase().startsWith(op.path.toLowerCase()) : op.op === 'replace' && keyRoot === root;
              if (stale) expected.delete(key);
            }
            expected.set(op.path, op.op === 'remove' ? null : op.value);
          }
          writers.push(step.exchange.id);
        } else if (step.operation === 'replace' || step.operation === 'delete') {
          expected.clear();
          writers.length = 0;
        }
      } else if (id !== undefined && expected.size > 0) {
        const read = resourceRead(step, id);
        if (read) {
          const mismatches = mismatchesOf(expected, read, hasProjection(step.facts));
          if (mismatches.length > 0) {
            return {
              expected: 'the values of the successful PATCH read back',
              actual: summarize(mismatches),
              evidence: [...writers.slice(-4), step.exchange.id],
            };
          }
          expected.clear();
          writers.length = 0;
        }
      }
      tracker.observe(step);
    }
    return null;
  },
};

const disabledIsStillReturned: LifecycleCheck = {
  id: 'lifecycle/disabled-is-still-returned',
  severity: 'required',
  severityReason: 'Entra fails: it must still read and match a disabled user (docs/entra-behaviour.md#get-user)',
  spec: 'Entra: soft delete (docs/entra-behaviour.md#get-user, docs/entra-behaviour.md#disable-enable); RFC 7644 §3.5.2',
  title: 'Disabled user is not returned with active=false',
  fix: 'Keep users with active=false: GET by id and filter queries must still return them, with "active": false.',
  run: (history) => {
    const tracker = new ObjectTracker(history);
    let disabledBy: Exchange | undefined;
    for (const step of stepsOf(history)) {
      const { exchange, facts } = step;
      const id = tracker.id;
      if (id !== undefined && isWrite(step) && tracker.targets(facts) && isSuccess(exchange)) {
        const active = activeWrittenBy(step);
        if (active !== undefined) disabledBy = active ? undefined : exchange;
        if (step.operation === 'delete') disabledBy = undefined;
      } else if (disabledBy && id !== undefined && exchange.response) {
        const evidence = [disabledBy.id, exchange.id];
        const projected = hasProjection(facts);
        if (step.operation === 'read' && tracker.targets(facts)) {
          if (exchange.response.status !== 200) {
            return { expected: 'GET of the disabled user → 200 with active false', actual: `${exchange.response.status}`, evidence };
          }
          const outcome = judgeActive(resourceRead(step, id), projected, evidence, 'GET');
          if (outcome) return outcome;
        } else if ((step.operation === 'filter' || step.operation === 'search') && tracker.queryFor(facts)?.caseVariants.length === 0) {
          if (exchange.response.status !== 200) {
            return { expected: 'the query still finds the disabled user (200)', actual: `${exchange.response.status}`, evidence };
          }
          const found = resourceRead(step, id);
          if (!found) {
            return { expected: 'the query still returns the disabled user', actual: `not among ${returnedResourcesOf(facts).length} result(s)`, evidence };
          }
          const outcome = judgeActive(found, projected, evidence, 'filter');
          if (outcome) return outcome;
        }
      }
      tracker.observe(step);
    }
    return null;
  },
};

function judgeActive(resource: JsonObject | undefined, projected: boolean, evidence: string[], via: string): CheckOutcome | null {
  if (!resource) return null;
  const active = getAttribute(resource, 'active');
  if (active === undefined && projected) return null;
  // A string "false" is the schema check's type finding; the user is still reported disabled.
  return booleanOf(active) === false ? null : { expected: `${via} shows "active": false`, actual: `active ${describe(active)}`, evidence };
}

const deletedIsGone: LifecycleCheck = {
  id: 'lifecycle/deleted-is-gone',
  severity: 'required',
  severityReason: 'MUST: RFC 7644 §3.6, a deleted resource MUST answer 404 and leave every query',
  spec: 'RFC 7644 §3.6',
  title: 'Deleted resource is still returned',
  fix: 'After a successful DELETE, answer GET on the id with 404 and leave the resource out of every query.',
  run: (history) => {
    const tracker = new ObjectTracker(history);
    let deleted: { id: string; by: Exchange } | undefined;
    for (const step of stepsOf(history)) {
      const { exchange, facts } = step;
      if (deleted && exchange.response) {
        const evidence = [deleted.by.id, exchange.id];
        if (step.operation === 'read' && resourceIdInUrl(facts) === deleted.id && exchange.response.status !== 404) {
          return { expected: `GET ${deleted.id} → 404 after DELETE`, actual: `${exchange.response.status}`, evidence };
        }
        if ((step.operation === 'filter' || step.operation === 'search') && exchange.response.status === 200) {
          if (returnedResourceById(facts, deleted.id) !== undefined) {
            return { expected: 'queries no longer return the deleted resource', actual: `the query returned ${deleted.id}`, evidence };
          }
        }
      }
      if (!deleted && step.operation === 'delete' && tracker.id !== undefined && tracker.targets(facts) && isSuccess(exchange)) {
        deleted = { id: tracker.id, by: exchange };
      }
      tracker.observe(step);
    }
    return null;
  },
};

const deletedRejectsOperations: LifecycleCheck = {
  id: 'lifecycle/deleted-rejects-operations',
  severity: 'required',
  severityReason: 'MUST: RFC 7644 §3.6, the provider MUST answer 404 for every operation on a deleted resource',
  spec: 'RFC 7644 §3.6',
  title: 'Operation on a deleted resource did not answer 404',
  fix: 'Answer PATCH, PUT and DELETE on a deleted id with 404 Not Found.',
  run: (history) => {
    const tracker = new ObjectTracker(history);
    let deleted: { id: string; by: Exchange } | undefined;
    for (const step of stepsOf(history)) {
      const { exchange, facts } = step;
      if (deleted && isWrite(step) && resourceIdInUrl(facts) === deleted.id && exchange.response && exchange.response.status !== 404) {
        return {
          expected: `${exchange.request.method} on deleted ${deleted.id} → 404`,
          actual: `${exchange.response.status}`,
          evidence: [deleted.by.id, exchange.id],
        };
      }
      if (!deleted && step.operation === 'delete' && tracker.id !== undefined && tracker.targets(facts) && isSuccess(exchange)) {
        deleted = { id: tracker.id, by: exchange };
      }
      tracker.observe(step);
    }
    return null;
  },
};

function judgeQueryFinds(
  history: readonly ExchangeFacts[],
  wantCaseVariant: boolean,
  expectedText: (filter: string) => string,
): CheckOutcome | null {
  const tracker = new ObjectTracker(history);
  let lastSeen: string | undefined;
  for (const step of stepsOf(history)) {
    const { exchange, facts } = step;
    const isQuery = step.operation === 'filter' || step.operation === 'search';
    // Only a 200 is judged here: a 404 or 400 to the query has its own exchange check.
    if (isQuery && tracker.exists && tracker.id !== undefined && exchange.response?.status === 200) {
      const target = tracker.queryFor(facts);
      const relevant = target !== undefined && (wantCaseVariant ? target.caseVariants.length > 0 : target.caseVariants.length === 0);
      if (relevant && !resourceRead(step, tracker.id)) {
        const filter = listOptionOf(facts, 'filter') ?? '';
        return {
          expected: expectedText(filter),
          actual: `200 with ${returnedResourcesOf(facts).length} result(s), none of them ${tracker.id}`,
          evidence: lastSeen ? [lastSeen, exchange.id] : [exchange.id],
        };
      }
    }
    if ((step.operation === 'create' || step.operation === 'read') && isSuccess(exchange)) lastSeen = exchange.id;
    tracker.observe(step);
  }
  return null;
}

const filterFindsObject: LifecycleCheck = {
  id: 'lifecycle/filter-finds-object',
  severity: 'required',
  severityReason: 'Entra fails: a match query that misses creates a duplicate or fails the entry (docs/entra-behaviour.md#matching)',
  spec: 'RFC 7644 §3.4.2.2; Entra: matching by attribute (docs/entra-behaviour.md#matching)',
  title: 'Existing resource is not found by an eq filter on its own value',
  fix: 'Make eq filters on userName, externalId, emails[type eq "work"].value and displayName find existing resources.',
  run: (history) => judgeQueryFinds(history, false, (filter) => `${filter} returns the existing resource`),
};

const filterCaseInsensitive: LifecycleCheck = {
  id: 'lifecycle/filter-case-insensitive',
  severity: 'required',
  severityReason: 'SHALL: RFC 7643 §2.2, §7, filters SHALL honour caseExact false (userName, displayName; docs/entra-behaviour.md#matching)',
  spec: 'RFC 7643 §2.1, §4.1.1, §8.7.1 (userName/displayName caseExact false); Microsoft SCIM Validator',
  title: 'Filter with a different case does not find the resource',
  fix: 'Compare userName (and Group displayName) case-insensitively in filters; caseExact is false for them.',
  run: (history) => {
    // Only attributes whose caseExact is false qualify; externalId and emails are not judged here.
    const caseInsensitivePaths = new Set(['username', 'displayname']);
    const onlyCaseless = history.filter((facts) => {
      const filter = listOptionOf(facts, 'filter');
      if (filter === undefined) return true;
      const comparisons = parseEqConjunction(filter);
      return comparisons === undefined || comparisons.every((c) => caseInsensitivePaths.has(normalizeScimPath(c.path)) || normalizeScimPath(c.path) === 'id');
    });
    return judgeQueryFinds(onlyCaseless, true, (filter) => `${filter} (a different case) returns the resource`);
  },
};

export const LIFECYCLE_CHECKS: readonly LifecycleCheck[] = [
  createdIsReadable,
  createdIsReadBack,
  writtenIsReadBack,
  disabledIsStillReturned,
  deletedIsGone,
  deletedRejectsOperations,
  filterFindsObject,
  filterCaseInsensitive,
];
