/**
 * Discovery honesty: what /ServiceProviderConfig, /ResourceTypes and /Schemas claim (RFC 7643
 * §5–§7, RFC 7644 §4), set against what the run observed. A shape error in those documents is
 * the schema checks' business; here only claims are judged.
 */
import { type Exchange } from '../contract/exchange';
import { type CheckDescriptor, type CheckOutcome, operationOf } from './check-types';
import {
  describe,
  discoveryEndpointOf,
  type ExchangeOrFacts,
  factsOf,
  getAttribute,
  headerOf,
  isJsonObject,
  isSuccess,
  type JsonObject,
  listOptionOf,
  listResourcesOf,
  pathHasSegment,
  responseObjectOf,
  URN,
} from './exchange-facts';
import { type Finding } from '../contract/finding';
import { toFinding } from './finding-aggregator';
import { INTERNAL_ERROR_CHECK, internalErrorOutcome } from './internal-error';
import { sortHonouredBy } from './protocol-rules';
import { parseEqConjunction } from './scim-path';

/** A yes/no the run observed, with the exchanges that show it. */
export interface Observation {
  readonly value: boolean;
  readonly evidence: readonly string[];
}

export interface DiscoveryObservations {
  readonly serviceProviderConfig?: Exchange;
  readonly resourceTypes?: Exchange;
  readonly schemas?: Exchange;
  /** An exchange with `/Bulk`, if the run made one. */
  readonly bulk?: Exchange;
  /** true: a PATCH answered 2xx; false: every PATCH answered 405 or 501. */
  readonly patchWorked?: Observation;
  /** true: a filtered query answered 200; false: none did and some answered 501 (or 400 to a plain eq). */
  readonly filterWorked?: Observation;
  /** true: some single-resource response carried ETag; false: such responses came, none did. */
  readonly etagSent?: Observation;
  /** true: sorted queries came back in order; false: one came back out of order. */
  readonly sortWorked?: Observation;
  /** The run provisions groups, so a Group resource type and schema are needed. */
  readonly groupsUsed?: boolean;
  readonly scenarioId?: string;
}

const EVIDENCE_KEPT = 3;

/** Operations answered with one resource, where an ETag belongs (RFC 7644 §3.14). */
const SINGLE_RESOURCE_OPERATIONS: ReadonlySet<string> = new Set(['create', 'read', 'replace', 'patch']);

class Tally {
  private readonly yes: string[] = [];
  private readonly no: string[] = [];
  private yesCount = 0;
  private noCount = 0;

  record(value: boolean, exchangeId: string): void {
    if (value) {
      this.yesCount += 1;
      if (this.yes.length < EVIDENCE_KEPT) this.yes.push(exchangeId);
    } else {
      this.noCount += 1;
      if (this.no.length < EVIDENCE_KEPT) this.no.push(exchangeId);
    }
  }

  /** `positiveWins`: one success settles it (patch, filter, etag); otherwise one failure does (sort). */
  observation(positiveWins: boolean): Observation | undefined {
    if (this.yesCount === 0 && this.noCount === 0) return undefined;
    const value = positiveWins ? this.yesCount > 0 : this.noCount === 0;
    return { value, evidence: value ? [...this.yes] : [...this.no] };
  }
}

/**
 * Collects the observations while a run streams its exchanges, so no exchange list has to be
 * kept: `observe` each exchange, then read `observations()`.
 */
export class DiscoveryObserver {
  private serviceProviderConfig?: Exchange;
  private resourceTypes?: Exchange;
  private schemas?: Exchange;
  private bulk?: Exchange;
  private readonly patch = new Tally();
  private readonly filter = new Tally();
  private readonly etag = new Tally();
  private readonly sort = new Tally();
  private groupsUsed = false;

