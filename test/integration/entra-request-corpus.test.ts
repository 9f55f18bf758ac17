/**
 * The engine against the Entra request corpus (test/fixtures/entra-requests): a job runs three
 * cycles against the bundled server in each dialect — creates, updates, a disable and a re-enable,
 * manager links set, changed and cleared, a group created, renamed, filled and emptied, and
 * deletes — and every request that reaches the server is compared with the corpus entry for its
 * operation: method, path, query as decoded and as encoded on the wire, Content-Type, Accept, the
 * Authorization scheme, and the body's keys, op names and value types
 * (docs/entra-behaviour.md#entra-requests, docs/entra-behaviour.md#patch-dialects).
 *
 * Which operation a request is comes from what the test changed, never from the corpus: the
 * object a request is about (its id in the path, the value in its filter, the name in its create
 * body), and the order of that object's requests in the cycle.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { createScimApp, type RecordedRequest, ScimStore } from '../../examples/scim-server';
import { type SourceUser } from '../../harness/source/source-types';
import { SourceDirectory } from '../../harness/source/source-directory';
import { corpusEntry, type CorpusDialect, type CorpusOperation, ENTRA_REQUEST_CORPUS, each, optional, SOURCES } from '../fixtures/entra-requests';
import { type Bindings, compareRequest, compareShape, formDecode, type WireRequest } from '../helpers/request-shape';
import { createJobFixture, describeEntry, TOKEN } from './engine/harness-fixture';

const BASE_PATH = '/scim/v2';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ── the source directory and what changes in it ────────────────────────────────────────────

type UserName = 'alice' | 'bob' | 'carol' | 'dave';
type ObjectName = UserName | 'team';
type Subject = ObjectName | 'probe';

const OBJECT_IDS: Readonly<Record<ObjectName, string>> = {
  alice: '00000000-0000-4000-8000-00000000a11c',
  bob: '00000000-0000-4000-8000-000000000b0b',
  carol: '00000000-0000-4000-8000-0000000ca201',
  dave: '00000000-0000-4000-8000-00000000da7e',
  team: '00000000-0000-4000-8000-0000000007ea',
};

function sourceUser(name: UserName, extra: Partial<SourceUser> = {}): SourceUser {
  return {
    objectId: OBJECT_IDS[name],
    userPrincipalName: `${name}.corpus@contoso.example`,
    mailNickname: name,
    displayName: `${name} Corpus`,
    givenName: name,
    surname: 'Corpus',
    mail: `${name}.corpus@contoso.example`,
    accountEnabled: true,
    ...extra,
  };
}

const upn = (name: UserName): string => `${name}.corpus@contoso.example`;

function corpusDirectory(): SourceDirectory {
  return SourceDirectory.fromData({
    users: [
      sourceUser('alice', { jobTitle: 'Engineer', employeeId: 'E1', managerId: OBJECT_IDS.bob }),
      sourceUser('bob', { jobTitle: 'Lead' }),
      sourceUser('carol'),
      sourceUser('dave', { department: 'Finance', managerId: OBJECT_IDS.bob }),
    ],
    groups: [{ objectId: OBJECT_IDS.team, displayName: 'Corpus Team', mailNickname: 'corpusteam', memberIds: [OBJECT_IDS.alice, OBJECT_IDS.bob, OBJECT_IDS.carol] }],
  });
}

/** Before the second cycle: one change of each kind the corpus covers. */
function changeForCycle2(directory: SourceDirectory): void {
  const { alice, bob, carol, dave, team } = OBJECT_IDS;
  // The six attributes of the documented multi-attribute replace, less familyName (user-requests.ts).
  directory.updateUser(alice, { displayName: 'Alice Renamed', mail: 'alice.renamed@contoso.example', givenName: 'Alicia', mailNickname: 'alicia', employeeId: 'E2', managerId: carol });
  directory.blockSignIn(bob);
  directory.updateUser(carol, { jobTitle: 'Designer' });
  directory.setManager(dave, null);
  directory.renameGroup(team, 'Corpus Team Renamed');
  directory.addMembers(team, [dave]);
  directory.removeMembers(team, [alice, carol]);
}

