/**
 * `--fail-on` and `--suite` (harness/config/fail-on.ts): one comma list naming a severity,
 * `inconclusive` (docs/diagnosis.md#outcomes) and `rfc:<severity>` (docs/rfc-coverage.md); which
 * suites run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseFailOn, parseSuite, rfcGateFor } from '../../../harness/config/fail-on';
import { resolveRunConfig } from '../../../harness/config/load-config';
import { ConfigurationError } from '../../../harness/errors';

describe('parseFailOn', () => {
  it.each([
    ['required', { failOn: 'required', failOnInconclusive: false }],
    ['recommended,inconclusive', { failOn: 'recommended', failOnInconclusive: true }],
    [' Advisory , INCONCLUSIVE ', { failOn: 'advisory', failOnInconclusive: true }],
    ['inconclusive', { failOn: 'required', failOnInconclusive: true }],
    [['recommended', 'inconclusive'], { failOn: 'recommended', failOnInconclusive: true }],
    ['required,required', { failOn: 'required', failOnInconclusive: false }],
  ] as const)('reads %j as the Entra readiness gate', (value, expected) => {
    expect(parseFailOn('--fail-on', value)).toEqual(expected);
  });

  it('reads rfc:<severity> as the RFC gate, alone leaving the Entra readiness gate unnamed, in any order and case', () => {
    expect(parseFailOn('--fail-on', 'rfc:advisory')).toEqual({ rfcFailOn: 'advisory' });
    expect(parseFailOn('--fail-on', ' RFC:Required , advisory ')).toEqual({ failOn: 'advisory', failOnInconclusive: false, rfcFailOn: 'required' });
    expect(parseFailOn('--fail-on', 'inconclusive,rfc:recommended')).toEqual({ failOn: 'required', failOnInconclusive: true, rfcFailOn: 'recommended' });
    expect(parseFailOn('--fail-on', ['rfc:required', 'recommended'])).toEqual({ failOn: 'recommended', failOnInconclusive: false, rfcFailOn: 'required' });
  });

  it('uses the fallback severity when only inconclusive is named', () => {
    expect(parseFailOn('--fail-on', 'inconclusive', 'advisory')).toEqual({ failOn: 'advisory', failOnInconclusive: true });
  });

  it.each([
    ['sometimes', /--fail-on must be a comma list of one severity \(required, recommended, advisory\), inconclusive and rfc:<severity> for the RFC conformance score, got "sometimes"/],
    ['rfc:critical', /got "rfc:critical" \(e\.g\. --fail-on recommended,inconclusive, or --fail-on required,rfc:required\)/],
    ['rfc:inconclusive', /got "rfc:inconclusive"/],
    ['required,recommended', /--fail-on takes one severity \(the lowest that fails the run\), got required and recommended/],
    ['required,advisory,inconclusive', /--fail-on takes one severity \(the lowest that fails the run\), got required and advisory/],
    ['rfc:required,rfc:advisory', /--fail-on takes one rfc:<severity> \(the lowest that fails RFC conformance\), got rfc:required and rfc:advisory/],
    ['', /--fail-on must name a severity/],
    [' , ', /--fail-on must name a severity/],
  ])('refuses %j, naming the rule', (value, message) => {
    expect(() => parseFailOn('--fail-on', value)).toThrow(ConfigurationError);
    expect(() => parseFailOn('--fail-on', value)).toThrow(message);
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
});

describe('the run config', () => {
  it('defaults to the Entra suite gated at required, inconclusive not failing and no RFC gate', () => {
    const config = resolveRunConfig({}, {});
    expect(config.suites).toEqual(['entra']);
    expect(config.failOn).toBe('required');
    expect(config.failOnInconclusive).toBe(false);
    expect(config.rfcFailOn).toBeUndefined();
  });

  it('carries --fail-on recommended,inconclusive as the severity and the inconclusive gate', () => {
    const config = resolveRunConfig({ failOn: 'recommended,inconclusive' }, {});
    expect(config.failOn).toBe('recommended');
    expect(config.failOnInconclusive).toBe(true);
  });

  it('carries both suites and both gates from the flags', () => {
    const both = resolveRunConfig({ suite: 'all', failOn: 'recommended,rfc:advisory' }, {});
    expect(both.suites).toEqual(['entra', 'rfc']);
    expect(both.failOn).toBe('recommended');
    expect(both.failOnInconclusive).toBe(false);
    expect(both.rfcFailOn).toBe('advisory');
  });

  it('keeps the default Entra gate when --fail-on names only the RFC gate', () => {
    const rfcOnly = resolveRunConfig({ failOn: 'rfc:recommended' }, {});
    expect(rfcOnly.failOn).toBe('required');
    expect(rfcOnly.failOnInconclusive).toBe(false);
    expect(rfcOnly.rfcFailOn).toBe('recommended');
  });

  it("takes all three parts from a config file's failOn list", () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'fail-on-'));
    try {
      writeFileSync(path.join(folder, 'scim-harness.config.json'), JSON.stringify({ suite: 'all', failOn: ['advisory', 'inconclusive', 'rfc:required'] }));
      const config = resolveRunConfig({}, {}, folder);
      expect(config.failOn).toBe('advisory');
      expect(config.failOnInconclusive).toBe(true);
      expect(config.rfcFailOn).toBe('required');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
