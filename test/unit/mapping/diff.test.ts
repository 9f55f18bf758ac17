import { diffViews } from '../../../harness/mapping/diff';

describe('diffViews', () => {
  it('lists changes in the order of the new view (mapping order), not the old one', () => {
    const oldView = { 'name.familyName': 'B', title: 'x', userName: 'a', displayName: 'A' };
    const newView = { userName: 'a2', displayName: 'A', title: null, 'name.familyName': 'C' };
    expect(diffViews(oldView, newView)).toEqual([
      { path: 'userName', oldValue: 'a', newValue: 'a2' },
      { path: 'title', oldValue: 'x', newValue: null },
      { path: 'name.familyName', oldValue: 'B', newValue: 'C' },
    ]);
  });

  it('treats "" and a missing path as no value, and compares booleans exactly', () => {
    expect(diffViews({ title: '' }, { title: null, nickName: null })).toEqual([]);
    expect(diffViews({}, { nickName: 'Babs' })).toEqual([{ path: 'nickName', oldValue: null, newValue: 'Babs' }]);
    expect(diffViews({ active: true }, { active: false })).toEqual([{ path: 'active', oldValue: true, newValue: false }]);
  });

  it('ignores the given paths, whatever their case, and paths the new view does not manage', () => {
    const changes = diffViews({ active: true, Manager: 'm1', password: 'old' }, { active: false, manager: 'm2' }, { ignore: ['ACTIVE', 'manager'] });
    expect(changes).toEqual([]);
  });
});
