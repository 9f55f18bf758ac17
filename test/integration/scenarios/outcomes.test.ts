/**
 * Blocked and inconclusive outcomes, and expectations weighed below required
 * (docs/diagnosis.md#outcomes), on scenarios of our own against the bundled server (correct,
 * no fault on): what blocks what, what makes a scenario inconclusive, and how the gate counts it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startScimServer, type RunningScimServer } from '../../../examples/scim-server';
import { type ScenarioResult } from '../../../harness/contract/verdict';
import { PassThrough } from 'node:stream';
import { resolveRunConfig, type RawSettings } from '../../../harness/config/load-config';
import { runConformance } from '../../../harness';
import { replayRun, type ReplayGate } from '../../../harness/runner/replay';
import { runSuite, type CapturedRun } from './suite-helpers';

const HEADER = 'tags: [users]\ncovers: "RFC 7644 §3.5.2"\n';

describe('scenario outcomes', () => {
  let dir: string;
  let server: RunningScimServer;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scim-harness-outcomes-'));
    server = await startScimServer({ port: 0, host: '127.0.0.1', token: 't' });
  });

  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function runOwn(name: string, yaml: string, flags: RawSettings = {}): Promise<{ run: CapturedRun; scenario: ScenarioResult }> {
    const file = path.join(dir, name);
    writeFileSync(file, yaml);
    const run = await runSuite({ target: server.baseUrl, token: 't', scenario: [file], ...flags }, ['entra']);
    return { run, scenario: run.result.verdict.scenarios[0] };
  }

  const statuses = (scenario: ScenarioResult): string[] => scenario.expectations.map((expectation) => `${expectation.status}: ${expectation.title}`);

  it('a failed expectation blocks the expectations after it, which name it and share its root cause', async () => {
    const { run, scenario } = await runOwn(
      'blocked.yaml',
      `title: Blocked\n${HEADER}steps:\n  - addUser: { ref: ada, jobTitle: Engineer }\n  - cycle: initial\n  - expectTarget: { title: The title is wrong on purpose, ref: ada, attributes: { title: Astronaut } }\n  - expectEntry: { title: The create is logged, ref: ada, action: create, status: success }\n`,
    );
    expect(scenario.status).toBe('failed');
    expect(statuses(scenario)).toEqual(['failed: The title is wrong on purpose', 'blocked: The create is logged']);
    const [failed, blocked] = scenario.expectations;
    expect(blocked.blockedBy).toBe('The title is wrong on purpose');
    expect(blocked.skipReason).toBe('blocked: "The title is wrong on purpose" failed before it');
    expect(blocked.cause).toBeDefined();
    expect(blocked.cause).toBe(failed.cause);
    expect(run.result.verdict.counts.expectations.blocked).toBe(1);
    expect(run.result.exitCode).toBe(1);
  });

  it('a failed raw request blocks only the later raw requests: the engine\'s steps go on', async () => {
    const { scenario } = await runOwn(
      'raw-request.yaml',
      `title: Raw request\n${HEADER}steps:\n  - addUser: { ref: bo }\n  - cycle: initial\n` +
        `  - request: { ref: byTitle, method: GET, path: /Users, query: { filter: 'userName eq "{bo.userName}"' } }\n` +
        `  - expectResponse: { title: A raw filter expects two on purpose, ref: byTitle, status: 200, totalResults: 2 }\n` +
        `  - updateUser: { ref: bo, set: { jobTitle: Pilot } }\n  - cycle: incremental\n` +
        `  - expectEntry: { title: The update is logged, ref: bo, action: update, status: success }\n` +
        `  - expectTarget: { title: The title is stored, ref: bo, attributes: { title: Pilot } }\n` +
        `  - request: { ref: again, method: GET, path: /Users, query: { filter: 'userName eq "{bo.userName}"' } }\n` +
        `  - expectResponse: { title: A later raw request, ref: again, status: 200, totalResults: 1 }\n`,
    );
    expect(statuses(scenario)).toEqual([
      'failed: A raw filter expects two on purpose',
      'passed: The update is logged',
      'passed: The title is stored',
      'blocked: A later raw request',
    ]);
    expect(scenario.expectations[3].blockedBy).toBe('A raw filter expects two on purpose');
  });

  it('an expectation weighed advisory fails its scenario but not the run, unless --fail-on reaches it; its root cause is advisory', async () => {
    const yaml = `title: Advisory\n${HEADER}steps:\n  - addUser: { ref: cy }\n  - cycle: initial\n` +
      `  - request: { ref: byName, method: GET, path: /Users, query: { filter: 'userName eq "{cy.userName}"' } }\n` +
      `  - expectResponse: { title: An advisory rule that does not hold, ref: byName, status: 200, totalResults: 3, severity: advisory }\n`;
    const required = await runOwn('advisory.yaml', yaml);
    expect(required.scenario.status).toBe('failed');
    expect(required.scenario.expectations[0].severity).toBe('advisory');
    expect(required.run.result.verdict.rootCauses?.map((cause) => cause.severity)).toEqual(['advisory']);
    expect(required.run.result.verdict.outcome).toBe('passed');
    expect(required.run.result.exitCode).toBe(0);
    const advisory = await runOwn('advisory.yaml', yaml, { failOn: 'advisory' });
    expect(advisory.run.result.verdict.outcome).toBe('failed');
    expect(advisory.run.result.exitCode).toBe(1);
  });

  it('a premise that does not hold makes the scenario inconclusive: neither a failure nor a pass, unless --fail-on includes inconclusive', async () => {
    const yaml =
      `title: Premise\n${HEADER}steps:\n  - addUser: { ref: di, jobTitle: Engineer }\n  - cycle: initial\n` +
      `  - request: { ref: accepted, method: PATCH, path: "/Users/{di}", body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: replace, path: title, value: Changed }] } }\n` +
      `  - expectResponse: { title: The PATCH is rejected, ref: accepted, status: 400, premise: true }\n` +
      `  - expectTarget: { title: Nothing changed, ref: di, attributes: { title: Engineer } }\n`;
    const { run, scenario } = await runOwn('premise.yaml', yaml);
    expect(scenario.status).toBe('inconclusive');
    expect(scenario.inconclusiveReason).toBe('its premise did not hold: The PATCH is rejected (expected status 400, got status 200)');
    expect(statuses(scenario)).toEqual(['inconclusive: The PATCH is rejected', 'inconclusive: Nothing changed']);
    expect(scenario.expectations[0].actual).toBe('status 200');
    expect(run.result.verdict.counts.scenarios.inconclusive).toBe(1);
    expect(run.result.verdict.rootCauses).toEqual([]);
    expect(run.result.exitCode).toBe(0);
    const gated = await runOwn('premise.yaml', yaml, { failOn: 'required,inconclusive' });
    expect(gated.run.result.verdict.outcome).toBe('failed');
    expect(gated.run.result.verdict.headline).toContain('1 inconclusive scenario (--fail-on inconclusive)');
    expect(gated.run.result.exitCode).toBe(1);
  });

  it('report judges a saved run again with --fail-on …,inconclusive, or as recorded when --fail-on names only the RFC gate', async () => {
    const file = path.join(dir, 'premise-report.yaml');
    writeFileSync(
      file,
      `title: Premise\n${HEADER}steps:\n  - addUser: { ref: ed }\n  - cycle: initial\n` +
        `  - request: { ref: found, method: GET, path: /Users, query: { filter: 'userName eq "{ed.userName}"' } }\n` +
        `  - expectResponse: { title: Nobody is found, ref: found, status: 200, totalResults: 0, premise: true }\n`,
    );
    const out = path.join(dir, 'saved-run');
    const io = { stdout: new PassThrough(), stderr: new PassThrough(), env: {} };
    const live = await runConformance(resolveRunConfig({ target: server.baseUrl, token: 't', scenario: [file], reporter: 'json', out, failOn: 'required,inconclusive' }, {}), io, { dialects: ['entra'] });
    expect(live.exitCode).toBe(1);
    const replay = (gate: ReplayGate) => replayRun(out, io, { outDir: path.join(dir, `replayed-${Object.keys(gate).length}`), reporters: 'json', gate });
    expect((await replay({})).exitCode).toBe(1);
    expect((await replay({ failOn: 'required', failOnInconclusive: false })).exitCode).toBe(0);
    // `--fail-on rfc:advisory` names only the RFC gate: the recorded Entra gate, inconclusive included, stands.
    expect((await replay({ rfcFailOn: 'advisory' })).exitCode).toBe(1);
  });

  it('a seed the server refuses with 409 (a uniqueness it may keep) makes the scenario inconclusive, naming the refusal', async () => {
    const { run, scenario } = await runOwn(
      'seed-conflict.yaml',
      `title: Seed conflict\n${HEADER}steps:\n` +
        `  - seedTarget: { ref: one, resource: Users, body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "{prefix}{unique}.twin@example.com" } }\n` +
        `  - seedTarget: { ref: two, resource: Users, body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "{prefix}{unique}.twin@example.com" } }\n` +
        `  - expectResponse: { title: Never judged, ref: one, status: 201 }\n`,
    );
    expect(scenario.status).toBe('inconclusive');
    expect(scenario.inconclusiveReason).toBe('the server refused the setup: seeding two answered 409 (uniqueness), a uniqueness the server may keep (RFC 7643 §7, RFC 7644 §3.3)');
    expect(statuses(scenario)).toEqual(['inconclusive: Step seedTarget two', 'inconclusive: Never judged']);
    expect(scenario.expectations[0].evidence).toHaveLength(1);
    expect(run.result.exitCode).toBe(0);
    // The seed that was created is cleaned up all the same.
    expect(server.store.listUsers().filter((user) => String(user.userName).endsWith('.twin@example.com'))).toEqual([]);
  });
});
