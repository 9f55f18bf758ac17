import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Request, type Response } from 'express';
import { ConfigurationError } from '../../../examples/scim-server/configuration-error';
import { FAULT_SWITCHES, type FaultSwitches, NO_FAULTS, describeFaultSwitches, parseFaultSwitches, withFaults } from '../../../examples/scim-server';
import { FaultRuntime } from '../../../examples/scim-server/fault-middleware';
import { ERROR_SCHEMA, SCIM_JSON, ScimTestServer, expectScimError, groupBody, patchBody, userBody } from './scim-test-server';

const running: ScimTestServer[] = [];

/** A pair of servers: one with the fault on, one correct, to show the contrast. */
async function pair(faults: Partial<FaultSwitches>): Promise<{ faulty: ScimTestServer; correct: ScimTestServer }> {
  const faulty = await ScimTestServer.start({ faults });
  const correct = await ScimTestServer.start();
  running.push(faulty, correct);
  return { faulty, correct };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

describe('fault switches: each one breaks one rule, and only with it on', () => {
  test('filter-404: a filter with no hits answers 404 instead of an empty ListResponse', async () => {
    const { faulty, correct } = await pair({ filter404: true });
    const filter = { filter: 'userName eq "3f2a9c1e-0000-4000-8000-000000000000"' };
    expectScimError(await faulty.get('/Users', filter), 404);
    expect((await correct.get('/Users', filter)).body.totalResults).toBe(0);
    await faulty.createUser('hit@example.com');
    expect((await faulty.get('/Users', { filter: 'userName eq "hit@example.com"' })).status).toBe(200);
    expect((await faulty.get('/Users')).status).toBe(200);
  });

  test('ignore-excluded-members: groups come with members despite excludedAttributes=members', async () => {
    const { faulty, correct } = await pair({ ignoreExcludedMembers: true });
    for (const server of [faulty, correct]) {
      const user = await server.createUser('m@example.com');
      await server.createGroup('G', { members: [{ value: user.id }] });
    }
    const query = { filter: 'displayName eq "G"', excludedAttributes: 'members' };
    expect((await faulty.get('/Groups', query)).body.Resources[0].members).toHaveLength(1);
    expect((await correct.get('/Groups', query)).body.Resources[0].members).toBeUndefined();
  });

  test('create-200: POST answers 200 instead of 201', async () => {
    const { faulty, correct } = await pair({ create200: true });
    expect((await faulty.post('/Users', userBody('a@example.com'))).status).toBe(200);
    expect((await faulty.post('/Groups', groupBody('G'))).status).toBe(200);
    expect((await correct.post('/Users', userBody('a@example.com'))).status).toBe(201);
  });

  test('allow-duplicates: a second user with the same userName and a second group with the same name are created', async () => {
    const { faulty, correct } = await pair({ allowDuplicates: true });
    for (const server of [faulty, correct]) {
      await server.createUser('dup@example.com');
      await server.createGroup('Dup');
    }
    expect((await faulty.post('/Users', userBody('DUP@example.com'))).status).toBe(201);
    expect((await faulty.post('/Groups', groupBody('dup'))).status).toBe(201);
    expect((await faulty.get('/Users', { filter: 'userName eq "dup@example.com"' })).body.totalResults).toBe(2);
    expectScimError(await correct.post('/Users', userBody('DUP@example.com')), 409, 'uniqueness');
    expectScimError(await correct.post('/Groups', groupBody('dup')), 409, 'uniqueness');
  });

  test('drop-writes: writes answer success but nothing is stored', async () => {
    const { faulty, correct } = await pair({ dropWrites: true });
    const created = await faulty.post('/Users', userBody('ghost@example.com', { title: 'T' }));
    expect(created.status).toBe(201);
    expect(typeof created.body.id).toBe('string');
    expectScimError(await faulty.get(`/Users/${String(created.body.id)}`), 404);
    expect(faulty.store.userCount).toBe(0);

    const seeded = faulty.store.insertUser(userBody('real@example.com', { title: 'Old' }));
    const patched = await faulty.patch(`/Users/${String(seeded.id)}`, patchBody({ op: 'replace', path: 'title', value: 'New' }));
    expect(patched.status).toBe(200);
    expect(patched.body.title).toBe('New');
    expect((await faulty.get(`/Users/${String(seeded.id)}`)).body.title).toBe('Old');
    expect((await faulty.delete(`/Users/${String(seeded.id)}`)).status).toBe(204);
    expect((await faulty.get(`/Users/${String(seeded.id)}`)).status).toBe(200);

    const stored = await correct.post('/Users', userBody('ghost@example.com'));
    expect((await correct.get(`/Users/${String(stored.body.id)}`)).status).toBe(200);
  });

  test('case-sensitive-ops: "Replace" is 400 invalidSyntax, "replace" works', async () => {
    const { faulty, correct } = await pair({ caseSensitiveOps: true });
    const faultyUser = await faulty.createUser('ops@example.com');
    const correctUser = await correct.createUser('ops@example.com');
    const body = expectScimError(await faulty.patch(`/Users/${String(faultyUser.id)}`, patchBody({ op: 'Replace', path: 'title', value: 'x' })), 400, 'invalidSyntax');
    expect(body.detail).toMatch(/lower-case/);
    expect((await faulty.patch(`/Users/${String(faultyUser.id)}`, patchBody({ op: 'replace', path: 'title', value: 'x' }))).status).toBe(200);
    expect((await correct.patch(`/Users/${String(correctUser.id)}`, patchBody({ op: 'Replace', path: 'title', value: 'x' }))).status).toBe(200);
  });

  test('strict-booleans: "False" is 400 invalidValue, false works', async () => {
    const { faulty, correct } = await pair({ strictBooleans: true });
    const faultyUser = await faulty.createUser('b@example.com');
    const correctUser = await correct.createUser('b@example.com');
    expectScimError(await faulty.patch(`/Users/${String(faultyUser.id)}`, patchBody({ op: 'Replace', path: 'active', value: 'False' })), 400, 'invalidValue');
    expect((await faulty.patch(`/Users/${String(faultyUser.id)}`, patchBody({ op: 'replace', path: 'active', value: false }))).status).toBe(200);
    expect((await correct.patch(`/Users/${String(correctUser.id)}`, patchBody({ op: 'Replace', path: 'active', value: 'False' }))).body.active).toBe(false);
  });

  test('case-sensitive-filter: userName eq with another case finds nothing', async () => {
    const { faulty, correct } = await pair({ caseSensitiveFilter: true });
    for (const server of [faulty, correct]) await server.createUser('Mixed.Case@example.com');
    expect(await faulty.filterIds('/Users', 'userName eq "mixed.case@example.com"')).toHaveLength(0);
    expect(await faulty.filterIds('/Users', 'userName eq "Mixed.Case@example.com"')).toHaveLength(1);
    expect(await correct.filterIds('/Users', 'userName eq "mixed.case@example.com"')).toHaveLength(1);
  });

  test('wrong-content-type: responses say application/json', async () => {
    const { faulty, correct } = await pair({ wrongContentType: true });
    expect((await faulty.get('/Users')).headers['content-type']).toBe('application/json; charset=utf-8');
    expect((await faulty.get('/Users/missing')).headers['content-type']).toBe('application/json; charset=utf-8');
    expect((await correct.get('/Users')).headers['content-type']).toBe(SCIM_JSON);
  });

  test('reject-token: every request is 401, even with the right token and on discovery', async () => {
    const { faulty, correct } = await pair({ rejectToken: true });
    const response = await faulty.get('/Users');
    expectScimError(response, 401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="scim", error="invalid_token"$/);
    expectScimError(await faulty.raw('get', '/scim/v2/ServiceProviderConfig'), 401);
    expect((await correct.get('/Users')).status).toBe(200);
  });

  test('ignore-active: PATCH of active is accepted but not stored', async () => {
    const { faulty, correct } = await pair({ ignoreActive: true });
    const faultyUser = await faulty.createUser('act@example.com');
    const correctUser = await correct.createUser('act@example.com');
    const disable = patchBody({ op: 'Replace', path: 'active', value: 'False' }, { op: 'replace', value: { active: false, title: 'T' } });
    const response = await faulty.patch(`/Users/${String(faultyUser.id)}`, disable);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ active: true, title: 'T' });
    expect((await faulty.get(`/Users/${String(faultyUser.id)}`)).body.active).toBe(true);
    await correct.patch(`/Users/${String(correctUser.id)}`, disable);
    expect((await correct.get(`/Users/${String(correctUser.id)}`)).body.active).toBe(false);
  });

  test('delete-200: DELETE answers 200 with the deleted resource', async () => {
    const { faulty, correct } = await pair({ delete200: true });
    const faultyUser = await faulty.createUser('del@example.com');
    const correctUser = await correct.createUser('del@example.com');
    const response = await faulty.delete(`/Users/${String(faultyUser.id)}`);
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(faultyUser.id);
    expectScimError(await faulty.get(`/Users/${String(faultyUser.id)}`), 404);
    expect((await correct.delete(`/Users/${String(correctUser.id)}`)).status).toBe(204);
  });

  test('no-location: creates have no Location header', async () => {
    const { faulty, correct } = await pair({ noLocation: true });
    const response = await faulty.post('/Users', userBody('loc@example.com'));
    expect(response.status).toBe(201);
    expect(response.headers.location).toBeUndefined();
    expect(response.body.meta.location).toBeDefined();
    expect((await correct.post('/Users', userBody('loc@example.com'))).headers.location).toBeDefined();
  });

  test('soft-delete-404: a disabled user is 404 and missing from filters', async () => {
    const { faulty, correct } = await pair({ softDelete404: true });
    const ids: Record<string, string> = {};
    for (const [name, server] of [['faulty', faulty], ['correct', correct]] as const) {
      const user = await server.createUser('soft@example.com');
      ids[name] = String(user.id);
      expect((await server.patch(`/Users/${ids[name]}`, patchBody({ op: 'Replace', path: 'active', value: 'False' }))).status).toBe(200);
    }
    expectScimError(await faulty.get(`/Users/${ids.faulty}`), 404);
    expect(await faulty.filterIds('/Users', 'userName eq "soft@example.com"')).toEqual([]);
    expect((await correct.get(`/Users/${ids.correct}`)).body.active).toBe(false);
    expect(await correct.filterIds('/Users', 'userName eq "soft@example.com"')).toEqual([ids.correct]);
  });

  test('patch-no-atomic: operations before the failing one are kept', async () => {
    const { faulty, correct } = await pair({ patchNoAtomic: true });
    const body = patchBody({ op: 'replace', path: 'title', value: 'Half' }, { op: 'replace', path: 'shoeSize', value: '9' }, { op: 'replace', path: 'nickName', value: 'Never' });
    for (const server of [faulty, correct]) {
      const user = await server.createUser('atom@example.com');
      expectScimError(await server.patch(`/Users/${String(user.id)}`, body), 400, 'invalidPath');
      const read = await server.get(`/Users/${String(user.id)}`);
      expect(read.body.nickName).toBeUndefined();
      expect(read.body.title).toBe(server === faulty ? 'Half' : undefined);
    }
  });

  test('group-patch-body: group PATCH answers 200 with the whole group, members included', async () => {
    const { faulty, correct } = await pair({ groupPatchBody: true });
    for (const server of [faulty, correct]) {
      const user = await server.createUser('gp@example.com');
      const group = await server.createGroup('GP');
      const response = await server.patch(`/Groups/${String(group.id)}`, patchBody({ op: 'add', path: 'members', value: [{ value: user.id }] }));
      if (server === faulty) {
        expect(response.status).toBe(200);
        expect(response.body.members).toHaveLength(1);
      } else {
        expect(response.status).toBe(204);
      }
    }
  });

  test('plain-errors: errors come as text/plain instead of a SCIM error body', async () => {
    const { faulty, correct } = await pair({ plainErrors: true });
    const response = await faulty.get('/Users/missing');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.text).toMatch(/^404 /);
    expectScimError(await correct.get('/Users/missing'), 404);
  });

  test('numeric-error-status: "status" is a number', async () => {
    const { faulty, correct } = await pair({ numericErrorStatus: true });
    expect((await faulty.get('/Users/missing')).body).toMatchObject({ schemas: [ERROR_SCHEMA], status: 404 });
    expect((await correct.get('/Users/missing')).body.status).toBe('404');
  });

  test('filter-other-attribute: a userName filter compares the first e-mail address', async () => {
    const { faulty, correct } = await pair({ filterOtherAttribute: true });
    const ids: Record<string, string> = {};
    for (const [name, server] of [['faulty', faulty], ['correct', correct]] as const) {
      ids[name] = String((await server.createUser('ann@example.com', { emails: [{ value: 'ann.mail@example.com', type: 'work' }] })).id);
    }
    expect(await faulty.filterIds('/Users', 'userName eq "ann@example.com"')).toEqual([]);
    expect(await faulty.filterIds('/Users', 'userName eq "ann.mail@example.com"')).toEqual([ids.faulty]);
    // Uniqueness still compares userName, so the match's miss becomes a 409 on the create.
    expectScimError(await faulty.post('/Users', userBody('ann@example.com')), 409, 'uniqueness');
    expect(await correct.filterIds('/Users', 'userName eq "ann@example.com"')).toEqual([ids.correct]);
    expect(await correct.filterIds('/Users', 'userName eq "ann.mail@example.com"')).toEqual([]);
  });

  test('id-from-username: the id spells the userName it was created with, and a new user taking a renamed one\'s old name collides', async () => {
    const { faulty, correct } = await pair({ idFromUserName: true });
    const first = await faulty.createUser('Ada.Lovelace@example.com');
    expect(first.id).toBe('ada-lovelace-example-com');
    expect((await faulty.patch(`/Users/${String(first.id)}`, patchBody({ op: 'replace', path: 'userName', value: 'ada.king@example.com' }))).status).toBe(200);
    expect((await faulty.get(`/Users/${String(first.id)}`)).body.userName).toBe('ada.king@example.com');
    expectScimError(await faulty.post('/Users', userBody('ada.lovelace@example.com')), 409, 'uniqueness');

    const opaque = await correct.createUser('Ada.Lovelace@example.com');
    expect(opaque.id).not.toContain('lovelace');
    await correct.patch(`/Users/${String(opaque.id)}`, patchBody({ op: 'replace', path: 'userName', value: 'ada.king@example.com' }));
    expect((await correct.post('/Users', userBody('ada.lovelace@example.com'))).status).toBe(201);
  });

  test('uniqueness-after-delete: a deleted user\'s userName stays taken', async () => {
    const { faulty, correct } = await pair({ uniquenessAfterDelete: true });
    for (const server of [faulty, correct]) {
      const user = await server.createUser('kim@example.com');
      expect((await server.delete(`/Users/${String(user.id)}`)).status).toBe(204);
      expect(await server.filterIds('/Users', 'userName eq "kim@example.com"')).toEqual([]);
    }
    expectScimError(await faulty.post('/Users', userBody('KIM@example.com')), 409, 'uniqueness');
    const renamed = await faulty.createUser('other@example.com');
    expectScimError(await faulty.patch(`/Users/${String(renamed.id)}`, patchBody({ op: 'replace', path: 'userName', value: 'kim@example.com' })), 409, 'uniqueness');
    // A PATCH that leaves the userName alone is not a conflict.
    expect((await faulty.patch(`/Users/${String(renamed.id)}`, patchBody({ op: 'replace', path: 'title', value: 'T' }))).status).toBe(200);
    expect((await correct.post('/Users', userBody('KIM@example.com'))).status).toBe(201);
  });

  test('fail-rate: that share of requests answers 500, the same ones for the same seed', async () => {
    const statuses = async (faults: Partial<FaultSwitches>): Promise<number[]> => {
      const server = await ScimTestServer.start({ faults });
      running.push(server);
      const result: number[] = [];
      for (let i = 0; i < 40; i += 1) result.push((await server.get('/Users')).status);
      return result;
    };
    const first = await statuses({ failRate: 0.5, seed: 7 });
    const again = await statuses({ failRate: 0.5, seed: 7 });
    const otherSeed = await statuses({ failRate: 0.5, seed: 8 });
    const failures = first.filter((status) => status === 500).length;
    expect(failures).toBeGreaterThan(8);
    expect(failures).toBeLessThan(32);
    expect(first.every((status) => status === 500 || status === 200)).toBe(true);
    expect(again).toEqual(first);
    expect(otherSeed).not.toEqual(first);
    expect((await statuses({ failRate: 1 })).every((status) => status === 500)).toBe(true);
    expect((await statuses({})).every((status) => status === 200)).toBe(true);
  });

  test('fail-rate 500s carry a SCIM error body', async () => {
    const { faulty } = await pair({ failRate: 1 });
    expectScimError(await faulty.get('/Users'), 500);
  });

  test('fail-creates-rate: creates fail and store nothing; reads are untouched', async () => {
    const { faulty, correct } = await pair({ failCreatesRate: 1 });
    expectScimError(await faulty.post('/Users', userBody('c@example.com')), 500);
    expectScimError(await faulty.post('/Groups', groupBody('G')), 500);
    expect(faulty.store.userCount).toBe(0);
    expect((await faulty.get('/Users')).status).toBe(200);
    expect((await faulty.post('/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] })).status).toBe(200);
    expect((await correct.post('/Users', userBody('c@example.com'))).status).toBe(201);

    const half = await ScimTestServer.start({ faults: { failCreatesRate: 0.5 }, seed: 3 });
    running.push(half);
    const results: number[] = [];
    for (let i = 0; i < 30; i += 1) results.push((await half.post('/Users', userBody(`u${i}@example.com`))).status);
    const created = results.filter((status) => status === 201).length;
    expect(created).toBeGreaterThan(5);
    expect(created).toBeLessThan(25);
    expect(half.store.userCount).toBe(created);
  });

  test('throttle (+ retry-after): every Nth request is 429 with Retry-After', async () => {
    const { faulty, correct } = await pair({ throttleEvery: 3, retryAfterSeconds: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const response = await faulty.get('/Users');
      statuses.push(response.status);
      if (response.status === 429) {
        expect(response.headers['retry-after']).toBe('2');
        expect(response.body.schemas).toEqual([ERROR_SCHEMA]);
      }
    }
    expect(statuses).toEqual([200, 200, 429, 200, 200, 429]);
    for (let i = 0; i < 6; i += 1) expect((await correct.get('/Users')).status).toBe(200);
  });

  test('slow: the request waits N ms before it is handled', () => {
    jest.useFakeTimers();
    try {
      const runtime = new FaultRuntime(withFaults({ slowMs: 5000 }), '/scim/v2', 1);
      const next = jest.fn();
      runtime.middleware()({ method: 'GET', path: '/scim/v2/Users' } as Request, {} as Response, next);
      jest.advanceTimersByTime(4999);
      expect(next).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1);
      expect(next).toHaveBeenCalledWith();
      const immediate = jest.fn();
      new FaultRuntime(NO_FAULTS, '/scim/v2', 1).middleware()({ method: 'GET', path: '/scim/v2/Users' } as Request, {} as Response, immediate);
      expect(immediate).toHaveBeenCalledWith();
    } finally {
      jest.useRealTimers();
    }
  });

  test('slow: a delayed server still answers correctly', async () => {
    const { faulty } = await pair({ slowMs: 5 });
    expect((await faulty.get('/Users')).status).toBe(200);
  });
});

describe('parseFaultSwitches', () => {
  test('reads flags and inline numbers, case-insensitively', () => {
    const faults = parseFaultSwitches('filter-404, Create-200 fail-rate=0.3,throttle=10,slow=50,retry-after=3,seed=9', {});
    expect(faults).toMatchObject({ filter404: true, create200: true, failRate: 0.3, throttleEvery: 10, slowMs: 50, retryAfterSeconds: 3, seed: 9 });
    expect(faults.dropWrites).toBe(false);
  });

  test('numeric environment variables turn their switch on; the list wins over them', () => {
    const env = { SCIM_SERVER_FAIL_RATE: '0.25', SCIM_SERVER_FAIL_CREATES_RATE: '0.5', SCIM_SERVER_THROTTLE_EVERY: '4', SCIM_SERVER_SLOW_MS: '10' };
    expect(parseFaultSwitches(undefined, env)).toMatchObject({ failRate: 0.25, failCreatesRate: 0.5, throttleEvery: 4, slowMs: 10 });
    expect(parseFaultSwitches('fail-rate=0.9', env).failRate).toBe(0.9);
    expect(parseFaultSwitches('fail-rate', env).failRate).toBe(0.25);
  });

  test('without input, SCIM_SERVER_FAULTS is read', () => {
    expect(parseFaultSwitches(undefined, { SCIM_SERVER_FAULTS: 'drop-writes' }).dropWrites).toBe(true);
    expect(parseFaultSwitches(undefined, {})).toEqual(NO_FAULTS);
  });

  test.each([
    ['filter-4o4', /Unknown fault switch "filter-4o4".*valid switches: filter-404, ignore-excluded-members/],
    ['create-200=yes', /takes no value/],
    ['fail-rate', /needs a value: write fail-rate=<ratio> or set SCIM_SERVER_FAIL_RATE/],
    ['fail-rate=1.5', /share from 0 to 1.*SCIM_SERVER_FAIL_RATE=0.3/],
    ['throttle=0', /1 or more/],
    ['slow=fast', /a number/],
  ])('%j is a ConfigurationError naming the problem', (input, message) => {
    expect(() => parseFaultSwitches(input, {})).toThrow(ConfigurationError);
    expect(() => parseFaultSwitches(input, {})).toThrow(message);
  });

  test('a bad environment value names the variable', () => {
    expect(() => parseFaultSwitches(undefined, { SCIM_SERVER_THROTTLE_EVERY: 'often' })).toThrow(/SCIM_SERVER_THROTTLE_EVERY must be a number, got "often"/);
  });

  test('describeFaultSwitches lists what is on', () => {
    expect(describeFaultSwitches(parseFaultSwitches('create-200,fail-rate=0.1', {}))).toEqual(['create-200', 'fail-rate=0.1']);
    expect(describeFaultSwitches(NO_FAULTS)).toEqual([]);
  });

  test('every switch in the catalogue maps to its own option key, and every key has a switch', () => {
    const keys = FAULT_SWITCHES.map((info) => info.key).sort();
    expect(keys).toEqual(Object.keys(NO_FAULTS).sort());
  });
});

describe('examples/README.md documents every fault switch', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The bundled SCIM server'));

  test('the section exists', () => {
    expect(readme).toContain('## The bundled SCIM server');
  });

  test.each(FAULT_SWITCHES.map((info) => [info.name, info.env] as const))('%s (%s)', (name, env) => {
    const row = section.split('\n').find((line) => line.startsWith(`| \`${name}\``));
    expect(row).toBeDefined();
    expect(row).toContain(`\`${env}\``);
  });
});
