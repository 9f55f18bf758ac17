/**
 * Hard deletes: only an object hard-deleted in the source is DELETEd in the target (docs/entra-behaviour.md#hard-delete); custom apps never turn unassignment or disabling into a DELETE.
 */
import { errorInfoFor } from './entra-errors';
import { type IdentityType } from '../contract/log-entry';
import { errorInfo, finishEntry, type JobContext, send, startEntry } from './job-context';
import { importDescription, STEP } from './step-text';
import { resourcePath } from './resource-path';

export async function deleteObject(ctx: JobContext, objectType: IdentityType, sourceId: string, displayName: string): Promise<void> {
  const anchor = ctx.anchors.get(sourceId);
  if (!anchor) return;
  const app = ctx.identity.applicationName;
  const entry = startEntry(ctx, objectType, sourceId, displayName).setTargetId(anchor.targetId);
  entry.step(STEP.import, 'import', 'success', importDescription(objectType, displayName, 'Delete'), { ObjectId: sourceId });
  if (ctx.stagedDeletes.has(sourceId)) {
    entry
      .step(STEP.exportDelete, 'export', 'skipped', `Deleting ${objectType} '${displayName}' is held back: this cycle would disable or delete more objects than the accidental-deletion threshold allows`, {})
      .setAction('stagedDelete', 'delete')
      .skip(errorInfoFor('TooManyDeletes', { objectType }));
    finishEntry(ctx, entry);
    return;
  }
  entry.step(STEP.delete, 'processing', 'success', `${objectType} '${displayName}' will be deleted from ${app} (it was deleted in Microsoft Entra ID)`, {});
  const endpoint = objectType === 'User' ? '/Users' : '/Groups';
  const result = await send(ctx, entry, { method: 'DELETE', path: resourcePath(endpoint, anchor.targetId) }, 'delete');
  entry.setAction('delete', 'delete');
  if (result.failure) {
    entry.step(STEP.exportDelete, 'export', 'failure', `Failed to delete ${objectType} '${displayName}' in ${app}`, { ReportableIdentifier: displayName }).fail(errorInfo(result.failure));
  } else {
    ctx.anchors.delete(sourceId);
    if (objectType === 'User') ctx.anchors.forgetMember(sourceId);
    entry.step(STEP.exportDelete, 'export', 'success', `${objectType} '${displayName}' was deleted from ${app}`, { ReportableIdentifier: displayName }).succeed();
  }
  finishEntry(ctx, entry);
}
