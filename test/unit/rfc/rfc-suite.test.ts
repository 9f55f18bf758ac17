/**
 * The RFC suite's runner (harness/rfc/rfc-suite.ts) with stand-in probes and a stand-in client:
 * what it probes, skips and blocks, under which purpose it sends, what it records, and that it
 * deletes what the probes created.
 */
import { type Exchange } from '../../../harness/contract/exchange';
import { type RfcResult } from '../../../harness/contract/rfc';
import { type ExchangePurpose, type RecordingTargetClient, type ScimRequest } from '../../../harness/contract/target-client';
import { SetupFailure } from '../../../harness/rfc/probe-context';
import { failed, notSupported, passed, type RfcProbe, severityOf } from '../../../harness/rfc/rfc-probe';
import { runRfcSuite } from '../../../harness/rfc/rfc-suite';

interface Sent {
  readonly purpose: string;
  readonly request: ScimRequest;
}

const SPC = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
  patch: { supported: true },
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
  filter: { supported: true, maxResults: 100 },
  changePassword: { supported: false },
  sort: { supported: false },
  etag: { supported: false },
  authenticationSchemes: [],
};
const RESOURCE_TYPES = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: 1,
  Resources: [{ name: 'User', endpoint: '/Users', schema: 'urn:ietf:params:scim:schemas:core:2.0:User' }],
};

/** Answers discovery, and 204 to everything else; remembers every request with its purpose. */
function standInClient(): { client: RecordingTargetClient; sent: Sent[] } {
  const sent: Sent[] = [];
  let next = 0;
  const answer = (purpose: string) => ({
    baseUrl: 'http://scim.test/scim/v2',
    send: (request: ScimRequest): Promise<Exchange> => {
      sent.push({ purpose, request });
      next += 1;
      const body = request.path === '/ServiceProviderConfig' ? SPC : request.path === '/ResourceTypes' ? RESOURCE_TYPES : request.path === '/Schemas' ? { ...RESOURCE_TYPES, Resources: [] } : undefined;
      return Promise.resolve({
        id: `x${next}`,
        startedAt: '2026-03-24T10:00:00.000Z',
        request: { method: request.method, url: `http://scim.test/scim/v2${request.path}`, headers: {} },
        response: { status: body ? 200 : 204, headers: {}, ...(body ? { body } : {}), text: '', bytes: 0 },
        durationMs: 1,
      });
    },
  });
  const client: RecordingTargetClient = {
    baseUrl: 'http://scim.test/scim/v2',
    forPurpose: (purpose: ExchangePurpose) => answer(purpose),
    forEntry: () => answer('entry'),
    close: () => Promise.resolve(),
  };
  return { client, sent };
}

function probe(id: string, overrides: Partial<RfcProbe> = {}): RfcProbe {
  return {
    id,
    section: 'RFC 7644 §3.3',
    title: id,
    keyword: 'MUST',
    expected: 'as the RFC says',
    fix: 'do as the RFC says',
    writes: false,
    run: async (context) => {
      await context.send({ method: 'GET', path: '/Users' });
      return passed('fine');
    },
    ...overrides,
  };
}

async function runWith(probes: readonly RfcProbe[], options: { readOnly?: boolean; keep?: boolean } = {}): Promise<{ results: RfcResult[]; recorded: RfcResult[]; sent: Sent[] }> {
  const { client, sent } = standInClient();
  const recorded: RfcResult[] = [];
  const results = await runRfcSuite({ client, prefix: 'scimh-', readOnly: options.readOnly ?? false, keep: options.keep ?? false, sendsCredentials: true, record: (r) => recorded.push(r), probes });
  return { results, recorded, sent };
}

