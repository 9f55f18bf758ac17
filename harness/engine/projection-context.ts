/**
 * How the engine answers the mapping's questions about the source: Entra's computed
 * IsSoftDeleted, and references (manager, members) resolved to cached target ids.
 */
import { type SourceUser } from '../source/source-types';
import { type JobContext } from './job-context';

export const MANAGER_PATH = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager';

/** IsSoftDeleted is true for a user in the recycle bin or blocked from sign-in (reference §1.6). */
export function isUserSoftDeleted(_ctx: Pick<JobContext, 'directory'>, user: SourceUser): boolean {
  return Boolean(user.isSoftDeleted) || !user.accountEnabled;
}

export function projectionContext(ctx: Pick<JobContext, 'anchors' | 'directory'>): {
  isSoftDeleted: (user: SourceUser) => boolean;
  resolveReference: (sourceObjectId: string) => string | null;
} {
  return {
    isSoftDeleted: (user) => isUserSoftDeleted(ctx, user),
    resolveReference: (sourceObjectId) => ctx.anchors.get(sourceObjectId)?.targetId ?? null,
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
