/** Protocol rules for `attributes` and `excludedAttributes`: what a projection must leave out and keep (RFC 7644 §3.4.2.5, §3.9). */
import { type ExchangeCheck } from '../check-types';
import { attributeListOf, describe, getAttribute, idOf, isSuccess, returnedResourcesOf } from '../exchange-facts';
import { isCoreSchema, isExtensionSchemaPath, parseScimPath, pathReader } from '../scim-path';
import { isUnassigned } from '../scim-values';
import { isListOperation } from './shared';

/** RFC 7643 §3.1: `id` is returned "always"; `schemas` and `meta` describe the resource itself. */
const ALWAYS_RETURNED: ReadonlySet<string> = new Set(['id', 'schemas', 'meta']);
/**
 * userName / displayName are "returned: default" in RFC 7643 §8.7.1, but providers commonly
 * publish them as "always" in their own /Schemas, which RFC 7643 §7 allows; not judged.
 */
const OFTEN_ALWAYS: ReadonlySet<string> = new Set(['username', 'displayname']);

function isMembersPath(name: string): boolean {
  const parsed = parseScimPath(name);
  return (
    parsed !== undefined &&
    parsed.attribute.toLowerCase() === 'members' &&
    parsed.filter === undefined &&
    parsed.subAttribute === undefined &&
    (parsed.schema === undefined || isCoreSchema(parsed.schema))
  );
}

const excludedMembers: ExchangeCheck = {
  id: 'protocol/excluded-members-honoured',
  severity: 'required',
  severityReason: 'Entra fails: it reads groups with excludedAttributes=members, MultipleEntriesInResponse otherwise (docs/entra-behaviour.md#groups)',
  spec: 'RFC 7644 §3.4.2.5; Entra: SystemForCrossDomainIdentityManagementMultipleEntriesInResponse',
  title: 'Group returned members despite excludedAttributes=members',
  fix: 'Honour excludedAttributes=members on Group reads and queries; Entra always sends it.',
  appliesTo: (ctx) =>
    ctx.objectType === 'Group' &&
    (ctx.operation === 'read' || isListOperation(ctx)) &&
    isSuccess(ctx.exchange) &&
    (attributeListOf(ctx.facts, 'excludedAttributes') ?? []).some(isMembersPath),
  run: (ctx) => {
    const offending = returnedResourcesOf(ctx.facts).find((group) => !isUnassigned(getAttribute(group, 'members')));
    if (!offending) return null;
    const members = getAttribute(offending, 'members');
    return {
      expected: 'no members in the response',
      actual: `group ${describe(idOf(offending))} returned ${Array.isArray(members) ? members.length : 1} member(s)`,
    };
  },
};

const excludedAttributes: ExchangeCheck = {
  id: 'protocol/excluded-attributes-honoured',
  severity: 'recommended',
  severityReason: 'Entra tolerates: it excludes only members, judged apart (RFC 7644 §3.4.2.5, docs/entra-behaviour.md#filters-used)',
  spec: 'RFC 7644 §3.4.2.5',
  title: 'Response returned attributes listed in excludedAttributes',
  fix: 'Leave attributes named in excludedAttributes out of the response (except those returned "always").',
  appliesTo: (ctx) =>
    (ctx.operation === 'read' || isListOperation(ctx)) && isSuccess(ctx.exchange) && attributeListOf(ctx.facts, 'excludedAttributes') !== undefined,
  run: (ctx) => {
    const names = (attributeListOf(ctx.facts, 'excludedAttributes') ?? []).filter((name) => {
      const parsed = parseScimPath(name);
      if (parsed && ALWAYS_RETURNED.has(parsed.attribute.toLowerCase()) && parsed.subAttribute === undefined) return false;
      // members on Groups has its own, stricter check.
      return !(ctx.objectType === 'Group' && isMembersPath(name));
    });
    const readers = names.map((name) => ({ name, read: pathReader(name) }));
    for (const resource of returnedResourcesOf(ctx.facts)) {
      const found = readers.find(({ read }) => !isUnassigned(read(resource)));
      if (found !== undefined) return { expected: `no ${found.name} in the response`, actual: `${found.name} = ${describe(found.read(resource), 80)}` };
    }
    return null;
  },
};

function allowedTopLevel(requested: readonly string[]): (key: string) => boolean {
  const plain = new Set<string>();
  const urnPrefixes: string[] = [];
  for (const name of requested) {
    if (/^urn:/i.test(name)) urnPrefixes.push(name.toLowerCase());
    if (isExtensionSchemaPath(name)) continue;
    const parsed = parseScimPath(name);
    if (parsed && (parsed.schema === undefined || isCoreSchema(parsed.schema))) plain.add(parsed.attribute.toLowerCase());
  }
  return (key) => {
    const lower = key.toLowerCase();
    if (ALWAYS_RETURNED.has(lower) || OFTEN_ALWAYS.has(lower) || plain.has(lower)) return true;
    // An extension object is allowed when any requested name lives under its URN.
    return /^urn:/i.test(key) && urnPrefixes.some((prefix) => prefix.startsWith(lower));
  };
}

const attributesHonoured: ExchangeCheck = {
  id: 'protocol/attributes-honoured',
  severity: 'recommended',
  severityReason: 'Entra tolerates: it sends no attributes parameter (RFC 7644 §3.4.2.5, docs/entra-behaviour.md#filters-used)',
  spec: 'RFC 7644 §3.4.2.5',
  title: 'Response ignored the attributes parameter',
  fix: 'With attributes=…, return only the listed attributes plus those returned "always" (id).',
  appliesTo: (ctx) =>
    (ctx.operation === 'read' || isListOperation(ctx)) && isSuccess(ctx.exchange) && attributeListOf(ctx.facts, 'attributes') !== undefined,
  run: (ctx) => {
    const requested = attributeListOf(ctx.facts, 'attributes') ?? [];
    const allowed = allowedTopLevel(requested);
    for (const resource of returnedResourcesOf(ctx.facts)) {
      const extra = Object.entries(resource)
        .filter(([key, value]) => !allowed(key) && !isUnassigned(value))
        .map(([key]) => key);
      if (extra.length > 0) {
        return { expected: `only ${requested.join(', ')} (and id)`, actual: `also returned ${extra.slice(0, 8).join(', ')}` };
      }
    }
    return null;
  },
};

export const PROJECTION_CHECKS: readonly ExchangeCheck[] = [excludedMembers, excludedAttributes, attributesHonoured];
