/**
 * Differential probing of a rejected request (docs/diagnosis.md#probing), through the recording
 * client and the run's diagnoser as run-session wires them, against a target in memory: which
 * requests are probed, what each probe sends and touches, the cause the first accepted variant
 * names, and the workaround later requests are sent with.
 */
import { type Exchange } from '../../../harness/contract/exchange';
import { type ScimRequest } from '../../../harness/contract/target-client';
import { RejectedRequestInspector } from '../../../harness/diagnose/probes/rejected-request';
import { type Answer, probing, scimError } from './fake-target';

const ADSCIM = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const createGroup: ScimRequest = {
  method: 'POST',
  path: '/Groups',
  body: { schemas: [CORE_GROUP, ADSCIM], externalId: 'e1', displayName: 'scimh-ab12cd Crew', meta: { resourceType: 'Group' } },
};
const createUser: ScimRequest = {
  method: 'POST',
  path: '/Users',
  body: { schemas: [CORE_USER], userName: 'scimh-ab12cd-a@example.com', emails: [{ type: 'work', value: 'scimh-ab12cd-a@example.com' }], meta: { resourceType: 'User' }, roles: [] },
};
const patch = (path: string, ...operations: Record<string, unknown>[]): ScimRequest => ({ method: 'PATCH', path, body: { schemas: [PATCH_OP], Operations: operations } });
const disable = patch('/Users/u1', { op: 'Replace', path: 'active', value: 'False' });
const match: ScimRequest = { method: 'GET', path: '/Users', query: { filter: 'userName eq "a@example.com"' }, queryEncoding: 'form' };

const body = (request: ScimRequest): Record<string, unknown> => (request.body ?? {}) as Record<string, unknown>;
const created = (id: string): Answer => ({ status: 201, body: { id } });
const entryOf = (setup: ReturnType<typeof probing>): { send: (request: ScimRequest) => Promise<Exchange>; exchanges: Exchange[] } => {
  const exchanges: Exchange[] = [];
  const sender = setup.client.forEntry({ exchange: (exchange) => exchanges.push(exchange) });
  return { send: (request) => sender.send(request), exchanges };
};
const probePurposes = (setup: ReturnType<typeof probing>): string[] => setup.recorded.map((record) => record.purpose);

/** A server refusing what `refuses` says, creating everything else and deleting on request. */
function server(refuses: (request: ScimRequest) => Answer | undefined): (request: ScimRequest) => Answer {
  let ids = 0;
  return (request) => {
    const refused = refuses(request);
    if (refused) return refused;
    if (request.method === 'POST') return created(`new-${(ids += 1)}`);
    if (request.method === 'DELETE') return { status: 204 };
    return { status: 200, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0 } };
  };
}

const refusesAdscim = server((request) => ((body(request).schemas as string[] | undefined)?.includes(ADSCIM) ? scimError(400, 'invalidValue', `"schemas" lists "${ADSCIM}"`) : undefined));

