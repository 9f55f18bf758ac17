/**
 * One group through one cycle (docs/entra-behaviour.md#groups): matched by displayName with
 * `excludedAttributes=members`, created with an empty member list, renamed by PATCH. Members
 * are the reference pass's job; a group read that returns members anyway is Entra's
 * SystemForCrossDomainIdentityManagementMultipleEntriesInResponse.
 */
import { errorInfoFor } from './entra-errors';
import { type AttributeChange, type TargetView } from '../mapping/mapping-types';
import { diffViews } from '../mapping/diff';
import { toModifiedProperties } from '../mapping/patch-builder';
import { matchingValues, projectGroup } from '../mapping/project';
import { viewFromResource } from '../mapping/resource-view';
import { evaluateScope } from '../mapping/scoping';
import { type SourceGroup } from '../source/source-types';
import { type EntryBuilder } from './entry-builder';
import { matchInTarget } from './match-in-target';
import { errorInfo, finishEntry, importSteps, type JobContext, send, startEntry } from './job-context';
import { projectionContext } from './projection-context';
import { type ScimResource } from '../profiles/client-profile';
import { type ChangeType, exportDetails, SCOPING_DESCRIPTION, STEP } from './step-text';
import { resourcePath, unusableIdReason } from './resource-path';
import { queryEncodingOf } from './query-encoding';

export async function processGroup(ctx: JobContext, groupId: string, change: ChangeType): Promise<void> {
  const group = ctx.directory.getGroup(groupId);
  if (!group) return;
  ctx.counters.groupsProcessed += 1;
  const name = group.displayName || group.objectId;
  const entry = startEntry(ctx, 'Group', group.objectId, name);
  importSteps(ctx, entry, 'Group', group.objectId, name, change, { ObjectId: group.objectId, DisplayName: group.displayName });
  const scope = evaluateScope(group, ctx.mapping, ctx.directory);
  const anchor = ctx.anchors.get(group.objectId);
  const desired = projectGroup(group, projectionContext(ctx), !anchor);
  const matching = matchingValues(desired, ctx.mapping.groups);
  if (!anchor && matching.length === 0) {
    entry.setAction('other', 'none').skip(errorInfoFor('ImportSkipped', { objectType: 'Group', identifier: group.objectId }));
    finishEntry(ctx, entry);
    return;
  }
  entry.step(STEP.scoping, 'scoping', scope.inScope ? 'success' : 'skipped', SCOPING_DESCRIPTION('Group'), scope.details);
  if (!scope.inScope) {
    entry
      .step(STEP.skip, 'export', 'skipped', `Group '${name}' is out of scope`, { SkipReason: 'NotEffectivelyEntitled' })
      .setAction('other', 'none')
      .skip(errorInfoFor('EntrySynchronizationSkipped', { objectType: 'Group', skipReason: 'NotEffectivelyEntitled' }));
    if (anchor) entry.setTargetId(anchor.targetId);
    finishEntry(ctx, entry);
    return;
  }
  if (!anchor && matching.some((m) => ctx.isDuplicateSource('Group', String(m.value)))) {
    entry.setAction('other', 'match').fail(errorInfoFor('DuplicateSourceEntries', { objectType: 'Group', matchingAttribute: matching[0].path, matchingValue: String(matching[0].value) }));
    finishEntry(ctx, entry);
    return;
  }
  if (anchor) {
    entry.setTargetId(anchor.targetId);
    const readQuery = ctx.profile.readQuery('Group');
    const read = await send(ctx, entry, { method: 'GET', path: resourcePath('/Groups', anchor.targetId), ...(readQuery ? { query: readQuery, ...queryEncodingOf(ctx.profile) } : {}) }, 'read');
    if (read.failure) {
      entry.step(STEP.import, 'matching', 'failure', `Failed to retrieve Group '${name}' from ${ctx.identity.applicationName}`, { TargetId: anchor.targetId }).setAction('update', 'update').fail(errorInfo(read.failure));
      finishEntry(ctx, entry);
      return;
    }
    const resource = ctx.profile.responses.resource(read.exchange.response?.body) ?? {};
    if (returnedMembers(ctx, entry, name, resource)) return;
    entry.step(STEP.import, 'matching', 'success', `Retrieved Group '${name}' from ${ctx.identity.applicationName}`, { TargetId: anchor.targetId });
    await exportGroupDifferences(ctx, entry, name, anchor.targetId, viewFromResource(resource, ctx.mapping.groups), desired);
    return;
  }
  await matchOrCreateGroup(ctx, entry, group, name, desired, matching);
}

