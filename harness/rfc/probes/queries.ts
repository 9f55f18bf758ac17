/**
 * Query parameters (RFC 7644 §3.4.2.3–§3.4.2.5, §3.4.3, §3.9): attribute projection, paging,
 * sorting and POST searches, each over the run's population so the answer is known in advance.
 */
import { type Exchange } from '../../contract/exchange';
import { requirements } from '../advertised';
import { type Population, type ProbeContext } from '../probe-context';
import { type ProbeOutcome, type RfcProbe, failed, notSupported, passed } from '../rfc-probe';
import { SEARCH_REQUEST_SCHEMA, USER_SCHEMA, bodyOf, describeAnswer, listIds, listResources, quote, read, statusOf } from '../responses';

type Label = 'alpha' | 'beta' | 'gamma';
const LABELS: readonly Label[] = ['alpha', 'beta', 'gamma'];
const FILTERS_SCOPE = ['rfc/filter/operator-sw'];

function scope(population: Population): string {
  return `userName sw "${population.base}"`;
}

function labelsOf(population: Population, ids: readonly string[]): Label[] {
  return ids.map((id) => LABELS.find((label) => population.ids[label] === id)).filter((label) => label !== undefined);
}

async function page(context: ProbeContext, population: Population, params: Record<string, string>): Promise<Exchange> {
  return context.send({ method: 'GET', path: context.users, query: { filter: scope(population), ...params } });
}

/** Reads the population's alpha user by id and through a list, with a projection (`listParams` for the list, default the same). */
async function projected(
  context: ProbeContext,
  population: Population,
  params: Record<string, string>,
  listParams: Record<string, string> = params,
): Promise<{ where: string; resource: Record<string, unknown> | undefined; exchange: Exchange }[]> {
  const byId = await context.send({ method: 'GET', path: `${context.users}/${population.ids.alpha}`, query: params });
  const list = await context.send({ method: 'GET', path: context.users, query: { filter: `userName eq "${population.base}alpha"`, ...listParams } });
  return [
    { where: 'GET by id', resource: statusOf(byId) === 200 ? bodyOf(byId) : undefined, exchange: byId },
    { where: 'the filtered list', resource: listResources(list)?.[0], exchange: list },
  ];
}

