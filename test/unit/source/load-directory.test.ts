import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../../harness/errors';
import { loadDirectoryFile } from '../../../harness/source/load-directory';

const ADA = '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef';
const BOB = '1b32a1a3-9e3b-4a9f-8a09-8474d5bfe5fa';
const TEAM = '2c43b2b4-af4c-4bab-9b1a-9585e6c0f60b';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'scimh-dir-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function user(objectId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { objectId, userPrincipalName: `${objectId.slice(0, 4)}@contoso.com`, displayName: 'Someone', ...extra };
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('loadDirectoryFile', () => {
  it('loads a valid file and fills Entra defaults (mailNickname, accountEnabled, memberIds)', () => {
    const file = write('ok.json', {
      users: [user(ADA, { userPrincipalName: 'ada@contoso.com', managerId: BOB }), user(BOB, { accountEnabled: false })],
      groups: [{ objectId: TEAM, displayName: 'Sales Team', memberIds: [ADA] }],
      assignments: [TEAM],
    });
    const data = loadDirectoryFile(file);
    expect(data.users[0]).toEqual({ objectId: ADA, userPrincipalName: 'ada@contoso.com', displayName: 'Someone', managerId: BOB, mailNickname: 'ada', accountEnabled: true });
    expect(data.users[1].accountEnabled).toBe(false);
    expect(data.groups[0]).toEqual({ objectId: TEAM, displayName: 'Sales Team', mailNickname: 'SalesTeam', memberIds: [ADA] });
    expect(data.assignments).toEqual([TEAM]);
  });

  it('reads YAML too', () => {
    const file = write('dir.yaml', `users:\n  - objectId: ${ADA}\n    userPrincipalName: ada@contoso.com\n    displayName: Ada\n`);
    expect(loadDirectoryFile(file).users[0].userPrincipalName).toBe('ada@contoso.com');
  });

  it('names file, JSON path, rule and fix for a missing userPrincipalName', () => {
    const file = write('missing-upn.json', { users: [user(ADA), user(BOB), user(TEAM), { objectId: '3d54c3c5-b05d-4cbc-8c2b-a696f7d1070c', displayName: 'X' }] });
    const error = errorOf(() => loadDirectoryFile(file));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(`${file}: users[3].userPrincipalName is required (every user needs a userPrincipalName, e.g. "ada@contoso.com"; "" is allowed and makes the user ImportSkipped)`);
  });

  it('accepts an empty userPrincipalName (the engine logs ImportSkipped) and duplicate userPrincipalNames (DuplicateSourceEntries)', () => {
    const file = write('empty-upn.json', { users: [user(ADA, { userPrincipalName: '' }), user(BOB, { userPrincipalName: 'same@contoso.com' }), user(TEAM, { userPrincipalName: 'same@contoso.com' })] });
    const data = loadDirectoryFile(file);
    expect(data.users.map((u) => u.userPrincipalName)).toEqual(['', 'same@contoso.com', 'same@contoso.com']);
  });

  it('rejects a duplicate objectId, naming both places', () => {
    const file = write('dup.json', { users: [user(ADA), user(BOB), user(ADA)] });
    expect(() => loadDirectoryFile(file)).toThrow(`${file}: users[2].objectId "${ADA}" duplicates users[0].objectId (every user and group needs its own objectId, as in Entra)`);
  });

  it('rejects a managerId or member that names nobody', () => {
    const manager = write('mgr.json', { users: [user(ADA, { managerId: BOB })] });
    expect(() => loadDirectoryFile(manager)).toThrow(/users\[0\]\.managerId ".*" names no user in the file \(use the objectId of a user/);
    const member = write('member.json', { users: [user(ADA)], groups: [{ objectId: TEAM, displayName: 'T', memberIds: [BOB] }] });
    expect(() => loadDirectoryFile(member)).toThrow(/groups\[0\]\.memberIds\[0\] ".*" names no user in the file/);
    const nested = write('nested.json', { users: [user(ADA)], groups: [{ objectId: TEAM, displayName: 'T', memberIds: [] }, { objectId: BOB, displayName: 'U', memberIds: [TEAM] }] });
    expect(() => loadDirectoryFile(nested)).toThrow(/groups\[1\]\.memberIds\[0\] ".*" names a group \(nested groups are not provisioned/);
    const assignment = write('assign.json', { users: [user(ADA)], assignments: [BOB] });
    expect(() => loadDirectoryFile(assignment)).toThrow(/assignments\[0\] ".*" names no user or group/);
  });

  it('explains wrong types and formats with the value and an example', () => {
    const badType = write('type.json', { users: [user(ADA, { accountEnabled: 'yes' })] });
    expect(() => loadDirectoryFile(badType)).toThrow(`${badType}: users[0].accountEnabled must be boolean, got "yes" (true, or false for a user blocked from sign-in)`);
    const badManager = write('mgr-format.json', { users: [user(ADA, { managerId: 'boss' })] });
    expect(() => loadDirectoryFile(badManager)).toThrow(`${badManager}: users[0].managerId must match format "uuid", got "boss" (the objectId of another user in this file, or null)`);
    const badId = write('id.json', { users: [user('not-a-guid')] });
    expect(() => loadDirectoryFile(badId)).toThrow(/users\[0\]\.objectId must match format "uuid", got "not-a-guid" \(every object needs a GUID objectId/);
  });

  it('suggests the intended property for a misspelt one', () => {
    const file = write('typo.json', { users: [user(ADA, { surName: 'Lovelace' })] });
    expect(() => loadDirectoryFile(file)).toThrow(/users\[0\]\.surName is not a known property \(did you mean "surname"\?/);
  });

  it('reports unreadable and malformed files', () => {
    expect(() => loadDirectoryFile(path.join(dir, 'absent.json'))).toThrow(/absent\.json: cannot be read \(ENOENT\)/);
    const broken = write('broken.json', '{"users": [');
    expect(() => loadDirectoryFile(broken)).toThrow(/broken\.json: must be valid JSON/);
  });
});
