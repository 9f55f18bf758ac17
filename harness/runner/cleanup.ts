/**
 * Leaves the target as the run found it: every object the job created is deleted (groups first,
 * so memberships go with them), and only those — an object the job matched but did not create
 * is never touched. Whatever cannot be removed is named, once, so nobody has to hunt for it.
 */
import { type ProvisioningJob } from '../engine/provisioning-job';
import { forEachConcurrently } from '../engine/pool';
import { resourcePath } from '../engine/resource-path';
import { type Session } from './run-session';
import { terminalText } from '../text/terminal-text';

export interface CleanupResult {
  readonly deleted: number;
  readonly leftBehind: readonly string[];
}

export async function cleanupCreatedObjects(session: Session, job: ProvisioningJob): Promise<CleanupResult> {
  const leftBehind: string[] = [];
  let deleted = 0;
  // Groups first, so memberships go with them; the created objects are walked, never listed.
  for (const [endpoint, objectType] of [['/Groups', 'Group'], ['/Users', 'User']] as const) {
    await forEachConcurrently(job.anchors.createdObjects(objectType), session.config.concurrency, async (created) => {
      // A target that stalls again is not waited on once per object: cleanup stays bounded.
      if (session.stallWatch.stalling) {
        leftBehind.push(`${endpoint}/${created.targetId} (not attempted: the target stalls)`);
        return;
      }
      const exchange = await session.client.send({ method: 'DELETE', path: resourcePath(endpoint, created.targetId) });
      session.recorder.exchange('cleanup', exchange);
      const status = exchange.response?.status;
      // 404: already gone (the scenario deleted it, or the target did); either way nothing is left.
      if (status !== undefined && ((status >= 200 && status < 300) || status === 404)) {
        deleted += 1;
        created.forget();
      } else {
        leftBehind.push(`${endpoint}/${created.targetId} (${status ?? exchange.error?.kind ?? 'no response'})`);
      }
    });
  }
  if (leftBehind.length > 0) {
    const message = `Cleanup could not remove ${leftBehind.length} object(s) the run created: ${leftBehind.slice(0, 20).join(', ')}${leftBehind.length > 20 ? ', …' : ''}`;
    session.recorder.notice('warning', message);
    session.io.stderr.write(`scim-harness: ${terminalText(message, { layout: 'line' })}\n`);
  }
  return { deleted, leftBehind };
}