export const QUERY_PROBES: readonly RfcProbe[] = [
  {
    id: 'rfc/query/attributes',
    section: 'RFC 7644 §3.9',
    title: '"attributes" returns only the attributes asked for (and those always returned)',
    // RFC 7644 §3.4.2.5 / §3.9: "attributes" overrides the default set of returned attributes; "id" is returned "always" (RFC 7643 §7).
    keyword: 'MUST',
    expected: '?attributes=userName by id, and ?attributes=urn:ietf:params:scim:schemas:core:2.0:User:userName in a list, return userName and id, and no emails',
    fix: 'Honour "attributes": return the attributes named plus those whose returned is "always" (id), nothing else.',
    writes: true,
    requires: requirements.users,
    async run(context) {
      const population = await context.population();
      for (const { where, resource, exchange } of await projected(context, population, { attributes: 'userName' }, { attributes: `${USER_SCHEMA}:userName` })) {
        if (resource === undefined) return failed(`${where} with ?attributes=userName was answered ${describeAnswer(exchange)}`);
        if (read(resource, 'userName') === undefined || read(resource, 'id') === undefined) return failed(`${where} with ?attributes=userName lacks userName or id`);
        if (read(resource, 'emails') !== undefined) return failed(`${where} with ?attributes=userName still returns emails`);
      }
      return passed('only userName and id came back, by id and in a list');
    },
  },
  {
    id: 'rfc/query/excluded-attributes',
    section: 'RFC 7644 §3.9',
    title: '"excludedAttributes" leaves out what it names, never what is always returned',
    // RFC 7644 §3.9: excludedAttributes removes attributes from the default set; returned "always" attributes are still returned.
    keyword: 'MUST',
    expected: '?excludedAttributes=emails,id returns userName and id but no emails, by id and in a list',
    fix: 'Honour "excludedAttributes": drop the attributes named from the answer, except those whose returned is "always" (id).',
    writes: true,
    requires: requirements.users,
    async run(context) {
      const population = await context.population();
      for (const { where, resource, exchange } of await projected(context, population, { excludedAttributes: 'emails,id' })) {
        if (resource === undefined) return failed(`${where} with ?excludedAttributes=emails,id was answered ${describeAnswer(exchange)}`);
        if (read(resource, 'emails') !== undefined) return failed(`${where} with ?excludedAttributes=emails still returns emails`);
        if (read(resource, 'id') === undefined) return failed(`${where} with ?excludedAttributes=emails,id left out id, which is returned always`);
        if (read(resource, 'userName') === undefined) return failed(`${where} with ?excludedAttributes=emails,id left out userName as well`);
      }
      return passed('emails left out, id and userName kept, by id and in a list');
    },
  },
  {
    id: 'rfc/query/count-zero',
    section: 'RFC 7644 §3.4.2.4',
    title: 'count=0 (and a negative count) returns totalResults and no resources',
    // RFC 7644 §3.4.2.4: "A value of "0" indicates that no resource results are to be returned except for "totalResults""; "A negative value SHALL be interpreted as "0"".
    keyword: 'SHALL',
    expected: 'a query over the three population users with count=0, and with count=-1, is answered 200 with totalResults 3 and no resources',
    fix: 'With count=0, answer only totalResults (no Resources, or an empty one).',
    writes: true,
    requires: requirements.filter,
    dependsOn: FILTERS_SCOPE,
    async run(context) {
      const population = await context.population();
      for (const count of ['0', '-1']) {
        const exchange = await page(context, population, { count });
        const resources = listResources(exchange);
        if (statusOf(exchange) !== 200 || resources === undefined) return failed(`count=${count} was answered ${describeAnswer(exchange)}`);
        if (read(bodyOf(exchange), 'totalResults') !== 3) return failed(`count=${count} gave totalResults ${quote(String(read(bodyOf(exchange), 'totalResults')))}, not 3`);
        if (resources.length > 0) return failed(`count=${count} returned ${resources.length} resource(s)`);
      }
      return passed('totalResults 3, no resources, for count=0 and count=-1');
    },
  },
  {
    id: 'rfc/query/count-bound',
    section: 'RFC 7644 §3.4.2.4',
    title: 'Never more results than count',
    // RFC 7644 §3.4.2.4: count — "the server MUST NOT return more results than specified".
    keyword: 'MUST NOT',
    expected: 'a query over the three population users with count=2 returns at most 2 resources, totalResults 3, and itemsPerPage equal to what it returned',
    fix: 'Cut each page to count (and to filter.maxResults); report totalResults for the whole result and itemsPerPage for the page.',
    writes: true,
    requires: requirements.filter,
    dependsOn: FILTERS_SCOPE,
    async run(context) {
      const population = await context.population();
      const exchange = await page(context, population, { count: '2' });
      const resources = listResources(exchange);
      const body = bodyOf(exchange);
      if (statusOf(exchange) !== 200 || resources === undefined) return failed(`count=2 was answered ${describeAnswer(exchange)}`);
      if (resources.length > 2) return failed(`count=2 returned ${resources.length} resources`);
      if (read(body, 'totalResults') !== 3) return failed(`count=2 gave totalResults ${quote(String(read(body, 'totalResults')))}, not 3`);
      if (read(body, 'itemsPerPage') !== resources.length) return failed(`itemsPerPage is ${quote(String(read(body, 'itemsPerPage')))} for a page of ${resources.length}`);
      return passed(`${resources.length} of 3 returned, itemsPerPage ${resources.length}`);
    },
  },
  {
    id: 'rfc/query/start-index',
    section: 'RFC 7644 §3.4.2.4',
    title: 'startIndex is 1-based, a value below 1 is read as 1, and past the end is an empty page',
    // RFC 7644 §3.4.2.4: startIndex "The 1-based index of the first query result. A value less than 1 SHALL be interpreted as 1."
    keyword: 'SHALL',
    expected: 'pages of count=1 at startIndex 1, 2, 3 return the three population users once each; startIndex 0 and -1 return the same page as 1; startIndex 4 returns 200 with totalResults 3 and no resources',
    fix: 'Treat startIndex as 1-based (the first result is 1), read values below 1 as 1, and answer a start past the end with an empty page.',
    writes: true,
    requires: requirements.filter,
    dependsOn: [...FILTERS_SCOPE, 'rfc/query/count-bound'],
    async run(context): Promise<ProbeOutcome> {
      const population = await context.population();
      const sort: Record<string, string> = context.advertised.features.sort ? { sortBy: 'userName' } : {};
      const seen: string[] = [];
      for (const startIndex of ['1', '2', '3']) {
        const exchange = await page(context, population, { startIndex, count: '1', ...sort });
        const ids = listIds(exchange);
        if (statusOf(exchange) !== 200 || ids === undefined) return failed(`startIndex=${startIndex} was answered ${describeAnswer(exchange)}`);
        seen.push(...ids);
        if (read(bodyOf(exchange), 'startIndex') !== Number(startIndex)) return failed(`startIndex=${startIndex} was echoed as ${quote(String(read(bodyOf(exchange), 'startIndex')))}`);
      }
      const found = labelsOf(population, seen);
      if (found.length !== 3 || new Set(found).size !== 3) return failed(`pages 1, 2 and 3 of count=1 returned ${found.length === 0 ? 'none' : found.join(', ')} of the population (expected alpha, beta and gamma once each)`);
      const first = await page(context, population, { startIndex: '1', count: '1', ...sort });
      for (const below of ['0', '-1']) {
        const exchange = await page(context, population, { startIndex: below, count: '1', ...sort });
        if (statusOf(exchange) !== 200 || JSON.stringify(listIds(exchange)) !== JSON.stringify(listIds(first))) return failed(`startIndex=${below} was answered ${describeAnswer(exchange)} with ${JSON.stringify(listIds(exchange))}, not the page of startIndex=1 (${JSON.stringify(listIds(first))})`);
      }
      const past = await page(context, population, { startIndex: '4', count: '1' });
      if (statusOf(past) !== 200 || (listResources(past)?.length ?? -1) !== 0) return failed(`startIndex=4 (past the end) was answered ${describeAnswer(past)} with ${listResources(past)?.length ?? 'no'} resources`);
      return passed('1-based pages, values below 1 read as 1, an empty page past the end');
    },
  },
  {
    id: 'rfc/query/sort',
    section: 'RFC 7644 §3.4.2.3',
    title: 'sortBy orders the results, ascending by default, descending when asked',
    // RFC 7644 §3.4.2.3: sortBy names the attribute whose value "SHALL be used to order the returned responses"; sortOrder defaults to "ascending".
    keyword: 'SHALL',
    expected: 'the population sorted by userName comes back alpha, beta, gamma; with sortOrder=descending gamma, beta, alpha',
    fix: 'Order results by the sortBy attribute (by its type and caseExact), ascending unless sortOrder=descending.',
    writes: true,
    requires: requirements.sort,
    dependsOn: FILTERS_SCOPE,
    async run(context) {
      const population = await context.population();
      for (const [params, expected] of [
        [{ sortBy: 'userName' }, ['alpha', 'beta', 'gamma']],
        [{ sortBy: 'userName', sortOrder: 'descending' }, ['gamma', 'beta', 'alpha']],
      ] as const) {
        const exchange = await page(context, population, params);
        const ids = listIds(exchange);
        const order = ids ? labelsOf(population, ids) : [];
        if (statusOf(exchange) !== 200 || order.join() !== expected.join()) return failed(`${new URLSearchParams(params).toString()} returned ${order.join(', ') || describeAnswer(exchange)}, not ${expected.join(', ')}`);
      }
      return passed('ascending by default, descending when asked');
    },
  },
  {
    id: 'rfc/query/post-search',
    section: 'RFC 7644 §3.4.3',
    title: 'POST /Users/.search with a SearchRequest returns what the same GET returns',
    // RFC 7644 §3.4.3: '"/.search" … SHALL be used to indicate the HTTP POST verb is intended to be a query operation'.
    keyword: 'SHALL',
    expected: 'POST /Users/.search {filter: userName sw "<prefix>"} is answered 200 with the three population users',
    fix: 'Serve POST {endpoint}/.search with a SearchRequest body (filter, attributes, sortBy, startIndex, count) exactly as the GET query.',
    writes: true,
    requires: requirements.filter,
    dependsOn: FILTERS_SCOPE,
    async run(context) {
      const population = await context.population();
      const exchange = await context.send({ method: 'POST', path: `${context.users}/.search`, body: { schemas: [SEARCH_REQUEST_SCHEMA], filter: scope(population), startIndex: 1, count: 10 } });
      const ids = listIds(exchange);
      const found = ids ? labelsOf(population, ids) : [];
      if (statusOf(exchange) !== 200 || ids === undefined) return failed(`POST ${context.users}/.search was answered ${describeAnswer(exchange)}`);
      return found.length === 3 && ids.length === 3 ? passed('the three population users') : failed(`POST ${context.users}/.search returned ${ids.length} resource(s), ${found.length} of them from the population (expected exactly the 3)`);
    },
  },
  {
    id: 'rfc/query/root-search',
    section: 'RFC 7644 §3.4.3',
    title: 'POST /.search at the root searches every resource type',
    // RFC 7644 §3.4.3: a search "MAY" be sent to the root to query all resource types.
    keyword: 'MAY',
    expected: 'POST /.search {filter: userName sw "<prefix>"} is answered 200 with the three population users — or 404/405/501 when the root search is not offered',
    fix: 'Either serve POST /.search over every resource type, or answer it 404/501.',
    writes: true,
    requires: requirements.filter,
    dependsOn: FILTERS_SCOPE,
    async run(context) {
      const population = await context.population();
      const exchange = await context.send({ method: 'POST', path: '/.search', body: { schemas: [SEARCH_REQUEST_SCHEMA], filter: scope(population), startIndex: 1, count: 10 } });
      if ([404, 405, 501].includes(statusOf(exchange))) return notSupported(`POST /.search was answered ${describeAnswer(exchange)}`);
      const ids = listIds(exchange);
      const found = ids ? labelsOf(population, ids) : [];
      if (statusOf(exchange) !== 200 || ids === undefined) return failed(`POST /.search was answered ${describeAnswer(exchange)}`);
      return found.length === 3 && ids.length === 3 ? passed('the three population users') : failed(`POST /.search returned ${ids.length} resource(s), ${found.length} of them from the population (expected exactly the 3)`);
    },
  },
];
