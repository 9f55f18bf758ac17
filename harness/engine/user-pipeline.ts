/**
 * One user through one cycle, as Entra processes it (docs/entra-behaviour.md#entra-requests, docs/entra-behaviour.md#initial-cycle, docs/entra-behaviour.md#incremental-cycles, docs/entra-behaviour.md#matching):
 * import ─► scoping ─► matching (by filter, in precedence order, only when not anchored)
 * ─► determine action ─► export (POST, PATCH, or the soft-delete PATCH of `active`).
 * Hard deletes are the delete pass's job (delete-pass.ts); manager links that are not
 * resolvable yet are the reference pass's (reference-pass.ts).
 */
import { errorInfoFor } from './entra-errors';
import { type AttributeChange, type TargetView } from '../mapping/mapping-types';
import { diffViews } from '../mapping/diff';
import { toModifiedProperties } from '../mapping/patch-builder';
import { matchingValues, projectUser } from '../mapping/project';
import { viewFromResource } from '../mapping/resource-view';
import { evaluateScope } from '../mapping/scoping';
import { type SourceUser } from '../source/source-types';
import { type EntryBuilder, SOURCE_SYSTEM_NAME } from './entry-builder';
import { matchInTarget } from './match-in-target';
import { errorInfo, finishEntry, importSteps, type JobContext, send, startEntry } from './job-context';
import { type ScimResource } from '../profiles/client-profile';
import { type ChangeType, exportDetails, SCOPING_DESCRIPTION, STEP } from './step-text';
import { MANAGER_PATH, isUserSoftDeleted, managerTargetId, projectionContext } from './projection-context';
import { queryEncodingOf } from './query-encoding';
import { resourcePath, unusableIdReason } from './resource-path';

export async function processUser(ctx: JobContext, userId: string, change: ChangeType): Promise<void> {
  const user = ctx.directory.getUser(userId);
  if (!user) return;
  ctx.counters.usersProcessed += 1;
  const name = user.userPrincipalName || user.displayName || user.objectId;
  const entry = startEntry(ctx, 'User', user.objectId, user.displayName || name);
  importSteps(ctx, entry, 'User', user.objectId, name, change, { ObjectId: user.objectId, UserPrincipalName: user.userPrincipalName });

  const scope = evaluateScope(user, ctx.mapping, ctx.directory);
  const anchor = ctx.anchors.get(user.objectId);
  const desired = projectUser(user, projectionContext(ctx), !anchor);
  const matching = matchingValues(desired, ctx.mapping.users);

  // Every user needs a value for a matching attribute, or it cannot be evaluated at all (docs/entra-behaviour.md#matching).
  if (!anchor && matching.length === 0) {
    entry.setAction('other', 'none').skip(errorInfoFor('ImportSkipped', { objectType: 'User', identifier: user.objectId }));
    finishEntry(ctx, entry);
    return;
  }
  entry.step(STEP.scoping, 'scoping', scope.inScope ? 'success' : 'skipped', SCOPING_DESCRIPTION('User'), scope.details);

  if (!scope.inScope || isUserSoftDeleted(user)) {
    await leaveScope(ctx, entry, user, name, scope.inScope);
    return;
  }
  if (!anchor && matching.some((m) => ctx.isDuplicateSource('User', String(m.value)))) {
    entry.setAction('other', 'match').fail(errorInfoFor('DuplicateSourceEntries', { objectType: 'User', matchingAttribute: matching[0].path, matchingValue: String(matching[0].value) }));
    finishEntry(ctx, entry);
    return;
  }

  if (anchor) {
    await updateAnchoredUser(ctx, entry, user, name, anchor.targetId, desired);
  } else {
    await matchOrCreateUser(ctx, entry, user, name, desired, matching);
  }
}

