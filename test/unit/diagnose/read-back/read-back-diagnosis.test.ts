/**
 * Read-back diagnosis against a fake target (docs/diagnosis.md#read-back): which cause each
 * situation names, what it sends to find out (and what it never sends), that a cause is recorded
 * once and an operation shape investigated once, and how later writes in log entries are marked.
 */
import { type Exchange } from '../../../../harness/contract/exchange';
import { type Diagnosis } from '../../../../harness/contract/root-cause';
import { type ExchangeSender, type ScimRequest } from '../../../../harness/contract/target-client';
import { type ReadBackFailure, ReadBackDiagnosis } from '../../../../harness/diagnose/read-back/read-back-diagnosis';

const BASE = 'https://target.example/scim';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

let sequence = 0;

function exchange(request: ScimRequest, status: number, body?: unknown): Exchange {
  sequence += 1;
  return {
    id: `x-${sequence}`,
    startedAt: '2026-01-01T00:00:00.000Z',
    request: { method: request.method, url: `${BASE}${request.path}`, headers: {}, ...(request.body !== undefined ? { body: request.body } : {}) },
    response: { status, headers: {}, ...(body !== undefined ? { body } : {}), text: '', bytes: 0 },
    durationMs: 1,
  };
}

interface Sent {
  readonly purpose: string;
  readonly request: ScimRequest;
}

/**
 * A target holding one resource: `apply` decides what a PATCH operation does to it (undefined:
 * answered 2xx and ignored), `status` what a PATCH is answered; `holders` answers the members filter.
 */
function fakeTarget(resource: Record<string, unknown>, options: { apply?: (op: Record<string, unknown>, resource: Record<string, unknown>) => void; status?: number; holders?: () => string[] } = {}) {
  const sent: Sent[] = [];
  const sender = (purpose: string): ExchangeSender => ({
    baseUrl: BASE,
    send: (request) => {
      sent.push({ purpose, request });
      if (request.method === 'PATCH') {
        const status = options.status ?? 204;
        if (status < 300) for (const op of (request.body as { Operations: Record<string, unknown>[] }).Operations) options.apply?.(op, resource);
        return Promise.resolve(exchange(request, status));
      }
      if (request.path === '/Groups') {
        return Promise.resolve(exchange(request, 200, { totalResults: 1, Resources: (options.holders?.() ?? []).map((id) => ({ id })) }));
      }
      return Promise.resolve(exchange(request, 200, structuredClone(resource)));
    },
  });
  return { sent, senders: () => ({ read: sender('diagnosis-read'), probe: (name: string) => sender(`probe:${name}`) }) };
}

function patchExchange(path: string, ...operations: Record<string, unknown>[]): Exchange {
  return exchange({ method: 'PATCH', path, body: { schemas: [PATCH_OP], Operations: operations } }, 204);
}

function failure(overrides: Partial<ReadBackFailure> & Pick<ReadBackFailure, 'resource' | 'writes'>): ReadBackFailure {
  return {
    objectType: 'User',
    targetId: 'u1',
    read: exchange({ method: 'GET', path: '/Users/u1' }, 200, overrides.resource),
    attributes: [],
    missingMembers: [],
    unexpectedMembers: [],
    scenarioId: 'users/disable@entra',
    dialect: 'entra',
    ...overrides,
  };
}

function diagnosisWith(senders?: ReturnType<typeof fakeTarget>['senders'], maxRequests?: number): { readBack: ReadBackDiagnosis; recorded: Diagnosis[] } {
  const recorded: Diagnosis[] = [];
  const readBack = new ReadBackDiagnosis({ sink: { diagnosis: (d) => recorded.push(d) }, ...(senders ? { senders } : {}), ...(maxRequests !== undefined ? { maxRequests } : {}) });
  return { readBack, recorded };
}

