import { deleteTargets, type CleanupHost, type CleanupTarget } from '../../../harness/engine/cleanup';
import { type Exchange } from '../../../harness/contract/exchange';
import { type ScimRequest } from '../../../harness/contract/target-client';

/** A target answering each path with the status given (200 by default), or a timeout for `null`. */
function fakeHost(
  statuses: Record<string, number | null> = {},
  stalling = () => false,
): { host: CleanupHost; sent: string[]; answeredBefore: Map<string, number>; warnings: string[] } {
  const sent: string[] = [];
  /** Per request: how many requests had been answered when it was sent. */
  const answeredBefore = new Map<string, number>();
  let answered = 0;
  const warnings: string[] = [];
  const host: CleanupHost = {
    client: {
      send: async (request: ScimRequest): Promise<Exchange> => {
        sent.push(`${request.method} ${request.path}`);
        answeredBefore.set(request.path, answered);
        // Answer on a later turn, so requests sent together are in flight together.
        await new Promise((resolve) => setImmediate(resolve));
        answered += 1;
        const status = request.path in statuses ? statuses[request.path] : 200;
        const base = { id: `x${sent.length}`, startedAt: '2026-01-01T00:00:00.000Z', request: { method: request.method, url: request.path, headers: {} }, durationMs: 1 };
        return status === null ? { ...base, error: { kind: 'timeout', message: 'timed out' } } : { ...base, response: { status, headers: {}, text: '', bytes: 0 } };
      },
    },
    concurrency: 4,
    stalling,
    warn: (message) => warnings.push(message),
  };
  return { host, sent, answeredBefore, warnings };
}

function targets(...paths: string[]): { list: CleanupTarget[]; forgotten: string[] } {
  const forgotten: string[] = [];
  return { list: paths.map((path) => ({ path, forget: () => forgotten.push(path) })), forgotten };
}

describe('deleteTargets', () => {
  it('deletes every group before the first user', async () => {
    const { host, sent, answeredBefore, warnings } = fakeHost();
    const groups = targets('/Groups/g1', '/Groups/g2');
    const users = targets('/Users/u1', '/Users/u2', '/Users/u3');
    const result = await deleteTargets(host, groups.list, users.list);
    expect(sent).toHaveLength(5);
    // With four lanes, a user DELETE would go out beside the groups' if the phases were not kept apart.
    for (const user of ['/Users/u1', '/Users/u2', '/Users/u3']) expect(answeredBefore.get(user)).toBeGreaterThanOrEqual(2);
    expect(result).toEqual({ deleted: 5, leftBehind: [] });
    expect([...groups.forgotten, ...users.forgotten]).toHaveLength(5);
    expect(warnings).toEqual([]);
  });

  it('counts a 404 as gone, and names what it could not remove once, with the status or the transport error', async () => {
    const { host, warnings } = fakeHost({ '/Users/gone': 404, '/Users/stuck': 500, '/Users/slow': null });
    const users = targets('/Users/gone', '/Users/stuck', '/Users/slow');
    const result = await deleteTargets(host, [], users.list);
    expect(result.deleted).toBe(1);
    expect(users.forgotten).toEqual(['/Users/gone']);
    expect([...result.leftBehind].sort()).toEqual(['/Users/slow (timeout)', '/Users/stuck (500)']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Cleanup could not remove 2 object\(s\) the run created: /);
  });

  it('sends nothing to a stalling target and names the scope the objects belonged to', async () => {
    const { host, sent, warnings } = fakeHost({}, () => true);
    const result = await deleteTargets(host, targets('/Groups/g1').list, targets('/Users/u1').list, 's1');
    expect(sent).toEqual([]);
    expect(result.leftBehind).toEqual(['/Groups/g1 (not attempted: the target stalls)', '/Users/u1 (not attempted: the target stalls)']);
    expect(warnings).toEqual(['s1: cleanup could not remove 2 object(s) the scenario created: /Groups/g1 (not attempted: the target stalls), /Users/u1 (not attempted: the target stalls)']);
  });
});