  /** Pass the exchange's facts when the checks derived them already. */
  observe(source: ExchangeOrFacts): void {
    const facts = factsOf(source);
    const { exchange } = facts;
    if (!exchange.response) return;
    const operation = operationOf(facts);
    const status = exchange.response.status;
    const discovery = discoveryEndpointOf(facts);
    if (discovery && !discovery.byId && exchange.request.method === 'GET') {
      if (discovery.endpoint === 'ServiceProviderConfig') this.serviceProviderConfig = exchange;
      else if (discovery.endpoint === 'ResourceTypes') this.resourceTypes = exchange;
      else this.schemas = exchange;
      return;
    }
    if (facts.endpoint?.last === 'Bulk') {
      this.bulk = exchange;
      return;
    }
    if (pathHasSegment(facts, 'Groups')) this.groupsUsed = true;
    if (operation === 'patch') {
      if (isSuccess(exchange)) this.patch.record(true, exchange.id);
      else if (status === 405 || status === 501) this.patch.record(false, exchange.id);
    }
    if (operation === 'filter' && listOptionOf(facts, 'filter') !== undefined) {
      if (status === 200) this.filter.record(true, exchange.id);
      else if (status === 501 || (status === 400 && isPlainEq(listOptionOf(facts, 'filter') as string))) {
        this.filter.record(false, exchange.id);
      }
    }
    if (SINGLE_RESOURCE_OPERATIONS.has(operation) && isSuccess(exchange) && responseObjectOf(exchange)) {
      this.etag.record(headerOf(exchange.response.headers, 'etag') !== undefined, exchange.id);
    }
    const sorted = sortHonouredBy(facts);
    if (sorted !== undefined) this.sort.record(sorted, exchange.id);
  }

  observations(): DiscoveryObservations {
    const patchWorked = this.patch.observation(true);
    const filterWorked = this.filter.observation(true);
    const etagSent = this.etag.observation(true);
    const sortWorked = this.sort.observation(false);
    return {
      ...(this.serviceProviderConfig ? { serviceProviderConfig: this.serviceProviderConfig } : {}),
      ...(this.resourceTypes ? { resourceTypes: this.resourceTypes } : {}),
      ...(this.schemas ? { schemas: this.schemas } : {}),
      ...(this.bulk ? { bulk: this.bulk } : {}),
      ...(patchWorked ? { patchWorked } : {}),
      ...(filterWorked ? { filterWorked } : {}),
      ...(etagSent ? { etagSent } : {}),
      ...(sortWorked ? { sortWorked } : {}),
      groupsUsed: this.groupsUsed,
    };
  }
}

/** A 400 to `attr eq "value"` means filtering is broken, not that the filter was exotic. */
function isPlainEq(filter: string): boolean {
  return parseEqConjunction(filter) !== undefined;
}

/** `supported` of one ServiceProviderConfig feature, when it is a real boolean. */
function claimOf(spc: JsonObject | undefined, feature: string): boolean | undefined {
  const section = spc ? getAttribute(spc, feature) : undefined;
  const supported = isJsonObject(section) ? getAttribute(section, 'supported') : undefined;
  return typeof supported === 'boolean' ? supported : undefined;
}

function listedResources(exchange: Exchange | undefined): JsonObject[] | undefined {
  if (!exchange || exchange.response?.status !== 200) return undefined;
  const body = exchange.response.body;
  // A bare array is the schema check's finding; its items are still read here.
  const items = Array.isArray(body) ? body : isJsonObject(body) ? listResourcesOf(body) : undefined;
  return items?.filter(isJsonObject);
}

interface Judged {
  readonly outcome: CheckOutcome;
  readonly evidence: readonly string[];
}

interface DiscoveryRule extends CheckDescriptor {
  judge(input: DiscoveryObservations, spc: JsonObject | undefined): Judged | null;
}

function spcEvidence(input: DiscoveryObservations, observation?: Observation): string[] {
  return [...(input.serviceProviderConfig ? [input.serviceProviderConfig.id] : []), ...(observation?.evidence ?? [])];
}

/** claim true, observation false → the claim overstates the service. */
function overstated(feature: string, observation: (input: DiscoveryObservations) => Observation | undefined, what: string) {
  return (input: DiscoveryObservations, spc: JsonObject | undefined): Judged | null => {
    const seen = observation(input);
    if (claimOf(spc, feature) !== true || seen?.value !== false) return null;
    return {
      outcome: { expected: `${what}, as ${feature}.supported=true claims`, actual: `${feature}.supported is true but ${describeFailure(feature)}` },
      evidence: spcEvidence(input, seen),
    };
  };
}

