/**
 * Choosing scenarios: by id, by id prefix, by tag (hierarchical), both together, and the
 * errors for names that select nothing — all against the real built-in suite.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScenarioError } from '../../../harness/errors';
import { loadBuiltInScenarios, selectScenarios } from '../../../harness/scenario/load-scenarios';
import { planScenarios } from '../../../harness/runner/conformance';
import { resolveRunConfig } from '../../../harness/config/load-config';
import { type Scenario } from '../../../harness/scenario/scenario-types';
import { runSuite } from './suite-helpers';

const ids = (scenarios: readonly Scenario[]): string[] => scenarios.map((s) => s.id);

function selectionError(scenarios: string[], tags: string[]): ScenarioError {
  try {
    selectScenarios({ scenarios, tags });
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return error as ScenarioError;
  }
  throw new Error('the selection was accepted');
}

describe('selecting built-in scenarios', () => {
  const all = loadBuiltInScenarios();

  it('selects the whole suite when nothing is asked', () => {
    expect(ids(selectScenarios({ scenarios: [], tags: [] }))).toEqual(ids(all));
  });

  it('selects one scenario by id', () => {
    expect(ids(selectScenarios({ scenarios: ['users/disable'], tags: [] }))).toEqual(['users/disable']);
  });

  it('selects a folder of scenarios by id prefix, and only whole path segments', () => {
    expect(ids(selectScenarios({ scenarios: ['users/update-attributes'], tags: [] }))).toEqual([
      'users/update-attributes/addresses',
      'users/update-attributes/enterprise',
      'users/update-attributes/external-id',
      'users/update-attributes/name-and-contact',
      'users/update-attributes/phone-numbers',
    ]);
    const groups = ids(selectScenarios({ scenarios: ['groups'], tags: [] }));
    expect(groups).toEqual(ids(all).filter((id) => id.startsWith('groups/')));
    expect(groups.length).toBeGreaterThanOrEqual(6);
    expect(() => selectScenarios({ scenarios: ['users/dis'], tags: [] })).toThrow(ScenarioError);
  });

  it('selects by tag, hierarchically', () => {
    expect(ids(selectScenarios({ scenarios: [], tags: ['users:disable'] }))).toEqual(['users/disable', 'users/soft-delete-and-restore', 'users/unassign']);
    const byArea = ids(selectScenarios({ scenarios: [], tags: ['protocol'] }));
    expect(byArea).toEqual(ids(all).filter((id) => id.startsWith('protocol/')));
  });

  it('combines ids and tags as an intersection', () => {
    expect(ids(selectScenarios({ scenarios: ['users'], tags: ['errors'] }))).toEqual([
      'users/duplicate-create',
      'users/duplicate-source',
      'users/invalid-anchor',
      'users/match-many',
    ]);
    expect(ids(selectScenarios({ scenarios: ['users/match-many', 'protocol'], tags: ['errors'] }))).toEqual(['protocol/delete-twice', 'protocol/get-missing', 'protocol/patch-atomicity', 'users/match-many']);
  });

  it('refuses an unknown id, naming it and pointing at --list-scenarios', () => {
    const { message } = selectionError(['users/disabel'], []);
    expect(message).toContain('"users/disabel"');
    expect(message).toContain('--list-scenarios');
    expect(message).toContain('e.g. --scenario users/disable');
  });

  it('refuses a tag that selects nothing, listing the known tags', () => {
    const { message } = selectionError([], ['user:disable']);
    expect(message).toContain('"user:disable"');
    expect(message).toMatch(/known tags: .*users:disable/);
    expect(message).toContain('protocol');
  });

  it('keeps only mutates: false scenarios for a read-only run', () => {
    const config = resolveRunConfig({ readOnly: true }, {});
    const planned = ids(planScenarios(config));
    expect(planned).toEqual(ids(all.filter((s) => s.mutates === false)));
    expect(planned).toContain('protocol/discovery');
    expect(planned).not.toContain('users/create');
  });

  describe('your own files', () => {
    let dir: string;

    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'scim-harness-own-scenarios-'));
      writeFileSync(
        path.join(dir, 'my-check.yaml'),
        [
          'title: Discovery answers',
          'tags: [vendor, protocol]',
          'covers: "RFC 7644 §4"',
          'mutates: false',
          'steps:',
          '  - request: { ref: config, method: GET, path: /ServiceProviderConfig }',
          '  - expectResponse: { ref: config, status: 200 }',
          '',
        ].join('\n'),
      );
    });

    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('are loaded by path, with the file name as id, next to built-ins', () => {
      const selected = selectScenarios({ scenarios: [path.join(dir, 'my-check.yaml'), 'protocol/discovery'], tags: [] });
      expect(ids(selected)).toEqual(['my-check', 'protocol/discovery']);
    });

    it('run against the embedded bundled server with only what was selected', async () => {
      const { result } = await runSuite({ scenario: [path.join(dir, 'my-check.yaml'), 'protocol/get-missing'] }, ['entra']);
      expect(result.verdict.scenarios.map((s) => `${s.id}@${s.dialect}:${s.status}`)).toEqual(['my-check@entra:passed', 'protocol/get-missing@entra:passed']);
      expect(result.verdict.outcome).toBe('passed');
    });
  });
});
