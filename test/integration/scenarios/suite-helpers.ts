/**
 * Running the conformance command from a test: settings as the CLI would parse them, output
 * captured, reports written to a temporary folder that is removed afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { resolveRunConfig, type RawSettings } from '../../../harness/config/load-config';
import { type ExpectationResult, type ScenarioResult } from '../../../harness/contract/verdict';
import { type Dialect } from '../../../harness/mapping/mapping-types';
import { runConformance } from '../../../harness';
import { type SessionResult } from '../../../harness/runner/run-session';

export interface CapturedRun {
  readonly result: SessionResult;
  readonly stdout: string;
  readonly stderr: string;
}

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Runs `scim-harness run` in-process with the given flags (json reporter, a temporary --out). */
export async function runSuite(flags: RawSettings, dialects: readonly Dialect[] = ['entra', 'entra-compliant']): Promise<CapturedRun> {
  const out = mkdtempSync(path.join(tmpdir(), 'scim-harness-scenarios-'));
  const stdout = capture();
  const stderr = capture();
  try {
    const config = resolveRunConfig({ reporter: 'json', ...flags, out }, {});
    const result = await runConformance(config, { stdout: stdout.stream, stderr: stderr.stream, env: {} }, { dialects });
    return { result, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function describeExpectation(expectation: ExpectationResult): string {
  const why = expectation.status === 'skipped' ? `skipped: ${expectation.skipReason ?? ''}` : `expected ${expectation.expected}; got ${expectation.actual}`;
  return `    [${expectation.status}] ${expectation.title} — ${why}`;
}

/** Every scenario that did not pass, with its failed and skipped expectations, readable in an assertion message. */
export function describeProblems(scenarios: readonly ScenarioResult[]): string {
  return scenarios
    .filter((scenario) => scenario.status !== 'passed' || scenario.expectations.some((e) => e.status !== 'passed'))
    .map((scenario) => [`${scenario.id}@${scenario.dialect}: ${scenario.status}`, ...scenario.expectations.filter((e) => e.status !== 'passed').map(describeExpectation)].join('\n'))
    .join('\n');
}