describe('read-back diagnosis: a write answered 2xx that does not read back', () => {
  test('a capitalised op the lower-case variant applies: capitalised ops ignored, proven by the variant and a second read', async () => {
    const group = { id: 'g1', displayName: 'Old' };
    const target = fakeTarget(group, { apply: (op, resource) => (op.op === 'replace' ? Object.assign(resource, { displayName: op.value }) : undefined) });
    const { readBack, recorded } = diagnosisWith(target.senders);
    const write = patchExchange('/Groups/g1', { op: 'Replace', path: 'displayName', value: 'New' });
    const read = exchange({ method: 'GET', path: '/Groups/g1' }, 200, { ...group });
    const found = await readBack.diagnose(failure({ objectType: 'Group', targetId: 'g1', read, resource: { ...group }, attributes: [{ path: 'displayName', expected: 'New' }], writes: [write] }));

    expect(found?.cause).toBe('read-back/capitalised-op-ignored');
    expect(target.sent.map((s) => `${s.purpose} ${s.request.method} ${s.request.path}`)).toEqual(['probe:read-back-lower-case-op PATCH /Groups/g1', 'diagnosis-read GET /Groups/g1']);
    expect(target.sent[0].request.body).toEqual({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'New' }] });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ cause: 'read-back/capitalised-op-ignored', severity: 'required', consequence: 'loses-data', scenarioId: 'users/disable@entra', dialect: 'entra' });
    expect(recorded[0].title).toMatch(/"Add", "Replace" or "Remove"/);
    expect(recorded[0].evidence).toEqual([read.id, write.id, 'x-' + String(sequence - 1), 'x-' + String(sequence)]);
    expect(found?.evidence).toEqual(recorded[0].evidence);
  });

  test('the same operation shape again costs no request and records nothing new', async () => {
    const target = fakeTarget({ id: 'g1', displayName: 'Old' }, { apply: (op, resource) => (op.op === 'replace' ? Object.assign(resource, { displayName: op.value }) : undefined) });
    const { readBack, recorded } = diagnosisWith(target.senders);
    const first = failure({ objectType: 'Group', targetId: 'g1', resource: { displayName: 'Old' }, attributes: [{ path: 'displayName', expected: 'New' }], writes: [patchExchange('/Groups/g1', { op: 'Replace', path: 'displayName', value: 'New' })] });
    await readBack.diagnose(first);
    const sentBefore = target.sent.length;
    const again = patchExchange('/Groups/g2', { op: 'Replace', path: 'displayName', value: 'Other' });
    const second = await readBack.diagnose(failure({ objectType: 'Group', targetId: 'g2', resource: { displayName: 'Before' }, attributes: [{ path: 'displayName', expected: 'Other' }], writes: [again] }));
    expect(second?.cause).toBe('read-back/capitalised-op-ignored');
    expect(second?.evidence).toContain(again.id);
    expect(target.sent).toHaveLength(sentBefore);
    expect(recorded).toHaveLength(1);
  });

  test('"False" ignored while the JSON boolean applies: string boolean ignored, after the lower-case variant did not help', async () => {
    const user = { id: 'u1', active: true };
    const target = fakeTarget(user, { status: 200, apply: (op, resource) => (typeof op.value === 'boolean' ? Object.assign(resource, { active: op.value }) : undefined) });
    const { readBack } = diagnosisWith(target.senders);
    const found = await readBack.diagnose(failure({ resource: { ...user }, attributes: [{ path: 'active', expected: false }], writes: [patchExchange('/Users/u1', { op: 'Replace', path: 'active', value: 'False' })] }));
    expect(found?.cause).toBe('read-back/string-boolean-ignored');
    const variants = target.sent.filter((s) => s.request.method === 'PATCH').map((s) => (s.request.body as { Operations: unknown[] }).Operations[0]);
    expect(variants).toEqual([{ op: 'replace', path: 'active', value: 'False' }, { op: 'replace', path: 'active', value: false }]);
  });

  test('no variant applies: the attribute is dropped, named by the harness\'s own path', async () => {
    const target = fakeTarget({ id: 'u1', active: true }, { status: 200 });
    const { readBack, recorded } = diagnosisWith(target.senders);
    const found = await readBack.diagnose(failure({ resource: { active: true }, attributes: [{ path: 'active', expected: false }], writes: [patchExchange('/Users/u1', { op: 'Replace', path: 'active', value: 'False' })] }));
    expect(found?.cause).toBe('read-back/write-dropped/active');
    expect(recorded[0].title).toBe('Accepts a PATCH of active but does not store it');
    expect(recorded[0].operations).toEqual(['disable', 'enable']);
    expect(target.sent.filter((s) => s.request.method === 'PATCH')).toHaveLength(2);
  });

  test('a lower-case operation with a JSON value has no variant: dropped without a request, even without senders', async () => {
    const { readBack, recorded } = diagnosisWith(undefined);
    const found = await readBack.diagnose(failure({ resource: { active: true }, attributes: [{ path: 'active', expected: false }], writes: [patchExchange('/Users/u1', { op: 'replace', path: 'active', value: false })] }));
    expect(found?.cause).toBe('read-back/write-dropped/active');
    expect(recorded).toHaveLength(1);
  });

  test('without senders, a write that has variants is left unnamed and nothing is recorded', async () => {
    const { readBack, recorded } = diagnosisWith(undefined);
    const found = await readBack.diagnose(failure({ resource: { active: true }, attributes: [{ path: 'active', expected: false }], writes: [patchExchange('/Users/u1', { op: 'Replace', path: 'active', value: 'False' })] }));
    expect(found).toBeUndefined();
    expect(recorded).toEqual([]);
  });

  test('variants the target refuses name nothing', async () => {
    const target = fakeTarget({ id: 'u1', active: true }, { status: 400 });
    const { readBack, recorded } = diagnosisWith(target.senders);
    const found = await readBack.diagnose(failure({ resource: { active: true }, attributes: [{ path: 'active', expected: false }], writes: [patchExchange('/Users/u1', { op: 'Replace', path: 'active', value: 'False' })] }));
    expect(found).toBeUndefined();
    expect(recorded).toEqual([]);
  });

  test('the run\'s allowance bounds the requests: once spent, nothing more is sent', async () => {
    const target = fakeTarget({ id: 'u1', active: true }, { status: 200 });
    const { readBack } = diagnosisWith(target.senders, 1);
    const found = await readBack.diagnose(failure({ resource: { active: true }, attributes: [{ path: 'active', expected: false }], writes: [patchExchange('/Users/u1', { op: 'Replace', path: 'active', value: 'False' })] }));
    expect(found).toBeUndefined();
    expect(target.sent).toHaveLength(1);
  });

  test('a stored shape names the cause without any request, quoting what was read', async () => {
    const target = fakeTarget({});
    const { readBack, recorded } = diagnosisWith(target.senders);
    const resource = { id: 'u1', name: { givenName: 'Bob' }, 'name.givenName': 'Robert' };
    const write = patchExchange('/Users/u1', { op: 'Replace', path: 'name.givenName', value: 'Robert' });
    const found = await readBack.diagnose(failure({ resource, attributes: [{ path: 'name.givenName', expected: 'Robert' }], writes: [write] }));
    expect(found?.cause).toBe('read-back/literal-path-keys');
    expect(target.sent).toEqual([]);
    expect(recorded[0].serverDetail).toBe('Read back top-level keys "name.givenName"');
    expect(recorded[0].evidence).toContain(write.id);
  });

  test('a value kept in another case was stored: no cause, no request', async () => {
    const target = fakeTarget({ id: 'u1', title: 'senior analyst' }, { status: 200 });
    const { readBack } = diagnosisWith(target.senders);
    const found = await readBack.diagnose(failure({ resource: { title: 'senior analyst' }, attributes: [{ path: 'title', expected: 'Senior Analyst' }], writes: [patchExchange('/Users/u1', { op: 'Replace', path: 'title', value: 'Senior Analyst' })] }));
    expect(found).toBeUndefined();
    expect(target.sent).toEqual([]);
  });

  test('members a filter finds but GET does not list: stored, never returned; no write is re-sent', async () => {
    const target = fakeTarget({ id: 'g1', displayName: 'Crew' }, { holders: () => ['g1'] });
    const { readBack, recorded } = diagnosisWith(target.senders);
    const write = patchExchange('/Groups/g1', { op: 'Add', path: 'members', value: [{ $ref: null, value: 'u7' }] });
    const found = await readBack.diagnose(failure({ objectType: 'Group', targetId: 'g1', resource: { id: 'g1', displayName: 'Crew' }, missingMembers: ['u7'], writes: [write] }));
    expect(found?.cause).toBe('read-back/members-not-returned');
    expect(target.sent.map((s) => `${s.request.method} ${s.request.path} ${JSON.stringify(s.request.query)}`)).toEqual(['GET /Groups {"filter":"members.value eq \\"u7\\"","excludedAttributes":"members"}']);
    expect(recorded[0].evidence).toEqual([expect.any(String), `x-${sequence}`, write.id]);
  });

  test('members the filter does not find either: not stored, and the capitalised add is re-sent in lower case', async () => {
    const group: Record<string, unknown> = { id: 'g1', displayName: 'Crew', members: [] };
    const target = fakeTarget(group, { apply: (op, resource) => (op.op === 'add' ? Object.assign(resource, { members: op.value }) : undefined) });
    const { readBack } = diagnosisWith(target.senders);
    const found = await readBack.diagnose(failure({ objectType: 'Group', targetId: 'g1', resource: { ...group }, missingMembers: ['u7'], writes: [patchExchange('/Groups/g1', { op: 'Add', path: 'members', value: [{ $ref: null, value: 'u7' }] })] }));
    expect(found?.cause).toBe('read-back/capitalised-op-ignored');
    expect(target.sent.map((s) => `${s.purpose} ${s.request.method}`)).toEqual(['diagnosis-read GET', 'probe:read-back-lower-case-op PATCH', 'diagnosis-read GET']);
  });

  test('a member removal not applied is traced to the removal', async () => {
    const group: Record<string, unknown> = { id: 'g1', members: [{ value: 'u1' }, { value: 'u2' }] };
    const target = fakeTarget(group, { apply: (op, resource) => (op.op === 'remove' ? Object.assign(resource, { members: [{ value: 'u1' }] }) : undefined) });
    const { readBack } = diagnosisWith(target.senders);
    const found = await readBack.diagnose(failure({ objectType: 'Group', targetId: 'g1', resource: { ...group }, unexpectedMembers: ['u2'], writes: [patchExchange('/Groups/g1', { op: 'Remove', path: 'members', value: [{ value: 'u2' }] })] }));
    expect(found?.cause).toBe('read-back/capitalised-op-ignored');
  });

  test('a difference no write explains is left unnamed', async () => {
    const target = fakeTarget({ id: 'u1' }, { status: 200 });
    const { readBack } = diagnosisWith(target.senders);
    expect(await readBack.diagnose(failure({ resource: { title: 'A' }, attributes: [{ path: 'title', expected: 'B' }], writes: [] }))).toBeUndefined();
    expect(target.sent).toEqual([]);
  });
});

