import { LIFECYCLE_CHECKS } from '../../../harness/checks/lifecycle';
import { runLifecycleChecks } from '../../../harness/checks/run-checks';
import { type Exchange } from '../../../harness/contract/exchange';
import {
  createExchange,
  ENTERPRISE_URN,
  filterPath,
  listResponse,
  makeExchange,
  patchBody,
  scimError,
  scimGroup,
  scimUser,
} from './exchange-factory';

const USER = scimUser();
const GROUP = scimGroup();
const USER_FILTER = filterPath('Users', 'userName eq "alice@contoso.test"');

function fired(history: readonly Exchange[]): string[] {
  return runLifecycleChecks(history).map((r) => r.check.id);
}

const get = (body: unknown, status = 200, path = '/Users/u-1'): Exchange =>
  makeExchange({ path, status, ...(body === undefined ? {} : { body }) });
const patch = (operations: Record<string, unknown>[], status = 204, path = '/Users/u-1'): Exchange =>
  makeExchange({ method: 'PATCH', path, requestBody: patchBody(operations), status, ...(status >= 400 ? { body: scimError(status) } : {}) });
const query = (resources: unknown[], path = USER_FILTER): Exchange => makeExchange({ path, body: listResponse(resources) });
const remove = (status = 204, path = '/Users/u-1'): Exchange => makeExchange({ method: 'DELETE', path, status });

/** Entra default mode (no flag): capitalised ops, one op per path, booleans as strings. */
const DEFAULT_UPDATE = [
  { op: 'Replace', path: 'emails[type eq "work"].value', value: 'alice.new@contoso.test' },
  { op: 'Replace', path: 'name.familyName', value: 'Jones' },
  { op: 'Replace', path: `${ENTERPRISE_URN}:employeeNumber`, value: '43' },
];
/** aadOptscim062020: one path-less replace with dotted and URN-qualified keys. */
const FLAG_UPDATE = [
  { op: 'replace', path: 'emails[type eq "work"].value', value: 'alice.new@contoso.test' },
  { op: 'replace', value: { 'name.familyName': 'Jones', [`${ENTERPRISE_URN}:employeeNumber`]: '43', displayName: 'Alice Jones' } },
];
const UPDATED = scimUser({
  emails: [{ value: 'alice.new@contoso.test', type: 'work', primary: true }],
  name: { givenName: 'Alice', familyName: 'Jones' },
  displayName: 'Alice Jones',
  [ENTERPRISE_URN]: { employeeNumber: '43', department: 'Sales', manager: { value: 'u-9' } },
});

interface LifecycleCase {
  readonly check: string;
  readonly name: string;
  readonly deviating: readonly Exchange[];
  readonly conforming: readonly Exchange[];
}