/** Before the third: deletes (carol was alice's manager, so alice's manager is cleared) and a re-enable. */
function changeForCycle3(directory: SourceDirectory): void {
  directory.hardDeleteUser(OBJECT_IDS.carol);
  directory.deleteGroup(OBJECT_IDS.team);
  directory.unblockSignIn(OBJECT_IDS.bob);
}

/** A request the test expects, with the placeholders whose values it knows (object names stand for their target ids). */
interface Expected {
  readonly operation: CorpusOperation;
  readonly bind?: Readonly<Record<string, readonly string[]>>;
}

const PROBES: readonly Expected[] = [{ operation: 'test-connection-users' }, { operation: 'test-connection-groups' }];
const matchAndCreate = (name: UserName): Expected[] => [
  { operation: 'match-user', bind: { userName: [upn(name)] } },
  { operation: 'create-user', bind: { userName: [upn(name)] } },
];

/** Per cycle, each object's requests in order. */
const EXPECTED_BY_CYCLE: readonly Readonly<Partial<Record<Subject, readonly Expected[]>>>[] = [
  {
    probe: PROBES,
    alice: [...matchAndCreate('alice'), { operation: 'manager-add', bind: { managerId: ['bob'] } }],
    bob: matchAndCreate('bob'),
    carol: matchAndCreate('carol'),
    dave: [...matchAndCreate('dave'), { operation: 'manager-add', bind: { managerId: ['bob'] } }],
    team: [
      { operation: 'match-group', bind: { displayName: ['Corpus Team'] } },
      { operation: 'create-group', bind: { displayName: ['Corpus Team'], objectId: [OBJECT_IDS.team] } },
      { operation: 'member-add', bind: { memberId: ['alice', 'bob', 'carol'] } },
    ],
  },
  {
    probe: PROBES,
    alice: [
      { operation: 'get-user' },
      {
        operation: 'update-user-replace',
        bind: { displayName: ['Alice Renamed'], mail: ['alice.renamed@contoso.example'], givenName: ['Alicia'], formatted: ['Alicia Corpus'], mailNickname: ['alicia'], employeeId: ['E2'] },
      },
      { operation: 'manager-replace', bind: { managerId: ['carol'] } },
    ],
    bob: [{ operation: 'disable-user' }],
    carol: [{ operation: 'get-user' }, { operation: 'update-user-add', bind: { jobTitle: ['Designer'] } }],
    dave: [{ operation: 'get-user' }, { operation: 'manager-clear' }],
    team: [
      { operation: 'get-group' },
      { operation: 'rename-group', bind: { displayName: ['Corpus Team Renamed'] } },
      { operation: 'member-add', bind: { memberId: ['dave'] } },
      { operation: 'member-remove', bind: { memberId: ['alice', 'carol'] } },
    ],
  },
  {
    probe: PROBES,
    alice: [{ operation: 'get-user' }, { operation: 'manager-clear' }],
    bob: [{ operation: 'get-user' }, { operation: 'enable-user' }],
    carol: [{ operation: 'delete-user' }],
    team: [{ operation: 'delete-group' }],
  },
];

// ── recording what reaches the target ──────────────────────────────────────────────────────

interface RecordedWireRequest extends WireRequest {
  readonly cycle: number;
  readonly index: number;
}

interface Traffic {
  readonly requests: readonly RecordedWireRequest[];
  readonly targetIds: Readonly<Record<ObjectName, string>>;
  readonly failures: readonly string[];
}

/**
 * The bundled server behind a front that notes what the server's own recorder hides (the
 * Authorization scheme; never the credential) and the cycle; the server's recorder gives the
 * parsed body. Both see requests in arrival order, so they are joined by position.
 */
