import { describeDialects, planDialects } from '../../../reporters/format/dialects';

describe('the dialects a report header names', () => {
  it('are those of the planned scenario runs, each once, in order', () => {
    const plan = { dialect: 'entra', scenarios: [{ id: 'users/create@entra', title: '' }, { id: 'users/create@entra-compliant', title: '' }, { id: 'groups/rename@entra', title: '' }] };
    expect(planDialects(plan)).toEqual(['entra', 'entra-compliant']);
    expect(describeDialects(planDialects(plan))).toBe('dialects entra, entra-compliant');
  });

  it("fall back to the run's one dialect when no scenario run names one (sync, provision)", () => {
    expect(planDialects({ dialect: 'entra-compliant', scenarios: [] })).toEqual(['entra-compliant']);
    expect(planDialects({ dialect: 'entra', scenarios: [{ id: 'users/create', title: '' }] })).toEqual(['entra']);
    expect(describeDialects(['entra'])).toBe('dialect entra');
  });
});
