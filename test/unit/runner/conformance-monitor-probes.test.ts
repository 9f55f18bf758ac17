/**
 * Probe exchanges are the harness's experiments, not Entra's traffic: the conformance checks never
 * judge a diagnosis variant (`probe:<variant>`, docs/diagnosis.md#probing) nor a request of the RFC
 * suite (`rfc-probe:<id>`, judged into its own score, docs/rfc-coverage.md).
 */
import { type Exchange } from '../../../harness/contract/exchange';
import { ConformanceMonitor } from '../../../harness/runner/conformance-monitor';

/** A create answered 200 with the wrong media type and no id: several checks flag it when it is Entra's. */
const deviant: Exchange = {
  id: 'x-1',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
  request: { method: 'POST', url: 'http://127.0.0.1:9/scim/v2/Users', headers: {}, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'a' } },
  response: { status: 200, headers: { 'content-type': 'text/html' }, text: '<html>', bytes: 6, parseError: 'not JSON' },
};

describe('ConformanceMonitor and probe exchanges', () => {
  it('judges the exchange as Entra traffic, and not as a probe', () => {
    const entra = new ConformanceMonitor();
    entra.observe(deviant, { purpose: 'create', scenarioId: 'users/create@entra', objectType: 'User' });
    expect(entra.takeScenarioFindings('users/create@entra').length).toBeGreaterThan(0);

    const probe = new ConformanceMonitor();
    probe.observe(deviant, { purpose: 'probe:without-roles' });
    probe.observe(deviant, { purpose: 'probe:cleanup', scenarioId: 'users/create@entra' });
    expect(probe.takeScenarioFindings('users/create@entra')).toEqual([]);
    expect(probe.takeRunFindings()).toEqual([]);
  });

  it("does not judge the RFC suite's requests, with or without a scenario", () => {
    const rfc = new ConformanceMonitor();
    rfc.observe(deviant, { purpose: 'rfc-probe:rfc/create/returns-201' });
    rfc.observe(deviant, { purpose: 'rfc-probe:rfc/create/returns-201', scenarioId: 'users/create@entra' });
    expect(rfc.takeScenarioFindings('users/create@entra')).toEqual([]);
    expect(rfc.takeRunFindings()).toEqual([]);
  });
});
