/**
 * The facts every check reads are derived once per exchange (ExchangeFacts) and passed along;
 * they must never leak from one exchange to the next, and the case-insensitive lookups must keep
 * RFC 7643 §2.1 semantics.
 */
import {
  attributeListOf,
  ExchangeFacts,
  factsOf,
  returnedResourceById,
  getAttribute,
  hasSchema,
  listOptionOf,
  mediaTypeOf,
  pathHasSegment,
  pathSegmentsOf,
  queryParamOf,
  resourceIdInUrl,
} from '../../../harness/checks/exchange-facts';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contextOf, operationOf } from '../../../harness/checks/check-types';
import { runLifecycleChecks } from '../../../harness/checks/run-checks';
import { parseEqConjunction, parseScimPath, valueAtPath } from '../../../harness/checks/scim-path';
import { validateScimDocument } from '../../../harness/checks/schema-validation';
import { makeExchange, scimUser, USER_URN } from './exchange-factory';

describe('getAttribute', () => {
  it('finds a name in any case, the exact spelling first', () => {
    expect(getAttribute({ UserName: 'a' }, 'userName')).toBe('a');
    expect(getAttribute({ USERNAME: 'a', userName: 'b' }, 'userName')).toBe('b');
    expect(getAttribute({ displayName: 'x' }, 'userName')).toBeUndefined();
  });

  it('reads own members only', () => {
    const inherited = Object.create({ userName: 'inherited' }) as Record<string, unknown>;
    inherited.other = 1;
    expect(getAttribute(inherited, 'USERNAME')).toBeUndefined();
  });

  it('matches keys whose lower case has another length than the key (U+0130) by their lower case', () => {
    // "İd".toLowerCase() is "i̇d" (three code units): only a non-ASCII name can match it.
    expect(getAttribute({ İd: 1 }, 'i̇d')).toBe(1);
    // The Kelvin sign lower-cases to an ASCII "k": same length, still found.
    expect(getAttribute({ '\u212a': 2 }, 'k')).toBe(2);
  });
});

describe('hasSchema', () => {
  it('compares schema URIs in any case and ignores non-strings', () => {
    expect(hasSchema({ schemas: [7, USER_URN.toUpperCase()] }, USER_URN)).toBe(true);
    expect(hasSchema({ Schemas: [USER_URN] }, USER_URN)).toBe(true);
    expect(hasSchema({ schemas: [`${USER_URN}x`] }, USER_URN)).toBe(false);
    expect(hasSchema({ schemas: USER_URN }, USER_URN)).toBe(false);
  });
});

describe('mediaTypeOf', () => {
  it('answers each Content-Type on its own, however they alternate', () => {
    expect(mediaTypeOf('application/scim+json; charset=utf-8')).toBe('application/scim+json');
    expect(mediaTypeOf('Text/HTML')).toBe('text/html');
    expect(mediaTypeOf('application/scim+json; charset=utf-8')).toBe('application/scim+json');
    expect(mediaTypeOf(' ; x')).toBeUndefined();
    expect(mediaTypeOf(undefined)).toBeUndefined();
  });
});

describe('URL facts of consecutive exchanges', () => {
  const query = makeExchange({ path: '/Users?Filter=userName%20eq%20%22a%22&count=5&filter=exact' });
  const byId = makeExchange({ method: 'PATCH', path: '/Groups/g%2F1' });
  const search = makeExchange({ method: 'POST', path: '/Users/.search', requestBody: { filter: 'userName eq "b"', attributes: ['userName'] } });

  it('are read from each exchange, never from the one before', () => {
    for (let round = 0; round < 2; round += 1) {
      expect(queryParamOf(query, 'filter')).toBe('exact');
      expect(queryParamOf(query, 'COUNT')).toBe('5');
      expect(operationOf(query)).toBe('filter');
      expect(queryParamOf(byId, 'filter')).toBeUndefined();
      expect(resourceIdInUrl(byId)).toBe('g/1');
      expect(operationOf(byId)).toBe('patch');
      expect(pathHasSegment(byId, 'Groups')).toBe(true);
      expect(pathHasSegment(query, 'Groups')).toBe(false);
      expect(listOptionOf(search, 'filter')).toBe('userName eq "b"');
      expect(attributeListOf(search, 'attributes')).toEqual(['userName']);
      expect(operationOf(search)).toBe('search');
    }
  });

  it('hand out path segments a caller may change without changing the next answer', () => {
    const segments = pathSegmentsOf(byId.request.url);
    segments?.pop();
    expect(pathSegmentsOf(byId.request.url)).toEqual(['scim', 'v2', 'Groups', 'g/1']);
    expect(resourceIdInUrl(byId)).toBe('g/1');
  });
});