describe('read-back inspector on the exchanges of log entries', () => {
  const request = (path: string, body?: unknown): ScimRequest => ({ method: body === undefined ? 'GET' : 'PATCH', path, ...(body !== undefined ? { body } : {}) });

  test('a 2xx response showing a stored shape names its cause once, citing the first such exchange', async () => {
    const { readBack, recorded } = diagnosisWith(undefined);
    const get = request('/Users/u1');
    const first = exchange(get, 200, { id: 'u1', active: 'False' });
    const signature = readBack.inspector.signature(get, first);
    expect(signature).toBe('shape:read-back/string-booleans-stored');
    expect(await readBack.inspector.investigate(get, first, { probe: () => undefined, record: () => undefined, learn: () => undefined })).toBe('read-back/string-booleans-stored');
    const later = exchange(get, 200, { id: 'u2', active: 'True' });
    await readBack.inspector.investigate(get, later, { probe: () => undefined, record: () => undefined, learn: () => undefined });
    expect(recorded).toHaveLength(1);
    expect(recorded[0].evidence).toEqual([first.id]);
    expect(recorded[0].serverDetail).toBe('Returned "active": "False"');
  });

  test('correct responses, errors and unexplained writes are not the inspector\'s', () => {
    const { readBack } = diagnosisWith(undefined);
    const get = request('/Users/u1');
    expect(readBack.inspector.signature(get, exchange(get, 200, { id: 'u1', active: false }))).toBeUndefined();
    expect(readBack.inspector.signature(get, exchange(get, 400, { detail: 'no', active: 'False' }))).toBeUndefined();
    const body = { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ value: 'u1' }] }] };
    expect(readBack.inspector.signature(request('/Groups/g1', body), exchange(request('/Groups/g1', body), 204))).toBeUndefined();
  });

  test('once a read-back explained an operation shape, later writes of that shape are marked without a request', async () => {
    const target = fakeTarget({ id: 'g1', members: [] }, { apply: (op, resource) => (op.op === 'add' ? Object.assign(resource, { members: op.value }) : undefined) });
    const { readBack } = diagnosisWith(target.senders);
    await readBack.diagnose(failure({ objectType: 'Group', targetId: 'g1', resource: { id: 'g1', members: [] }, missingMembers: ['u7'], writes: [patchExchange('/Groups/g1', { op: 'Add', path: 'members', value: [{ value: 'u7' }] })] }));
    const sent = target.sent.length;
    const body = { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ value: 'u9' }, { value: 'u8' }] }] };
    const later = request('/Groups/g5', body);
    const signature = readBack.inspector.signature(later, exchange(later, 204));
    expect(signature).toMatch(/^known:/);
    expect(await readBack.inspector.investigate(later, exchange(later, 204), { probe: () => undefined, record: () => undefined, learn: () => undefined })).toBe('read-back/capitalised-op-ignored');
    const lower = request('/Groups/g5', { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: 'u9' }] }] });
    expect(readBack.inspector.signature(lower, exchange(lower, 204))).toBeUndefined();
    expect(target.sent).toHaveLength(sent);
  });
});