async function recordTraffic(dialect: CorpusDialect): Promise<Traffic> {
  const store = new ScimStore();
  const serverLog: RecordedRequest[] = [];
  const app = createScimApp({ token: TOKEN, store, recordRequests: true, requestLog: serverLog });
  const front: { url: string; method: string; contentType: string | null; accept: string | null; authorizationScheme: string | null; cycle: number }[] = [];
  let cycle = 0;
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const header = (name: string): string | null => {
      const value = request.headers[name];
      return typeof value === 'string' ? value : null;
    };
    front.push({
      url: request.url ?? '',
      method: request.method ?? '',
      contentType: header('content-type'),
      accept: header('accept'),
      authorizationScheme: header('authorization')?.split(' ')[0] ?? null,
      cycle,
    });
    app(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${BASE_PATH}`;
  const directory = corpusDirectory();
  const fixture = createJobFixture({ baseUrl, directory, dialect, concurrency: 1, allowDeletes: true });
  try {
    await fixture.job.runCycle();
    const targetId = (found: { id?: unknown } | undefined): string => String(found?.id);
    const targetIds: Record<ObjectName, string> = {
      alice: targetId(store.findUserByUserName(upn('alice'))),
      bob: targetId(store.findUserByUserName(upn('bob'))),
      carol: targetId(store.findUserByUserName(upn('carol'))),
      dave: targetId(store.findUserByUserName(upn('dave'))),
      team: targetId(store.findGroupByDisplayName('Corpus Team')),
    };
    cycle = 1;
    changeForCycle2(directory);
    await fixture.job.runCycle();
    cycle = 2;
    changeForCycle3(directory);
    await fixture.job.runCycle();
    if (front.length !== serverLog.length) throw new Error(`the front saw ${front.length} requests, the server recorded ${serverLog.length}`);
    const requests = front.map((seen, index): RecordedWireRequest => {
      const [pathname, ...query] = seen.url.split('?');
      return {
        method: seen.method,
        path: pathname.startsWith(BASE_PATH) ? pathname.slice(BASE_PATH.length) : pathname,
        rawQuery: query.join('?'),
        contentType: seen.contentType,
        accept: seen.accept,
        authorizationScheme: seen.authorizationScheme,
        body: serverLog[index].body,
        cycle: seen.cycle,
        index,
      };
    });
    const failures = fixture.events.entries.filter((entry) => entry.provisioningStatusInfo.status === 'failure').map(describeEntry);
    return { requests, targetIds, failures };
  } finally {
    await fixture.client.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

/** The object a request is about, from its path, its filter value or its create body; "probe" for a filter value no object has. */
function subjectOf(request: WireRequest, targetIds: Readonly<Record<ObjectName, string>>): Subject | undefined {
  const byId = /^\/(?:Users|Groups)\/([^/]+)$/.exec(request.path);
  if (byId) return (Object.keys(targetIds) as ObjectName[]).find((name) => targetIds[name] === byId[1]);
  const filter = new URLSearchParams(request.rawQuery).get('filter');
  const body = (request.body ?? {}) as { userName?: unknown; displayName?: unknown };
  const value = filter !== null ? /eq "(.*)"$/.exec(filter)?.[1] : request.path === '/Users' ? body.userName : body.displayName;
  if (typeof value !== 'string') return undefined;
  const user = (['alice', 'bob', 'carol', 'dave'] as const).find((name) => upn(name) === value);
  if (user) return user;
  if (request.path === '/Groups' && value.startsWith('Corpus Team')) return 'team';
  return filter !== null && GUID.test(value) ? 'probe' : undefined;
}

function describeRequest(request: RecordedWireRequest): string {
  return `#${request.index} (cycle ${request.cycle + 1}) ${request.method} ${request.path}${request.rawQuery ? `?${request.rawQuery}` : ''}`;
}

/** Each request paired with the operation the test expects it to be, and the requests it could not place. */
function classify(traffic: Traffic): { paired: { request: RecordedWireRequest; expected: Expected }[]; problems: string[] } {
  const paired: { request: RecordedWireRequest; expected: Expected }[] = [];
  const problems: string[] = [];
  EXPECTED_BY_CYCLE.forEach((expectedBySubject, cycle) => {
    const inCycle = traffic.requests.filter((request) => request.cycle === cycle);
    const seen = new Map<Subject, RecordedWireRequest[]>();
    for (const request of inCycle) {
      const subject = subjectOf(request, traffic.targetIds);
      if (subject === undefined) problems.push(`${describeRequest(request)}: about no object of the test`);
      else seen.set(subject, [...(seen.get(subject) ?? []), request]);
    }
    const subjects = new Set<Subject>([...seen.keys(), ...(Object.keys(expectedBySubject) as Subject[])]);
    for (const subject of subjects) {
      const requests = seen.get(subject) ?? [];
      const expected = expectedBySubject[subject] ?? [];
      if (requests.length !== expected.length) {
        problems.push(
          `cycle ${cycle + 1}, ${subject}: expected ${expected.map((e) => e.operation).join(', ') || 'no request'}; got ${requests.map(describeRequest).join('; ') || 'none'}`,
        );
        continue;
      }
      requests.forEach((request, index) => paired.push({ request, expected: expected[index] }));
    }
  });
  return { paired, problems };
}

/** Differences between the values the test knows and what the request's placeholders bound. */
function bindingProblems(expected: Expected, bindings: Bindings, targetIds: Readonly<Record<ObjectName, string>>): string[] {
  const problems: string[] = [];
  const resolve = (value: string): string => (value in targetIds ? targetIds[value as ObjectName] : value);
  for (const [name, values] of Object.entries(expected.bind ?? {})) {
    const want = values.map(resolve).sort();
    const got = [...(bindings[name] ?? [])].sort();
    if (JSON.stringify(want) !== JSON.stringify(got)) problems.push(`<${name}> is ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
  if (bindings.guid && !bindings.guid.every((value) => GUID.test(value))) problems.push(`<guid> is ${JSON.stringify(bindings.guid)}, not a GUID`);
  return problems;
}

describe.each<CorpusDialect>(['entra', 'entra-compliant'])('the engine against the Entra request corpus (%s dialect)', (dialect) => {
  let traffic: Traffic;
  let paired: { request: RecordedWireRequest; expected: Expected }[];
  let placement: string[];

  beforeAll(async () => {
    traffic = await recordTraffic(dialect);
    ({ paired, problems: placement } = classify(traffic));
  });

  it('provisions the scenario without a failed entry', () => {
    expect(traffic.failures).toEqual([]);
  });

  it("sends each object's requests in the order the scenario expects, and no other request", () => {
    expect(placement).toEqual([]);
    expect(paired).toHaveLength(traffic.requests.length);
  });

  it('exercises every corpus request of the dialect', () => {
    const sent = new Set(paired.map(({ expected }) => expected.operation));
    const inCorpus = ENTRA_REQUEST_CORPUS.filter((entry) => entry.dialects.includes(dialect)).map((entry) => entry.operation);
    expect(inCorpus.filter((operation) => !sent.has(operation))).toEqual([]);
  });

  it("matches every request's method, path, query (decoded and as sent), headers and body shape with the corpus", () => {
    const mismatches = paired.flatMap(({ request, expected }) =>
      compareRequest(corpusEntry(expected.operation, dialect), request, dialect).differences.map((difference) => `${describeRequest(request)} [${expected.operation}]: ${difference}`),
    );
    expect(mismatches).toEqual([]);
  });

  it('carries the ids and values of the objects each request is about', () => {
    const problems = paired.flatMap(({ request, expected }) =>
      bindingProblems(expected, compareRequest(corpusEntry(expected.operation, dialect), request, dialect).bindings, traffic.targetIds).map(
        (problem) => `${describeRequest(request)} [${expected.operation}]: ${problem}`,
      ),
    );
    expect(problems).toEqual([]);
  });

  it('differs from the corpus only where an entry records the deviation', () => {
    const deviations = new Set(paired.map(({ request, expected }) => compareRequest(corpusEntry(expected.operation, dialect), request, dialect).deviation).filter((why) => why !== undefined));
    const recorded = ENTRA_REQUEST_CORPUS.filter((entry) => entry.harnessDiffers?.dialects.includes(dialect)).map((entry) => entry.harnessDiffers?.why);
    expect([...deviations].sort()).toEqual([...recorded].sort());
  });
});

describe('the Entra request corpus', () => {
  it('has one entry per operation and dialect, and every operation in both dialects', () => {
    const keys = ENTRA_REQUEST_CORPUS.flatMap((entry) => entry.dialects.map((dialect) => `${entry.operation}@${dialect}`));
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
    const operations = [...new Set(ENTRA_REQUEST_CORPUS.map((entry) => entry.operation))];
    const missing = operations.flatMap((operation) => (['entra', 'entra-compliant'] as const).filter((dialect) => !keys.includes(`${operation}@${dialect}`)).map((dialect) => `${operation}@${dialect}`));
    expect(missing).toEqual([]);
  });

  it('names for every entry at least one source with its address and date, and marks inferred choices', () => {
    const problems = ENTRA_REQUEST_CORPUS.flatMap((entry) => [
      ...(entry.sources.length === 0 ? [`${entry.operation}: no source`] : []),
      ...entry.sources.map(({ source }) => SOURCES[source]).filter((source) => !/^https:\/\//.test(source.url) || !/^(\d{4}(-\d{2}-\d{2})?|undated)$/.test(source.date)).map((source) => `${entry.operation}: ${source.key} lacks an address or a date`),
      ...(entry.harnessDiffers && !/\[INF\]/.test(entry.choice ?? '') ? [`${entry.operation}: a recorded deviation without an [INF] choice`] : []),
    ]);
    expect(problems).toEqual([]);
  });
});

describe('the request comparison', () => {
  const entry = corpusEntry('disable-user', 'entra');
  const disable = (value: unknown, op = 'Replace'): WireRequest => ({
    method: 'PATCH',
    path: '/Users/u-1',
    rawQuery: '',
    contentType: 'application/scim+json',
    accept: 'application/scim+json',
    authorizationScheme: 'Bearer',
    body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op, path: 'active', value }] },
  });

  it('accepts the corpus request and binds its id', () => {
    expect(compareRequest(entry, disable('False'), 'entra')).toEqual({ differences: [], bindings: { id: ['u-1'] } });
  });

  it('names an op in another case and a boolean sent for a string', () => {
    expect(compareRequest(entry, disable(false, 'replace'), 'entra').differences).toEqual([
      'body.Operations[0].op: expected "Replace" (string), got "replace" (string)',
      'body.Operations[0].value: expected "False" (string), got false (boolean)',
    ]);
  });

  it('names a missing Content-Type and another Authorization scheme', () => {
    const request = { ...disable('False'), contentType: null, authorizationScheme: 'Basic' };
    expect(compareRequest(entry, request, 'entra').differences).toEqual(['Content-Type: expected application/scim+json, got none', 'Authorization: expected the Bearer scheme, got Basic']);
  });

  it('names a query encoded with %20 where Entra writes +, and one the server would decode differently', () => {
    const match = corpusEntry('match-user', 'entra');
    const request = (rawQuery: string): WireRequest => ({ method: 'GET', path: '/Users', rawQuery, contentType: null, accept: 'application/scim+json', authorizationScheme: 'Bearer' });
    expect(compareRequest(match, request('filter=userName+eq+%22a%40b.c%22'), 'entra')).toEqual({ differences: [], bindings: { userName: ['a@b.c'] } });
    expect(compareRequest(match, request('filter=userName%20eq%20%22a%40b.c%22'), 'entra').differences).toEqual([
      'query (as sent): expected "filter=userName+eq+%22<userName>%22", got "filter=userName%20eq%20%22a%40b.c%22"',
    ]);
    expect(compareRequest(match, request('filter=userName+eq+"a@b.c"'), 'entra').differences).toEqual(['query (as sent): expected "filter=userName+eq+%22<userName>%22", got "filter=userName+eq+"a@b.c""']);
  });

  it('names missing and extra keys, and checks every element of an each()', () => {
    const differences: string[] = [];
    compareShape({ a: 'x', b: optional('<b>'), list: each({ value: '<id>' }) }, { a: 'x', c: 1, list: [{ value: 'one' }, { value: 2 }] }, 'body', differences, {});
    expect(differences).toEqual(['body.list[1].value: expected a string of the form "<id>", got 2 (number)', 'body.c: not in the corpus, got 1 (number)']);
    const missing: string[] = [];
    compareShape({ a: 'x', list: each('<id>') }, { list: [] }, 'body', missing, {});
    expect(missing).toEqual(['body.a: missing', 'body.list: expected a non-empty array, got [] (array)']);
  });

  it('form-decodes + as a space', () => {
    expect(formDecode('Corpus+Team%2B1')).toBe('Corpus Team+1');
  });
});
