/** Protocol rules for queries: filters Entra sends, results that match the filter, and ListResponse paging (RFC 7644 §3.4.2). */
import { type ExchangeCheck } from '../check-types';
import { describe, idOf, integerOptionOf, isSuccess, type JsonObject, listOptionOf, listResourcesOf, MAX_VALIDATED_RESOURCES, responseObjectOf, returnedResourcesOf } from '../exchange-facts';
import { groupDigits } from '../first-few';
import { normalizeScimPath, parseEqConjunction, pathReader } from '../scim-path';
import { valueMatches } from '../scim-values';
import { statusIs, isListOperation, hasProjection, listFactsOf, type ListFacts } from './shared';

const filterNot404: ExchangeCheck = {
  id: 'protocol/filter-no-match-200',
  severity: 'required',
  severityReason: 'Entra fails: a 404 to its query quarantines the job (RFC 7644 §3.4.2, docs/entra-behaviour.md#test-connection)',
  spec: 'RFC 7644 §3.4.2; Entra: quarantine on 404',
  title: 'Query answered 404 instead of 200 with totalResults 0',
  fix: 'Answer a filter that matches nothing with 200 and {"totalResults":0,"Resources":[]}; a 404 quarantines the Entra job.',
  appliesTo: (ctx) => ctx.operation === 'filter' && listOptionOf(ctx.facts, 'filter') !== undefined && statusIs(ctx, (s) => s === 404),
  run: () => ({
    expected: '200 with a ListResponse, totalResults 0',
    actual: 'an HTTP/404 Not Found response was returned rather than the expected HTTP/200 OK',
  }),
};

/** The queries Entra sends (docs/entra-behaviour.md#filters-used); the manager check's URL is undocumented, so it is left out. */
const ENTRA_FILTER_PATHS: ReadonlySet<string> = new Set(['username', 'externalid', 'displayname', 'id', 'emails[type eq "work"].value']);

const entraFilterSupported: ExchangeCheck = {
  id: 'protocol/entra-filter-supported',
  severity: 'required',
  severityReason: 'Entra fails: it matches every object with these queries (docs/entra-behaviour.md#filters-used)',
  spec: 'Entra: matching queries (eq on userName, externalId, emails[type eq "work"].value, displayName)',
  title: 'Query Entra uses for matching was rejected',
  fix: 'Support "eq" (and "and") filters on userName, externalId, emails[type eq "work"].value and Group displayName.',
  appliesTo: (ctx) => ctx.operation === 'filter' && statusIs(ctx, (s) => s === 400 || s === 501),
  run: (ctx) => {
    const filter = listOptionOf(ctx.facts, 'filter');
    const comparisons = filter === undefined ? undefined : parseEqConjunction(filter);
    if (!comparisons || !comparisons.every((c) => ENTRA_FILTER_PATHS.has(normalizeScimPath(c.path)))) return null;
    return { expected: `200 with a ListResponse for filter ${describe(filter)}`, actual: `${ctx.exchange.response?.status}` };
  },
};

const filterResultsMatch: ExchangeCheck = {
  id: 'protocol/filter-results-match',
  severity: 'required',
  severityReason: 'Entra fails: it matches the wrong object or logs DuplicateTargetEntries (docs/entra-behaviour.md#matching)',
  spec: 'RFC 7644 §3.4.2.2; Entra: DuplicateTargetEntries',
  title: 'Query returned resources that do not match its filter',
  fix: 'Apply the filter: return only resources whose attribute equals the filter value (ignoring case where caseExact is false).',
  appliesTo: (ctx) => isListOperation(ctx) && statusIs(ctx, (s) => s === 200) && listOptionOf(ctx.facts, 'filter') !== undefined,
  run: (ctx) => {
    const filter = listOptionOf(ctx.facts, 'filter') as string;
    const comparisons = parseEqConjunction(filter);
    if (!comparisons) return null;
    const projected = hasProjection(ctx);
    const readers = comparisons.map((comparison) => pathReader(comparison.path));
    const resources = returnedResourcesOf(ctx.facts);
    for (let index = 0; index < resources.length; index += 1) {
      const resource = resources[index] as JsonObject;
      for (let c = 0; c < comparisons.length; c += 1) {
        const comparison = comparisons[c];
        const actual = readers[c](resource);
        if (actual === undefined && projected) continue;
        // caseExact attributes (externalId, id) are compared loosely too: a wrong-case match is a
        // lesser matter than a non-match, and must not be reported as one.
        if (!valueMatches(comparison.value, actual, { caseInsensitive: true })) {
          return {
            expected: `only resources matching ${filter}`,
            actual: `Resources[${index}] (id ${describe(idOf(resource))}) has ${comparison.path} = ${describe(actual)}`,
          };
        }
      }
    }
    return null;
  },
};

const listTotalConsistent: ExchangeCheck = {
  id: 'protocol/list-total-consistent',
  severity: 'required',
  severityReason: 'MUST: RFC 7644 §3.4.2 makes totalResults REQUIRED, and Resources REQUIRED when it is not zero',
  spec: 'RFC 7644 §3.4.2',
  title: 'ListResponse totalResults contradicts its Resources',
  fix: 'Set totalResults to the number of matches and include Resources whenever it is non-zero.',
  appliesTo: (ctx) => listFactsOf(ctx) !== undefined,
  run: (ctx) => {
    const facts = listFactsOf(ctx) as ListFacts;
    if (facts.returned > facts.total) {
      return { expected: `at most totalResults (${facts.total}) Resources`, actual: `${facts.returned} Resources` };
    }
    // RFC 7644 §3.4.2.4: count=0 asks for totalResults only; a startIndex past the end has
    // nothing left to return. Otherwise a non-zero total needs Resources.
    const count = integerOptionOf(ctx.facts, 'count');
    const startIndex = integerOptionOf(ctx.facts, 'startIndex') ?? 1;
    if (facts.total > 0 && facts.returned === 0 && (count === undefined || count > 0) && startIndex <= facts.total) {
      return { expected: `Resources for totalResults ${facts.total}`, actual: 'no Resources' };
    }
    return null;
  },
};