async function matchOrCreateGroup(ctx: JobContext, entry: EntryBuilder, group: SourceGroup, name: string, desired: TargetView, matching: readonly { path: string; value: string | boolean }[]): Promise<void> {
  const app = ctx.identity.applicationName;
  const match = await matchInTarget(ctx, entry, 'Group', name, matching);
  if (match.kind === 'finished') return;
  if (match.kind === 'matched') {
    const { resource, path } = match;
    if (returnedMembers(ctx, entry, name, resource)) return;
    const id = ctx.profile.responses.resourceId(resource);
    const unusable = id === undefined ? undefined : unusableIdReason(id);
    if (!id || unusable !== undefined) {
      entry.setAction('other', 'match').fail(errorInfoFor('SystemForCrossDomainIdentityManagementServiceIncompatible', { objectType: 'Group', message: unusable !== undefined ? `a matched resource's id cannot address it (RFC 7643 §3.1): ${unusable}` : 'a matched resource carried no id' }));
      finishEntry(ctx, entry);
      return;
    }
    // Members already in the target are unknown (reads exclude them); the reference pass adds all.
    ctx.anchors.set(group.objectId, { objectType: 'Group', targetId: id, active: true, createdByJob: false });
    entry.setTargetId(id).step(STEP.import, 'matching', 'success', `Retrieved Group '${name}' from ${app}`, { MatchingAttribute: path, TargetId: id });
    await exportGroupDifferences(ctx, entry, name, id, viewFromResource(resource, ctx.mapping.groups), desired);
    return;
  }
  const view = projectGroup(group, projectionContext(ctx), true);
  entry.step(STEP.add, 'matching', 'success', `Group '${name}' will be created in ${app} (Group is active and assigned in Microsoft Entra ID, but no matching Group was found in ${app})`, {});
  const result = await send(ctx, entry, { method: 'POST', path: '/Groups', body: ctx.profile.createBody('Group', view, ctx.mapping.groups) }, 'create');
  entry.setAction('create', 'create').setModifiedProperties(toModifiedProperties(Object.entries(view).filter(([, v]) => v !== null).map(([path, v]) => ({ path, oldValue: null, newValue: v }))));
  const id = ctx.profile.responses.resourceId(ctx.profile.responses.resource(result.exchange.response?.body));
  // An id that is not one path segment would send every later request for this group elsewhere.
  const unusable = id === undefined ? undefined : unusableIdReason(id);
  if (result.failure || !id || unusable !== undefined) {
    entry.step(STEP.exportAdd, 'export', 'failure', `Failed to create Group '${name}' in ${app}`, exportDetails(name, view));
    entry.fail(result.failure ? errorInfo(result.failure) : errorInfoFor('SystemForCrossDomainIdentityManagementServiceIncompatible', { objectType: 'Group', message: unusable !== undefined ? `the create response's id cannot address the resource it created (RFC 7643 §3.1): ${unusable}; the object stays in the target, unreachable by that id` : 'the create response carried no id' }));
    finishEntry(ctx, entry);
    return;
  }
  // "Groups are created with an empty members list" (docs/entra-behaviour.md#groups).
  ctx.anchors.set(group.objectId, { objectType: 'Group', targetId: id, active: true, createdByJob: true, members: new Set() });
  entry.setTargetId(id).step(STEP.exportAdd, 'export', 'success', `Group '${name}' was created in ${app}`, exportDetails(name, view)).succeed();
  finishEntry(ctx, entry);
}

async function exportGroupDifferences(ctx: JobContext, entry: EntryBuilder, name: string, targetId: string, current: TargetView, desired: TargetView): Promise<void> {
  const app = ctx.identity.applicationName;
  const changes: AttributeChange[] = diffViews(current, desired, { ignore: ['members'] });
  const patch = ctx.profile.updatePatch(changes);
  if (!patch) {
    entry
      .step(STEP.skip, 'export', 'skipped', `The state of the Group '${name}' in both the source and target systems already match.`, { SkipReason: 'RedundantExport' })
      .setAction('other', 'none')
      .skip(errorInfoFor('EntrySynchronizationSkipped', { objectType: 'Group', skipReason: 'RedundantExport' }));
    finishEntry(ctx, entry);
    return;
  }
  entry.step(STEP.update, 'processing', 'success', `Group '${name}' will be updated in ${app}`, {}).setAction('update', 'update').setModifiedProperties(toModifiedProperties(changes));
  const result = await send(ctx, entry, { method: 'PATCH', path: resourcePath('/Groups', targetId), body: patch }, 'update');
  if (result.failure) {
    entry.step(STEP.exportUpdate, 'export', 'failure', `Failed to update Group '${name}' in ${app}`, exportDetails(name, desired)).fail(errorInfo(result.failure));
  } else {
    entry.step(STEP.exportUpdate, 'export', 'success', `Group '${name}' was updated in ${app}`, exportDetails(name, Object.fromEntries(changes.map((c) => [c.path, c.newValue])))).succeed();
  }
  finishEntry(ctx, entry);
}

/**
 * A group read must honour excludedAttributes=members (docs/entra-behaviour.md#groups, docs/entra-behaviour.md#error-codes). Judged only for a
 * profile whose group reads exclude members (its reads and matches exclude alike).
 */
function returnedMembers(ctx: JobContext, entry: EntryBuilder, name: string, resource: ScimResource): boolean {
  const excluded = ctx.profile.readQuery('Group')?.excludedAttributes ?? '';
  if (!excluded.split(',').some((attribute) => attribute.trim().toLowerCase() === 'members')) return false;
  const members = resource.members;
  if (!Array.isArray(members) || members.length === 0) return false;
  entry
    .step(STEP.import, 'matching', 'failure', `Group '${name}' was returned with ${members.length} members although the request excluded members`, { ExcludedAttributes: 'members' })
    .setAction('other', 'match')
    .fail(errorInfoFor('SystemForCrossDomainIdentityManagementMultipleEntriesInResponse', { objectType: 'Group', count: members.length }));
  finishEntry(ctx, entry);
  return true;
}
