import { defaultMappingSet } from '../../../harness/mapping/default-mapping';
import { diffViews } from '../../../harness/mapping/diff';
import { projectGroup, projectUser } from '../../../harness/mapping/project';
import { viewFromResource } from '../../../harness/mapping/resource-view';
import { buildCreateBody } from '../../../harness/mapping/scim-body';
import { ADA, context, ENTERPRISE, TEAM } from './fixtures';

const MANAGER = `${ENTERPRISE}:manager`;

function withoutManager(view: Record<string, unknown>): Record<string, unknown> {
  const { [MANAGER]: _manager, ...rest } = view;
  return rest;
}

describe('viewFromResource', () => {
  it('round-trips: the create body read back equals the projected view minus references', () => {
    const mapping = defaultMappingSet();
    const projected = projectUser(ADA, context(), true);
    const read = viewFromResource(buildCreateBody(projected, mapping.users), mapping.users);
    expect(read[MANAGER]).toBeNull();
    expect(withoutManager(read)).toEqual(withoutManager(projected));
    const group = projectGroup(TEAM, context(), true);
    expect(viewFromResource(buildCreateBody(group, mapping.groups), mapping.groups)).toEqual(group);
  });

  it('reads what servers return: other casing, extra entries, primary first, manager forms, "True"/"False"', () => {
    const mapping = defaultMappingSet();
    const resource = {
      id: '2819c223',
      UserName: 'ada@contoso.com',
      active: 'False',
      emails: [
        { type: 'Work', value: 'second@contoso.com' },
        { type: 'work', value: 'primary@contoso.com', primary: 'True' },
        { type: 'home', value: 'home@example.com' },
      ],
      Name: { GivenName: 'Ada' },
      phoneNumbers: [{ type: 'mobile', value: 42 }],
      [ENTERPRISE.toLowerCase()]: { manager: { value: 'm-1', $ref: '../Users/m-1' }, employeeNumber: '' },
    };
    const view = viewFromResource(resource, mapping.users);
    expect(view.userName).toBe('ada@contoso.com');
    expect(view.active).toBe(false);
    expect(view['emails[type eq "work"].value']).toBe('primary@contoso.com');
    expect(view['name.givenName']).toBe('Ada');
    expect(view['name.familyName']).toBeNull();
    expect(view['phoneNumbers[type eq "mobile"].value']).toBe('42');
    expect(view[MANAGER]).toBe('m-1');
    expect(view[`${ENTERPRISE}:employeeNumber`]).toBeNull();
    expect(view.title).toBeNull();
  });

  it('accepts the manager as a bare id, a list, an empty value, and flattened extension paths', () => {
    const users = defaultMappingSet().users;
    expect(viewFromResource({ [ENTERPRISE]: { manager: 'm-2' } }, users)[MANAGER]).toBe('m-2');
    expect(viewFromResource({ [ENTERPRISE]: { manager: [{ value: 'm-3' }] } }, users)[MANAGER]).toBe('m-3');
    expect(viewFromResource({ [ENTERPRISE]: { manager: { value: '' } } }, users)[MANAGER]).toBeNull();
    expect(viewFromResource({ [`${ENTERPRISE}:department`]: 'Sales' }, users)[`${ENTERPRISE}:department`]).toBe('Sales');
    expect(viewFromResource({ active: true }, users).active).toBe(true);
    expect(viewFromResource(null, users).userName).toBeNull();
  });

  it('finds no differences between a created user read back and the wanted view (RedundantExport)', () => {
    const mapping = defaultMappingSet();
    const wanted = projectUser(ADA, context(), false);
    const current = viewFromResource(buildCreateBody(projectUser(ADA, context(), true), mapping.users), mapping.users);
    expect(diffViews(current, wanted, { ignore: ['active', MANAGER] })).toEqual([]);
  });
});
