/**
 * The source changes between two incremental cycles (docs/entra-behaviour.md#incremental-cycles): a deterministic, realistic
 * mix of attribute updates, sign-in blocks and unblocks, hard deletes, new hires, a group rename
 * and membership moves. The summary lists exactly what changed so a run can be checked against
 * the provisioning log it produced.
 */
import { ConfigurationError } from '../errors';
import { toAsciiToken } from './generate-directory';
import { createSeededFaker } from './seeded-faker';
import { type SourceDirectory, type UserPatch } from './source-directory';
import { type SourceUser } from './source-types';

export type ChurnKind = 'updated' | 'disabled' | 'enabled' | 'hardDeleted' | 'managerCleared' | 'created' | 'groupRenamed' | 'membersAdded' | 'membersRemoved';

export const CHURN_KINDS: readonly ChurnKind[] = ['updated', 'disabled', 'enabled', 'hardDeleted', 'managerCleared', 'created', 'groupRenamed', 'membersAdded', 'membersRemoved'];

export interface ChurnOptions {
  readonly seed: number;
  /** Share of the directory's users touched, 0 to 1. */
  readonly fraction: number;
}

export interface ChurnSummary {
  /** How many objects (or member links) each kind touched; equals `ids[kind].length`. */
  readonly counts: Readonly<Record<ChurnKind, number>>;
  /**
   * User objectIds per kind; group objectIds for `groupRenamed`; member user ids for
   * `membersAdded`/`membersRemoved` (per group in `membership`). `managerCleared` lists reports
   * of hard-deleted users, whose manager Entra clears.
   */
  readonly ids: Readonly<Record<ChurnKind, readonly string[]>>;
  /** Source attributes changed per updated user. */
  readonly updates: readonly { readonly userId: string; readonly attributes: readonly string[] }[];
  readonly membership: readonly { readonly groupId: string; readonly added: readonly string[]; readonly removed: readonly string[] }[];
  readonly watermarkBefore: number;
  readonly watermarkAfter: number;
}

/** Out of every 100 churned users: the documented mix [INF] — mostly updates, some lifecycle, a few deletes. */
const MIX = { updated: 50, disabled: 10, enabled: 10, created: 10, hardDeleted: 5, membersAdded: 10, membersRemoved: 5 } as const;

type UpdatableAttribute = 'jobTitle' | 'department' | 'surname' | 'mobile';
const UPDATABLE: readonly UpdatableAttribute[] = ['jobTitle', 'department', 'surname', 'mobile'];

const faker = createSeededFaker();
const CHURN_STREAM = 4;

export function generateChurn(directory: SourceDirectory, options: ChurnOptions): ChurnSummary {
  const { seed, fraction } = options;
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw new ConfigurationError(`churn fraction must be between 0 and 1, got ${String(fraction)} (e.g. --churn 0.1 changes 10 % of the users per cycle)`);
  }
  faker.seed([seed, CHURN_STREAM]);
  const ids = Object.fromEntries(CHURN_KINDS.map((kind) => [kind, [] as string[]])) as Record<ChurnKind, string[]>;
  const updates: { userId: string; attributes: string[] }[] = [];
  const membership = new Map<string, { groupId: string; added: string[]; removed: string[] }>();
  const watermarkBefore = directory.currentWatermark();

  // Ids only, never the users: a 100,000-user directory held here at once takes about 450 MB.
  // Picks are drawn over the ids in directory order, so a seed picks the same users.
  const enabled: string[] = [];
  const blocked: string[] = [];
  for (const user of directory.eachUser()) {
    if (!user.isSoftDeleted) (user.accountEnabled ? enabled : blocked).push(user.objectId);
  }
  const liveCount = enabled.length + blocked.length;
  const budget = fraction === 0 || liveCount === 0 ? 0 : Math.max(1, Math.round(liveCount * fraction));
  const share = (percent: number): number => Math.floor((budget * percent) / 100);

  // Distinct users for updates, blocks and deletes: one change of one kind per user per cycle.
  const nUpdates = budget === 0 ? 0 : Math.max(1, share(MIX.updated));
  const nDisables = share(MIX.disabled);
  const nDeletes = share(MIX.hardDeleted);
  const picked = pickDistinct(enabled, nUpdates + nDisables + nDeletes);
  const toUpdate = picked.slice(0, nUpdates);
  const toDisable = picked.slice(nUpdates, nUpdates + nDisables);
  const toDelete = picked.slice(nUpdates + nDisables);
  const toEnable = pickDistinct(blocked, Math.min(blocked.length, share(MIX.enabled)));
  const deleting = new Set(toDelete);

  for (const userId of toUpdate) {
    const patch = updatePatch(directory, userOf(directory, userId));
    directory.updateUser(userId, patch);
    ids.updated.push(userId);
    updates.push({ userId, attributes: Object.keys(patch) });
  }
  for (const userId of toDisable) {
    directory.blockSignIn(userId);
    ids.disabled.push(userId);
  }
  for (const userId of toEnable) {
    directory.unblockSignIn(userId);
    ids.enabled.push(userId);
  }
  const nCreates = budget === 0 ? 0 : Math.max(1, share(MIX.created));
  for (let i = 0; i < nCreates; i += 1) {
    const user = directory.addUser();
    // A new hire is only provisioned once assigned, as an Entra admin would do it.
    if (!directory.assignsEverything) directory.assign(user.objectId);
    ids.created.push(user.objectId);
  }

  const groups = [...directory.groupIds()];
  if (budget > 0 && groups.length > 0) {
    const groupId = groups[faker.number.int({ min: 0, max: groups.length - 1 })];
    directory.renameGroup(groupId, renamedGroup(directory, directory.getGroup(groupId)?.displayName ?? ''));
    ids.groupRenamed.push(groupId);
  }

  const candidates: string[] = [];
  for (const user of directory.eachUser()) {
    if (!deleting.has(user.objectId) && !user.isSoftDeleted) candidates.push(user.objectId);
  }
  const entry = (groupId: string): { groupId: string; added: string[]; removed: string[] } => {
    let found = membership.get(groupId);
    if (!found) membership.set(groupId, (found = { groupId, added: [], removed: [] }));
    return found;
  };
  if (groups.length > 0 && candidates.length > 0) {
    for (let i = 0; i < share(MIX.membersAdded); i += 1) {
      const group = directory.getGroup(groups[faker.number.int({ min: 0, max: groups.length - 1 })]);
      const userId = candidates[faker.number.int({ min: 0, max: candidates.length - 1 })];
      if (!group || group.memberIds.includes(userId)) continue;
      directory.addMembers(group.objectId, [userId]);
      entry(group.objectId).added.push(userId);
      ids.membersAdded.push(userId);
    }
    const justAdded = new Set([...membership.values()].flatMap((m) => m.added.map((u) => `${m.groupId}/${u}`)));
    for (let i = 0; i < share(MIX.membersRemoved); i += 1) {
      const group = directory.getGroup(groups[faker.number.int({ min: 0, max: groups.length - 1 })]);
      const members = group?.memberIds.filter((id) => !deleting.has(id) && !justAdded.has(`${group.objectId}/${id}`)) ?? [];
      if (!group || members.length === 0) continue;
      const userId = members[faker.number.int({ min: 0, max: members.length - 1 })];
      directory.removeMembers(group.objectId, [userId]);
      entry(group.objectId).removed.push(userId);
      ids.membersRemoved.push(userId);
    }
  }

  // Last, so no other change above targets a user that no longer exists.
  const cleared = new Set<string>();
  for (const userId of toDelete) {
    ids.hardDeleted.push(userId);
    for (const reportId of directory.hardDeleteUser(userId)) cleared.add(reportId);
  }
  ids.managerCleared.push(...[...cleared].filter((id) => !deleting.has(id)));

  const counts = Object.fromEntries(CHURN_KINDS.map((kind) => [kind, ids[kind].length])) as Record<ChurnKind, number>;
  return { counts, ids, updates, membership: [...membership.values()], watermarkBefore, watermarkAfter: directory.currentWatermark() };
}

