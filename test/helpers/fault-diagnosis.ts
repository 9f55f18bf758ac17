/**
 * Runs the whole suite (both dialects) through the library against the bundled server with some
 * fault switches on, and returns the verdict: the fault-diagnosis tests assert that each fault
 * yields exactly one root cause that names it, and nothing else fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseFaultSwitches, startScimServer } from '../../examples/scim-server';
import { run } from '../../harness';
import { readRunRecords } from '../../harness/log/run-reader';
import { type RootCause } from '../../harness/contract/root-cause';
import { type Verdict } from '../../harness/contract/verdict';

export interface FaultRun {
  readonly verdict: Verdict;
  readonly rootCauses: readonly RootCause[];
  /** Root causes at or above `required`, the gate's default. */
  readonly required: readonly RootCause[];
  /** Scenario runs that failed, as `id@dialect`. */
  readonly failedScenarios: readonly string[];
  readonly exitCode: number;
  /** Variants sent by differential probing (run.ndjson exchanges whose purpose is `probe:*`). */
  readonly probeExchanges: number;
}

export interface FaultRunOptions {
  /** Only these scenarios (ids or prefixes); default the whole suite. */
  readonly scenario?: readonly string[];
  /** Settings passed to run() as well (e.g. { probe: false }). */
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** `faults`: the bundled server's switch list, e.g. "case-sensitive-ops" ("" for none). */
export async function runWithFaults(faults: string, options: FaultRunOptions = {}): Promise<FaultRun> {
  const server = await startScimServer({ port: 0, host: '127.0.0.1', token: 'fault-token', faults: parseFaultSwitches(faults, {}) });
  const out = mkdtempSync(path.join(tmpdir(), 'scim-harness-fault-'));
  try {
    const result = await run({
      target: server.baseUrl,
      token: 'fault-token',
      out,
      ...(options.scenario ? { scenario: [...options.scenario] } : {}),
      ...options.settings,
    });
    const verdict = result.verdict;
    const rootCauses = verdict.rootCauses ?? [];
    return {
      verdict,
      rootCauses,
      required: rootCauses.filter((cause) => cause.severity === 'required'),
      failedScenarios: verdict.scenarios.filter((scenario) => scenario.status === 'failed').map((scenario) => `${scenario.id}@${scenario.dialect}`),
      exitCode: result.exitCode,
      probeExchanges: await countProbeExchanges(out),
    };
  } finally {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
}

/** A readable account of a run's root causes, for failure messages. */
export function describeCauses(run: FaultRun): string {
  return run.rootCauses.map((cause) => `${cause.severity} ${cause.id}: ${cause.title} (${cause.occurrences.count}×, ${cause.occurrences.scenarios.join(', ')})`).join('\n') || '(no root causes)';
}

async function countProbeExchanges(out: string): Promise<number> {
  let count = 0;
  for await (const record of readRunRecords(out)) if (record.event.type === 'exchange' && record.event.purpose.startsWith('probe:')) count += 1;
  return count;
}
