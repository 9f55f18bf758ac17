import { type ScimRequest } from '../../../../harness/contract/target-client';
import { ConflictInspector } from '../../../../harness/diagnose/matching/conflict-inspector';
import { IdentityMemory } from '../../../../harness/diagnose/matching/identity-memory';
import { exchangeOf, FakeTarget, type FakeUser } from './fake-target';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

function createRequest(userName: string, extra: Record<string, unknown> = {}): ScimRequest {
  return { method: 'POST', path: '/Users', body: { schemas: [USER], userName, ...extra } };
}

/** Entra's create answered 409, inspected against `target`. */
async function conflict(inspector: ConflictInspector, target: FakeTarget, request: ScimRequest): Promise<string | undefined> {
  const exchange = exchangeOf(request, 409, { scimType: 'uniqueness', detail: 'userName is already taken' }, 'symptom');
  expect(inspector.signature(request, exchange)).toBeDefined();
  return inspector.investigate(request, exchange, target.context());
}

/** What the memory saw: `see(request, status, body, id)`. */
function seen(memory: IdentityMemory, request: ScimRequest, status: number, body?: unknown, id?: string): void {
  memory.observe(request, exchangeOf(request, status, body, id));
}

describe('ConflictInspector.signature: a 409 to a create, or a create given a deleted id', () => {
  test('only POSTs to a collection answered 409, with a name', () => {
    const inspector = new ConflictInspector({ prefix: 'acme-' });
    const request = createRequest('ada@example.com');
    expect(inspector.signature(request, exchangeOf(request, 409))).toBe('409 Users ada@example.com');
    expect(inspector.signature(request, exchangeOf(request, 400))).toBeUndefined();
    expect(inspector.signature(request, exchangeOf(request, 201, { id: 'u1' }))).toBeUndefined();
    const patch: ScimRequest = { method: 'PATCH', path: '/Users/u1', body: {} };
    expect(inspector.signature(patch, exchangeOf(patch, 409))).toBeUndefined();
    const nameless = createRequest('');
    expect(inspector.signature(nameless, exchangeOf(nameless, 409))).toBeUndefined();
  });
});