/*
 * Advisory: many providers echo their page size (itemsPerPage 100 with 3 results), which
 * RFC 7644 §3.4.2's wording ("the number of resources returned") rules out but no client,
 * Entra included, is known to trip over.
 */
const listItemsPerPage: ExchangeCheck = {
  id: 'protocol/list-items-per-page',
  severity: 'recommended',
  severityReason: 'Entra tolerates: it never pages (docs/entra-behaviour.md#filters-used); RFC 7644 §3.4.2 defines it as the count returned',
  spec: 'RFC 7644 §3.4.2',
  title: 'ListResponse itemsPerPage missing or wrong',
  fix: 'Set itemsPerPage to the number of Resources in the page whenever results are paged.',
  appliesTo: (ctx) => listFactsOf(ctx) !== undefined,
  run: (ctx) => {
    const facts = listFactsOf(ctx) as ListFacts;
    if (facts.itemsPerPage !== undefined && facts.itemsPerPage !== null) {
      return facts.itemsPerPage === facts.returned
        ? null
        : { expected: `itemsPerPage ${facts.returned} (the Resources returned)`, actual: `itemsPerPage ${describe(facts.itemsPerPage)}` };
    }
    // Paging by default is allowed (totalResults above what is returned), but then the page
    // size is REQUIRED so the client can page on.
    return facts.total > facts.returned
      ? { expected: `itemsPerPage ${facts.returned} on a partial page`, actual: `no itemsPerPage (totalResults ${facts.total}, ${facts.returned} returned)` }
      : null;
  },
};

const listRespectsCount: ExchangeCheck = {
  id: 'protocol/list-respects-count',
  severity: 'required',
  severityReason: 'MUST: RFC 7644 §3.4.2.4, the service provider MUST NOT return more results than count',
  spec: 'RFC 7644 §3.4.2.4',
  title: 'Query returned more resources than count asked for',
  fix: 'Return at most "count" resources per page (a negative count means 0).',
  appliesTo: (ctx) => listFactsOf(ctx) !== undefined && integerOptionOf(ctx.facts, 'count') !== undefined,
  run: (ctx) => {
    const facts = listFactsOf(ctx) as ListFacts;
    const count = Math.max(0, integerOptionOf(ctx.facts, 'count') as number);
    return facts.returned <= count ? null : { expected: `at most ${count} Resources`, actual: `${facts.returned} Resources` };
  },
};

const listStartIndex: ExchangeCheck = {
  id: 'protocol/list-start-index',
  severity: 'recommended',
  severityReason: 'Entra tolerates: it never pages (docs/entra-behaviour.md#filters-used); RFC 7644 §3.4.2.4 echoes startIndex',
  spec: 'RFC 7644 §3.4.2, §3.4.2.4',
  title: 'ListResponse startIndex does not echo the page asked for',
  fix: 'Echo startIndex (values below 1 count as 1) in every paged ListResponse.',
  appliesTo: (ctx) => listFactsOf(ctx) !== undefined,
  run: (ctx) => {
    const facts = listFactsOf(ctx) as ListFacts;
    const asked = integerOptionOf(ctx.facts, 'startIndex');
    const expected = Math.max(1, asked ?? 1);
    if (typeof facts.startIndex === 'number') {
      return facts.startIndex === expected ? null : { expected: `startIndex ${expected}`, actual: `startIndex ${facts.startIndex}` };
    }
    return asked !== undefined && facts.total > facts.returned
      ? { expected: `startIndex ${expected} on a partial page`, actual: 'no startIndex' }
      : null;
  },
};

/*
 * Not a protocol violation: RFC 7644 §3.4.2.4 lets the service provider choose its page size. But
 * a page this large is validated only in part (MAX_VALIDATED_RESOURCES), and the finding says so,
 * with the size, rather than pass over the rest in silence.
 */
const listPageSize: ExchangeCheck = {
  id: 'protocol/list-page-size',
  severity: 'advisory',
  severityReason: 'RFC allows: RFC 7644 §3.4.2.4 lets the provider choose its page size; only this harness checks less of it',
  spec: 'RFC 7644 §3.4.2.4; RFC 7643 §5 (filter.maxResults)',
  title: 'ListResponse page too large to check in full',
  fix: `Page query results (RFC 7644 §3.4.2.4) at well under ${groupDigits(MAX_VALIDATED_RESOURCES)} resources per page, and advertise the limit as filter.maxResults.`,
  appliesTo: (ctx) => isListOperation(ctx) && isSuccess(ctx.exchange) && responseObjectOf(ctx.exchange) !== undefined,
  run: (ctx) => {
    const returned = listResourcesOf(responseObjectOf(ctx.exchange) as JsonObject)?.length ?? 0;
    return returned <= MAX_VALIDATED_RESOURCES
      ? null
      : {
          expected: `at most ${groupDigits(MAX_VALIDATED_RESOURCES)} resources in one page`,
          actual: `${groupDigits(returned)} resources in one page; their schema was checked for the first ${groupDigits(MAX_VALIDATED_RESOURCES)} only`,
        };
  },
};

export const QUERY_CHECKS: readonly ExchangeCheck[] = [filterNot404, entraFilterSupported, filterResultsMatch, listTotalConsistent, listItemsPerPage, listRespectsCount, listStartIndex, listPageSize];