/** Out of scope, unassigned, blocked from sign-in or soft-deleted: a disable, never a DELETE (docs/entra-behaviour.md#disable-enable). */
async function leaveScope(ctx: JobContext, entry: EntryBuilder, user: SourceUser, name: string, inScope: boolean): Promise<void> {
  const anchor = ctx.anchors.get(user.objectId);
  if (!anchor) {
    // Disabled Entra users are not provisioned (docs/entra-behaviour.md#matching); unassigned ones are simply not entitled.
    entry
      .step(STEP.skip, 'export', 'skipped', `User '${name}' will not be provisioned: ${inScope ? 'it is not active in the source system' : 'it is out of scope'}`, {
        SkipReason: 'NotEffectivelyEntitled',
      })
      .setAction('other', 'none')
      .skip(errorInfoFor('EntrySynchronizationSkipped', { objectType: 'User', skipReason: 'NotEffectivelyEntitled', message: inScope ? 'The user is not active in the source system.' : 'The user is out of scope.' }));
    finishEntry(ctx, entry);
    return;
  }
  entry.setTargetId(anchor.targetId);
  if (!anchor.active) {
    entry.step(STEP.skip, 'export', 'skipped', `User '${name}' is already disabled in ${ctx.identity.applicationName}`, { SkipReason: 'RedundantExport' }).setAction('other', 'none').skip(null);
    finishEntry(ctx, entry);
    return;
  }
  if (ctx.stagedDeletes.has(user.objectId)) {
    entry
      .step(STEP.exportSoftDelete, 'export', 'skipped', `Disabling User '${name}' is held back: this cycle would disable or delete more objects than the accidental-deletion threshold allows`, {})
      .setAction('stagedDelete', 'disable')
      .skip(errorInfoFor('TooManyDeletes', { objectType: 'User' }));
    finishEntry(ctx, entry);
    return;
  }
  entry.step(STEP.update, 'processing', 'success', `User '${name}' will be disabled in ${ctx.identity.applicationName} (User is not active or not assigned in ${SOURCE_SYSTEM_NAME})`, {});
  const result = await send(ctx, entry, { method: 'PATCH', path: resourcePath('/Users', anchor.targetId), body: ctx.profile.activePatch(false) }, 'disable');
  entry.setAction('disable', 'disable').setModifiedProperties(toModifiedProperties([{ path: 'active', oldValue: true, newValue: false }]));
  if (result.failure) {
    entry.step(STEP.exportSoftDelete, 'export', 'failure', `Failed to disable User '${name}' in ${ctx.identity.applicationName}`, { ReportableIdentifier: name }).fail(errorInfo(result.failure));
  } else {
    anchor.active = false;
    entry.step(STEP.exportSoftDelete, 'export', 'success', `User '${name}' was disabled in ${ctx.identity.applicationName}`, { ReportableIdentifier: name, active: 'False' }).succeed();
  }
  finishEntry(ctx, entry);
}

/** Matching: one filter query per matching attribute in precedence order; the first hit wins (docs/entra-behaviour.md#matching). */
async function matchOrCreateUser(ctx: JobContext, entry: EntryBuilder, user: SourceUser, name: string, desired: TargetView, matching: readonly { path: string; value: string | boolean }[]): Promise<void> {
  const match = await matchInTarget(ctx, entry, 'User', name, matching);
  if (match.kind === 'finished') return;
  if (match.kind === 'matched') {
    await adoptMatchedUser(ctx, entry, user, name, desired, match.resource, match.path);
    return;
  }
  await createUser(ctx, entry, user, name);
}