describe('ConflictInspector: what the uniqueness check found that the filter did not', () => {
  test('the run deleted a user with that name, and it reads 404: uniqueness kept after delete', async () => {
    const memory = new IdentityMemory();
    const inspector = new ConflictInspector({ prefix: 'acme-', memory });
    seen(memory, createRequest('kim@example.com'), 201, { id: 'u-kim', userName: 'kim@example.com' });
    seen(memory, { method: 'DELETE', path: '/Users/u-kim' }, 204, undefined, 'the-delete');
    const target = new FakeTarget([]);
    expect(await conflict(inspector, target, createRequest('kim@example.com'))).toBe('matching/uniqueness-kept-after-delete');
    expect(target.lines()).toEqual(['GET /Users userName eq "kim@example.com" (form)', 'GET /Users userName eq "kim@example.com" (percent)', 'GET /Users/u-kim']);
    expect(target.diagnoses).toHaveLength(1);
    expect(target.diagnoses[0].evidence.slice(0, 2)).toEqual(['symptom', 'the-delete']);
    expect(target.diagnoses[0].serverDetail).toBe('uniqueness: userName is already taken');
  });

  test('a live id spells the name while its user holds another: ids derived from the userName', async () => {
    const memory = new IdentityMemory();
    const inspector = new ConflictInspector({ prefix: 'acme-', memory });
    seen(memory, createRequest('ada@example.com'), 201, { id: 'ada-example-com', userName: 'ada@example.com' }, 'the-create');
    seen(memory, { method: 'PATCH', path: '/Users/ada-example-com' }, 200, { id: 'ada-example-com', userName: 'ada.king@example.com' });
    const target = new FakeTarget([{ id: 'ada-example-com', userName: 'ada.king@example.com' }]);
    expect(await conflict(inspector, target, createRequest('ada@example.com'))).toBe('matching/id-derived-from-username');
    expect(target.diagnoses[0].evidence).toContain('the-create');
  });

  test('the create\'s e-mail finds the holder under another case: case-sensitive filter', async () => {
    const inspector = new ConflictInspector({ prefix: 'acme-' });
    const target = new FakeTarget([{ id: 'u-uma', userName: 'Uma@Example.com', emails: ['uma@example.com'] }], { userNameMatches: (user, value) => user.userName === value });
    expect(await conflict(inspector, target, createRequest('uma@example.com', { emails: [{ value: 'uma@example.com' }] }))).toBe('matching/filter-case-sensitive');
  });

  test('the holder carries the name exactly and an old name still finds it: stale index', async () => {
    const memory = new IdentityMemory();
    const inspector = new ConflictInspector({ prefix: 'acme-', memory });
    seen(memory, createRequest('old@example.com'), 201, { id: 'u-1', userName: 'old@example.com' });
    seen(memory, { method: 'PATCH', path: '/Users/u-1' }, 200, { id: 'u-1', userName: 'new@example.com' });
    // The index still answers by the name the user was created with.
    const target = new FakeTarget([{ id: 'u-1', userName: 'new@example.com', externalId: 'x-1' }], { userNameMatches: (user, value) => user.id === 'u-1' && value === 'old@example.com' });
    expect(await conflict(inspector, target, createRequest('new@example.com', { externalId: 'x-1' }))).toBe('matching/filter-stale-after-update');
  });

  test('nothing in the run explains it: a throw-away user shows the filter compares emails, once per run', async () => {
    const inspector = new ConflictInspector({ prefix: 'acme-' });
    const comparesEmail = (user: FakeUser, value: string): boolean => user.emails?.[0] === value;
    const target = new FakeTarget([{ id: 'u-olga', userName: 'olga@example.com' }], { userNameMatches: comparesEmail });
    expect(await conflict(inspector, target, createRequest('olga@example.com'))).toBe('matching/filter-compares-other-attribute');
    expect(target.diagnoses[0].title).toContain('(emails.value)');
    expect(await conflict(inspector, target, createRequest('OLGA@example.com'))).toBe('matching/filter-compares-other-attribute');
    expect(target.sent.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(target.users.map((user) => user.id)).toEqual(['u-olga']);
  });

  test('the match finds the object now: nothing to name', async () => {
    const inspector = new ConflictInspector({ prefix: 'acme-' });
    const target = new FakeTarget([{ id: 'u-1', userName: 'raced@example.com' }]);
    expect(await conflict(inspector, target, createRequest('raced@example.com'))).toBeUndefined();
    expect(target.diagnoses).toEqual([]);
    expect(target.sent).toHaveLength(1);
  });

  test('a form-encoded match misses, the %20 one finds it: "+" misread', async () => {
    const inspector = new ConflictInspector({ prefix: 'acme-' });
    const target = new FakeTarget([{ id: 'u-1', userName: 'plus@example.com' }], { plusMisread: true });
    expect(await conflict(inspector, target, createRequest('plus@example.com'))).toBe('request/plus-in-query-misread');
  });

  test('no probe budget left: nothing is sent, nothing named', async () => {
    const inspector = new ConflictInspector({ prefix: 'acme-' });
    const target = new FakeTarget([]);
    const request = createRequest('ada@example.com');
    expect(await inspector.investigate(request, exchangeOf(request, 409), target.context(0))).toBeUndefined();
    expect(target.sent).toEqual([]);
  });
});

describe('ConflictInspector: a create given the id of a user the run deleted', () => {
  test('an id spelling the name is derived from it; the create itself is not failed', async () => {
    const memory = new IdentityMemory();
    const inspector = new ConflictInspector({ prefix: 'acme-', memory });
    seen(memory, createRequest('kim@example.com'), 201, { id: 'kim-example-com', userName: 'kim@example.com' });
    seen(memory, { method: 'DELETE', path: '/Users/kim-example-com' }, 204, undefined, 'the-delete');
    const request = createRequest('kim@example.com');
    const created = exchangeOf(request, 201, { id: 'kim-example-com', userName: 'kim@example.com' }, 'recreate');
    inspector.observe(request, created);
    expect(inspector.signature(request, created)).toBe('reassigned Users kim-example-com');
    const target = new FakeTarget([]);
    expect(await inspector.investigate(request, created, target.context())).toBeUndefined();
    expect(target.diagnoses.map((diagnosis) => [diagnosis.cause, diagnosis.evidence])).toEqual([['matching/id-derived-from-username', ['recreate', 'the-delete']]]);
    expect(target.sent).toEqual([]);
  });

  test('an opaque id given again is a reassigned id', async () => {
    const memory = new IdentityMemory();
    const inspector = new ConflictInspector({ prefix: 'acme-', memory });
    seen(memory, createRequest('kim@example.com'), 201, { id: '7f3a', userName: 'kim@example.com' });
    seen(memory, { method: 'DELETE', path: '/Users/7f3a' }, 204);
    const request = createRequest('bo@example.com');
    const created = exchangeOf(request, 201, { id: '7f3a', userName: 'bo@example.com' });
    const target = new FakeTarget([]);
    await inspector.investigate(request, created, target.context());
    expect(target.diagnoses.map((diagnosis) => diagnosis.cause)).toEqual(['matching/id-reassigned']);
  });
});
