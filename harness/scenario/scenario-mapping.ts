/** A scenario may match on other attributes than the default (e.g. externalId, to seed look-alikes). */
import { type MappingSet } from '../mapping/mapping-types';
import { type Scenario } from './scenario-types';

export function withMatching(mapping: MappingSet, scenario: Scenario): MappingSet {
  const matching = scenario.matching;
  if (!matching || matching.length === 0) return mapping;
  return {
    ...mapping,
    users: {
      ...mapping.users,
      attributes: mapping.users.attributes.map((attribute) => {
        const index = matching.indexOf(attribute.target);
        const { matchingPrecedence: _previous, ...rest } = attribute;
        return index >= 0 ? { ...rest, matchingPrecedence: index + 1 } : rest;
      }),
    },
  };
}
