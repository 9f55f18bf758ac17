/**
 * References after objects: "the service provisions the user and then updates the manager", and
 * "users and groups synced, then memberships" (docs/entra-behaviour.md#create-user step 5, docs/entra-behaviour.md#initial-cycle). A reference that
 * cannot be resolved or written is a reference failure, counted apart by the escrow thresholds
 * (docs/entra-behaviour.md#quarantine-triggers).
 */
import { errorInfoFor } from './entra-errors';
import { toModifiedProperties } from '../mapping/patch-builder';
import { evaluateScope } from '../mapping/scoping';
import { escrowKey } from './escrow';
import { errorInfo, finishEntry, type JobContext, send, startEntry } from './job-context';
import { MANAGER_PATH, isUserSoftDeleted, managerTargetId } from './projection-context';
import { STEP } from './step-text';
import { resourcePath } from './resource-path';

/** Links managers of the given users where the exported link differs from the source. */
export async function linkManager(ctx: JobContext, userId: string): Promise<void> {
  const user = ctx.directory.getUser(userId);
  const anchor = ctx.anchors.get(userId);
  if (!user || !anchor || !anchor.active || isUserSoftDeleted(user)) return;
  const wanted = managerTargetId(ctx, user);
  const retrying = ctx.escrows.get(escrowKey('User', userId, true)) !== undefined;
  // Never exported and no manager wanted: the create carried none, nothing to do.
  if (wanted === anchor.managerTargetId || (wanted === null && anchor.managerTargetId === undefined)) {
    if (retrying) ctx.escrows.noteSuccess('User', userId, true);
    return;
  }
  const name = user.userPrincipalName || user.displayName;
  const entry = startEntry(ctx, 'User', user.objectId, user.displayName || name).setTargetId(anchor.targetId).setAction('update', 'manager');
  if (wanted === undefined) {
    const manager = user.managerId ? ctx.directory.getUser(user.managerId) : undefined;
    const managerInScope = manager ? evaluateScope(manager, ctx.mapping, ctx.directory).inScope : false;
    if (!managerInScope) return; // A manager outside the scope is never provisioned: nothing to link.
    entry
      .step(STEP.reference, 'referenceResolution', 'failure', `UnableToResolveReferenceAttributeValue: the manager '${manager?.userPrincipalName ?? user.managerId}' of User '${name}' has not been provisioned`, {
        ReferenceAttribute: 'manager',
        ReferencedObjectId: user.managerId ?? '',
      })
      .fail(errorInfoFor('UnableToResolveReferenceAttributeValue', { objectType: 'User', identifier: name, message: `The manager (source object ${user.managerId ?? ''}) has not been provisioned.` }), true);
    finishEntry(ctx, entry, true);
    return;
  }
  entry.step(STEP.reference, 'referenceResolution', 'success', `Resolved the manager of User '${name}'`, { ReferenceAttribute: 'manager' });
  entry.setModifiedProperties(toModifiedProperties([{ path: MANAGER_PATH, oldValue: anchor.managerTargetId ?? null, newValue: wanted }]));
  const result = await send(ctx, entry, { method: 'PATCH', path: resourcePath('/Users', anchor.targetId), body: ctx.profile.managerPatch(wanted, Boolean(anchor.managerTargetId)) }, 'manager');
  if (result.failure) {
    entry.step(STEP.exportUpdate, 'export', 'failure', `Failed to update the manager of User '${name}' in ${ctx.identity.applicationName}`, { ReportableIdentifier: name }).fail(errorInfo(result.failure), true);
  } else {
    anchor.managerTargetId = wanted;
    entry.step(STEP.exportUpdate, 'export', 'success', `Updated the manager of User '${name}' in ${ctx.identity.applicationName}`, { ReportableIdentifier: name }).succeed();
  }
  finishEntry(ctx, entry, true);
}

/**
 * Brings a group's members in line with the source: several members per PATCH ("Support
 * updating multiple group memberships with a single PATCH"), add and remove in the profile's form.
 */
export async function syncMembers(ctx: JobContext, groupId: string): Promise<void> {
  const group = ctx.directory.getGroup(groupId);
  const anchor = ctx.anchors.get(groupId);
  if (!group || !anchor) return;
  const exported = anchor.members ?? new Set<string>();
  const wanted = new Set<string>();
  const unresolved: string[] = [];
  for (const memberId of group.memberIds) {
    // A member not in scope is skipped (docs/entra-behaviour.md#group-members); one in scope but not provisioned is a reference failure.
    if (!ctx.userScope.inScope(memberId)) continue;
    if (ctx.anchors.get(memberId)) wanted.add(memberId);
    else unresolved.push(memberId);
  }
  const add = [...wanted].filter((id) => !exported.has(id));
  const remove = [...exported].filter((id) => !wanted.has(id));
  const retrying = ctx.escrows.get(escrowKey('Group', groupId, true)) !== undefined;
  if (add.length === 0 && remove.length === 0 && unresolved.length === 0) {
    if (retrying) ctx.escrows.noteSuccess('Group', groupId, true);
    return;
  }
  const name = group.displayName;
  const entry = startEntry(ctx, 'Group', group.objectId, name).setTargetId(anchor.targetId).setAction('update', 'membership');
  entry.setModifiedProperties([
    ...(add.length ? [{ displayName: 'members', oldValue: null, newValue: add.map((id) => ctx.anchors.get(id)?.targetId).join(',') }] : []),
    ...(remove.length ? [{ displayName: 'members', oldValue: remove.map((id) => ctx.anchors.get(id)?.targetId ?? id).join(','), newValue: null }] : []),
  ]);
  const targetIds = (ids: string[]): string[] => ids.map((id) => ctx.anchors.get(id)?.targetId).filter((id): id is string => Boolean(id));
  const patches = ctx.profile.memberPatches(targetIds(add), targetIds(remove));
  for (const patch of patches) {
    const result = await send(ctx, entry, { method: 'PATCH', path: resourcePath('/Groups', anchor.targetId), body: patch }, 'membership');
    if (result.failure) {
      entry.step(STEP.exportUpdate, 'export', 'failure', `We were unable to assign members of ${name}.`, { ReportableIdentifier: name }).fail(errorInfo(result.failure), true);
      finishEntry(ctx, entry, true);
      return;
    }
  }
  const members = anchor.members ?? new Set<string>();
  for (const id of add) members.add(id);
  for (const id of remove) members.delete(id);
  anchor.members = members;
  if (unresolved.length > 0) {
    entry
      .step(STEP.reference, 'referenceResolution', 'failure', `We were unable to assign ${unresolved.join(', ')} as the members of ${name}.`, { ReferenceAttribute: 'members', UnresolvedCount: String(unresolved.length) })
      .fail(errorInfoFor('UnableToResolveReferenceAttributeValue', { objectType: 'Group', identifier: name, message: `Members not provisioned: ${unresolved.join(', ')}.` }), true);
  } else {
    entry.step(STEP.exportUpdate, 'export', 'success', `Updated the members of Group '${name}' in ${ctx.identity.applicationName}`, { ReportableIdentifier: name, MembersAdded: String(add.length), MembersRemoved: String(remove.length) }).succeed();
  }
  finishEntry(ctx, entry, true);
}
