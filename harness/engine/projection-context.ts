/**
 * How the engine answers the mapping's questions about the source: Entra's computed
 * IsSoftDeleted, and references (manager, members) resolved to cached target ids.
 */
import { MANAGER_PATH } from '../mapping/attribute-path';
import { type ProjectionContext } from '../mapping/project';
import { computedIsSoftDeleted } from '../mapping/source-attributes';
import { type SourceUser } from '../source/source-types';
import { type JobContext } from './job-context';

export { MANAGER_PATH };

/** IsSoftDeleted is true for a user in the recycle bin or blocked from sign-in (docs/entra-behaviour.md#disable-enable). */
export const isUserSoftDeleted = computedIsSoftDeleted;

export function projectionContext(ctx: Pick<JobContext, 'anchors' | 'mapping'>): ProjectionContext {
  return {
    isSoftDeleted: computedIsSoftDeleted,
    resolveReference: (sourceObjectId) => ctx.anchors.get(sourceObjectId)?.targetId ?? null,
    mapping: ctx.mapping,
  };
}

/**
 * The manager's target id as it should be exported: null when the user has no manager,
 * undefined when the manager exists but is not provisioned yet (linked later by the reference pass).
 */
export function managerTargetId(ctx: Pick<JobContext, 'anchors'>, user: SourceUser): string | null | undefined {
  if (!user.managerId) return null;
  return ctx.anchors.get(user.managerId)?.targetId;
}
