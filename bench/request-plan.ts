/**
 * The raw loop's script: the requests the harness actually sent in its initial cycle, read back
 * from its run.ndjson, grouped the way the engine issues them — per object, in the engine's
 * passes (test connection; users; groups; managers; memberships) — so the raw loop sends the
 * identical sequence with the same concurrency. Target ids the harness's server assigned are
 * replaced by the ids the raw loop's own server assigns, as each create returns.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type HarnessEntryDetails, type IdentityType } from '../harness/contract/log-entry';
import { type RunEvent } from '../harness/contract/run-events';
import { type Exchange } from '../harness/contract/exchange';
import { type PlanCounts } from './messages';

export const PHASES = ['probe', 'users', 'groups', 'managers', 'memberships'] as const;
export type PhaseName = (typeof PHASES)[number];

/** Text with target ids cut out: `parts[0] ids[0] parts[1] … parts[n]`. */
export interface Template {
  readonly parts: readonly string[];
  readonly ids: readonly string[];
}

export interface PlannedRequest {
  readonly method: string;
  /** Path and query after the base URL. */
  readonly path: Template;
  readonly body?: Template;
  /** The id the harness's server gave the object this POST created, to be mapped to the new one. */
  readonly createdId?: string;
}

/** One object's requests, sent one after the other, as one engine worker sends them. */
export type PlannedUnit = readonly PlannedRequest[];

export interface RequestPlan {
  readonly phases: readonly { readonly name: PhaseName; readonly units: readonly PlannedUnit[] }[];
  readonly requests: number;
  readonly counts: PlanCounts;
}

interface RawRequest {
  method: string;
  path: string;
  body?: string;
  createdId?: string;
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function phaseOf(identityType: IdentityType, operation: HarnessEntryDetails['operation']): PhaseName {
  if (identityType === 'User' && operation === 'create') return 'users';
  if (identityType === 'Group' && operation === 'create') return 'groups';
  if (identityType === 'User' && operation === 'manager') return 'managers';
  if (identityType === 'Group' && operation === 'membership') return 'memberships';
  throw new Error(
    `the benchmark replays an initial cycle against an empty target, but the run holds a ${identityType} "${operation}" entry (start the server fresh, or check that the run was a single initial cycle)`,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function memberValues(body: unknown): number {
  if (!isObject(body) || !Array.isArray(body.Operations)) return 0;
  let count = 0;
  for (const operation of body.Operations) if (isObject(operation) && Array.isArray(operation.value)) count += operation.value.length;
  return count;
}

/** Cuts out every GUID that names an object the harness created, so it can be swapped for the new id. */
export function toTemplate(text: string, created: ReadonlySet<string>): Template {
  const parts: string[] = [];
  const ids: string[] = [];
  let last = 0;
  for (const match of text.matchAll(GUID)) {
    if (!created.has(match[0])) continue;
    parts.push(text.slice(last, match.index));
    ids.push(match[0]);
    last = (match.index ?? 0) + match[0].length;
  }
  parts.push(text.slice(last));
  return { parts, ids };
}

export function renderTemplate(template: Template, ids: ReadonlyMap<string, string>): string {
  if (template.ids.length === 0) return template.parts[0];
  let text = template.parts[0];
  for (let i = 0; i < template.ids.length; i += 1) {
    const id = template.ids[i];
    const mapped = ids.get(id);
    if (mapped === undefined) throw new Error(`the replay reached a reference to ${id} before the create that returned it (the run's passes are out of order)`);
    text += mapped + template.parts[i + 1];
  }
  return text;
}

/** Reads the harness's run.ndjson and builds the replay, pointed at `baseUrl`. */
export async function buildRequestPlan(runFile: string, baseUrl: string): Promise<RequestPlan> {
  const units: Record<PhaseName, RawRequest[][]> = { probe: [], users: [], groups: [], managers: [], memberships: [] };
  const created = new Set<string>();
  let harnessBase: string | undefined;
  let members = 0;
  let bodySizeMismatches = 0;

  const toRaw = (exchange: Exchange): RawRequest => {
    const { method, url, headers, body } = exchange.request;
    if (!harnessBase || !url.startsWith(harnessBase)) throw new Error(`request URL ${url} is not under the run's target ${harnessBase ?? '(none)'}`);
    const request: RawRequest = { method, path: url.slice(harnessBase.length) };
    if (body !== undefined) {
      const text = JSON.stringify(body);
      if (String(Buffer.byteLength(text)) !== headers['content-length']) bodySizeMismatches += 1;
      // A body that names the target's URL (a $ref) names the new server instead.
      request.body = text.split(harnessBase).join(baseUrl);
    }
    if (method === 'POST') {
      const id = exchange.response?.body !== undefined && isObject(exchange.response.body) ? exchange.response.body.id : undefined;
      if (typeof id === 'string') {
        request.createdId = id;
        created.add(id);
      }
    }
    return request;
  };

  const lines = createInterface({ input: createReadStream(runFile, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    const { event } = JSON.parse(line) as { event: RunEvent };
    if (event.type === 'run-start') harnessBase = event.targetUrl.replace(/\/+$/, '');
    else if (event.type === 'exchange' && event.purpose === 'test-connection') {
      if (units.probe.length === 0) units.probe.push([]);
      units.probe[0].push(toRaw(event.exchange));
    } else if (event.type === 'entry') {
      const { entry } = event;
      const phase = phaseOf(entry.sourceIdentity.identityType, entry.harness.operation);
      const requests = entry.harness.exchanges.map(toRaw);
      if (phase === 'memberships') for (const exchange of entry.harness.exchanges) members += memberValues(exchange.request.body);
      if (requests.length > 0) units[phase].push(requests);
    }
  }
  if (!harnessBase) throw new Error(`${runFile} holds no run-start record: it is not a harness run log`);

  let requests = 0;
  const phases = PHASES.map((name) => ({
    name,
    units: units[name].map((unit) =>
      unit.map((raw): PlannedRequest => {
        requests += 1;
        return {
          method: raw.method,
          path: toTemplate(raw.path, created),
          ...(raw.body !== undefined ? { body: toTemplate(raw.body, created) } : {}),
          ...(raw.createdId !== undefined ? { createdId: raw.createdId } : {}),
        };
      }),
    ),
  }));
  return {
    phases,
    requests,
    counts: { users: units.users.length, groups: units.groups.length, members, managerLinks: units.managers.length, bodySizeMismatches },
  };
}