async function createUser(ctx: JobContext, entry: EntryBuilder, user: SourceUser, name: string): Promise<void> {
  const app = ctx.identity.applicationName;
  const view = projectUser(user, projectionContext(ctx), true);
  entry.step(STEP.add, 'matching', 'success', `User '${name}' will be created in ${app} (User is active and assigned in Microsoft Entra ID, but no matching User was found in ${app})`, {});
  const body = ctx.profile.createBody('User', view, ctx.mapping.users);
  const result = await send(ctx, entry, { method: 'POST', path: '/Users', body }, 'create');
  entry.setAction('create', 'create').setModifiedProperties(toModifiedProperties(createdChanges(view)));
  const id = ctx.profile.responses.resourceId(ctx.profile.responses.resource(result.exchange.response?.body));
  // An id that is not one path segment would send every later request for this user elsewhere.
  const unusable = id === undefined ? undefined : unusableIdReason(id);
  if (result.failure || !id || unusable !== undefined) {
    entry.step(STEP.exportAdd, 'export', 'failure', `Failed to create User '${name}' in ${app}`, exportDetails(name, view));
    entry.fail(result.failure ? errorInfo(result.failure) : errorInfoFor('SystemForCrossDomainIdentityManagementServiceIncompatible', { objectType: 'User', message: unusable !== undefined ? `the create response's id cannot address the resource it created (RFC 7643 §3.1): ${unusable}; the object stays in the target, unreachable by that id` : 'the create response carried no id' }));
    finishEntry(ctx, entry);
    return;
  }
  ctx.anchors.set(user.objectId, { objectType: 'User', targetId: id, active: true, createdByJob: true });
  entry.setTargetId(id).step(STEP.exportAdd, 'export', 'success', `User '${name}' was created in ${app}`, exportDetails(name, view)).succeed();
  finishEntry(ctx, entry);
}

async function adoptMatchedUser(ctx: JobContext, entry: EntryBuilder, user: SourceUser, name: string, desired: TargetView, resource: ScimResource, matchedOn: string): Promise<void> {
  const id = ctx.profile.responses.resourceId(resource);
  const unusable = id === undefined ? undefined : unusableIdReason(id);
  if (!id || unusable !== undefined) {
    entry
      .step(STEP.import, 'matching', 'failure', `Failed to match an entry in the source and target systems: the matching User has ${unusable === undefined ? 'no id' : 'an id that cannot address it'}`, { MatchingAttribute: matchedOn })
      .setAction('other', 'match')
      .fail(errorInfoFor('SystemForCrossDomainIdentityManagementServiceIncompatible', { objectType: 'User', message: unusable !== undefined ? `a matched resource's id cannot address it (RFC 7643 §3.1): ${unusable}` : 'a matched resource carried no id' }));
    finishEntry(ctx, entry);
    return;
  }
  const current = viewFromResource(resource, ctx.mapping.users);
  ctx.anchors.set(user.objectId, { objectType: 'User', targetId: id, active: current.active !== false, createdByJob: false });
  entry.setTargetId(id).step(STEP.import, 'matching', 'success', `Retrieved User '${name}' from ${ctx.identity.applicationName}`, { MatchingAttribute: matchedOn, TargetId: id });
  await exportDifferences(ctx, entry, user, name, id, current, desired);
}

/** Anchored: read the current state by id (a 404 means the anchor is gone: InvalidAnchor), then update what differs. */
async function updateAnchoredUser(ctx: JobContext, entry: EntryBuilder, user: SourceUser, name: string, targetId: string, desired: TargetView): Promise<void> {
  entry.setTargetId(targetId);
  const readQuery = ctx.profile.readQuery('User');
  const read = await send(ctx, entry, { method: 'GET', path: resourcePath('/Users', targetId), ...(readQuery ? { query: readQuery, ...queryEncodingOf(ctx.profile) } : {}) }, 'read');
  if (read.failure) {
    entry.step(STEP.import, 'matching', 'failure', `Failed to retrieve User '${name}' from ${ctx.identity.applicationName}`, { TargetId: targetId }).setAction('update', 'update').fail(errorInfo(read.failure));
    finishEntry(ctx, entry);
    return;
  }
  const current = viewFromResource(ctx.profile.responses.resource(read.exchange.response?.body) ?? {}, ctx.mapping.users);
  entry.step(STEP.import, 'matching', 'success', `Retrieved User '${name}' from ${ctx.identity.applicationName}`, { TargetId: targetId });
  await exportDifferences(ctx, entry, user, name, targetId, current, desired);
}

