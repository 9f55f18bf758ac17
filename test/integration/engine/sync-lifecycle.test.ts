/**
 * A provisioning job against the bundled server, end to end: the initial cycle creates every
 * assigned user and group (docs/entra-behaviour.md#initial-cycle), incremental cycles export exactly what changed in
 * the source (docs/entra-behaviour.md#incremental-cycles), and afterwards the target holds what the source says — in both
 * PATCH dialects (docs/entra-behaviour.md#patch-dialects).
 */
import { type RunningScimServer } from '../../../examples/scim-server';
import { type LogEntry } from '../../../harness/contract/log-entry';
import { type Dialect } from '../../../harness/mapping/mapping-types';
import { generateChurn, type ChurnSummary } from '../../../harness/source/churn';
import { type SourceDirectory } from '../../../harness/source/source-directory';
import { createJobFixture, describeEntry, entriesOfCycle, generatedDirectory, type JobFixture, startTarget } from './harness-fixture';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const POPULATION = 200;

type Json = Record<string, unknown>;

function key(entry: LogEntry): string {
  return `${entry.sourceIdentity.identityType}:${entry.provisioningAction}/${entry.harness.operation}:${entry.sourceIdentity.id}`;
}

function keys(type: 'User' | 'Group', action: string, operation: string, ids: Iterable<string>): string[] {
  return [...ids].map((id) => `${type}:${action}/${operation}:${id}`);
}

interface Expectation {
  readonly exported: string[];
  /** Source ids the cycle reads although nothing needs exporting for them (RedundantExport). */
  readonly mayBeRedundant: Set<string>;
}

/**
 * What an incremental cycle must log after `churn` (plus extra disables): one entry per changed
 * object and operation. Membership entries come one per group whose members changed, including
 * groups that lose a hard-deleted member.
 */
function expectFromChurn(churn: ChurnSummary, groupsLosingDeleted: readonly string[], extraDisables: readonly string[]): Expectation {
  const gone = new Set([...churn.ids.hardDeleted, ...churn.ids.disabled, ...extraDisables]);
  const updated = new Set([...churn.ids.updated, ...churn.ids.enabled, ...churn.ids.managerCleared].filter((id) => !gone.has(id)));
  const membershipGroups = new Set([...churn.membership.map((m) => m.groupId), ...groupsLosingDeleted]);
  const exported = [
    ...keys('User', 'create', 'create', churn.ids.created),
    ...keys('User', 'update', 'update', updated),
    ...keys('User', 'disable', 'disable', [...churn.ids.disabled, ...extraDisables]),
    ...keys('User', 'delete', 'delete', churn.ids.hardDeleted),
    ...keys('Group', 'update', 'update', churn.ids.groupRenamed),
    ...keys('Group', 'update', 'membership', membershipGroups),
  ];
  const mayBeRedundant = new Set<string>([
    ...churn.membership.flatMap((m) => [...m.added, ...m.removed]),
    ...membershipGroups,
    // A report of a deleted manager who is already disabled has nothing left to export.
    ...churn.ids.managerCleared,
  ]);
  return { exported, mayBeRedundant };
}

function checkCycle(entries: readonly LogEntry[], expectation: Expectation): void {
  const failures = entries.filter((entry) => !['success', 'skipped'].includes(entry.provisioningStatusInfo.status));
  expect(failures.map(describeEntry)).toEqual([]);
  const exported = entries.filter((entry) => entry.provisioningStatusInfo.status === 'success');
  expect(exported.map(key).sort()).toEqual([...expectation.exported].sort());
  const skipped = entries.filter((entry) => entry.provisioningStatusInfo.status === 'skipped');
  for (const entry of skipped) {
    expect(entry.provisioningSteps.map((step) => step.details.SkipReason).filter(Boolean)).toEqual(['RedundantExport']);
    expect(expectation.mayBeRedundant.has(entry.sourceIdentity.id)).toBe(true);
  }
}

function expectedActive(directory: SourceDirectory, userId: string): boolean {
  const user = directory.getUser(userId);
  if (!user) throw new Error(`no source user ${userId}`);
  return user.accountEnabled && !user.isSoftDeleted && directory.isAssigned(userId);
}

/** Reads the target store and compares every object with the source (docs/entra-behaviour.md#create-user, docs/entra-behaviour.md#disable-enable, docs/entra-behaviour.md#groups). */
function checkTargetAgreesWithSource(server: RunningScimServer, directory: SourceDirectory, hardDeletedUpns: readonly string[]): void {
  const problems: string[] = [];
  const targetIdOf = (upn: string): string | undefined => server.store.findUserByUserName(upn)?.id as string | undefined;
  for (const user of directory.users()) {
    const target = server.store.findUserByUserName(user.userPrincipalName);
    if (!target) {
      problems.push(`${user.userPrincipalName}: missing in the target`);
      continue;
    }
    const enterprise = (target[ENTERPRISE] ?? {}) as Json;
    const manager = user.managerId ? directory.getUser(user.managerId) : undefined;
    const actual = {
      userName: target.userName,
      active: target.active,
      givenName: (target.name as Json | undefined)?.givenName,
      familyName: (target.name as Json | undefined)?.familyName,
      title: target.title,
      department: enterprise.department,
      manager: (enterprise.manager as Json | undefined)?.value,
    };
    const expected = {
      userName: user.userPrincipalName,
      active: expectedActive(directory, user.objectId),
      givenName: user.givenName ?? undefined,
      familyName: user.surname ?? undefined,
      title: user.jobTitle ?? undefined,
      department: user.department ?? undefined,
      manager: manager ? targetIdOf(manager.userPrincipalName) : undefined,
    };
    if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`${user.userPrincipalName}: target ${JSON.stringify(actual)} != source ${JSON.stringify(expected)}`);
  }
  for (const upn of hardDeletedUpns) if (server.store.findUserByUserName(upn)) problems.push(`${upn}: hard-deleted in the source but still in the target`);
  for (const group of directory.groups()) {
    const target = server.store.findGroupByDisplayName(group.displayName);
    if (!target) {
      problems.push(`group ${group.displayName}: missing in the target`);
      continue;
    }
    const members = ((target.members ?? []) as Json[]).map((member) => String(member.value)).sort();
    const expected = group.memberIds.map((id) => targetIdOf(directory.getUser(id)?.userPrincipalName ?? '') ?? `(unprovisioned ${id})`).sort();
    if (JSON.stringify(members) !== JSON.stringify(expected)) problems.push(`group ${group.displayName}: members ${JSON.stringify(members)} != ${JSON.stringify(expected)}`);
  }
  expect(problems).toEqual([]);
  expect(server.store.userCount).toBe(directory.userCount);
  expect(server.store.groupCount).toBe(directory.groupCount);
}

