/** `--fail-on` as a comma list: one severity and/or `inconclusive` (docs/diagnosis.md#outcomes). */
import { parseFailOn } from '../../../harness/config/fail-on';
import { resolveRunConfig } from '../../../harness/config/load-config';
import { ConfigurationError } from '../../../harness/errors';

describe('parseFailOn', () => {
  it.each([
    ['required', { failOn: 'required', failOnInconclusive: false }],
    ['recommended,inconclusive', { failOn: 'recommended', failOnInconclusive: true }],
    [' Advisory , INCONCLUSIVE ', { failOn: 'advisory', failOnInconclusive: true }],
    ['inconclusive', { failOn: 'required', failOnInconclusive: true }],
    [['recommended', 'inconclusive'], { failOn: 'recommended', failOnInconclusive: true }],
  ] as const)('reads %j', (value, expected) => {
    expect(parseFailOn('--fail-on', value)).toEqual(expected);
  });

  it.each([
    ['sometimes', /--fail-on must be a comma list of one of required, recommended, advisory and\/or inconclusive, got "sometimes"/],
    ['required,recommended', /--fail-on takes one severity \(the lowest that fails the run\), got required and recommended/],
    ['', /--fail-on must name a severity/],
  ])('refuses %j, naming the rule', (value, message) => {
    expect(() => parseFailOn('--fail-on', value)).toThrow(ConfigurationError);
    expect(() => parseFailOn('--fail-on', value)).toThrow(message);
  });
});

describe('the run config', () => {
  it('carries --fail-on recommended,inconclusive as the severity and the inconclusive gate', () => {
    const config = resolveRunConfig({ failOn: 'recommended,inconclusive' }, {});
    expect(config.failOn).toBe('recommended');
    expect(config.failOnInconclusive).toBe(true);
  });

  it('defaults to required, inconclusive not failing', () => {
    const config = resolveRunConfig({}, {});
    expect(config.failOn).toBe('required');
    expect(config.failOnInconclusive).toBe(false);
  });
});