describe('the RFC suite runner', () => {
  it('reads discovery first, sends each probe\'s requests under its own purpose, and records its evidence and severity', async () => {
    const { results, recorded, sent } = await runWith([probe('rfc/x/one')]);
    expect(sent.slice(0, 3).map((entry) => [entry.purpose, entry.request.path])).toEqual([
      ['rfc-probe:discovery', '/ServiceProviderConfig'],
      ['rfc-probe:discovery', '/ResourceTypes'],
      ['rfc-probe:discovery', '/Schemas'],
    ]);
    expect(sent[3]).toEqual({ purpose: 'rfc-probe:rfc/x/one', request: { method: 'GET', path: '/Users' } });
    expect(results).toEqual(recorded);
    expect(results[0]).toMatchObject({ id: 'rfc/x/one', status: 'passed', severity: 'required', keyword: 'MUST', actual: 'fine', evidence: ['x4'] });
  });

  it('does not probe what is not advertised, and says why', async () => {
    const run = jest.fn();
    const { results, sent } = await runWith([probe('rfc/x/sort', { requires: (advertised) => (advertised.features.sort ? undefined : 'sort.supported is false'), run })]);
    expect(run).not.toHaveBeenCalled();
    expect(sent).toHaveLength(3);
    expect(results[0]).toMatchObject({ status: 'not-supported', reason: 'sort.supported is false', evidence: [] });
  });

  it('skips probes that write under --read-only and runs the ones that only read', async () => {
    const { results } = await runWith([probe('rfc/x/write', { writes: true }), probe('rfc/x/read')], { readOnly: true });
    expect(results.map((entry) => [entry.id, entry.status, entry.reason])).toEqual([
      ['rfc/x/write', 'skipped', 'it writes, and the run is --read-only'],
      ['rfc/x/read', 'passed', undefined],
    ]);
  });

  it('skips a probe resting on one that failed, and the ones resting on that, naming the cause, so one bug is one failure', async () => {
    const { results } = await runWith([
      probe('rfc/x/base', { run: () => Promise.resolve(failed('broken')) }),
      probe('rfc/x/middle', { dependsOn: ['rfc/x/base'] }),
      probe('rfc/x/top', { dependsOn: ['rfc/x/middle'] }),
      probe('rfc/x/other'),
    ]);
    expect(results.map((entry) => [entry.id, entry.status, entry.blockedBy])).toEqual([
      ['rfc/x/base', 'failed', undefined],
      ['rfc/x/middle', 'skipped', 'rfc/x/base'],
      ['rfc/x/top', 'skipped', 'rfc/x/middle'],
      ['rfc/x/other', 'passed', undefined],
    ]);
    expect(results[0]).toMatchObject({ fix: 'do as the RFC says', actual: 'broken' });
  });

  it('skips a probe whose setup the server refused, and keeps a declined feature apart from a failure', async () => {
    const { results } = await runWith([
      probe('rfc/x/setup', { run: () => Promise.reject(new SetupFailure('creating a user was answered HTTP 500')) }),
      probe('rfc/x/declined', { run: () => Promise.resolve(notSupported('declined with 400 invalidFilter')) }),
    ]);
    expect(results.map((entry) => [entry.status, entry.reason])).toEqual([
      ['skipped', 'setup failed: creating a user was answered HTTP 500'],
      ['not-supported', 'declined with 400 invalidFilter'],
    ]);
  });

  it('deletes what the probes created and did not delete themselves, newest first, as cleanup — not with --keep', async () => {
    const creating = probe('rfc/x/create', {
      writes: true,
      run: (context) => {
        context.track('/Users/first');
        context.track('/Users/second');
        return Promise.resolve(passed('created two'));
      },
    });
    const { sent } = await runWith([creating]);
    expect(sent.filter((entry) => entry.purpose === 'cleanup').map((entry) => `${entry.request.method} ${entry.request.path}`)).toEqual(['DELETE /Users/second', 'DELETE /Users/first']);
    const kept = await runWith([creating], { keep: true });
    expect(kept.sent.filter((entry) => entry.purpose === 'cleanup')).toEqual([]);
  });

  it('takes severity from the RFC keyword', () => {
    expect((['MUST', 'MUST NOT', 'SHALL', 'SHALL NOT', 'REQUIRED', 'SHOULD', 'SHOULD NOT', 'MAY'] as const).map(severityOf)).toEqual([
      'required', 'required', 'required', 'required', 'required', 'recommended', 'recommended', 'advisory',
    ]);
  });
});
