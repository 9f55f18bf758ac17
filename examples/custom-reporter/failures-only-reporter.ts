/**
 * A custom reporter in thirty lines: prints each failed log entry as one line and a closing count.
 *   npx scim-harness run --reporter console,./examples/custom-reporter/failures-only-reporter.ts
 */
import { type LogEntry } from '../../harness/contract/log-entry';
import { type Reporter, type RunSummary } from '../../reporters/reporter';

export function createFailuresOnlyReporter(options: { stdout: { write(text: string): unknown } }): Reporter {
  let failures = 0;
  return {
    name: 'failures-only',
    onEntry(entry: LogEntry) {
      if (entry.provisioningStatusInfo.status !== 'failure') return;
      failures += 1;
      const error = entry.provisioningStatusInfo.errorInformation;
      options.stdout.write(`FAIL ${entry.provisioningAction} ${entry.sourceIdentity.displayName}: ${error?.errorCode ?? 'unknown'}\n`);
    },
    onRunEnd(summary: RunSummary) {
      options.stdout.write(`${failures} failed entr${failures === 1 ? 'y' : 'ies'}; verdict: ${summary.verdict.headline}\n`);
    },
  };
}

export default createFailuresOnlyReporter;