describe('SCIM paths and filters', () => {
  it('split filters only at top-level separators, in any case and spacing', () => {
    expect(parseEqConjunction('userName eq "a and b" AND  externalId\teq "x"')).toEqual([
      { path: 'userName', value: 'a and b' },
      { path: 'externalId', value: 'x' },
    ]);
    expect(parseEqConjunction('emails[type eq "work"].value eq "a@b.c"')).toEqual([{ path: 'emails[type eq "work"].value', value: 'a@b.c' }]);
    expect(parseEqConjunction('a eq "x" or b eq "y"')).toBeUndefined();
    expect(parseEqConjunction('a eq "x" and')).toBeUndefined();
  });

  it('parse a path into a frozen result a caller may share', () => {
    const first = parseScimPath('emails[type eq "work"].value');
    expect(first).toEqual({ attribute: 'emails', filter: [{ path: 'type', value: 'work' }], subAttribute: 'value' });
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.filter)).toBe(true);
    expect(valueAtPath({ emails: [{ type: 'Work', value: 'w@x' }, { type: 'home', value: 'h@x' }] }, 'emails[type eq "work"].value')).toBe('w@x');
  });
});

describe('schema validation of spellings', () => {
  it('judges a resource spelt in another case like its canonical twin, without touching it', () => {
    const canonical = scimUser();
    const shouted = Object.fromEntries(Object.entries(scimUser()).map(([key, value]) => [key.toUpperCase(), value]));
    const snapshot = JSON.stringify(shouted);
    expect(validateScimDocument('User', canonical)).toEqual([]);
    expect(validateScimDocument('User', shouted)).toEqual([]);
    expect(JSON.stringify(shouted)).toBe(snapshot);
    expect(validateScimDocument('User', { ...shouted, ACTIVE: 'yes' })).toEqual([{ instancePath: '/active', message: 'must be boolean or null (got "yes")' }]);
  });

});

describe('ExchangeFacts', () => {
  const page = makeExchange({
    path: '/Users?filter=userName%20eq%20%22u-7%22&attributes=userName,%20id',
    body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 100, Resources: Array.from({ length: 100 }, (_, i) => ({ id: `u-${i}`, userName: `user${i}` })) },
  });

  it('are the ones every check of the exchange receives: the context carries the facts it was given', () => {
    const facts = new ExchangeFacts(page);
    const ctx = contextOf(facts, 'User');
    expect(ctx.facts).toBe(facts);
    expect(ctx.exchange).toBe(page);
    expect(factsOf(facts)).toBe(facts);
    expect(ctx.operation).toBe('filter');
  });

  it('derive each part once and hand out the same value to every reader', () => {
    const facts = new ExchangeFacts(page);
    expect(facts.returnedResources).toHaveLength(100);
    expect(facts.returnedResources).toBe(facts.returnedResources);
    expect(attributeListOf(facts, 'attributes')).toEqual(['userName', 'id']);
    expect(attributeListOf(facts, 'attributes')).toBe(attributeListOf(facts, 'attributes'));
    // A page this long is indexed by id; the first resource with an id wins, as a scan finds it.
    expect(returnedResourceById(facts, 'u-42')).toBe(facts.returnedResources[42]);
    expect(returnedResourceById(facts, 'u-missing')).toBeUndefined();
  });

  it('belong to one exchange: facts of another exchange, or of a rebuilt one, read that exchange', () => {
    const first = new ExchangeFacts(page);
    const rebuilt = new ExchangeFacts({ ...page, request: { ...page.request, url: page.request.url.replace('/Users', '/Groups') } });
    expect(first.segments).toContain('Users');
    expect(rebuilt.segments).toContain('Groups');
    expect(first.returnedResources).toBe(factsOf(first).returnedResources);
    expect(new ExchangeFacts(page).returnedResources).toEqual(first.returnedResources);
  });

  it('give the lifecycle checks the same findings whether they get exchanges or facts', () => {
    const create = makeExchange({ method: 'POST', path: '/Users', status: 201, requestBody: scimUser(), body: { ...scimUser(), id: 'u-7' } });
    const history = [create, page];
    expect(runLifecycleChecks(history.map((exchange) => new ExchangeFacts(exchange)))).toEqual(runLifecycleChecks(history));
  });
});

describe('the checks module', () => {
  // The checks are pure functions of what they are given: a value kept at module level between
  // calls would make a check's answer depend on the exchange checked before it.
  const folder = path.join(__dirname, '../../../harness/checks');
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? sources(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [],
    );

  it('keeps no state between calls: no module-level variable, or map or set that is not read-only', () => {
    const offending = sources(folder).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        // Read-only lookup tables (ReadonlySet, ReadonlyMap) are constants, not state.
        .filter((line) => /^(export )?(let|var) /.test(line) || /^(export )?const \w+(: (?!Readonly)[^=]+)? = new (Weak)?(Map|Set)\b/.test(line))
        .map((line) => `${path.relative(folder, file)}: ${line}`),
    );
    expect(offending).toEqual([]);
  });
});