function describeFailure(feature: string): string {
  switch (feature) {
    case 'patch':
      return 'every PATCH answered 405/501';
    case 'filter':
      return 'filtered queries were rejected';
    case 'etag':
      return 'no response carried an ETag header';
    default:
      return 'a sorted query came back out of order';
  }
}

function hasResource(resources: readonly JsonObject[], test: (resource: JsonObject) => boolean): boolean {
  return resources.some(test);
}

function stringAttr(resource: JsonObject, name: string): string {
  const value = getAttribute(resource, name);
  return typeof value === 'string' ? value : '';
}

const RULES: readonly DiscoveryRule[] = [
  {
    id: 'discovery/endpoint-available',
    severity: 'recommended',
    severityReason: 'Entra tolerates: it never reads discovery for a custom app (docs/entra-behaviour.md#schema-discovery)',
    spec: 'RFC 7644 §4; Entra gallery: schema discovery required',
    title: 'Discovery endpoint does not answer 200',
    fix: 'Serve GET /ServiceProviderConfig, /ResourceTypes and /Schemas with 200.',
    judge: (input) => {
      const probed = [input.serviceProviderConfig, input.resourceTypes, input.schemas].filter((e): e is Exchange => e !== undefined);
      const failing = probed.filter((exchange) => exchange.response?.status !== 200);
      if (failing.length === 0) return null;
      const actual = failing
        .map((e) => `${discoveryEndpointOf(e)?.endpoint ?? e.request.url} → ${e.response?.status ?? e.error?.kind ?? 'no response'}`)
        .join('; ');
      return { outcome: { expected: 'each discovery endpoint → 200', actual }, evidence: failing.map((e) => e.id) };
    },
  },
  {
    id: 'discovery/filter-unsupported',
    severity: 'recommended',
    severityReason: 'Entra tolerates: it never reads the claim (docs/entra-behaviour.md#schema-discovery); failing filters have their own check',
    spec: 'RFC 7643 §5; Entra: matching needs filter (docs/entra-behaviour.md#matching)',
    title: 'ServiceProviderConfig says filtering is not supported',
    fix: 'Support eq filters and advertise filter.supported=true; Entra matches every object with a filter query.',
    judge: (input, spc) => {
      if (claimOf(spc, 'filter') !== false) return null;
      const worked = input.filterWorked?.value === true;
      return {
        outcome: {
          expected: 'filter.supported true (Entra cannot match objects without filtering)',
          actual: `filter.supported false${worked ? ', although filtered queries worked' : ''}`,
        },
        evidence: spcEvidence(input, input.filterWorked),
      };
    },
  },
  {
    id: 'discovery/patch-understated',
    severity: 'advisory',
    severityReason: 'RFC allows: RFC 7643 §5 lets a provider claim less than it does; a stricter client would not send PATCH',
    spec: 'RFC 7643 §5',
    title: 'ServiceProviderConfig says PATCH is not supported, but PATCH worked',
    fix: 'Set patch.supported to true.',
    judge: (input, spc) =>
      claimOf(spc, 'patch') === false && input.patchWorked?.value === true
        ? {
            outcome: { expected: 'patch.supported true (PATCH requests succeeded)', actual: 'patch.supported false' },
            evidence: spcEvidence(input, input.patchWorked),
          }
        : null,
  },
  {
    id: 'discovery/patch-overstated',
    severity: 'recommended',
    severityReason: 'Entra tolerates: it never reads ServiceProviderConfig (docs/entra-behaviour.md#schema-discovery); RFC 7643 §5',
    spec: 'RFC 7643 §5; RFC 7644 §3.5.2',
    title: 'ServiceProviderConfig claims PATCH, but PATCH is refused',
    fix: 'Implement PATCH (Entra sends every update as PATCH) or set patch.supported to false.',
    judge: overstated('patch', (input) => input.patchWorked, 'PATCH requests succeed'),
  },
  {
    id: 'discovery/filter-overstated',
    severity: 'recommended',
    severityReason: 'Entra tolerates: it never reads ServiceProviderConfig (docs/entra-behaviour.md#schema-discovery); RFC 7643 §5',
    spec: 'RFC 7643 §5; RFC 7644 §3.4.2.2',
    title: 'ServiceProviderConfig claims filtering, but filters are rejected',
    fix: 'Make eq filters work, as filter.supported=true promises.',
    judge: overstated('filter', (input) => input.filterWorked, 'filtered queries succeed'),
  },
  {
    id: 'discovery/etag-overstated',
    severity: 'recommended',
    severityReason: 'Entra tolerates: it never reads ServiceProviderConfig (docs/entra-behaviour.md#schema-discovery); RFC 7643 §5',
    spec: 'RFC 7644 §3.14; RFC 7643 §5',
    title: 'ServiceProviderConfig claims ETag support, but no ETag header was sent',
    fix: 'Send an ETag header (equal to meta.version) on resource responses, or set etag.supported to false.',
    judge: overstated('etag', (input) => input.etagSent, 'ETag headers on resource responses'),
  },
  {
    id: 'discovery/sort-overstated',
    severity: 'recommended',
    severityReason: 'Entra tolerates: it never reads ServiceProviderConfig (docs/entra-behaviour.md#schema-discovery); RFC 7643 §5',
    spec: 'RFC 7644 §3.4.2.3; RFC 7643 §5',
    title: 'ServiceProviderConfig claims sorting, but results came back unsorted',
    fix: 'Honour sortBy/sortOrder, or set sort.supported to false.',
    judge: overstated('sort', (input) => input.sortWorked, 'sortBy honoured'),
  },
  {
    id: 'discovery/bulk-overstated',
    severity: 'advisory',
    severityReason: 'RFC allows: RFC 7644 §3.7 lets /Bulk be absent; Entra never uses it (docs/entra-behaviour.md#no-put-no-bulk)',
    spec: 'RFC 7644 §3.7; Entra never uses /Bulk',
    title: 'ServiceProviderConfig claims bulk, but /Bulk is not there',
    fix: 'Serve /Bulk or set bulk.supported to false (Entra does not use it either way).',
    judge: (input, spc) => {
      const status = input.bulk?.response?.status;
      if (claimOf(spc, 'bulk') !== true || !input.bulk || (status !== 404 && status !== 405 && status !== 501)) return null;
      return {
        outcome: { expected: '/Bulk served, as bulk.supported=true claims', actual: `/Bulk → ${status}` },
        evidence: spcEvidence(input, { value: false, evidence: [input.bulk.id] }),
      };
    },
  },
  {
    id: 'discovery/resource-types-complete',
    severity: 'recommended',
    severityReason: 'Entra tolerates: it never reads /ResourceTypes for a custom app (docs/entra-behaviour.md#schema-discovery)',
    spec: 'RFC 7643 §6; RFC 7644 §4',
    title: 'ResourceTypes does not list every type in use',
    fix: 'List a User resource type (endpoint /Users) and, when groups are provisioned, a Group type (endpoint /Groups).',
    judge: (input) => {
      const resources = listedResources(input.resourceTypes);
      if (!resources || !input.resourceTypes) return null;
      const listed = (type: string) => (r: JsonObject): boolean =>
        stringAttr(r, 'name').toLowerCase() === type.toLowerCase() ||
        stringAttr(r, 'endpoint').replace(/^\//, '').toLowerCase() === `${type.toLowerCase()}s`;
      const missing = (['User', 'Group'] as const).filter(
        (type) => (type === 'User' || input.groupsUsed === true) && !hasResource(resources, listed(type)),
      );
      return missing.length === 0
        ? null
        : { outcome: { expected: `resource types ${missing.join(', ')} listed`, actual: `missing ${missing.join(', ')}` }, evidence: [input.resourceTypes.id] };
    },
  },
  {
    id: 'discovery/schemas-complete',
    severity: 'recommended',
    severityReason: 'Entra tolerates: it reads /Schemas only for some gallery apps (docs/entra-behaviour.md#schema-discovery)',
    spec: 'RFC 7643 §7, §8.7.1; Entra gallery: Group schema required for group tests',
    title: 'Schemas does not list the core schemas in use',
    fix: 'List the core User schema and, when groups are provisioned, the core Group schema in /Schemas.',
    judge: (input) => {
      const resources = listedResources(input.schemas);
      if (!resources || !input.schemas) return null;
      const ids = new Set(resources.map((r) => stringAttr(r, 'id').toLowerCase()));
      const wanted = [URN.user, ...(input.groupsUsed ? [URN.group] : [])];
      const missing = wanted.filter((urn) => !ids.has(urn.toLowerCase()));
      return missing.length === 0
        ? null
        : { outcome: { expected: `schemas ${wanted.join(', ')}`, actual: `missing ${missing.join(', ')}` }, evidence: [input.schemas.id] };
    },
  },
  {
    id: 'discovery/schemas-exclude-messages',
    severity: 'recommended',
    severityReason: 'Entra tolerates: it reads /Schemas only for some gallery apps (RFC 7644 §3.1, docs/entra-behaviour.md#schema-discovery)',
    spec: 'RFC 7644 §3.1',
    title: 'Schemas lists protocol message schemas',
    fix: 'Leave urn:ietf:params:scim:api:messages:2.0:* (ListResponse, PatchOp, Error…) out of /Schemas.',
    judge: (input) => {
      const resources = listedResources(input.schemas);
      if (!resources || !input.schemas) return null;
      const messages = resources.map((r) => stringAttr(r, 'id')).filter((id) => id.toLowerCase().startsWith(URN.messagesPrefix.toLowerCase()));
      return messages.length === 0
        ? null
        : { outcome: { expected: 'no message schemas in /Schemas', actual: `listed ${messages.join(', ')}` }, evidence: [input.schemas.id] };
    },
  },
  {
    id: 'discovery/resource-type-schemas-resolve',
    severity: 'recommended',
    severityReason: 'Entra tolerates: it never reads discovery for a custom app (RFC 7643 §6, docs/entra-behaviour.md#schema-discovery)',
    spec: 'RFC 7643 §6',
    title: 'A ResourceType names a schema that /Schemas does not list',
    fix: 'Make every ResourceType "schema" and schemaExtensions[].schema equal the id of a Schema in /Schemas.',
    judge: (input) => {
      const types = listedResources(input.resourceTypes);
      const schemas = listedResources(input.schemas);
      if (!types || !schemas || schemas.length === 0 || !input.resourceTypes || !input.schemas) return null;
      const ids = new Set(schemas.map((r) => stringAttr(r, 'id').toLowerCase()));
      const referenced = types.flatMap((type) => {
        const extensions = getAttribute(type, 'schemaExtensions');
        const extensionIds = Array.isArray(extensions) ? extensions.filter(isJsonObject).map((e) => stringAttr(e, 'schema')) : [];
        return [stringAttr(type, 'schema'), ...extensionIds].filter((id) => id.length > 0);
      });
      const unresolved = referenced.filter((id) => !ids.has(id.toLowerCase()));
      return unresolved.length === 0
        ? null
        : {
            outcome: { expected: 'every referenced schema listed in /Schemas', actual: `not listed: ${describe(unresolved, 160)}` },
            evidence: [input.resourceTypes.id, input.schemas.id],
          };
    },
  },
];

/** Claims in the discovery documents that the run showed to be false. Never throws. */
export function checkDiscovery(input: DiscoveryObservations): Finding[] {
  const spcExchange = input.serviceProviderConfig;
  const spc = spcExchange && isSuccess(spcExchange) ? responseObjectOf(spcExchange) : undefined;
  const findings: Finding[] = [];
  for (const rule of RULES) {
    try {
      const judged = rule.judge(input, spc);
      if (judged) findings.push(toFinding(rule, judged.outcome, judged.evidence, input.scenarioId));
    } catch (error) {
      findings.push(toFinding(INTERNAL_ERROR_CHECK, internalErrorOutcome(rule.id, error), spcExchange?.id, input.scenarioId));
    }
  }
  return findings;
}

/** The rule descriptors, for documentation and reporters. */
export const DISCOVERY_CHECKS: readonly CheckDescriptor[] = RULES.map(({ id, severity, severityReason, spec, title, fix }) => ({ id, severity, severityReason, spec, title, fix }));
