import { type Diagnosis } from '../../../../harness/contract/root-cause';
import { type ScimRequest } from '../../../../harness/contract/target-client';
import { LostResourceInspector } from '../../../../harness/diagnose/lost/lost-resource';
import { ProbingDiagnoser } from '../../../../harness/diagnose/request-diagnoser';
import { createRedactor } from '../../../../harness/target/redact';
import { RecordingClient } from '../../../../harness/target/recording-client';
import { type Answer, fakeTarget, type FakeTarget } from '../fake-target';

const LOST = 'lost/acknowledged-resource-lost';

/**
 * A target that acknowledges every create with a fresh id; `stores` says whether it keeps what it
 * acknowledged. Reads of a kept id answer 200, of anything else 404; DELETE removes.
 */
function store(options: { stores: boolean }): (request: ScimRequest) => Answer {
  const kept = new Set<string>();
  let next = 0;
  return (request) => {
    const id = /^\/(?:Users|Groups)\/(.+)$/.exec(request.path)?.[1];
    if (request.method === 'POST' && id === undefined) {
      next += 1;
      const created = `u${next}`;
      if (options.stores) kept.add(created);
      return { status: 201, body: { id: created, ...(request.body as object) } };
    }
    if (id === undefined || !kept.has(id)) return { status: 404, body: { status: '404', detail: 'not found' } };
    if (request.method === 'DELETE') {
      kept.delete(id);
      return { status: 204 };
    }
    return { status: 200, body: { id } };
  };
}

interface Setup {
  readonly target: FakeTarget;
  readonly client: RecordingClient;
  readonly diagnoser: ProbingDiagnoser;
  readonly diagnoses: Diagnosis[];
}

function setup(answer: (request: ScimRequest) => Answer, maxProbes?: number): Setup {
  const target = fakeTarget(answer);
  const client = new RecordingClient(target, { observer: { exchange: () => undefined }, redactor: createRedactor(() => []) });
  const diagnoses: Diagnosis[] = [];
  const diagnoser = new ProbingDiagnoser({
    client,
    sink: { diagnosis: (diagnosis) => diagnoses.push(diagnosis) },
    inspectors: [new LostResourceInspector()],
    ...(maxProbes !== undefined ? { maxProbes } : {}),
  });
  client.useDiagnoser(diagnoser);
  return { target, client, diagnoser, diagnoses };
}

const entry = (run: Setup) => run.client.forEntry({ exchange: () => undefined });
const createUser: ScimRequest = { method: 'POST', path: '/Users', body: { userName: 'ada@example.com' } };

describe('LostResourceInspector', () => {
  test('an id a create acknowledged, never deleted, that answers 404 and again on a re-read is the lost-resource cause', async () => {
    const run = setup(store({ stores: false }));
    const created = await entry(run).send(createUser);
    const missing = await entry(run).send({ method: 'PATCH', path: '/Users/u1', body: { Operations: [] } });

    expect(missing.cause).toBe(LOST);
    expect(run.target.sent.slice(2)).toEqual([{ method: 'GET', path: '/Users/u1' }]);
    expect(run.diagnoses).toHaveLength(1);
    expect(run.diagnoses[0]).toMatchObject({ cause: LOST, severity: 'required', title: expect.stringMatching(/^Loses resources it acknowledged creating/) });
    expect(run.diagnoses[0].evidence).toEqual([created.id, missing.id, 'x-3']);
  });

  test('an id deleted behind Entra\'s back (out of band) that answers 404 is no cause, and nothing is probed', async () => {
    const run = setup(store({ stores: true }));
    await entry(run).send(createUser);
    await run.client.forPurpose('scenario-out-of-band-delete').send({ method: 'DELETE', path: '/Users/u1' });
    const missing = await entry(run).send({ method: 'GET', path: '/Users/u1' });

    expect(missing.response?.status).toBe(404);
    expect(missing.cause).toBeUndefined();
    expect(run.target.sent).toHaveLength(3);
    expect(run.diagnoses).toEqual([]);
  });

  test('with the probe budget spent, nothing is re-read and no cause is named', async () => {
    const run = setup(store({ stores: false }), 0);
    await entry(run).send(createUser);
    const missing = await entry(run).send({ method: 'GET', path: '/Users/u1' });

    expect(missing.cause).toBeUndefined();
    expect(run.target.sent).toHaveLength(2);
    expect(run.diagnoses).toEqual([]);
  });

  test('a 404 the re-read does not confirm is no cause', async () => {
    let reads = 0;
    const run = setup((request) => {
      if (request.method === 'POST') return { status: 201, body: { id: 'u1' } };
      reads += 1;
      return reads === 1 ? { status: 404 } : { status: 200, body: { id: 'u1' } };
    });
    await entry(run).send(createUser);
    const missing = await entry(run).send({ method: 'GET', path: '/Users/u1' });

    expect(missing.cause).toBeUndefined();
    expect(run.diagnoses).toEqual([]);
  });

  test('a user whose last acknowledged write disabled it is left to the matching diagnosis', async () => {
    const run = setup((request) => (request.method === 'POST' ? { status: 201, body: { id: 'u1' } } : request.method === 'PATCH' ? { status: 204 } : { status: 404 }));
    await entry(run).send(createUser);
    await entry(run).send({ method: 'PATCH', path: '/Users/u1', body: { Operations: [{ op: 'Replace', path: 'active', value: 'False' }] } });
    const missing = await entry(run).send({ method: 'GET', path: '/Users/u1' });

    expect(missing.cause).toBeUndefined();
    expect(run.target.sent).toHaveLength(3);
  });

  test('once a re-read proved the cause, a further lost id is named without another probe', async () => {
    const run = setup(store({ stores: false }));
    await entry(run).send(createUser);
    await entry(run).send({ method: 'GET', path: '/Users/u1' });
    await entry(run).send({ ...createUser, body: { userName: 'bo@example.com' } });
    const second = await entry(run).send({ method: 'DELETE', path: '/Users/u2' });

    expect(second.cause).toBe(LOST);
    expect(run.target.sent.filter((request) => request.method === 'GET')).toHaveLength(2);
  });

  test("a scenario's own exchanges teach the memory and are explained: a duplicate create accepted while the first answers 404", async () => {
    const run = setup(store({ stores: false }));
    const raw = run.client.forPurpose('scenario-request:first');
    await raw.send(createUser);
    const duplicate = await run.client.forPurpose('scenario-request:second').send(createUser);

    expect(duplicate.cause).toBeUndefined();
    await expect(run.diagnoser.explain(duplicate)).resolves.toBe(LOST);
    expect(run.target.sent[2]).toEqual({ method: 'GET', path: '/Users/u1' });
  });

  test("Entra's own create of a name an earlier, still readable user was created with is never probed", async () => {
    const run = setup(store({ stores: true }));
    await entry(run).send(createUser);
    const again = await entry(run).send(createUser);

    expect(again.cause).toBeUndefined();
    expect(run.target.sent).toHaveLength(2);
  });
});