describe.each<Dialect>(['entra', 'entra-compliant'])('a sync against the bundled server (%s dialect)', (dialect) => {
  let server: RunningScimServer;
  let fixture: JobFixture;
  let directory: SourceDirectory;
  const hardDeletedUpns: string[] = [];

  beforeAll(async () => {
    server = await startTarget({ recordRequests: false });
    directory = generatedDirectory(dialect === 'entra' ? 21 : 22, POPULATION);
    fixture = createJobFixture({ baseUrl: server.baseUrl, directory, dialect });
  });

  afterAll(async () => {
    await fixture.client.close();
    await server.close();
  });

  /** Churn that also records the UPNs of users it hard-deletes (they are gone from the source afterwards). */
  function churn(seed: number): { summary: ChurnSummary; groupsLosingDeleted: string[] } {
    const before = new Map(directory.users().map((user) => [user.objectId, user.userPrincipalName]));
    const memberships = directory.groups().map((group) => ({ id: group.objectId, members: [...group.memberIds] }));
    const summary = generateChurn(directory, { seed, fraction: 0.1 });
    for (const id of summary.ids.hardDeleted) hardDeletedUpns.push(before.get(id) ?? id);
    const deleted = new Set(summary.ids.hardDeleted);
    const groupsLosingDeleted = memberships.filter((group) => group.members.some((id) => deleted.has(id))).map((group) => group.id);
    return { summary, groupsLosingDeleted };
  }

  it('logs a successful create for every user and group in the initial cycle', async () => {
    const report = await fixture.job.runCycle();
    expect(report.kind).toBe('initial');
    const entries = entriesOfCycle(fixture.events, 0);
    expect(entries.filter((entry) => entry.provisioningStatusInfo.status !== 'success').map(describeEntry)).toEqual([]);
    const creates = entries.filter((entry) => entry.provisioningAction === 'create').map(key).sort();
    expect(creates).toEqual([...keys('User', 'create', 'create', directory.users().map((u) => u.objectId)), ...keys('Group', 'create', 'create', directory.groups().map((g) => g.objectId))].sort());
    // Managers are linked after every user exists, memberships after every group (docs/entra-behaviour.md#create-user step 5, docs/entra-behaviour.md#initial-cycle).
    const managerLinks = entries.filter((entry) => entry.harness.operation === 'manager').map((entry) => entry.sourceIdentity.id).sort();
    expect(managerLinks).toEqual(directory.users().filter((u) => u.managerId).map((u) => u.objectId).sort());
    const memberships = entries.filter((entry) => entry.harness.operation === 'membership').map((entry) => entry.sourceIdentity.id).sort();
    expect(memberships).toEqual(directory.groups().filter((g) => g.memberIds.length > 0).map((g) => g.objectId).sort());
    expect(entries).toHaveLength(creates.length + managerLinks.length + memberships.length);
  });

  it('logs exactly the churned updates, disables, deletes and membership changes in an incremental cycle', async () => {
    const { summary, groupsLosingDeleted } = churn(101);
    expect(summary.counts.updated + summary.counts.disabled + summary.counts.hardDeleted).toBeGreaterThan(0);
    const report = await fixture.job.runCycle();
    expect(report.kind).toBe('incremental');
    checkCycle(entriesOfCycle(fixture.events, 1), expectFromChurn(summary, groupsLosingDeleted, []));
  });

  it('re-enables, and disables unassigned and soft-deleted users, in the next incremental cycle', async () => {
    const inGroups = new Set(directory.groups().flatMap((group) => group.memberIds));
    const candidates = directory.users().filter((user) => user.accountEnabled && !user.isSoftDeleted && !inGroups.has(user.objectId));
    const [toUnassign, toSoftDelete] = candidates;
    directory.unassign(toUnassign.objectId);
    directory.softDeleteUser(toSoftDelete.objectId);
    const { summary, groupsLosingDeleted } = churn(202);
    expect(summary.counts.enabled).toBeGreaterThan(0);
    await fixture.job.runCycle();
    const extra = [toUnassign.objectId, toSoftDelete.objectId].filter((id) => !summary.ids.hardDeleted.includes(id) && !summary.ids.disabled.includes(id));
    checkCycle(entriesOfCycle(fixture.events, 2), expectFromChurn(summary, groupsLosingDeleted, extra));
  });

  it('leaves the target agreeing with the source', () => {
    checkTargetAgreesWithSource(server, directory, hardDeletedUpns);
  });
});