describe('a create refused for one part', () => {
  it('sends a control, then variants in order; the first accepted names the cause, quoting the part and the server', async () => {
    const setup = probing(refusesAdscim);
    const entry = entryOf(setup);
    const answer = await entry.send(createGroup);

    expect(answer.cause).toBe('request/unknown-schema-uri-rejected');
    expect(entry.exchanges).toEqual([answer]);
    expect(setup.target.sent.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /Groups', 'POST /Groups', 'POST /Groups', 'DELETE /Groups/new-1']);
    expect(probePurposes(setup)).toEqual(['probe:control', 'probe:without-unknown-schema-uri', 'probe:cleanup']);
    // The control is Entra's request with fresh, prefixed values; the variant differs from it in the schema URI alone.
    const [, control, variant] = setup.target.sent;
    expect(body(control)).toEqual({ ...body(createGroup), externalId: 'scimh-p000001-e1', displayName: 'scimh-p000001-ab12cd Crew' });
    expect(body(variant)).toEqual({ ...body(control), schemas: [CORE_GROUP] });

    expect(setup.diagnoses).toHaveLength(1);
    const [diagnosis] = setup.diagnoses;
    expect(diagnosis.title).toContain(ADSCIM);
    expect(diagnosis.evidence).toEqual([answer.id, ...setup.recorded.slice(0, 2).map((record) => record.exchange.id)]);
    expect(diagnosis.serverDetail).toBe(`invalidValue: "schemas" lists "${ADSCIM}"`);
    expect(diagnosis.workaround).toMatch(/without the schema URIs outside RFC 7643/);
  });

  it('keeps going with the accepted variant: later creates on that collection are sent that way and say so', async () => {
    const setup = probing(refusesAdscim);
    const entry = entryOf(setup);
    await entry.send(createGroup);
    const sentBefore = setup.target.sent.length;

    const later = await entry.send({ ...createGroup, body: { ...body(createGroup), displayName: 'scimh-ab12cd Guild' } });
    expect(later.response?.status).toBe(201);
    expect(later.workaround).toBe('request/unknown-schema-uri-rejected');
    expect(body(setup.target.sent[sentBefore]).schemas).toEqual([CORE_GROUP]);
    // A user create is not what the workaround is for: it goes out as Entra sends it.
    const user = await entry.send(createUser);
    expect(user.workaround).toBeUndefined();
    expect(body(setup.target.sent.at(-1) as ScimRequest)).toEqual(body(createUser));
    expect(setup.target.sent).toHaveLength(sentBefore + 2);
  });

  it('tries each variant on Entra\'s request: with "roles" refused, "without meta" is refused and "without roles" names the cause', async () => {
    const setup = probing(server((request) => (body(request).roles !== undefined ? scimError(400, 'invalidValue', 'Attribute "roles" is not supported') : undefined)));
    const answer = await entryOf(setup).send(createUser);
    expect(answer.cause).toBe('request/roles-rejected');
    expect(probePurposes(setup)).toEqual(['probe:control', 'probe:without-meta', 'probe:without-roles', 'probe:cleanup']);
    const variant = setup.target.sent[3];
    expect(body(variant).meta).toEqual({ resourceType: 'User' });
    expect(body(variant).roles).toBeUndefined();
    expect(body(variant).emails).toEqual([{ type: 'work', value: 'scimh-p000001-ab12cd-a@example.com' }]);
  });

  it('blames nothing when the control is accepted (the refusal was about the values), and deletes what the control created', async () => {
    const original = body(createUser).userName;
    const setup = probing(server((request) => (body(request).userName === original ? scimError(400, 'invalidValue', 'userName is taken') : undefined)));
    const answer = await entryOf(setup).send(createUser);
    expect(answer.cause).toBeUndefined();
    expect(setup.diagnoses).toEqual([]);
    expect(setup.target.sent.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /Users', 'POST /Users', 'DELETE /Users/new-1']);
    expect(setup.diagnoser.known).toEqual([]);
  });

  it('deletes what a create probe made even when the run is interrupted meanwhile', async () => {
    const abort = new AbortController();
    const refuses = server((request) => ((body(request).schemas as string[] | undefined)?.includes(ADSCIM) ? scimError(400, 'invalidValue', 'unknown schema') : undefined));
    const setup = probing((request) => {
      const answer = refuses(request);
      if (request.method === 'POST' && answer.status === 201) abort.abort();
      return answer;
    });
    const sender = setup.client.forEntry({ exchange: () => undefined });
    await sender.send(createGroup, abort.signal);
    expect(setup.target.sent.map((request) => request.method)).toEqual(['POST', 'POST', 'POST', 'DELETE']);
  });
});

describe('a PATCH or query refused for one part', () => {
  it('is probed on the same resource without a control: the lower-case op is refused, the JSON boolean names the cause', async () => {
    const setup = probing(server((request) => ((request.body as { Operations: { value: unknown }[] } | undefined)?.Operations?.[0]?.value === 'False' ? scimError(400, 'invalidValue', 'active is boolean') : undefined)));
    const answer = await entryOf(setup).send(disable);
    expect(answer.cause).toBe('request/string-boolean-rejected');
    expect(setup.target.sent.map((request) => `${request.method} ${request.path}`)).toEqual(['PATCH /Users/u1', 'PATCH /Users/u1', 'PATCH /Users/u1']);
    expect(probePurposes(setup)).toEqual(['probe:lower-case-op', 'probe:json-boolean']);
    expect(setup.target.sent[2].body).toEqual(patch('/Users/u1', { op: 'Replace', path: 'active', value: false }).body);
  });

  it('probes a filter query refused with 400, and Test Connection too: "+" refused, %20 accepted, then every such query goes out with %20', async () => {
    const setup = probing(server((request) => (request.method === 'GET' && request.queryEncoding === 'form' ? scimError(400, 'invalidFilter', 'Invalid filter "userName+eq+"') : undefined)));
    const probe = await setup.client.forPurpose('test-connection').send(match);
    expect(probe.cause).toBe('request/plus-in-query-misread');
    expect(setup.target.sent[1]).toEqual({ ...match, queryEncoding: 'percent' });

    const matched = await entryOf(setup).send(match);
    expect(matched.response?.status).toBe(200);
    expect(matched.workaround).toBe('request/plus-in-query-misread');
    expect(matched.request.url).toContain('userName%20eq%20');
    // The harness's own reads are not Entra's traffic: sent exactly as asked, never probed.
    const read = await setup.client.forPurpose('scenario-read').send(match);
    expect(read.response?.status).toBe(400);
    expect(read.workaround).toBeUndefined();
    expect(read.cause).toBeUndefined();
  });

  it('learns a workaround per collection: capitalised ops refused on users and groups are probed once on each', async () => {
    const setup = probing(server((request) => ((request.body as { Operations?: { op: string }[] } | undefined)?.Operations?.some((operation) => operation.op !== operation.op.toLowerCase()) ? scimError(400, 'invalidSyntax', 'op must be lower-case') : undefined)));
    const entry = entryOf(setup);
    await entry.send(disable);
    const group = patch('/Groups/g1', { op: 'Add', path: 'members', value: [{ $ref: null, value: 'u1' }] });
    const firstGroupPatch = await entry.send(group);
    // Users' workaround does not touch groups: the group PATCH goes out as Entra sends it, and is probed.
    expect(firstGroupPatch.workaround).toBeUndefined();
    expect(firstGroupPatch.cause).toBe('request/capitalised-patch-op-rejected');
    expect(setup.diagnoser.known.map((workaround) => [workaround.cause, workaround.scope, workaround.request])).toEqual([
      ['request/capitalised-patch-op-rejected', '/Users', 'User PATCH request'],
      ['request/capitalised-patch-op-rejected', '/Groups', 'Group PATCH request'],
    ]);
    // One cause; its second record only adds the groups' evidence (request-diagnoser.ts records a cause again for new evidence).
    expect(new Set(setup.diagnoses.map((diagnosis) => diagnosis.cause))).toEqual(new Set(['request/capitalised-patch-op-rejected']));
    expect(setup.diagnoses[1]?.evidence ?? []).not.toEqual(expect.arrayContaining([...setup.diagnoses[0].evidence]));
    expect((await entry.send(group)).workaround).toBe('request/capitalised-patch-op-rejected');
  });

  it('shares one investigation between concurrent requests refused alike', async () => {
    const setup = probing(server((request) => ((request.body as { Operations?: { op: string }[] } | undefined)?.Operations?.some((operation) => operation.op === 'Replace') ? scimError(400, 'invalidSyntax', 'op') : undefined)));
    const entry = entryOf(setup);
    const answers = await Promise.all([entry.send(disable), entry.send(patch('/Users/u2', { op: 'Replace', path: 'active', value: 'False' }))]);
    expect(answers.map((answer) => answer.cause)).toEqual(['request/capitalised-patch-op-rejected', 'request/capitalised-patch-op-rejected']);
    expect(probePurposes(setup)).toEqual(['probe:lower-case-op']);
  });
});

describe('what is never probed', () => {
  it.each([401, 403, 404, 409, 412, 429, 500])('a create answered %i', async (status) => {
    const setup = probing(() => scimError(status, 'invalidValue', 'no'));
    const answer = await entryOf(setup).send(createGroup);
    expect(answer.cause).toBeUndefined();
    expect(setup.target.sent).toHaveLength(1);
  });

  it('a read by id answered 400, and a request no variant applies to', async () => {
    const setup = probing(() => scimError(400, 'invalidValue', 'no'));
    const entry = entryOf(setup);
    await entry.send({ method: 'GET', path: '/Users/u1' });
    await entry.send(patch('/Users/u1', { op: 'replace', path: 'title', value: 'x' }));
    expect(setup.target.sent).toHaveLength(2);
  });

  it('a refusal no variant gets past: every variant is tried once, nothing is named or learned', async () => {
    const setup = probing(() => scimError(400, 'invalidSyntax', 'no'));
    const answer = await entryOf(setup).send(disable);
    expect(answer.cause).toBeUndefined();
    expect(probePurposes(setup)).toEqual(['probe:lower-case-op', 'probe:json-boolean']);
    expect(setup.diagnoses).toEqual([]);
    expect(setup.diagnoser.known).toEqual([]);
  });

  it('anything past the probe budget', async () => {
    const setup = probing(() => scimError(400, 'invalidSyntax', 'no'), { maxProbes: 1 });
    const entry = entryOf(setup);
    await entry.send(disable);
    await entry.send(patch('/Users/u1', { op: 'Add', path: 'title', value: 'x' }));
    expect(probePurposes(setup)).toEqual(['probe:lower-case-op']);
  });
});

describe('the signature that groups requests into one investigation', () => {
  const inspector = new RejectedRequestInspector({ prefix: 'scimh-' });
  const refused = (status: number, scimType = 'invalidValue'): Exchange =>
    ({ id: 'x', startedAt: '', durationMs: 0, request: { method: 'POST', url: '', headers: {} }, response: { status, headers: {}, text: '', bytes: 0, body: { scimType } } }) as Exchange;

  it('names the method, collection, status, scimType and the variants that could explain the refusal', () => {
    expect(inspector.signature(createGroup, refused(400))).toBe('POST /Groups 400 invalidValue without-unknown-schema-uri,without-meta');
    expect(inspector.signature(createGroup, refused(422, 'x'))).toBe('POST /Groups 422 x without-unknown-schema-uri,without-meta');
    expect(inspector.signature(createGroup, refused(201))).toBeUndefined();
  });
});
