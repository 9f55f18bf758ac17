/**
 * Leaves the target as it was found: every object on the list is deleted, groups first (so
 * memberships go with them, before their users), and nothing else — an object a job matched but
 * did not create is never on the list. Whatever cannot be removed is named, once, so nobody has
 * to hunt for it. The one routine behind a scenario's cleanup and the run's.
 */
import { resourcePath } from './resource-path';
import { type ExchangeSender } from '../contract/target-client';
import { type AnchorStore } from './anchors';
import { forEachConcurrently } from './pool';

/** A resource to delete; `forget` tells its owner it is gone, so no later cleanup tries again. */
export interface CleanupTarget {
  readonly path: string;
  readonly forget?: () => void;
}

export interface CleanupResult {
  readonly deleted: number;
  readonly leftBehind: readonly string[];
}

export interface CleanupHost {
  /** Sends each DELETE; the recording client records it as cleanup (with the scenario it belongs to). */
  readonly client: Pick<ExchangeSender, 'send'>;
  readonly concurrency: number;
  /** True while the target stalls: a stalled target is not waited on once per object. */
  readonly stalling: () => boolean;
  /** Says what was left behind (once per cleanup, never when everything went). */
  readonly warn: (message: string) => void;
}

/** The objects a job created and has not deleted, of one type: walked, never listed, so a large run stays flat. */
export function* createdTargets(anchors: Pick<AnchorStore, 'createdObjects'>, objectType: 'User' | 'Group'): Generator<CleanupTarget, void, undefined> {
  for (const created of anchors.createdObjects(objectType)) {
    yield { path: resourcePath(objectType === 'Group' ? '/Groups' : '/Users', created.targetId), forget: created.forget };
  }
}

/**
 * Deletes the groups, then the users. `scope` names whose objects they are ("s1", or nothing for
 * the run) in the warning.
 */
export async function deleteTargets(host: CleanupHost, groups: Iterable<CleanupTarget>, users: Iterable<CleanupTarget>, scope?: string): Promise<CleanupResult> {
  const leftBehind: string[] = [];
  let deleted = 0;
  for (const targets of [groups, users]) {
    await forEachConcurrently(targets, host.concurrency, async ({ path, forget }) => {
      // A target that stalls again is not waited on once per object: cleanup stays bounded (the
      // run's cleanup tries again what a scenario's left, if the target answers by then).
      if (host.stalling()) {
        leftBehind.push(`${path} (not attempted: the target stalls)`);
        return;
      }
      const exchange = await host.client.send({ method: 'DELETE', path });
      const status = exchange.response?.status;
      // 404: already gone (the scenario deleted it, or the target did); either way nothing is left.
      if (status !== undefined && ((status >= 200 && status < 300) || status === 404)) {
        deleted += 1;
        forget?.();
      } else {
        leftBehind.push(`${path} (${status ?? exchange.error?.kind ?? 'no response'})`);
      }
    });
  }
  if (leftBehind.length > 0) {
    const what = scope ? `${scope}: cleanup could not remove ${leftBehind.length} object(s) the scenario created` : `Cleanup could not remove ${leftBehind.length} object(s) the run created`;
    host.warn(`${what}: ${leftBehind.slice(0, 20).join(', ')}${leftBehind.length > 20 ? ', …' : ''}`);
  }
  return { deleted, leftBehind };
}
