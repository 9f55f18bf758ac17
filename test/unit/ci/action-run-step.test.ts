/**
 * The action's scripts, run as the runner runs them (bash, inputs in the environment, outputs
 * appended to $GITHUB_OUTPUT) with a stand-in harness that records how it was called: the token
 * is masked and reaches the harness only through the environment, the flags follow the inputs,
 * and the verdict, the report path and the harness's exit code come out as outputs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { useScratchDir } from '../../helpers/scratch-dir';

const ROOT = path.resolve(__dirname, '../../..');
const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { runs: { steps: { id?: string; name?: string; run?: string }[] } };
const harnessStep = action.runs.steps.find((step) => step.id === 'harness');
const exitStep = action.runs.steps.find((step) => step.name === "Exit with the harness's code");

const scratch = useScratchDir('scim-harness-action');

/** How the runner runs a `shell: bash` step (GitHub's documented `bash --noprofile --norc -eo pipefail {0}`). */
const RUNNER_BASH = ['--noprofile', '--norc', '-eo', 'pipefail', '-c'];

/** A stand-in for bin/scim-harness.js: records argv and the token it saw, writes report.json, exits as told. */
const STUB = `
const fs = require('node:fs');
const path = require('node:path');
const argv = process.argv.slice(2);
fs.writeFileSync(process.env.STUB_RECORD, JSON.stringify({ argv, token: process.env.SCIM_TOKEN ?? null }));
const out = argv[argv.indexOf('--out') + 1];
if (process.env.STUB_OUTCOME) {
  fs.mkdirSync(out, { recursive: true });
  const rfc = process.env.STUB_RFC_GATE_FAILED ? { rfcConformance: { gateFailed: process.env.STUB_RFC_GATE_FAILED === 'true' } } : {};
  fs.writeFileSync(path.join(out, 'report.json'), JSON.stringify({ outcome: process.env.STUB_OUTCOME, ...rfc }));
}
process.stdout.write('harness ran\\n');
process.exitCode = Number(process.env.STUB_CODE ?? 0);
`;

interface StepRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly outputs: Record<string, string>;
  readonly harness?: { argv: string[]; token: string | null };
}

function runHarnessStep(name: string, inputs: Record<string, string>, stub: { outcome?: string; code?: number; rfcGateFailed?: boolean } = {}): StepRun {
  if (!harnessStep?.run) throw new Error('action.yml has no step with id "harness"');
  const dir = scratch.fresh(name);
  // The action's own folder, as a checkout of this repository that has been built.
  const actionPath = path.join(dir, 'action');
  mkdirSync(path.join(actionPath, 'dist/harness/cli'), { recursive: true });
  mkdirSync(path.join(actionPath, 'node_modules'), { recursive: true });
  mkdirSync(path.join(actionPath, 'bin'), { recursive: true });
  writeFileSync(path.join(actionPath, 'dist/harness/cli/main.js'), '');
  writeFileSync(path.join(actionPath, 'bin/scim-harness.js'), STUB);
  const workspace = path.join(dir, 'workspace');
  mkdirSync(workspace);
  const outputFile = path.join(dir, 'github-output');
  writeFileSync(outputFile, '');
  const record = path.join(dir, 'record.json');
  const result = spawnSync('bash', [...RUNNER_BASH, harnessStep.run], {
    cwd: workspace,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_OUTPUT: outputFile,
      GITHUB_ACTION_PATH: actionPath,
      STUB_RECORD: record,
      ...(stub.outcome ? { STUB_OUTCOME: stub.outcome } : {}),
      ...(stub.rfcGateFailed !== undefined ? { STUB_RFC_GATE_FAILED: String(stub.rfcGateFailed) } : {}),
      STUB_CODE: String(stub.code ?? 0),
      SCIM_TOKEN: inputs.token ?? '',
      HARNESS_TARGET: inputs.target ?? '',
      HARNESS_SUITE: inputs.suite ?? 'entra',
      HARNESS_FAIL_ON: inputs['fail-on'] ?? 'required',
      HARNESS_BASELINE: inputs.baseline ?? '',
      HARNESS_DIALECT: inputs.dialect ?? '',
      HARNESS_OUT: inputs.out ?? 'scim-harness-report',
    },
  });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  let harness: StepRun['harness'];
  try {
    harness = JSON.parse(readFileSync(record, 'utf8')) as StepRun['harness'];
  } catch {
    harness = undefined;
  }
  return { status: result.status, stdout: result.stdout, outputs, harness };
}