/** `count` distinct elements in a seeded order (partial Fisher–Yates over indexes). */
function pickDistinct<T>(items: readonly T[], count: number): T[] {
  const n = Math.min(count, items.length);
  const order = Array.from({ length: items.length }, (_, i) => i);
  for (let i = 0; i < n; i += 1) {
    const j = faker.number.int({ min: i, max: items.length - 1 });
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, n).map((i) => items[i]);
}

function userOf(directory: SourceDirectory, objectId: string): SourceUser {
  const user = directory.getUser(objectId);
  if (!user) throw new Error(`churn picked user ${objectId}, which the directory no longer holds`);
  return user;
}

/** One or two attributes, each guaranteed to differ from its current value. */
function updatePatch(directory: SourceDirectory, user: SourceUser): UserPatch {
  const first = UPDATABLE[faker.number.int({ min: 0, max: UPDATABLE.length - 1 })];
  const chosen = new Set<UpdatableAttribute>([first]);
  if (faker.number.float() < 0.3) chosen.add(UPDATABLE[faker.number.int({ min: 0, max: UPDATABLE.length - 1 })]);
  const patch: { -readonly [K in keyof UserPatch]: UserPatch[K] } = {};
  const differ = (current: string | null | undefined, next: string): string => (next === current ? `${next} II` : next);
  for (const attribute of UPDATABLE.filter((a) => chosen.has(a))) {
    if (attribute === 'jobTitle') patch.jobTitle = differ(user.jobTitle, faker.person.jobTitle());
    if (attribute === 'department') patch.department = differ(user.department, faker.commerce.department());
    if (attribute === 'mobile') patch.mobile = differ(user.mobile, faker.phone.number({ style: 'international' }));
    if (attribute === 'surname') {
      // A surname change (marriage, correction) changes the displayName with it.
      const surname = differ(user.surname, faker.person.lastName());
      const prefix = user.displayName.startsWith(directory.prefix) ? directory.prefix : '';
      patch.surname = surname;
      patch.displayName = `${prefix}${[user.givenName, surname].filter(Boolean).join(' ')}`;
    }
  }
  return patch;
}

/** Groups match on displayName (docs/entra-behaviour.md#groups): the new name stays unique and ASCII. */
function renamedGroup(directory: SourceDirectory, current: string): string {
  const prefix = current.startsWith(directory.prefix) ? directory.prefix : '';
  const taken = new Set<string>();
  for (const group of directory.eachGroup()) taken.add(group.displayName.toLowerCase());
  for (;;) {
    const name = `${prefix}${faker.commerce.department().replace(/[^A-Za-z0-9 ]/g, '')} ${toAsciiToken(faker.string.alphanumeric(5))}`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}
