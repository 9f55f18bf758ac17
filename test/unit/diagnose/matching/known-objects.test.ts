import { explainFailedObservation, type KnownObject, parseRequest } from '../../../../harness/diagnose/matching/known-objects';
import { exchangeOf, FakeTarget } from './fake-target';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** What the scenario's own query of `value` answered, from `target`. */
function queried(target: FakeTarget, value: string): ReturnType<typeof exchangeOf> {
  const exchange = target.handle({ method: 'GET', path: '/Users', query: { filter: `userName eq ${JSON.stringify(value)}` } });
  target.sent.length = 0;
  return exchange;
}

async function explain(target: FakeTarget, exchange: ReturnType<typeof exchangeOf>, known: readonly KnownObject[], expectsConflict = false): Promise<string | undefined> {
  return explainFailedObservation(target.context(), { exchanges: [exchange], known, expectsConflict }, { scenarioId: 'users/x@entra', dialect: 'entra' });
}

describe('parseRequest', () => {
  test('reads the collection, the id and an eq filter in either encoding', () => {
    const form = exchangeOf({ method: 'GET', path: '/Users', query: { filter: 'userName eq "a b@x.com"' }, queryEncoding: 'form' }, 200);
    expect(form.request.url).toContain('userName+eq+');
    expect(parseRequest(form)).toEqual({ resource: 'Users', filter: { attribute: 'userName', value: 'a b@x.com' } });
    const percent = exchangeOf({ method: 'GET', path: '/Groups', query: { filter: 'displayName eq "Team \\"A\\""' } }, 200);
    expect(parseRequest(percent)).toEqual({ resource: 'Groups', filter: { attribute: 'displayName', value: 'Team "A"' } });
    expect(parseRequest(exchangeOf({ method: 'GET', path: '/Users/a%2Fb' }, 404))).toEqual({ resource: 'Users', id: 'a/b' });
    expect(parseRequest(exchangeOf({ method: 'GET', path: '/Schemas' }, 200))).toBeUndefined();
  });
});

describe('explainFailedObservation: a query that missed a known object', () => {
  test('asked in another case, found by the exact stored name: case-sensitive filter', async () => {
    const target = new FakeTarget([{ id: 'u-vic', userName: 'Vic.Mixed@example.com' }], { userNameMatches: (user, value) => user.userName === value });
    const cause = await explain(target, queried(target, 'VIC.MIXED@EXAMPLE.COM'), [{ id: 'u-vic', resource: 'Users', name: 'Vic.Mixed@example.com' }]);
    expect(cause).toBe('matching/filter-case-sensitive');
    expect(target.lines()).toEqual(['GET /Users/u-vic', 'GET /Users userName eq "Vic.Mixed@example.com" (form)']);
    expect(target.diagnoses[0]).toMatchObject({ scenarioId: 'users/x@entra', dialect: 'entra' });
  });

  test('the exact name misses, the e-mail finds it: the filter compares emails', async () => {
    const target = new FakeTarget([{ id: 'u-gil', userName: 'gil@example.com', emails: ['gil.mail@example.com'] }], { userNameMatches: (user, value) => user.emails?.[0] === value });
    expect(await explain(target, queried(target, 'gil@example.com'), [{ id: 'u-gil', resource: 'Users', name: 'gil@example.com' }])).toBe('matching/filter-compares-other-attribute');
  });

  test('found under the name it had before a rename: stale index', async () => {
    const target = new FakeTarget([{ id: 'u-gil', userName: 'gil.new@example.com' }], { userNameMatches: (_user, value) => value === 'gil@example.com' });
    const known: KnownObject = { id: 'u-gil', resource: 'Users', name: 'gil.new@example.com', formerNames: ['gil@example.com'] };
    expect(await explain(target, queried(target, 'gil.new@example.com'), [known])).toBe('matching/filter-stale-after-update');
  });

  test('a query that found every known object it should: nothing to name, nothing sent', async () => {
    const target = new FakeTarget([{ id: 'u-1', userName: 'ok@example.com' }]);
    expect(await explain(target, queried(target, 'ok@example.com'), [{ id: 'u-1', resource: 'Users', name: 'ok@example.com' }])).toBeUndefined();
    expect(target.sent).toEqual([]);
  });
});