describe('the action runs the harness', () => {
  it('masks the token before anything else and hands it over through the environment only', () => {
    const token = 'tok-3f9a1c7e5b';
    const run = runHarnessStep('token', { token, target: 'https://scim.example.test/scim/v2' }, { outcome: 'passed' });
    expect(run.stdout.split('\n')[0]).toBe(`::add-mask::${token}`);
    expect(run.stdout.split(token)).toHaveLength(2);
    expect(run.harness?.token).toBe(token);
    expect(run.harness?.argv.join(' ')).not.toContain(token);
  });

  it('masks every line of a token that spans lines', () => {
    const run = runHarnessStep('multiline', { token: 'first-line-secret\nsecond-line-secret' }, { outcome: 'passed' });
    expect(run.stdout).toContain('::add-mask::first-line-secret\n');
    expect(run.stdout).toContain('::add-mask::second-line-secret\n');
  });

  it('passes the inputs as flags, with the CI reporters, and leaves empty inputs out', () => {
    const full = runHarnessStep('flags', { target: 'https://scim.example.test/scim/v2', 'fail-on': 'recommended', baseline: 'known.json', dialect: 'entra-compliant', out: 'reports' }, { outcome: 'passed' });
    const out = path.join(scratch.root(), 'flags/workspace/reports');
    expect(full.harness?.argv).toEqual([
      'run',
      '--reporter',
      'json,junit,markdown,html,github',
      '--out',
      out,
      '--fail-on',
      'recommended',
      '--target',
      'https://scim.example.test/scim/v2',
      '--baseline',
      'known.json',
      '--dialect',
      'entra-compliant',
    ]);
    // Empty target: the bundled server; no token: none is set.
    const bare = runHarnessStep('bare', {}, { outcome: 'passed' });
    expect(bare.harness?.argv).toEqual(['run', '--reporter', 'json,junit,markdown,html,github', '--out', path.join(scratch.root(), 'bare/workspace/scim-harness-report'), '--fail-on', 'required']);
    expect(bare.harness?.token).toBeNull();
  });

  it("reports the verdict, the report path and the harness's exit code, and lets the reports be uploaded first", () => {
    const run = runHarnessStep('failed', {}, { outcome: 'quarantined', code: 3 });
    // The step itself succeeds so the upload runs; the last step exits with the harness's code.
    expect(run.status).toBe(0);
    expect(run.outputs).toEqual({ 'report-path': path.join(scratch.root(), 'failed/workspace/scim-harness-report'), verdict: 'quarantined', 'exit-code': '3' });
    if (!exitStep?.run) throw new Error("action.yml has no step named \"Exit with the harness's code\"");
    const exit = spawnSync('bash', [...RUNNER_BASH, exitStep.run], { encoding: 'utf8', env: { PATH: process.env.PATH, HARNESS_EXIT_CODE: '3', HARNESS_VERDICT: 'quarantined' } });
    expect(exit.status).toBe(3);
    expect(exit.stdout).toContain('quarantined (exit 3)');
  });

  it('says "error" when the harness stopped before the run and wrote no report', () => {
    const run = runHarnessStep('usage', {}, { code: 2 });
    expect(run.outputs.verdict).toBe('error');
    expect(run.outputs['exit-code']).toBe('2');
  });

  it('refuses a suite that does not exist, with a clear message and the usage exit code, without running', () => {
    const run = runHarnessStep('suite', { suite: 'smoke' }, { outcome: 'passed' });
    expect(run.harness).toBeUndefined();
    expect(run.stdout).toMatch(/^::error title=scim-harness: unknown suite::suite "smoke" does not exist: use entra \(the Entra scenarios\), rfc \(the RFC 7643\/7644 probes\) or all/m);
    expect(run.outputs.verdict).toBe('error');
    expect(run.outputs['exit-code']).toBe('2');
  });

  it('runs the RFC suite, or both, with --suite; entra and its old name conformance run the scenarios as before', () => {
    for (const suite of ['rfc', 'all']) {
      const run = runHarnessStep(`suite-${suite}`, { suite }, { outcome: 'passed' });
      expect(run.harness?.argv.slice(-2)).toEqual(['--suite', suite]);
    }
    for (const suite of ['entra', 'conformance']) {
      const run = runHarnessStep(`suite-${suite}`, { suite }, { outcome: 'passed' });
      expect(run.harness?.argv).not.toContain('--suite');
    }
  });

  it('reports "failed" when Entra readiness passed but the RFC conformance gate failed the run', () => {
    const gated = runHarnessStep('rfc-gate', { suite: 'all', 'fail-on': 'required,rfc:required' }, { outcome: 'passed', code: 1, rfcGateFailed: true });
    expect(gated.harness?.argv).toEqual(expect.arrayContaining(['--fail-on', 'required,rfc:required']));
    expect(gated.outputs.verdict).toBe('failed');
    expect(gated.outputs['exit-code']).toBe('1');
    const passing = runHarnessStep('rfc-pass', { suite: 'all' }, { outcome: 'passed', rfcGateFailed: false });
    expect(passing.outputs.verdict).toBe('passed');
  });
});
