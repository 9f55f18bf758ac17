/** `--fail-on` and `--suite` (harness/config/fail-on.ts): which suites run and which score gates the exit code. */
import { parseFailOn, parseSuite, rfcGateFor } from '../../../harness/config/fail-on';
import { resolveRunConfig } from '../../../harness/config/load-config';
import { ConfigurationError } from '../../../harness/errors';

describe('--fail-on', () => {
  it('reads a bare severity as the Entra readiness gate and rfc:<severity> as the RFC gate, in any order and case', () => {
    expect(parseFailOn('recommended')).toEqual({ failOn: 'recommended' });
    expect(parseFailOn('rfc:advisory')).toEqual({ rfcFailOn: 'advisory' });
    expect(parseFailOn(' RFC:Required , advisory ')).toEqual({ failOn: 'advisory', rfcFailOn: 'required' });
  });

  it('refuses an unknown severity and a gate named twice, with an example', () => {
    expect(() => parseFailOn('rfc:critical')).toThrow(ConfigurationError);
    expect(() => parseFailOn('rfc:critical')).toThrow(/got "rfc:critical" \(e\.g\. --fail-on recommended, or --fail-on required,rfc:required\)/);
    expect(() => parseFailOn('required,advisory')).toThrow(/one severity at most/);
    expect(() => parseFailOn('rfc:required,rfc:advisory')).toThrow(/one rfc:<severity> at most/);
  });
});

describe('--suite', () => {
  it('runs the Entra scenarios by default, the RFC probes with rfc, and both with all', () => {
    expect(parseSuite(undefined)).toEqual(['entra']);
    expect(parseSuite('rfc')).toEqual(['rfc']);
    expect(parseSuite('ALL')).toEqual(['entra', 'rfc']);
    expect(() => parseSuite('smoke')).toThrow(/--suite must be entra, rfc or all, got "smoke"/);
  });

  it('gates a run of the RFC suite alone on rfc:required, and no other run unless asked', () => {
    expect(rfcGateFor(['rfc'], {})).toBe('required');
    expect(rfcGateFor(['rfc'], { rfcFailOn: 'advisory' })).toBe('advisory');
    expect(rfcGateFor(['entra', 'rfc'], {})).toBeUndefined();
    expect(rfcGateFor(['entra', 'rfc'], { failOn: 'required', rfcFailOn: 'recommended' })).toBe('recommended');
    expect(rfcGateFor(['entra'], {})).toBeUndefined();
  });

  it('reaches the run config from the flags, the default gate staying Entra readiness at required', () => {
    const defaults = resolveRunConfig({}, {});
    expect(defaults.suites).toEqual(['entra']);
    expect(defaults.failOn).toBe('required');
    expect(defaults.rfcFailOn).toBeUndefined();
    const both = resolveRunConfig({ suite: 'all', failOn: 'recommended,rfc:advisory' }, {});
    expect(both.suites).toEqual(['entra', 'rfc']);
    expect(both.failOn).toBe('recommended');
    expect(both.rfcFailOn).toBe('advisory');
  });
});