describe('explainFailedObservation: a query that returned the wrong known object', () => {
  test('its e-mail address holds the value: the filter compares emails', async () => {
    const target = new FakeTarget([{ id: 'u-ann', userName: 'ann@example.com', emails: ['bea@example.com'] }], { userNameMatches: (user, value) => user.emails?.[0] === value });
    expect(await explain(target, queried(target, 'bea@example.com'), [{ id: 'u-ann', resource: 'Users', name: 'ann@example.com' }])).toBe('matching/filter-compares-other-attribute');
  });

  test('nothing it holds equals the value: stale index', async () => {
    const target = new FakeTarget([{ id: 'u-ann', userName: 'ann.new@example.com' }], { userNameMatches: (_user, value) => value === 'ann@example.com' });
    expect(await explain(target, queried(target, 'ann@example.com'), [{ id: 'u-ann', resource: 'Users', name: 'ann.new@example.com' }])).toBe('matching/filter-stale-after-update');
  });
});

describe('explainFailedObservation: a known object answered 404', () => {
  const read = (target: FakeTarget): ReturnType<typeof exchangeOf> => {
    const exchange = target.handle({ method: 'GET', path: '/Users/u-hal' });
    target.sent.length = 0;
    return exchange;
  };

  test('the scenario disabled it and a filter no longer finds it: disabled users hidden', async () => {
    const target = new FakeTarget([{ id: 'u-hal', userName: 'hal@example.com', active: false }], { hideDisabled: true });
    expect(await explain(target, read(target), [{ id: 'u-hal', resource: 'Users', name: 'hal@example.com', disabled: true }])).toBe('matching/disabled-user-hidden');
  });

  test('not disabled by the scenario: not this cause, nothing sent', async () => {
    const target = new FakeTarget([{ id: 'u-hal', userName: 'hal@example.com', active: false }], { hideDisabled: true });
    expect(await explain(target, read(target), [{ id: 'u-hal', resource: 'Users', name: 'hal@example.com' }])).toBeUndefined();
    expect(target.sent).toEqual([]);
  });

  test('disabled, but the filter still finds it: not hidden, nothing named', async () => {
    const target = new FakeTarget([{ id: 'other', userName: 'x@example.com' }]);
    const missing = exchangeOf({ method: 'GET', path: '/Users/u-hal' }, 404);
    target.users.push({ id: 'u-hal', userName: 'hal@example.com', active: false });
    const found = await explain(target, missing, [{ id: 'u-hal', resource: 'Users', name: 'hal@example.com', disabled: true }]);
    expect(found).toBeUndefined();
  });
});

describe('explainFailedObservation: other failed observations', () => {
  test('a create expected refused was accepted and the name finds two users: duplicates accepted', async () => {
    const target = new FakeTarget([
      { id: 'u-1', userName: 'wes@example.com' },
      { id: 'u-2', userName: 'wes@example.com' },
    ]);
    const created = exchangeOf({ method: 'POST', path: '/Users', body: { schemas: [USER], userName: 'wes@example.com' } }, 201, { id: 'u-2' });
    expect(await explain(target, created, [], true)).toBe('matching/duplicates-accepted');
    expect(await explain(new FakeTarget([{ id: 'u-1', userName: 'wes@example.com' }]), created, [], true)).toBeUndefined();
    const untouched = new FakeTarget([]);
    expect(await explain(untouched, created, [], false)).toBeUndefined();
    expect(untouched.sent).toEqual([]);
  });

  test('a query answered 404 while the collection lists: "no match" answered 404', async () => {
    const target = new FakeTarget([{ id: 'u-1', userName: 'x@example.com' }], { noMatch404: true });
    expect(await explain(target, queried(target, 'nobody@example.com'), [])).toBe('matching/filter-no-match-404');
    expect(target.lines()).toEqual(['GET /Users']);
  });

  test('no probe budget: nothing is named', async () => {
    const target = new FakeTarget([{ id: 'u-vic', userName: 'Vic@example.com' }], { userNameMatches: (user, value) => user.userName === value });
    const exchange = queried(target, 'vic@example.com');
    expect(await explainFailedObservation(target.context(0), { exchanges: [exchange], known: [{ id: 'u-vic', resource: 'Users', name: 'Vic@example.com' }] })).toBeUndefined();
  });
});
