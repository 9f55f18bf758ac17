/**
 * A bad scenario is refused at load time, before any request is sent, with the file, the place
 * inside it (steps[2].expectEntry.action) and the rule it breaks.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScenarioError } from '../../../harness/errors';
import { defineScenario } from '../../../harness/scenario/define-scenario';
import { loadScenarioDir, loadScenarioFile, selectScenarios } from '../../../harness/scenario/load-scenarios';
import { type Scenario } from '../../../harness/scenario/scenario-types';
import { startScimServer, type RunningScimServer } from '../../../examples/scim-server';
import { runSuite } from './suite-helpers';

const HEADER = 'title: A scenario\ntags: [vendor]\ncovers: "RFC 7644 §3.3"\n';

describe('a bad scenario file', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'scim-harness-bad-scenarios-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, text: string): string {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  function loadError(file: string): ScenarioError {
    try {
      loadScenarioFile(file, dir);
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      return error as ScenarioError;
    }
    throw new Error(`${file} loaded although it is invalid`);
  }

  it('names the file, the step and the valid steps for an unknown step', () => {
    const file = write('unknown-step.yaml', `${HEADER}steps:\n  - addUser: { ref: ada }\n  - cycle: initial\n  - expectUser: { ref: ada }\n`);
    const { message } = loadError(file);
    expect(message).toMatch(/^unknown-step\.yaml: steps\[2\] has unknown step "expectUser"/);
    expect(message).toContain('valid steps: addUser, updateUser');
    expect(message).toContain('expectEntry');
  });

  it('names the file and the path of a missing required field inside a step', () => {
    const file = write('missing-ref.yaml', `${HEADER}steps:\n  - cycle: initial\n  - expectEntry: { action: create }\n`);
    expect(loadError(file).message).toBe('missing-ref.yaml: steps[1].expectEntry.ref is required');
  });

  it('names a missing top-level field', () => {
    const file = write('missing-covers.yaml', 'title: A scenario\ntags: [vendor]\nsteps:\n  - cycle: initial\n');
    expect(loadError(file).message).toBe('missing-covers.yaml: covers is required');
  });

  it('names the path and the allowed values of a wrong enum value', () => {
    const file = write('wrong-enum.yaml', `${HEADER}steps:\n  - addUser: { ref: ada }\n  - cycle: initial\n  - expectEntry: { ref: ada, action: created }\n`);
    const { message } = loadError(file);
    expect(message).toMatch(/^wrong-enum\.yaml: steps\[2\]\.expectEntry\.action must be one of "create", "update", "delete", "disable", "stagedDelete", "other"$/);
  });

  it('names an unknown property and where it is', () => {
    const file = write('typo.yaml', `${HEADER}steps:\n  - addUser: { ref: ada, jobtitle: Engineer }\n`);
    expect(loadError(file).message).toBe('typo.yaml: steps[0].addUser has unknown property "jobtitle"');
  });

  it('refuses a step with two kinds in one item', () => {
    const file = write('two-keys.yaml', `${HEADER}steps:\n  - cycle: initial\n    blockSignIn: ada\n`);
    expect(loadError(file).message).toMatch(/^two-keys\.yaml: steps\[0\] must have exactly one key, the step kind, got "cycle", "blockSignIn"/);
  });

  it('reports YAML that does not parse', () => {
    const file = write('broken.yaml', `${HEADER}steps:\n  - addUser: { ref: ada\n`);
    expect(loadError(file).message).toMatch(/^Unable to load scenario 'broken\.yaml': /);
  });

  it('names the file by its path inside a scenario folder', () => {
    const sub = mkdtempSync(path.join(dir, 'folder-'));
    writeFileSync(path.join(sub, 'fine.yaml'), `${HEADER}steps:\n  - cycle: initial\n`);
    const nested = path.join(sub, 'users');
    mkdirSync(nested);
    writeFileSync(path.join(nested, 'bad.yaml'), `${HEADER}steps:\n  - cycle: weekly\n`);
    expect(() => loadScenarioDir(sub)).toThrow(new ScenarioError('users/bad.yaml: steps[0].cycle must be one of "initial", "incremental"'));
  });

  it('is refused by defineScenario() the same way, naming the scenario', () => {
    const bad = { id: 'vendor/bad', title: 'Bad', tags: ['vendor'], covers: 'RFC 7644 §3.3', steps: [{ expectEntry: { ref: 'ada', status: 'done' } }] } as unknown as Scenario;
    expect(() => defineScenario(bad)).toThrow(ScenarioError);
    expect(() => defineScenario(bad)).toThrow('scenario "vendor/bad": steps[0].expectEntry.status must be one of "success", "failure", "skipped", "warning"');
  });

  it('is refused through --scenario as well', () => {
    const file = write('via-selection.yaml', `${HEADER}steps:\n  - expectResponse: { ref: x, status: "200" }\n`);
    expect(() => selectScenarios({ scenarios: [file], tags: [] }, [])).toThrow(/^via-selection\.yaml: steps\[0\]\.expectResponse\.status /);
  });

  describe('in a run', () => {
    let server: RunningScimServer;

    beforeAll(async () => {
      server = await startScimServer({ port: 0, host: '127.0.0.1', token: 't', recordRequests: true });
    });

    afterAll(async () => {
      await server.close();
    });

    it('stops the run before any request reaches the target', async () => {
      const file = write('in-run.yaml', `${HEADER}steps:\n  - addUser: { ref: ada }\n  - cycle: initial\n  - expectEntry: { ref: ada, action: created }\n`);
      await expect(runSuite({ target: server.baseUrl, token: 't', scenario: [file] })).rejects.toThrow(/^in-run\.yaml: steps\[2\]\.expectEntry\.action must be one of/);
      expect(server.requests).toEqual([]);
    });
  });
});
