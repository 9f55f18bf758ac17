/**
 * The run's cleanup: every object a job of the run created and has not deleted is deleted again
 * (engine/cleanup.ts), and only those. What cannot be removed is named on stderr and in the record.
 */
import { createdTargets, deleteTargets, type CleanupResult } from '../engine/cleanup';
import { type ProvisioningJob } from '../engine/provisioning-job';
import { terminalText } from '../text/terminal-text';
import { type Session } from './run-session';

export async function cleanupCreatedObjects(session: Session, job: ProvisioningJob): Promise<CleanupResult> {
  const host = {
    client: session.client.forPurpose('cleanup'),
    concurrency: session.config.concurrency,
    stalling: () => session.stallWatch.stalling,
    warn: (message: string) => {
      session.recorder.notice('warning', message);
      session.io.stderr.write(`scim-harness: ${terminalText(message, { layout: 'line' })}\n`);
    },
  };
  return deleteTargets(host, createdTargets(job.anchors, 'Group'), createdTargets(job.anchors, 'User'));
}
