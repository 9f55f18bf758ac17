import { calibrateFilter, storedObjectOf, swappedCase, testFilterOn } from '../../../../harness/diagnose/matching/filter-semantics';
import { FakeTarget, type FakeUser } from './fake-target';

function ada(): FakeUser {
  return { id: 'u-ada', userName: 'Ada.Lovelace@example.com', emails: ['ada.mail@example.com'], externalId: 'ada-ext' };
}

async function verdictOn(target: FakeTarget): Promise<Awaited<ReturnType<typeof testFilterOn>>> {
  const stored = storedObjectOf('Users', { id: 'u-ada', userName: 'Ada.Lovelace@example.com', emails: [{ value: 'ada.mail@example.com' }], externalId: 'ada-ext' });
  if (!stored) throw new Error('fixture');
  return testFilterOn(target.sender(), stored);
}

describe('testFilterOn: what a filter on userName really compares, on one known object', () => {
  test('a correct filter finds the object by its name, in either case: no fault', async () => {
    const target = new FakeTarget([ada()]);
    const verdict = await verdictOn(target);
    expect(verdict.fault).toBeUndefined();
    expect(target.lines()).toEqual(['GET /Users userName eq "Ada.Lovelace@example.com" (form)', 'GET /Users userName eq "aDA.lOVELACE@EXAMPLE.COM" (form)']);
    expect(verdict.evidence).toHaveLength(2);
  });

  test('a filter that finds the exact name but not the swapped case compares case-sensitively', async () => {
    const target = new FakeTarget([ada()], { userNameMatches: (user, value) => user.userName === value });
    expect((await verdictOn(target)).fault).toEqual({ kind: 'case-sensitive' });
  });

  test('a form-encoded query that misses while the %20 one finds the object: "+" misread', async () => {
    const target = new FakeTarget([ada()], { plusMisread: true });
    expect((await verdictOn(target)).fault).toEqual({ kind: 'plus-misread' });
    expect(target.sent.map((request) => request.queryEncoding)).toEqual(['form', 'percent']);
  });

  test('a userName filter that finds the object by its e-mail address compares emails', async () => {
    const target = new FakeTarget([ada()], { userNameMatches: (user, value) => user.emails?.[0] === value });
    const verdict = await verdictOn(target);
    expect(verdict.fault).toEqual({ kind: 'compares-other', compared: 'emails.value' });
    expect(target.lines().at(-1)).toBe('GET /Users userName eq "ada.mail@example.com" (form)');
  });

  test('a userName filter that finds the object by its externalId compares externalId', async () => {
    const target = new FakeTarget([ada()], { userNameMatches: (user, value) => user.externalId === value });
    expect((await verdictOn(target)).fault).toEqual({ kind: 'compares-other', compared: 'externalId' });
  });

  test('a filter that finds the object by nothing misses it', async () => {
    const target = new FakeTarget([ada()], { userNameMatches: () => false });
    const verdict = await verdictOn(target);
    expect(verdict.fault).toEqual({ kind: 'misses' });
    expect(verdict.evidence).toHaveLength(4);
  });
});

describe('calibrateFilter: a throw-away object, tested and deleted', () => {
  test('creates a prefixed user with distinct values, tests the filter on it and deletes it', async () => {
    const target = new FakeTarget([], { userNameMatches: (user, value) => user.emails?.[0] === value });
    const verdict = await calibrateFilter(target.sender(), 'Users', 'acme-');
    expect(verdict?.fault).toEqual({ kind: 'compares-other', compared: 'emails.value' });
    const create = target.sent[0];
    expect(create.method).toBe('POST');
    const body = create.body as { userName: string; externalId: string; emails: { value: string }[] };
    expect(body.userName).toMatch(/^acme-probe-[0-9a-f]{8}\.Match\.Check@example\.com$/);
    expect(new Set([body.userName, body.externalId, body.emails[0].value]).size).toBe(3);
    expect(target.lines().at(-1)).toBe('DELETE /Users/probe-1');
    expect(target.users).toEqual([]);
    expect(verdict?.evidence[0]).toBeDefined();
  });

  test('sends nothing more when the target refuses the object', async () => {
    const target = new FakeTarget([], { createStatus: 400 });
    expect(await calibrateFilter(target.sender(), 'Users', 'acme-')).toBeUndefined();
    expect(target.lines()).toEqual(['POST /Users']);
  });
});

test('swappedCase swaps every letter and leaves other characters', () => {
  expect(swappedCase('Ada.L@x-1')).toBe('aDA.l@X-1');
});