/**
 * Determine action and export: an update PATCH for changed attributes (in the profile's
 * shape), the re-enable PATCH of `active`, and the manager when its target id is known now.
 * Nothing differs: skipped with SkipReason RedundantExport (docs/entra-behaviour.md#error-codes).
 */
async function exportDifferences(ctx: JobContext, entry: EntryBuilder, user: SourceUser, name: string, targetId: string, current: TargetView, desired: TargetView): Promise<void> {
  const app = ctx.identity.applicationName;
  const anchor = ctx.anchors.get(user.objectId);
  // Only the changes the profile exports count: Entra's profiles send nothing for an attribute
  // cleared in the source (the target keeps its old value), so an object with nothing else to
  // export is skipped as RedundantExport and the clear is not logged as a change (docs/entra-behaviour.md#attribute-clearing).
  const changes = diffViews(current, desired, { ignore: ['active', MANAGER_PATH] }).filter((c) => ctx.profile.updatePatch([c]) !== null);
  const reEnable = current.active === false;
  const wantedManager = managerTargetId(ctx, user);
  // A manager whose own anchor is not known yet is linked by the reference pass after all users.
  const managerChange = wantedManager !== undefined && (current[MANAGER_PATH] ?? null) !== wantedManager;
  if (changes.length === 0 && !reEnable && !managerChange) {
    if (anchor && wantedManager !== undefined) anchor.managerTargetId = wantedManager;
    entry
      .step(STEP.skip, 'export', 'skipped', `The state of the User '${name}' in both the source and target systems already match.`, { SkipReason: 'RedundantExport' })
      .setAction('other', 'none')
      .skip(errorInfoFor('EntrySynchronizationSkipped', { objectType: 'User', skipReason: 'RedundantExport' }));
    finishEntry(ctx, entry);
    return;
  }
  entry.step(STEP.update, 'processing', 'success', `User '${name}' will be updated in ${app}`, {});
  entry.setAction('update', 'update');
  const all: AttributeChange[] = [...changes];
  const path = resourcePath('/Users', targetId);
  const patches: { body: unknown; purpose: 'update' | 'enable' | 'manager' }[] = [];
  if (reEnable) {
    // Re-enable is the same PATCH of `active`, never a new POST (docs/entra-behaviour.md#disable-enable).
    all.push({ path: 'active', oldValue: false, newValue: true });
    patches.push({ body: ctx.profile.activePatch(true), purpose: 'enable' });
  }
  const update = ctx.profile.updatePatch(changes);
  if (update) patches.push({ body: update, purpose: 'update' });
  if (managerChange) {
    all.push({ path: MANAGER_PATH, oldValue: current[MANAGER_PATH] ?? null, newValue: wantedManager });
    patches.push({ body: ctx.profile.managerPatch(wantedManager, Boolean(current[MANAGER_PATH])), purpose: 'manager' });
  }
  entry.setModifiedProperties(toModifiedProperties(all));
  for (const patch of patches) {
    const result = await send(ctx, entry, { method: 'PATCH', path, body: patch.body }, patch.purpose);
    if (result.failure) {
      entry.step(STEP.exportUpdate, 'export', 'failure', `Failed to update User '${name}' in ${app}`, exportDetails(name, desired)).fail(errorInfo(result.failure), patch.purpose === 'manager');
      finishEntry(ctx, entry, patch.purpose === 'manager');
      return;
    }
  }
  if (anchor) {
    if (reEnable) anchor.active = true;
    if (managerChange) anchor.managerTargetId = wantedManager;
  }
  entry.step(STEP.exportUpdate, 'export', 'success', `User '${name}' was updated in ${app}`, exportDetails(name, Object.fromEntries(all.map((c) => [c.path, c.newValue])))).succeed();
  finishEntry(ctx, entry);
}

function createdChanges(view: TargetView): AttributeChange[] {
  return Object.entries(view)
    .filter(([, value]) => value !== null)
    .map(([path, value]) => ({ path, oldValue: null, newValue: value }));
}
