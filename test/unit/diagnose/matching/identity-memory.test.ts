import { type ScimRequest } from '../../../../harness/contract/target-client';
import { IdentityMemory, resourceOfPath } from '../../../../harness/diagnose/matching/identity-memory';
import { exchangeOf } from './fake-target';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

function see(memory: IdentityMemory, request: ScimRequest, status: number, body?: unknown, id?: string): void {
  memory.observe(request, exchangeOf(request, status, body, id));
}

function create(memory: IdentityMemory, id: string, userName: string): void {
  see(memory, { method: 'POST', path: '/Users', body: { schemas: [USER], userName } }, 201, { id, userName }, `create-${id}`);
}

describe('IdentityMemory: what the run saw of ids and names', () => {
  test('a create, a rename (path form and path-less) and a delete', () => {
    const memory = new IdentityMemory();
    create(memory, 'u1', 'ada@example.com');
    see(memory, { method: 'PATCH', path: '/Users/u1', body: { Operations: [{ op: 'Replace', path: 'userName', value: 'ada.king@example.com' }] } }, 204);
    see(memory, { method: 'PATCH', path: '/Users/u1', body: { Operations: [{ op: 'replace', value: { userName: 'ada.byron@example.com' } }] } }, 204);
    expect(memory.identity('u1')).toEqual({ resource: 'Users', names: ['ada@example.com', 'ada.king@example.com', 'ada.byron@example.com'], createdBy: 'create-u1' });

    see(memory, { method: 'DELETE', path: '/Users/u1' }, 204, undefined, 'delete-u1');
    expect(memory.identity('u1')).toBeUndefined();
    expect(memory.deletedWithName('Users', 'ADA.BYRON@example.com')).toEqual({ id: 'u1', resource: 'Users', name: 'ada.byron@example.com', deletedBy: 'delete-u1' });
    expect(memory.deletedWithName('Users', 'ada@example.com')).toBeUndefined();
    expect(memory.deletedWithId('u1')?.deletedBy).toBe('delete-u1');
  });

  test('learns names from reads and from a match that found one object, and ignores failures', () => {
    const memory = new IdentityMemory();
    see(memory, { method: 'GET', path: '/Users', query: { filter: 'userName eq "bea@example.com"' } }, 200, { Resources: [{ id: 'u2', userName: 'bea@example.com' }] });
    see(memory, { method: 'GET', path: '/Users/u3' }, 200, { id: 'u3', userName: 'cy@example.com' });
    see(memory, { method: 'POST', path: '/Users', body: { userName: 'dup@example.com' } }, 409, { detail: 'taken' });
    see(memory, { method: 'DELETE', path: '/Users/u2' }, 404);
    expect(memory.identity('u2')?.names).toEqual(['bea@example.com']);
    expect(memory.identity('u3')?.names).toEqual(['cy@example.com']);
    expect(memory.deletedWithId('u2')).toBeUndefined();
  });

  test('idsSpelling finds a live id that spells a name its object no longer holds', () => {
    const memory = new IdentityMemory();
    create(memory, 'ada-example-com', 'ada@example.com');
    create(memory, 'f3c9a1d2', 'cy@example.com');
    expect(memory.idsSpelling('Users', 'ada@example.com')).toEqual([]);
    see(memory, { method: 'PATCH', path: '/Users/ada-example-com' }, 200, { id: 'ada-example-com', userName: 'ada.king@example.com' });
    expect(memory.idsSpelling('Users', 'Ada@Example.com').map((found) => found.id)).toEqual(['ada-example-com']);
    expect(memory.idsSpelling('Groups', 'ada@example.com')).toEqual([]);
  });

  test('is bounded: the oldest ids are forgotten first', () => {
    const memory = new IdentityMemory();
    for (let index = 0; index <= 10_000; index += 1) create(memory, `id-${index}`, `user${index}@example.com`);
    expect(memory.identity('id-0')).toBeUndefined();
    expect(memory.identity('id-1')).toBeDefined();
    expect(memory.identity('id-10000')).toBeDefined();
  });
});

test('resourceOfPath reads the collection and the decoded id', () => {
  expect(resourceOfPath('/Users')).toEqual({ resource: 'Users' });
  expect(resourceOfPath('/Groups/a%20b')).toEqual({ resource: 'Groups', id: 'a b' });
  expect(resourceOfPath('/Schemas')).toBeUndefined();
  expect(resourceOfPath('/Users/a/b')).toBeUndefined();
});
