/**
 * Differential probing end to end (docs/diagnosis.md#probing): the whole suite, both dialects,
 * against the bundled server with one fault switch on that refuses a request Entra sends. Each
 * fault is ONE root cause, named by the part at fault, with every failed expectation attributed
 * to it; the rest of the lifecycle is still tested behind the workaround; with probing off no
 * variant is sent; with no fault there is no root cause at all.
 */
import { describeCauses, type FaultRun, runWithFaults } from '../../helpers/fault-diagnosis';

jest.setTimeout(120_000);

const ADSCIM = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

/** One run per fault list, shared by the tests that read it. */
const runs = new Map<string, Promise<FaultRun>>();
function suiteWith(faults: string, settings?: Readonly<Record<string, unknown>>): Promise<FaultRun> {
  const key = `${faults} ${JSON.stringify(settings ?? {})}`;
  let pending = runs.get(key);
  if (!pending) {
    pending = runWithFaults(faults, settings ? { settings } : {});
    runs.set(key, pending);
  }
  return pending;
}

function failedExpectations(run: FaultRun): { scenario: string; title: string; cause?: string }[] {
  return run.verdict.scenarios
    .filter((scenario) => scenario.status === 'failed')
    .flatMap((scenario) => scenario.expectations.filter((expectation) => expectation.status === 'failed').map((expectation) => ({ scenario: `${scenario.id}@${scenario.dialect}`, title: expectation.title, cause: expectation.cause })));
}

describe.each([
  ['reject-unknown-schemas', 'request/unknown-schema-uri-rejected', ADSCIM],
  ['case-sensitive-ops', 'request/capitalised-patch-op-rejected', 'capitalised'],
  ['strict-booleans', 'request/string-boolean-rejected', 'booleans sent as strings'],
  ['reject-roles', 'request/roles-rejected', '"roles"'],
  ['require-object-manager', 'request/bare-string-manager-rejected', 'manager'],
  ['misread-plus', 'request/plus-in-query-misread', '"+"'],
])('%s', (faults, causeId, named) => {
  it(`is one required root cause, ${causeId}, whose title names the cause`, async () => {
    const run = await suiteWith(faults);
    // The account of every root cause rides along, so a failure shows what was found instead.
    expect({ ids: run.rootCauses.map((cause) => cause.id), causes: describeCauses(run) }).toEqual({ ids: [causeId], causes: expect.any(String) });
    const [cause] = run.rootCauses;
    expect(cause).toMatchObject({ severity: 'required', diagnosed: true });
    expect(cause.title).toContain(named);
    expect(cause.serverDetail).toBeDefined();
    expect(cause.workaround).toBeDefined();
    expect(run.probeExchanges).toBeGreaterThan(0);
  });

  it('fails scenarios only through that cause: each one leads with "The target accepts Entra\'s … as Entra sends it"', async () => {
    const run = await suiteWith(faults);
    expect(run.failedScenarios.length).toBeGreaterThan(0);
    expect(failedExpectations(run).filter((expectation) => expectation.cause !== causeId)).toEqual([]);
    for (const scenario of run.verdict.scenarios.filter((candidate) => candidate.status === 'failed')) {
      expect(scenario.expectations[0]).toMatchObject({ status: 'failed', cause: causeId, title: expect.stringMatching(/^The target accepts Entra's .+ as Entra sends it$/) });
      expect(scenario.workarounds).toEqual([causeId]);
    }
  });
});

describe('a server that rejects only the ADSCIM schema URI', () => {
  it('still has its group lifecycle tested: membership add and remove and rename pass on their own merits', async () => {
    const run = await suiteWith('reject-unknown-schemas');
    const groupRuns = run.verdict.scenarios.filter((scenario) => ['groups/add-members', 'groups/remove-member', 'groups/rename'].includes(scenario.id));
    expect(groupRuns).toHaveLength(6);
    for (const scenario of groupRuns) {
      const [leading, ...own] = scenario.expectations;
      expect(leading.title).toBe("The target accepts Entra's Create Group request as Entra sends it");
      expect(own.length).toBeGreaterThan(0);
      expect({ scenario: `${scenario.id}@${scenario.dialect}`, statuses: own.map((expectation) => `${expectation.status}: ${expectation.title}`) }).toEqual({
        scenario: `${scenario.id}@${scenario.dialect}`,
        statuses: own.map((expectation) => `passed: ${expectation.title}`),
      });
    }
  });

  it('with probing off sends no variant, and the refusal is grouped by symptom instead', async () => {
    const run = await suiteWith('reject-unknown-schemas', { probe: false });
    expect(run.probeExchanges).toBe(0);
    expect(run.rootCauses.length).toBeGreaterThan(0);
    expect(run.rootCauses.filter((cause) => cause.diagnosed)).toEqual([]);
    expect(run.rootCauses.map((cause) => cause.id)).not.toContain('request/unknown-schema-uri-rejected');
    expect(run.verdict.scenarios.filter((scenario) => scenario.workarounds !== undefined)).toEqual([]);
  });
});

describe('--read-only', () => {
  it('sends no variant, even for Test Connection refused for its "+"', async () => {
    const run = await suiteWith('misread-plus', { readOnly: true });
    expect(run.verdict.scenarios.length).toBeGreaterThan(0);
    expect(run.probeExchanges).toBe(0);
    expect(run.rootCauses.filter((cause) => cause.diagnosed)).toEqual([]);
  });
});

describe('the bundled server with no fault', () => {
  it('has no root cause, sends no variant and fails no scenario', async () => {
    const run = await suiteWith('');
    expect(describeCauses(run)).toBe('(no root causes)');
    expect(run.failedScenarios).toEqual([]);
    expect(run.probeExchanges).toBe(0);
  });
});