const CASES: readonly LifecycleCase[] = [
  {
    check: 'lifecycle/created-is-readable',
    name: 'GET after create answers 404',
    deviating: [createExchange(USER), get(scimError(404), 404)],
    conforming: [createExchange(USER), get(USER)],
  },
  {
    check: 'lifecycle/created-is-readable',
    name: 'GET after create returns another id',
    deviating: [createExchange(USER), get(scimUser({ id: 'u-7' }))],
    conforming: [createExchange(USER), remove(), get(scimError(404), 404)],
  },
  {
    check: 'lifecycle/created-is-read-back',
    name: 'title written at create is dropped (normalised phone and e-mail case are kept values)',
    deviating: [createExchange(scimUser({ title: 'Boss' })), get(USER)],
    conforming: [
      createExchange(scimUser({ title: 'Boss', emails: [{ value: 'Alice@Contoso.test', type: 'work', primary: true }] })),
      get(scimUser({ title: 'Boss', phoneNumbers: [{ value: '+15550100', type: 'mobile' }] })),
    ],
  },
  {
    check: 'lifecycle/written-is-read-back',
    name: 'default dialect: PATCH 204 then GET shows old values',
    deviating: [createExchange(USER), patch(DEFAULT_UPDATE), get(USER)],
    conforming: [createExchange(USER), patch(DEFAULT_UPDATE), get(UPDATED)],
  },
  {
    check: 'lifecycle/written-is-read-back',
    name: 'aadOptscim062020 dialect: path-less dotted keys not applied',
    deviating: [createExchange(USER), patch(FLAG_UPDATE, 200), query([scimUser({ displayName: 'Alice Jones' })])],
    conforming: [createExchange(USER), patch(FLAG_UPDATE, 200), query([UPDATED])],
  },
  {
    check: 'lifecycle/written-is-read-back',
    name: 'default dialect member removal (path members + value) not applied',
    deviating: [
      createExchange(GROUP, 'Groups'),
      patch([{ op: 'Remove', path: 'members', value: [{ value: 'u-1' }] }], 204, '/Groups/g-1'),
      get(scimGroup({ members: [{ value: 'u-1' }, { value: 'u-2' }] }), 200, '/Groups/g-1'),
    ],
    conforming: [
      createExchange(GROUP, 'Groups'),
      patch([{ op: 'Remove', path: 'members', value: [{ value: 'u-1' }] }], 204, '/Groups/g-1'),
      get(scimGroup({ members: [{ value: 'u-2' }] }), 200, '/Groups/g-1'),
    ],
  },
  {
    check: 'lifecycle/written-is-read-back',
    name: 'member add lost (a read excluding members cannot judge it)',
    deviating: [
      createExchange(GROUP, 'Groups'),
      patch([{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'u-1' }] }], 204, '/Groups/g-1'),
      get(scimGroup({ members: [] }), 200, '/Groups/g-1'),
    ],
    conforming: [
      createExchange(GROUP, 'Groups'),
      patch([{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'u-1' }] }], 204, '/Groups/g-1'),
      get({ ...GROUP, members: undefined }, 200, '/Groups/g-1?excludedAttributes=members'),
    ],
  },
  {
    check: 'lifecycle/written-is-read-back',
    name: 'manager cleared with {"value":""} still set',
    deviating: [createExchange(USER), patch([{ op: 'replace', path: `${ENTERPRISE_URN}:manager`, value: { value: '' } }]), get(USER)],
    conforming: [
      createExchange(USER),
      patch([{ op: 'replace', path: `${ENTERPRISE_URN}:manager`, value: { value: '' } }]),
      get(scimUser({ [ENTERPRISE_URN]: { employeeNumber: '42', department: 'Sales' } })),
    ],
  },
  {
    check: 'lifecycle/written-is-read-back',
    name: 'a rejected PATCH is expected to change nothing',
    deviating: [createExchange(USER), patch([{ op: 'Add', path: 'nickName', value: 'Babs' }], 200), get(USER)],
    conforming: [createExchange(USER), patch([{ op: 'Add', path: 'nickName', value: 'Babs' }], 400), get(USER)],
  },
  {
    check: 'lifecycle/disabled-is-still-returned',
    name: 'default dialect disable ("False") then GET answers 404',
    deviating: [createExchange(USER), patch([{ op: 'Replace', path: 'active', value: 'False' }]), get(scimError(404), 404)],
    conforming: [createExchange(USER), patch([{ op: 'Replace', path: 'active', value: 'False' }]), get(scimUser({ active: false }))],
  },
  {
    check: 'lifecycle/disabled-is-still-returned',
    name: 'GET after disable shows active true, or no active at all',
    deviating: [createExchange(USER), patch([{ op: 'Replace', path: 'active', value: 'False' }]), get({ ...USER, active: undefined })],
    conforming: [createExchange(USER), patch([{ op: 'Replace', path: 'active', value: 'False' }]), get(scimUser({ active: 'False' }))],
  },
  {
    check: 'lifecycle/disabled-is-still-returned',
    name: 'aadOptscim062020 disable then filter by userName finds nothing',
    deviating: [createExchange(USER), patch([{ op: 'replace', path: 'active', value: false }]), query([])],
    conforming: [createExchange(USER), patch([{ op: 'replace', path: 'active', value: false }]), query([scimUser({ active: false })])],
  },
  {
    check: 'lifecycle/disabled-is-still-returned',
    name: 'path-less disable then filter returns active true (re-enabled users are not judged)',
    deviating: [createExchange(USER), patch([{ op: 'replace', value: { active: false } }]), query([USER])],
    conforming: [
      createExchange(USER),
      patch([{ op: 'replace', value: { active: false } }]),
      patch([{ op: 'Replace', path: 'active', value: 'True' }]),
      query([USER]),
    ],
  },
  {
    check: 'lifecycle/deleted-is-gone',
    name: 'GET after DELETE still answers 200',
    deviating: [createExchange(USER), remove(), get(USER)],
    conforming: [createExchange(USER), remove(), get(scimError(404), 404)],
  },
  {
    check: 'lifecycle/deleted-is-gone',
    name: 'a query after DELETE still returns it (a re-created object has a new id)',
    deviating: [createExchange(USER), remove(), query([USER])],
    conforming: [createExchange(USER), remove(), query([]), createExchange(scimUser({ id: 'u-2' })), query([scimUser({ id: 'u-2' })])],
  },
  {
    check: 'lifecycle/deleted-rejects-operations',
    name: 'second DELETE answers 204',
    deviating: [createExchange(USER), remove(), remove()],
    conforming: [createExchange(USER), remove(), remove(404)],
  },
  {
    check: 'lifecycle/filter-finds-object',
    name: 'filter on the exact userName after create finds nothing (the match query before create is fine)',
    deviating: [query([]), createExchange(USER), query([])],
    conforming: [query([]), createExchange(USER), query([USER])],
  },
  {
    check: 'lifecycle/filter-finds-object',
    name: 'after a userName change, the new name finds the user',
    deviating: [
      createExchange(USER),
      patch([{ op: 'Replace', path: 'userName', value: 'alice2@contoso.test' }]),
      query([], filterPath('Users', 'userName eq "alice2@contoso.test"')),
    ],
    conforming: [
      createExchange(USER),
      patch([{ op: 'Replace', path: 'userName', value: 'alice2@contoso.test' }]),
      query([scimUser({ userName: 'alice2@contoso.test' })], filterPath('Users', 'userName eq "alice2@contoso.test"')),
    ],
  },
  {
    check: 'lifecycle/filter-case-insensitive',
    name: 'userName filter in another case finds nothing',
    deviating: [createExchange(USER), query([], filterPath('Users', 'userName eq "ALICE@CONTOSO.TEST"'))],
    conforming: [createExchange(USER), query([USER], filterPath('Users', 'userName eq "ALICE@CONTOSO.TEST"'))],
  },
  {
    check: 'lifecycle/filter-case-insensitive',
    name: 'group displayName filter in another case finds nothing',
    deviating: [createExchange(GROUP, 'Groups'), query([], filterPath('Groups', 'displayName eq "SALES"', '&excludedAttributes=members'))],
    conforming: [createExchange(GROUP, 'Groups'), query([GROUP], filterPath('Groups', 'displayName eq "sales"', '&excludedAttributes=members'))],
  },
];

