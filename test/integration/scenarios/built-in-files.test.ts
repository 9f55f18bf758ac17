/**
 * The built-in suite as files: every one loads and validates against the published schema,
 * ids are unique, and the catalogue in scenarios/README.md lists exactly what exists.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import fg from 'fast-glob';
import YAML from 'yaml';
import { builtInScenarioDir, loadBuiltInScenarios, validateScenario } from '../../../harness/scenario/load-scenarios';
import scenarioSchema from '../../../harness/scenario/scenario-schema.json';
import { type Scenario } from '../../../harness/scenario/scenario-types';

const AREAS = ['users', 'groups', 'protocol'] as const;

/** What the suite promises to cover, by id. */
const REQUIRED_IDS = [
  'users/create',
  'users/update-attributes/name-and-contact',
  'users/update-attributes/enterprise',
  'users/update-attributes/phone-numbers',
  'users/update-attributes/addresses',
  'users/update-attributes/external-id',
  'users/username-change',
  'users/disable',
  'users/re-enable',
  'users/soft-delete-and-restore',
  'users/unassign',
  'users/hard-delete',
  'users/clear-attributes',
  'users/manager',
  'users/match-existing',
  'users/match-many',
  'users/invalid-anchor',
  'users/duplicate-source',
  'users/import-skipped',
  'users/out-of-scope',
  'users/already-in-sync',
  'users/case-insensitive-username',
  'users/duplicate-create',
  'groups/create-empty',
  'groups/add-members',
  'groups/remove-member',
  'groups/rename',
  'groups/delete',
  'groups/duplicate-create',
  'protocol/test-connection',
  'protocol/filter-missing-user',
  'protocol/pagination',
  'protocol/discovery',
  'protocol/delete-twice',
  'protocol/get-missing',
];

describe('the built-in scenario files', () => {
  let scenarios: Scenario[];
  const files = fg.sync('**/*.{yaml,yml,json}', { cwd: builtInScenarioDir() }).sort();

  beforeAll(() => {
    scenarios = loadBuiltInScenarios();
  });

  it('all load through loadBuiltInScenarios, one scenario per file', () => {
    expect(files.length).toBeGreaterThanOrEqual(REQUIRED_IDS.length);
    expect(scenarios.map((s) => s.id).sort()).toEqual(files.map((f) => f.replace(/\.(ya?ml|json)$/, '')).sort());
  });

  it('each validates against the published JSON Schema on its own', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(scenarioSchema);
    const invalid = files
      .map((file) => ({ file, ok: validate(YAML.parse(readFileSync(path.join(builtInScenarioDir(), file), 'utf8'))), errors: validate.errors }))
      .filter((r) => !r.ok)
      .map((r) => `${r.file}: ${JSON.stringify(r.errors)}`);
    expect(invalid).toEqual([]);
  });

  it('have unique ids', () => {
    const ids = scenarios.map((s) => s.id);
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(duplicates).toEqual([]);
  });

  it('cover every behaviour the suite promises', () => {
    const ids = new Set(scenarios.map((s) => s.id));
    expect(REQUIRED_IDS.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('each carries a title, a description, what it covers, and its area as the first tag', () => {
    const problems = scenarios.flatMap((s) => {
      const area = s.id.split('/')[0];
      const issues: string[] = [];
      if (!(AREAS as readonly string[]).includes(area)) issues.push(`is outside ${AREAS.join(', ')}`);
      if (s.tags[0] !== area) issues.push(`first tag is "${s.tags[0]}", not its area "${area}"`);
      if (s.tags.length < 2) issues.push('has no behaviour tag');
      if (!s.description || s.description.trim().length < 40) issues.push('has no real description');
      if (!/RFC 76\d\d §|Entra: .*entra-behaviour\.md#/.test(s.covers)) issues.push(`covers "${s.covers}" cites no RFC section or reference section`);
      return issues.map((issue) => `${s.id} ${issue}`);
    });
    expect(problems).toEqual([]);
  });

  it('carry no other area\'s tag, so --tag <area> selects exactly the area\'s folder', () => {
    const strays = scenarios.flatMap((s) =>
      s.tags.filter((tag) => AREAS.some((area) => area !== s.id.split('/')[0] && (tag === area || tag.startsWith(`${area}:`)))).map((tag) => `${s.id}: ${tag}`),
    );
    expect(strays).toEqual([]);
  });

  it('run in both dialects (none narrows dialects)', () => {
    expect(scenarios.filter((s) => s.dialects !== undefined).map((s) => s.id)).toEqual([]);
  });

  it('mark exactly the scenarios that send no writes as mutates: false', () => {
    const writes = (s: Scenario): boolean =>
      s.steps.some((step) => {
        if ('request' in step) return step.request.method !== 'GET';
        if ('seedTarget' in step || 'deleteInTarget' in step) return true;
        // A cycle writes once the scenario has put something in the source.
        return 'cycle' in step && s.steps.some((other) => 'addUser' in other || 'addGroup' in other);
      }) || (s.source?.users?.length ?? 0) > 0;
    const readOnly = scenarios.filter((s) => s.mutates === false).map((s) => s.id).sort();
    expect(readOnly).toEqual(scenarios.filter((s) => !writes(s)).map((s) => s.id).sort());
    expect(readOnly).toEqual(expect.arrayContaining(['protocol/discovery', 'protocol/get-missing', 'protocol/filter-missing-user', 'protocol/test-connection']));
  });

  it('are documented in scenarios/README.md with examples that validate, one for every step kind', () => {
    const readme = readFileSync(path.join(builtInScenarioDir(), 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => YAML.parse(m[1]) as unknown);
    const kinds = new Set<string>();
    blocks.forEach((block, index) => {
      const steps = Array.isArray(block) ? block : [];
      const scenario = Array.isArray(block) ? { title: 'README example', tags: ['docs'], covers: 'README', steps } : block;
      expect(() => validateScenario(scenario, `README yaml block ${index}`, 'docs/example')).not.toThrow();
      for (const step of [...steps, ...((scenario as { steps?: object[] }).steps ?? [])]) kinds.add(Object.keys(step)[0]);
    });
    const stepKinds = (scenarioSchema.properties.steps.items.oneOf as { required: string[] }[]).map((schema) => schema.required[0]);
    expect(stepKinds.filter((kind) => !kinds.has(kind))).toEqual([]);
  });

  it('are listed, with their titles, in the catalogue of scenarios/README.md', () => {
    const readme = readFileSync(path.join(builtInScenarioDir(), 'README.md'), 'utf8');
    const catalogue = readme.slice(readme.indexOf('## Catalogue'));
    // A citation in the catalogue may be a Markdown link; its text is the scenario's `covers`.
    const linkText = (cell: string): string => cell.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const rows = [...catalogue.matchAll(/^\| `([^`]+)` \| (.+?) \| (.+?) \|$/gm)].map((m) => ({ id: m[1], title: m[2], covers: linkText(m[3]) }));
    expect(rows).toEqual(scenarios.map((s) => ({ id: s.id, title: s.title, covers: s.covers })));
  });
});
