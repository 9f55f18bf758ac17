import { defaultMappingSet } from '../../../harness/mapping/default-mapping';
import { type MappingSet, type ScopingClause } from '../../../harness/mapping/mapping-types';
import { evaluateClause, evaluateScope } from '../../../harness/mapping/scoping';
import { ADA, TEAM } from './fixtures';

const assigned = { isAssigned: (): boolean => true };
const unassigned = { isAssigned: (): boolean => false };

function withScoping(scoping: Partial<MappingSet['scoping']>): MappingSet {
  const base = defaultMappingSet();
  return { ...base, scoping: { ...base.scoping, ...scoping } };
}

describe('evaluateScope', () => {
  it('puts an active, assigned user in scope with Entra-like details', () => {
    const result = evaluateScope(ADA, defaultMappingSet(), assigned);
    expect(result.inScope).toBe(true);
    expect(result.details).toMatchObject({
      'Active in the source system': 'True',
      'Assigned to the application': 'True',
      'Scoping filter evaluation passed': 'True',
      Scope: 'Sync only assigned users and groups',
    });
    expect(JSON.parse(result.details.ScopeEvaluationResult)).toEqual([]);
  });

  it('leaves an unassigned user out under "assigned", in under "all"', () => {
    expect(evaluateScope(ADA, defaultMappingSet(), unassigned)).toMatchObject({ inScope: false, details: { 'Assigned to the application': 'False' } });
    expect(evaluateScope(ADA, withScoping({ scope: 'all' }), unassigned).inScope).toBe(true);
  });

  it('leaves a soft-deleted user out, keeps a blocked one in (it is disabled, not descoped)', () => {
    expect(evaluateScope({ ...ADA, isSoftDeleted: true }, defaultMappingSet(), assigned)).toMatchObject({ inScope: false, details: { 'Active in the source system': 'False' } });
    expect(evaluateScope({ ...ADA, accountEnabled: false }, defaultMappingSet(), assigned).inScope).toBe(true);
  });

  it('ANDs clauses within a filter and ORs filters', () => {
    const sales: ScopingClause = { attribute: 'department', operator: 'EQUALS', value: 'Sales' };
    const engineering: ScopingClause = { attribute: 'department', operator: 'EQUALS', value: 'Engineering' };
    const analyst: ScopingClause = { attribute: 'jobTitle', operator: 'EQUALS', value: 'Analyst' };
    const manager: ScopingClause = { attribute: 'jobTitle', operator: 'EQUALS', value: 'Manager' };
    expect(evaluateScope(ADA, withScoping({ userFilters: [[engineering, analyst]] }), assigned).inScope).toBe(true);
    expect(evaluateScope(ADA, withScoping({ userFilters: [[engineering, manager]] }), assigned).inScope).toBe(false);
    expect(evaluateScope(ADA, withScoping({ userFilters: [[sales], [engineering, analyst]] }), assigned).inScope).toBe(true);
    const failed = evaluateScope(ADA, withScoping({ userFilters: [[sales]] }), assigned);
    expect(failed.details['Scoping filter evaluation passed']).toBe('False');
    expect(JSON.parse(failed.details.ScopeEvaluationResult)).toEqual([{ filter: 1, passed: false, clauses: [{ clause: 'department EQUALS "Sales"', passed: false }] }]);
  });

  it('applies group filters to groups and user filters to users', () => {
    const mapping = withScoping({ userFilters: [[{ attribute: 'department', operator: 'EQUALS', value: 'Sales' }]], groupFilters: [[{ attribute: 'displayName', operator: 'REGEX MATCH', value: '^disp' }]] });
    expect(evaluateScope(TEAM, mapping, assigned).inScope).toBe(true);
    expect(evaluateScope({ ...TEAM, displayName: 'Other' }, mapping, assigned).inScope).toBe(false);
    expect(evaluateScope(ADA, mapping, assigned).inScope).toBe(false);
  });
});

describe('evaluateClause operators', () => {
  const clause = (operator: ScopingClause['operator'], value?: string): ScopingClause => ({ attribute: 'x', operator, value });
  it('EQUALS is case-sensitive on strings, case-insensitive on booleans', () => {
    expect(evaluateClause(clause('EQUALS', 'Sales'), 'Sales')).toBe(true);
    expect(evaluateClause(clause('EQUALS', 'sales'), 'Sales')).toBe(false);
    expect(evaluateClause(clause('EQUALS', 'true'), true)).toBe(true);
    expect(evaluateClause(clause('NOT EQUALS', 'Sales'), 'Sales')).toBe(false);
    expect(evaluateClause(clause('NOT EQUALS', 'Sales'), null)).toBe(true);
  });
  it('IS TRUE / IS FALSE / IS NULL / IS NOT NULL', () => {
    expect(evaluateClause(clause('IS TRUE'), true)).toBe(true);
    expect(evaluateClause(clause('IS TRUE'), 'True')).toBe(true);
    expect(evaluateClause(clause('IS TRUE'), false)).toBe(false);
    expect(evaluateClause(clause('IS FALSE'), false)).toBe(true);
    expect(evaluateClause(clause('IS NULL'), null)).toBe(true);
    expect(evaluateClause(clause('IS NULL'), 'x')).toBe(false);
    expect(evaluateClause(clause('IS NOT NULL'), 'x')).toBe(true);
  });
  it('REGEX MATCH / NOT REGEX MATCH', () => {
    expect(evaluateClause(clause('REGEX MATCH', '@contoso\\.com$'), 'ada@contoso.com')).toBe(true);
    expect(evaluateClause(clause('REGEX MATCH', '@contoso\\.com$'), 'ada@fabrikam.com')).toBe(false);
    expect(evaluateClause(clause('REGEX MATCH', '.*'), null)).toBe(false);
    expect(evaluateClause(clause('NOT REGEX MATCH', '^temp'), 'temp-1')).toBe(false);
    expect(evaluateClause(clause('NOT REGEX MATCH', '^temp'), null)).toBe(true);
  });
  it('Greater_Than / Less_Than compare integers only', () => {
    expect(evaluateClause(clause('Greater_Than', '100'), '101')).toBe(true);
    expect(evaluateClause(clause('Greater_Than', '100'), '99')).toBe(false);
    expect(evaluateClause(clause('Less_Than', '100'), '99')).toBe(true);
    expect(evaluateClause(clause('Less_Than', '100'), 'abc')).toBe(false);
    expect(evaluateClause(clause('Greater_Than', '100'), '123456789012345678901')).toBe(true);
  });
});