describe('lifecycle checks', () => {
  it.each(CASES.map((c) => [c.check, c.name, c] as const))('%s fires on a deviation: %s', (check, _name, c) => {
    expect(fired(c.deviating)).toContain(check);
  });

  it.each(CASES.map((c) => [c.check, c.name, c] as const))('%s stays silent on the conforming history: %s', (check, _name, c) => {
    expect(fired(c.conforming)).not.toContain(check);
  });

  it('has a deviating and a conforming history for every lifecycle check', () => {
    expect(new Set(CASES.map((c) => c.check))).toEqual(new Set(LIFECYCLE_CHECKS.map((c) => c.id)));
  });

  it('cites the write and the read as evidence', () => {
    const write = patch(DEFAULT_UPDATE);
    const read = get(USER);
    const result = runLifecycleChecks([createExchange(USER), write, read]).find((r) => r.check.id === 'lifecycle/written-is-read-back');
    expect(result?.outcome.evidence).toEqual([write.id, read.id]);
    expect(result?.outcome.actual).toContain('name.familyName: wrote "Jones", read "Smith"');
  });

  it('leaves a group\'s externalId to the server: ignoring it is no finding (RFC 7644 §3.3, docs/entra-behaviour.md#groups)', () => {
    const { externalId: _ignored, ...stored } = GROUP;
    expect(fired([createExchange(GROUP, 'Groups'), get(stored, 200, '/Groups/g-1')])).toEqual([]);
    // A user's externalId is Entra's (mailNickname, a matching attribute): still judged.
    const { externalId: _dropped, ...user } = scimUser({ externalId: 'alice' });
    expect(fired([createExchange(scimUser({ externalId: 'alice' })), get(user)])).toContain('lifecycle/created-is-read-back');
  });

  it('does not blame the create for what a rejected write changed (that is atomicity, RFC 7644 §3.5.2)', () => {
    const created = scimUser({ title: 'Engineer' });
    const history = [createExchange(created), patch([{ op: 'replace', path: 'title', value: 'Changed' }, { op: 'replace', path: 'noSuch', value: 'x' }], 400), get(scimUser({ title: 'Changed' }))];
    expect(fired(history)).not.toContain('lifecycle/created-is-read-back');
  });

  it('judges nothing in a history without reads', () => {
    expect(fired([createExchange(USER), patch(DEFAULT_UPDATE), patch([{ op: 'Replace', path: 'active', value: 'False' }]), remove()])).toEqual([]);
  });

  it('reports nothing for a full conforming Entra lifecycle in the default dialect', () => {
    const history = [
      query([]),
      createExchange(USER),
      get(USER),
      query([USER], filterPath('Users', 'userName eq "Alice@Contoso.Test"')),
      patch(DEFAULT_UPDATE),
      get(UPDATED),
      patch([{ op: 'Replace', path: 'active', value: 'False' }]),
      get(scimUser({ ...UPDATED, active: false })),
      query([scimUser({ ...UPDATED, active: false })]),
      remove(),
      get(scimError(404), 404),
      query([]),
    ];
    expect(runLifecycleChecks(history)).toEqual([]);
  });
});
