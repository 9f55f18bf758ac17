import { FindingAggregator, MAX_EVIDENCE, toFinding } from '../../../harness/checks/finding-aggregator';
import { checkExchange } from '../../../harness/checks/run-checks';
import { createExchange, scimUser } from './exchange-factory';

const CHECK = {
  id: 'protocol/create-status-201',
  severity: 'required' as const,
  severityReason: 'SHALL: RFC 7644 §3.3 answers a create with 201',
  spec: 'RFC 7644 §3.3',
  title: 'Create answered a 2xx other than 201 Created',
  fix: 'Answer 201.',
};
const OTHER = { ...CHECK, id: 'protocol/content-type', severity: 'recommended' as const, title: 'Wrong media type' };

describe('FindingAggregator', () => {
  it('turns one outcome into a complete finding', () => {
    const aggregator = new FindingAggregator();
    aggregator.add(CHECK, { expected: '201 Created', actual: '200' }, 'ex-1');
    expect(aggregator.findings()).toEqual([
      {
        check: 'protocol/create-status-201',
        severity: 'required',
        title: 'Create answered a 2xx other than 201 Created',
        expected: '201 Created',
        actual: '200',
        evidence: ['ex-1'],
        spec: 'RFC 7644 §3.3',
        fix: 'Answer 201.',
      },
    ]);
  });

  it('folds repeats of a check: first outcome kept, count in the title, evidence capped', () => {
    const aggregator = new FindingAggregator();
    for (let i = 1; i <= 100_000; i += 1) aggregator.add(CHECK, { expected: '201 Created', actual: String(i) }, `ex-${i}`);
    const findings = aggregator.findings();
    expect(findings).toHaveLength(1);
    expect(findings[0]?.title).toBe('Create answered a 2xx other than 201 Created (seen 100000 times)');
    expect(findings[0]?.actual).toBe('1');
    expect(findings[0]?.evidence).toEqual(['ex-1', 'ex-2', 'ex-3', 'ex-4', 'ex-5']);
    expect(MAX_EVIDENCE).toBe(5);
  });

  it('keeps scenarios and checks apart, in the order first seen', () => {
    const aggregator = new FindingAggregator();
    aggregator.add(CHECK, { expected: 'e', actual: 'a' }, 'ex-1', 'users/create');
    aggregator.add(OTHER, { expected: 'e', actual: 'a' }, 'ex-2', 'users/create');
    aggregator.add(CHECK, { expected: 'e', actual: 'a' }, 'ex-3', 'groups/create');
    aggregator.add(CHECK, { expected: 'e', actual: 'a' }, 'ex-4', 'users/create');
    const findings = aggregator.findings();
    expect(findings.map((f) => [f.check, f.scenarioId, f.title.endsWith('(seen 2 times)')])).toEqual([
      ['protocol/create-status-201', 'users/create', true],
      ['protocol/content-type', 'users/create', false],
      ['protocol/create-status-201', 'groups/create', false],
    ]);
    expect(aggregator.size).toBe(3);
  });

  it('merges evidence from multi-exchange outcomes without duplicates', () => {
    const aggregator = new FindingAggregator();
    aggregator.add(CHECK, { expected: 'e', actual: 'a', evidence: ['w-1', 'r-1'] }, ['r-1']);
    aggregator.add(CHECK, { expected: 'e', actual: 'a', evidence: ['w-1', 'r-2'] });
    expect(aggregator.findings()[0]?.evidence).toEqual(['w-1', 'r-1', 'r-2']);
  });

  it('folds ready-made findings the same way', () => {
    const aggregator = new FindingAggregator();
    aggregator.addFinding(toFinding(CHECK, { expected: 'e', actual: 'first' }, 'ex-1'));
    aggregator.addFinding(toFinding(CHECK, { expected: 'e', actual: 'second' }, 'ex-2'));
    expect(aggregator.findings()).toMatchObject([{ actual: 'first', evidence: ['ex-1', 'ex-2'], title: `${CHECK.title} (seen 2 times)` }]);
  });

  it('hands out frozen findings', () => {
    const aggregator = new FindingAggregator();
    aggregator.add(CHECK, { expected: 'e', actual: 'a' }, 'ex-1');
    const [finding] = aggregator.findings();
    expect(Object.isFrozen(finding)).toBe(true);
    expect(Object.isFrozen(finding?.evidence)).toBe(true);
  });

  it('aggregates what checkExchange returns over many exchanges', () => {
    const aggregator = new FindingAggregator();
    for (let i = 0; i < 50; i += 1) {
      const exchange = createExchange(scimUser({ id: `u-${i}` }), 'Users', { status: 200 });
      for (const { check, outcome } of checkExchange(exchange)) aggregator.add(check, outcome, exchange.id);
    }
    expect(aggregator.findings().map((f) => f.title)).toEqual([`${CHECK.title} (seen 50 times)`]);
  });
});
