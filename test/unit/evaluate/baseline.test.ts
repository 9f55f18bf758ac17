import { type Finding } from '../../../harness/contract/finding';
import { KNOWN_CHECK_IDS } from '../../../harness/checks/check-catalog';
import { nearestIds, updatedBaseline } from '../../../harness/evaluate/baseline';
import { buildVerdict, rebaseline } from '../../../harness/evaluate/build-verdict';
import { type QuarantineAssessment, type ScenarioResult, type ScenarioStatus } from '../../../harness/contract/verdict';

const NO_QUARANTINE: QuarantineAssessment = { wouldQuarantine: false, reason: null, errorCode: null, details: '', fix: null, escrowsPruned: false, jobDisabled: false, projection: null };
const CATALOG = { scenarioIds: ['users/create', 'users/disable', 'groups/rename'], checkIds: KNOWN_CHECK_IDS };

function scenario(id: string, status: ScenarioStatus): ScenarioResult {
  return { id, title: id, tags: [], spec: 'RFC 7644 §3.3', dialect: 'entra', status, durationMs: 1, expectations: [], findings: [] };
}

function finding(check: string, scenarioId?: string): Finding {
  return { check, severity: 'required', title: check, expected: 'x', actual: 'y', evidence: [], spec: 'RFC 7644 §3.3', fix: 'fix', ...(scenarioId ? { scenarioId } : {}) };
}

describe('baseline entries in a filtered run', () => {
  const judge = (knownFailures: string[], scenarios = [scenario('users/create', 'passed')], findings: Finding[] = []) =>
    buildVerdict({ scenarios, findings, quarantine: NO_QUARANTINE, interrupted: false, baseline: { knownFailures }, catalog: CATALOG, checksRan: true });

  it('treats entries of scenarios that did not run as not run, without failing the gate', () => {
    const verdict = judge(['users/disable', 'groups/rename::protocol/content-type']);
    expect(verdict.notRunKnownFailures).toEqual(['users/disable', 'groups/rename::protocol/content-type']);
    expect(verdict.fixedKnownFailures).toEqual([]);
    expect(verdict.outcome).toBe('passed');
  });

  it('reports ids that name no scenario or check as unknown, with the nearest known ids, without failing the gate', () => {
    const verdict = judge(['users/disabel', 'protocol/content-typ', 'nonsense-entirely-unlike-anything']);
    expect(verdict.unknownKnownFailures).toEqual([
      { id: 'users/disabel', suggestions: ['users/disable'] },
      { id: 'protocol/content-typ', suggestions: ['protocol/content-type'] },
      { id: 'nonsense-entirely-unlike-anything', suggestions: [] },
    ]);
    expect(verdict.outcome).toBe('passed');
  });

  it('still reports entries whose scenario or check ran and passes as fixed', () => {
    const verdict = judge(['users/create', 'protocol/content-type', 'users/create::protocol/content-type']);
    expect(verdict.fixedKnownFailures).toEqual(['users/create', 'protocol/content-type', 'users/create::protocol/content-type']);
    expect(verdict.outcome).toBe('failed');
  });

  it('does not call a check fixed by a run that checked no traffic', () => {
    const verdict = buildVerdict({ scenarios: [], findings: [], quarantine: NO_QUARANTINE, interrupted: false, baseline: { knownFailures: ['protocol/content-type'] }, catalog: CATALOG, checksRan: false });
    expect(verdict.notRunKnownFailures).toEqual(['protocol/content-type']);
  });
});

describe('--update-baseline', () => {
  it('records the current failures: fixed entries go, uncovered failures are added, entries not run or unknown stay', () => {
    const input = {
      scenarios: [scenario('users/create', 'passed'), scenario('users/disable', 'failed')],
      findings: [finding('protocol/content-type', 'users/create'), finding('discovery/endpoint-available')],
      quarantine: NO_QUARANTINE,
      interrupted: false,
      baseline: { knownFailures: ['groups/rename', 'users/create::schema/user-resource', 'typo/entry'] },
      catalog: CATALOG,
      checksRan: true,
    };
    const next = rebaseline(input);
    expect(next.removed).toEqual(['users/create::schema/user-resource']);
    expect(next.added).toEqual(['users/disable', 'users/create::protocol/content-type', 'discovery/endpoint-available']);
    expect(next.knownFailures).toEqual(['groups/rename', 'typo/entry', ...next.added]);
    expect(buildVerdict({ ...input, baseline: { knownFailures: next.knownFailures } }).outcome).toBe('passed');
  });

  it('adds nothing a listed entry already covers', () => {
    const next = updatedBaseline(['users/disable'], new Map([['users/disable', 'failing' as const]]), {
      failedScenarios: [scenario('users/disable', 'failed')],
      gating: [finding('lifecycle/disabled-is-still-returned', 'users/disable')],
    });
    expect(next).toEqual({ knownFailures: ['users/disable'], added: [], removed: [] });
  });

  it('suggests the nearest scenario and check for a scenario::check typo', () => {
    expect(nearestIds('users/disabel::protocol/content-typ', CATALOG)).toEqual(['users/disable::protocol/content-type']);
  });
});
