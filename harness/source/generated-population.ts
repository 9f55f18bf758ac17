/**
 * A seeded population generated on demand: user n and group n are derived from the seed and n
 * alone, and their objectIds carry n, so the source directory of a 100,000-user tenant can be
 * read, looked up by objectId or userPrincipalName, and iterated without holding a single user.
 * `generateDirectory` is this population, materialised.
 */
import {
  DEFAULT_DOMAIN,
  DEFAULT_PREFIX,
  generateGroup,
  generateUser,
  groupIndexOf,
  groupMemberIndexes,
  groupObjectId,
  indexInUserPrincipalName,
  userIndexOf,
  userObjectId,
} from './generate-directory';
import { type SourceGroup, type SourceUser } from './source-types';

export interface PopulationSpec {
  readonly seed: number;
  readonly users: number;
  readonly groups: number;
  /** Direct members per group, drawn from all users (capped at the user count). */
  readonly membersPerGroup: number;
  readonly withManagers: boolean;
  readonly prefix?: string;
  readonly domain?: string;
}

/**
 * Recently generated objects (by index) and decoded objectIds. A cycle reads one object several
 * times within a few requests (scope, export, duplicate check, anchor lookups); a small window
 * saves regenerating it, is short enough for its entries to die young, and does not depend on
 * the population.
 */
const CACHE_SIZE = 32;

class Recent<K, T> {
  private readonly items = new Map<K, T>();

  get(key: K, make: (key: K) => T): T {
    let item = this.items.get(key);
    if (item === undefined) {
      item = make(key);
      if (this.items.size >= CACHE_SIZE) this.items.delete(this.items.keys().next().value as K);
      this.items.set(key, item);
    }
    return item;
  }
}

export class GeneratedPopulation {
  readonly seed: number;
  readonly userCount: number;
  readonly groupCount: number;
  private readonly options: { prefix: string; domain: string; withManagers: boolean };
  private readonly membersPerGroup: number;
  private readonly recentUsers = new Recent<number, SourceUser>();
  private readonly recentGroups = new Recent<number, SourceGroup>();
  /** Reading an index back from an objectId regenerates the id to verify it; one object is looked up many times in a row. */
  private readonly recentUserIndexes = new Recent<string, number>();
  private readonly recentGroupIndexes = new Recent<string, number>();

  constructor(spec: PopulationSpec) {
    this.seed = spec.seed;
    this.userCount = spec.users;
    this.groupCount = spec.groups;
    this.membersPerGroup = spec.membersPerGroup;
    this.options = { prefix: spec.prefix ?? DEFAULT_PREFIX, domain: spec.domain ?? DEFAULT_DOMAIN, withManagers: spec.withManagers };
    // Validates prefix and domain once, here, rather than at the first lookup.
    if (spec.users > 0) this.userAt(0);
    if (spec.groups > 0) generateGroup(this.seed, 0, this.options);
  }

  userIdAt(index: number): string {
    return userObjectId(this.seed, index);
  }

  groupIdAt(index: number): string {
    return groupObjectId(this.seed, index);
  }

  userAt(index: number): SourceUser {
    return this.recentUsers.get(index, (i) => generateUser(this.seed, i, this.options));
  }

  groupAt(index: number): SourceGroup {
    return this.recentGroups.get(index, (i) => ({
      ...generateGroup(this.seed, i, this.options),
      memberIds: groupMemberIndexes(this.seed, i, this.userCount, this.membersPerGroup).map((member) => userObjectId(this.seed, member)),
    }));
  }

  /** The user indexes of group n's direct members, as generated. */
  memberIndexesAt(index: number): number[] {
    return groupMemberIndexes(this.seed, index, this.userCount, this.membersPerGroup);
  }

  /** The index of the generated user with this objectId, or -1. */
  userIndexOf(objectId: string): number {
    return this.recentUserIndexes.get(objectId, (id) => userIndexOf(this.seed, id, this.userCount));
  }

  groupIndexOf(objectId: string): number {
    return this.recentGroupIndexes.get(objectId, (id) => groupIndexOf(this.seed, id, this.groupCount));
  }

  /** The index of the generated user whose userPrincipalName is `lowerCaseUpn` (compared ignoring case), or -1. */
  userIndexOfUserPrincipalName(lowerCaseUpn: string): number {
    const index = indexInUserPrincipalName(lowerCaseUpn);
    if (index < 0 || index >= this.userCount) return -1;
    return this.userAt(index).userPrincipalName.toLowerCase() === lowerCaseUpn ? index : -1;
  }
}
