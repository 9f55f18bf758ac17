/**
 * The RFC suite's filter fault switches (rfc-faults.ts), applied to a parsed query filter before
 * it is compiled: each rewrites the filter the way a server with that one bug would read it, so
 * the rest of the evaluator stays correct.
 */
import { badRequest } from './errors';
import { type AttributePath, type FilterNode } from './filter-parser';
import { type AttributeDefinition, COMMON_ATTRIBUTES, type ResourceTypeDefinition } from './schemas';
import { FILTER_OPERATOR_SWAPS, type RfcFaultSwitches } from './rfc-faults';

/** Whether any switch here is on (the common case, none, costs one check per query). */
export function hasFilterFaults(faults: RfcFaultSwitches): boolean {
  return (
    FILTER_OPERATOR_SWAPS.some((swap) => faults[swap.key]) ||
    faults.filterAndAsOr ||
    faults.filterOrAsAnd ||
    faults.filterNotIgnored ||
    faults.filterPrAlways ||
    faults.filterValuePathAcrossValues ||
    faults.filterCaseSensitiveNames ||
    faults.filterRejectsUrnNames
  );
}

/** The filter as the faulty server reads it; throws 400 invalidFilter where that server would. */
export function applyFilterFaults(node: FilterNode, faults: RfcFaultSwitches, resourceTypes: readonly ResourceTypeDefinition[]): FilterNode {
  const exactNames = faults.filterCaseSensitiveNames ? schemaNames(resourceTypes) : undefined;
  const checkPath = (path: AttributePath): void => {
    if (faults.filterRejectsUrnNames && path.uri !== undefined) throw badRequest('invalidFilter', `Invalid filter: "${path.text}" is not an attribute name`);
    if (exactNames && [path.name, path.subAttribute].some((name) => name !== undefined && !exactNames.has(name))) {
      throw badRequest('invalidFilter', `Invalid filter: "${path.text}" is not an attribute of this resource`);
    }
  };
  const rewrite = (current: FilterNode): FilterNode => {
    switch (current.kind) {
      case 'compare': {
        checkPath(current.attribute);
        const swap = FILTER_OPERATOR_SWAPS.find((candidate) => faults[candidate.key] && candidate.from === current.operator);
        return swap ? { ...current, operator: swap.to } : current;
      }
      case 'present':
        checkPath(current.attribute);
        // Present or not: always true.
        return faults.filterPrAlways ? { kind: 'or', left: current, right: { kind: 'not', operand: current } } : current;
      case 'and':
      case 'or': {
        const kind = current.kind === 'and' && faults.filterAndAsOr ? 'or' : current.kind === 'or' && faults.filterOrAsAnd ? 'and' : current.kind;
        return { kind, left: rewrite(current.left), right: rewrite(current.right) };
      }
      case 'not':
        return faults.filterNotIgnored ? rewrite(current.operand) : { kind: 'not', operand: rewrite(current.operand) };
      case 'valuePath': {
        checkPath(current.attribute);
        const inner = rewrite(current.filter);
        // Each part of `a[x and y]` tested on any value, not on one value: `a[x] and a[y]`.
        if (faults.filterValuePathAcrossValues && inner.kind === 'and') {
          return { kind: 'and', left: { kind: 'valuePath', attribute: current.attribute, filter: inner.left }, right: { kind: 'valuePath', attribute: current.attribute, filter: inner.right } };
        }
        return { ...current, filter: inner };
      }
    }
  };
  return rewrite(node);
}

/** Every attribute and sub-attribute name of the resource types, in the schemas' own spelling. */
function schemaNames(resourceTypes: readonly ResourceTypeDefinition[]): Set<string> {
  const names = new Set<string>();
  const add = (definitions: readonly AttributeDefinition[]): void => {
    for (const definition of definitions) {
      names.add(definition.name);
      add(definition.subAttributes ?? []);
    }
  };
  add(COMMON_ATTRIBUTES);
  for (const type of resourceTypes) {
    add(type.schema.attributes);
    for (const use of type.extensions) add(use.schema.attributes);
  }
  return names;
}
