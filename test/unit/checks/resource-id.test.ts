import { contextOf } from '../../../harness/checks/check-types';
import { RESOURCE_ID_CHECKS } from '../../../harness/checks/resource-id';
import { checkExchange } from '../../../harness/checks/run-checks';
import { createExchange, filterPath, listResponse, makeExchange, scimUser } from './exchange-factory';

const [idPathSegment] = RESOURCE_ID_CHECKS;

describe('protocol/id-path-segment', () => {
  it.each([['..'], ['.'], ['%2E%2E'], ['a/b'], ['']])('flags a create answered with id %j', (id) => {
    const exchange = createExchange(scimUser({ id }));
    const results = checkExchange(exchange).filter((result) => result.check.id === 'protocol/id-path-segment');
    expect(results).toHaveLength(1);
    expect(results[0].check.severity).toBe('required');
    expect(results[0].outcome.actual).toContain(JSON.stringify(id));
  });

  it('flags a filter result whose id is a dot segment, and passes GUIDs', () => {
    const bad = makeExchange({ path: filterPath('Users', 'userName eq "a@b.c"'), body: listResponse([scimUser({ id: '2819c223-7f76-453a-919d-413861904646' }), scimUser({ id: '..' })]) });
    expect(idPathSegment.run(contextOf(bad))).not.toBeNull();
    const good = makeExchange({ path: filterPath('Users', 'userName eq "a@b.c"'), body: listResponse([scimUser({ id: '2819c223-7f76-453a-919d-413861904646' })]) });
    expect(idPathSegment.run(contextOf(good))).toBeNull();
    expect(idPathSegment.run(contextOf(createExchange(scimUser())))).toBeNull();
  });
});
