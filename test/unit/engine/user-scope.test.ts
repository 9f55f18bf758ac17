import { UserScope } from '../../../harness/engine/user-scope';
import { defaultMappingSet } from '../../../harness/mapping/default-mapping';
import { SourceDirectory } from '../../../harness/source/source-directory';

function generated(): SourceDirectory {
  return SourceDirectory.generated({ seed: 2, users: 20, groups: 1, membersPerGroup: 5, withManagers: false });
}

describe('UserScope', () => {
  it('answers from the verdict the plan noted, without reading the user again', () => {
    const directory = generated();
    const scope = new UserScope(directory, defaultMappingSet());
    const [first, second] = [...directory.userIds()];
    scope.note(first, false);
    scope.note(second, true);
    const reads = jest.spyOn(directory, 'getUser');
    expect(scope.inScope(first)).toBe(false);
    expect(scope.inScope(second)).toBe(true);
    expect(reads).not.toHaveBeenCalled();
  });

  it('evaluates a user it has no verdict for once, with the scoping rules (an unassigned user is out of scope)', () => {
    const directory = generated();
    const [id] = [...directory.userIds()];
    directory.assign(id);
    directory.unassign(id);
    const scope = new UserScope(directory, defaultMappingSet());
    const reads = jest.spyOn(directory, 'getUser');
    expect(scope.inScope(id)).toBe(false);
    expect(scope.inScope(id)).toBe(false);
    expect(reads).toHaveBeenCalledTimes(1);
    const [, other] = [...directory.userIds()];
    expect(scope.inScope(other)).toBe(true);
  });

  it('answers undefined for a user the directory does not hold, loaded or generated', () => {
    const directory = generated();
    const scope = new UserScope(directory, defaultMappingSet());
    const [id] = [...directory.userIds()];
    directory.hardDeleteUser(id);
    expect(scope.inScope(id)).toBeUndefined();
    expect(scope.inScope('no-such-user')).toBeUndefined();
    const loaded = SourceDirectory.fromData({ users: directory.users(), groups: [] });
    expect(new UserScope(loaded, defaultMappingSet()).inScope(directory.users()[0].objectId)).toBe(true);
  });
});
