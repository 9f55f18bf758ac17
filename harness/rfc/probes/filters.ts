/**
 * Filters (RFC 7644 §3.4.2.2): every operator, logical expressions and grouping, case rules,
 * value paths and URN-qualified names, and what a server must answer to a filter it cannot
 * evaluate. Each query is scoped to the run's population (`userName sw "<base>"`), so a live
 * tenant's users never count, and its answer is compared with the population members it must
 * (and must not) return.
 */
import { type Exchange } from '../../contract/exchange';
import { advertisedAttribute, hasEnterpriseExtension, requirements } from '../advertised';
import { type Population, type ProbeContext } from '../probe-context';
import { type ProbeOutcome, type RfcProbe, failed, firstFailure, notSupported, passed } from '../rfc-probe';
import { ENTERPRISE_USER_SCHEMA, LIST_RESPONSE_SCHEMA, USER_SCHEMA, bodyOf, describeAnswer, isErrorAnswer, listIds, quote, read, scimErrorOf, statusOf } from '../responses';

type Label = 'alpha' | 'beta' | 'gamma';

const SECTION = 'RFC 7644 §3.4.2.2';
const NO_MATCH = 'rfc/filter/no-match';
const EQ = 'rfc/filter/operator-eq';
const SW = 'rfc/filter/operator-sw';
const AND = 'rfc/filter/logical-and';
const OR = 'rfc/filter/logical-or';
const PR = 'rfc/filter/operator-pr';
/** Every scoped query rests on `sw` and `and` working. */
const SCOPED = [EQ, SW, AND];

/** GET <users>?filter=… (URL-encoded by the client). */
async function query(context: ProbeContext, filter: string): Promise<Exchange> {
  return context.send({ method: 'GET', path: context.users, query: { filter } });
}

/** `userName sw "<base>" and (<expression>)`: the expression, over the run's population only. */
function scoped(population: Population, expression: string): string {
  return `userName sw "${population.base}" and ${expression}`;
}

/**
 * Whether `filter` returned exactly the population members `expected`. Users outside the
 * population are not counted: scoped queries cannot return them, and unscoped ones (eq, or) name
 * the population's unique userNames.
 */
async function queryMembers(context: ProbeContext, population: Population, filter: string, expected: readonly Label[]): Promise<{ outcome: ProbeOutcome; exchange: Exchange }> {
  const exchange = await query(context, filter);
  const ids = listIds(exchange);
  if (statusOf(exchange) !== 200 || ids === undefined) return { exchange, outcome: failed(`filter ${quote(filter)} was answered ${describeAnswer(exchange)}, not 200 with a ListResponse`) };
  const labels = (Object.keys(population.ids) as Label[]).filter((label) => ids.includes(population.ids[label]));
  const missing = expected.filter((label) => !labels.includes(label));
  const extra = labels.filter((label) => !expected.includes(label));
  if (missing.length === 0 && extra.length === 0) return { exchange, outcome: passed(`filter ${quote(filter)} returned ${describeLabels(expected)}`) };
  return { exchange, outcome: failed(`filter ${quote(filter)} returned ${describeLabels(labels)}; expected ${describeLabels(expected)}${describeBodies(population, [...missing, ...extra])}`) };
}

async function expectMembers(context: ProbeContext, population: Population, filter: string, expected: readonly Label[]): Promise<ProbeOutcome> {
  return (await queryMembers(context, population, filter, expected)).outcome;
}

function describeLabels(labels: readonly Label[]): string {
  return labels.length === 0 ? 'none of the run\'s users' : labels.map((label) => `"${label}"`).join(', ');
}

function describeBodies(population: Population, labels: readonly Label[]): string {
  const described = [...new Set(labels)].map((label) => `${label} = ${JSON.stringify(population.bodies[label])}`);
  return described.length > 0 ? ` (${described.join('; ')})` : '';
}

/** Several filter checks in one probe: the first that fails is the result. */
async function allOf(context: ProbeContext, checks: ReadonlyArray<(population: Population) => Promise<ProbeOutcome>>, summary: string): Promise<ProbeOutcome> {
  const population = await context.population();
  const outcomes: ProbeOutcome[] = [];
  for (const check of checks) {
    const outcome = await check(population);
    outcomes.push(outcome);
    if (outcome.status !== 'passed') break;
  }
  return firstFailure(outcomes, summary);
}

/** One query of an operator probe: the filter (scoped to the population unless `unscoped`) and who it must return. */
interface MemberQuery {
  readonly filter: (population: Population) => string;
  readonly expected: readonly Label[];
  readonly unscoped?: boolean;
}

interface OperatorCase {
  readonly operator: string;
  readonly title: string;
  readonly expected: string;
  readonly fix: string;
  readonly dependsOn: readonly string[];
  readonly queries: readonly MemberQuery[];
}

/**
 * An operator probe. RFC 7644 §3.4.2.2: "Providers MUST decline to filter results if the
 * specified filter operation is not recognized and return an HTTP 400 error with a "scimType"
 * error of "invalidFilter"": an operator answered that way is declined as the RFC allows (not
 * supported); answered with wrong results, anything else or a 500, it fails.
 */
function operatorProbe(spec: OperatorCase): RfcProbe {
  return {
    id: `rfc/filter/${spec.operator}`,
    section: SECTION,
    title: spec.title,
    // "Filters MUST be evaluated using the following order of operations" and per Table 3.
    keyword: 'MUST',
    expected: spec.expected,
    fix: spec.fix,
    writes: true,
    requires: requirements.filter,
    dependsOn: spec.dependsOn,
    async run(context) {
      const population = await context.population();
      for (const member of spec.queries) {
        const filter = member.unscoped === true ? member.filter(population) : scoped(population, member.filter(population));
        const { outcome, exchange } = await queryMembers(context, population, filter, member.expected);
        if (outcome.status === 'passed') continue;
        if (statusOf(exchange) === 400 && scimErrorOf(exchange)?.scimType === 'invalidFilter') {
          return notSupported(`the server declined it with 400 invalidFilter, as RFC 7644 §3.4.2.2 allows for an operator it does not recognise (${describeAnswer(exchange)})`);
        }
        return outcome;
      }
      return passed(`every query returned the expected members of the run's population`);
    },
  };
}

const members = (filter: (population: Population) => string, expected: readonly Label[], scope = true): MemberQuery => ({ filter, expected, ...(scope ? {} : { unscoped: true }) });

const u = (population: Population, label: Label): string => `${population.base}${label}`;

const OPERATORS: readonly OperatorCase[] = [
  {
    operator: 'operator-eq',
    title: '"eq" matches a value that is equal, and only such a value',
    expected: 'userName eq "<alpha>" returns alpha; userName eq "<a prefix of alpha>" returns nothing',
    fix: 'Compare eq for equality of the whole value (after the attribute\'s case rule), not as a prefix or substring match.',
    dependsOn: [NO_MATCH],
    queries: [members((p) => `userName eq "${u(p, 'alpha')}"`, ['alpha'], false), members((p) => `userName eq "${u(p, 'alpha').slice(0, -1)}"`, [], false)],
  },
  {
    operator: 'operator-sw',
    title: '"sw" matches values that start with the operand, and only those',
    expected: 'userName sw "<the run\'s prefix>" returns the three population users; sw on a string inside their names returns none',
    fix: 'Evaluate sw as "starts with": the operand must be a prefix of the value.',
    dependsOn: [EQ],
    queries: [members((p) => `userName sw "${p.base}"`, ['alpha', 'beta', 'gamma'], false), members((p) => `userName sw "${p.base.slice(3)}"`, [], false)],
  },
  {
    operator: 'logical-and',
    title: '"and" matches only when both expressions match',
    expected: 'userName sw "<prefix>" and userName eq "<beta>" returns beta only; userName sw "<prefix>" and active eq true returns all three (a boolean compared with true)',
    fix: 'Evaluate "and" as the logical conjunction of both sides (and bind it tighter than "or").',
    dependsOn: [EQ, SW],
    queries: [members((p) => `userName eq "${u(p, 'beta')}"`, ['beta']), members(() => 'active eq true', ['alpha', 'beta', 'gamma'])],
  },
  {
    operator: 'logical-or',
    title: '"or" matches when either expression matches',
    expected: 'userName eq "<alpha>" or userName eq "<gamma>" returns alpha and gamma',
    fix: 'Evaluate "or" as the logical disjunction of both sides.',
    dependsOn: [EQ],
    queries: [members((p) => `userName eq "${u(p, 'alpha')}" or userName eq "${u(p, 'gamma')}"`, ['alpha', 'gamma'], false)],
  },
  {
    operator: 'logical-not',
    title: '"not" matches when its expression does not',
    expected: 'userName sw "<prefix>" and not (userName eq "<alpha>") returns beta and gamma',
    fix: 'Evaluate "not ( … )" as the negation of the grouped expression.',
    dependsOn: SCOPED,
    queries: [members((p) => `not (userName eq "${u(p, 'alpha')}")`, ['beta', 'gamma'])],
  },
  {
    operator: 'operator-ne',
    title: '"ne" matches values that are not equal',
    expected: 'userName sw "<prefix>" and userName ne "<alpha>" returns beta and gamma',
    fix: 'Evaluate ne as the negation of eq.',
    dependsOn: SCOPED,
    queries: [members((p) => `userName ne "${u(p, 'alpha')}"`, ['beta', 'gamma'])],
  },
  {
    operator: 'operator-co',
    title: '"co" matches values that contain the operand',
    expected: 'userName sw "<prefix>" and userName co "pha" returns alpha',
    fix: 'Evaluate co as "contains": the operand may appear anywhere in the value.',
    dependsOn: SCOPED,
    queries: [members(() => 'userName co "pha"', ['alpha'])],
  },
  {
    operator: 'operator-ew',
    title: '"ew" matches values that end with the operand',
    expected: 'userName sw "<prefix>" and userName ew "mma" returns gamma',
    fix: 'Evaluate ew as "ends with": the operand must be a suffix of the value.',
    dependsOn: SCOPED,
    queries: [members(() => 'userName ew "mma"', ['gamma'])],
  },
  {
    operator: 'operator-pr',
    title: '"pr" matches when the attribute has a non-empty value',
    expected: 'userName sw "<prefix>" and title pr returns beta and gamma (alpha has no title)',
    fix: 'Evaluate pr as "has a non-empty value": an unassigned attribute is not present.',
    dependsOn: SCOPED,
    queries: [members(() => 'title pr', ['beta', 'gamma'])],
  },
  {
    operator: 'operator-gt',
    title: '"gt" matches values greater than the operand (lexicographically for strings)',
    expected: 'userName sw "<prefix>" and userName gt "<beta>" returns gamma; … and meta.lastModified gt "2000-01-01T00:00:00Z" returns all three (dateTime compared chronologically)',
    fix: 'Evaluate gt as strictly greater (strings lexicographically, dateTimes chronologically); an equal value does not match.',
    dependsOn: SCOPED,
    queries: [members((p) => `userName gt "${u(p, 'beta')}"`, ['gamma']), members(() => 'meta.lastModified gt "2000-01-01T00:00:00Z"', ['alpha', 'beta', 'gamma'])],
  },
  {
    operator: 'operator-ge',
    title: '"ge" matches values greater than or equal to the operand',
    expected: 'userName sw "<prefix>" and userName ge "<beta>" returns beta and gamma',
    fix: 'Evaluate ge as greater or equal; an equal value matches.',
    dependsOn: SCOPED,
    queries: [members((p) => `userName ge "${u(p, 'beta')}"`, ['beta', 'gamma'])],
  },
  {
    operator: 'operator-lt',
    title: '"lt" matches values less than the operand',
    expected: 'userName sw "<prefix>" and userName lt "<beta>" returns alpha',
    fix: 'Evaluate lt as strictly less; an equal value does not match.',
    dependsOn: SCOPED,
    queries: [members((p) => `userName lt "${u(p, 'beta')}"`, ['alpha'])],
  },
  {
    operator: 'operator-le',
    title: '"le" matches values less than or equal to the operand',
    expected: 'userName sw "<prefix>" and userName le "<beta>" returns alpha and beta',
    fix: 'Evaluate le as less or equal; an equal value matches.',
    dependsOn: SCOPED,
    queries: [members((p) => `userName le "${u(p, 'beta')}"`, ['alpha', 'beta'])],
  },
  {
    operator: 'grouping',
    title: 'Parentheses group expressions, and "and" binds tighter than "or"',
    expected: '(userName eq "<alpha>" or userName eq "<beta>") and title pr returns beta; without the parentheses it returns alpha and beta',
    fix: 'Honour parentheses as grouping, and give "and" precedence over "or" (RFC 7644 §3.4.2.2, precedence).',
    dependsOn: [EQ, AND, OR, PR],
    queries: [
      members((p) => `(userName eq "${u(p, 'alpha')}" or userName eq "${u(p, 'beta')}") and title pr`, ['beta'], false),
      members((p) => `userName eq "${u(p, 'alpha')}" or userName eq "${u(p, 'beta')}" and title pr`, ['alpha', 'beta'], false),
    ],
  },
];

export const FILTER_PROBES: readonly RfcProbe[] = [
  {
    id: NO_MATCH,
    section: 'RFC 7644 §3.4.2',
    title: 'A filter that matches nothing is 200 with an empty ListResponse',
    // RFC 7644 §3.4.2: query responses are a ListResponse; with no match "totalResults" is 0 (SHALL, not 404).
    keyword: 'SHALL',
    expected: 'userName eq "<a name no user has>" is answered 200 with the ListResponse schema and totalResults 0',
    fix: 'Answer a query without matches with 200 and {"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 0, "Resources": []}.',
    writes: false,
    requires: requirements.filter,
    async run(context) {
      const exchange = await query(context, `userName eq "${context.name('nobody')}"`);
      const body = bodyOf(exchange);
      const schemas = read(body, 'schemas');
      if (statusOf(exchange) !== 200) return failed(`a filter matching nothing was answered ${describeAnswer(exchange)}, not 200`);
      if (!Array.isArray(schemas) || !schemas.includes(LIST_RESPONSE_SCHEMA)) return failed(`the answer's "schemas" is ${quote(JSON.stringify(schemas))}, not [${LIST_RESPONSE_SCHEMA}]`);
      if (read(body, 'totalResults') !== 0) return failed(`totalResults is ${quote(JSON.stringify(read(body, 'totalResults')))}, not 0`);
      return passed('200, ListResponse, totalResults 0');
    },
  },
  ...OPERATORS.map(operatorProbe),
  {
    id: 'rfc/filter/case-insensitive-names',
    section: SECTION,
    title: 'Attribute names and operators in filters are case-insensitive',
    // "Attribute names and attribute operators used in filters are case insensitive." (normative statement of the grammar; RFC 7643 §2.1 "MUST" for names)
    keyword: 'MUST',
    expected: 'USERNAME EQ "<alpha>" and username Eq "<alpha>" each return alpha',
    fix: 'Resolve attribute names and operators case-insensitively when parsing filters (RFC 7643 §2.1).',
    writes: true,
    requires: requirements.filter,
    dependsOn: [EQ],
    run: (context) =>
      allOf(
        context,
        [(p) => expectMembers(context, p, `USERNAME EQ "${u(p, 'alpha')}"`, ['alpha']), (p) => expectMembers(context, p, `username Eq "${u(p, 'alpha')}"`, ['alpha'])],
        'upper- and mixed-case attribute names and operators returned alpha',
      ),
  },
  {
    id: 'rfc/filter/case-exact',
    section: SECTION,
    title: 'String comparison follows each attribute\'s caseExact',
    // "the case sensitivity for String type attributes SHALL be determined by the attribute's "caseExact" characteristic"
    keyword: 'SHALL',
    expected: 'userName (caseExact false as advertised) matches in any case; externalId (caseExact true, RFC 7643 §3.1) matches only in its own case',
    fix: 'Compare strings case-insensitively unless the attribute is caseExact: userName in any case, externalId exactly.',
    writes: true,
    requires: requirements.filter,
    dependsOn: [EQ],
    run: (context) => {
      const userNameExact = advertisedAttribute(context.advertised, USER_SCHEMA, 'userName')?.caseExact ?? false;
      return allOf(
        context,
        [
          (p) => expectMembers(context, p, `userName eq "${u(p, 'alpha').toUpperCase()}"`, userNameExact ? [] : ['alpha']),
          (p) => expectMembers(context, p, `externalId eq "${String(p.bodies.alpha.externalId)}"`, ['alpha']),
          (p) => expectMembers(context, p, `externalId eq "${String(p.bodies.alpha.externalId).toUpperCase()}"`, []),
        ],
        `userName matched ${userNameExact ? 'only in its own case (advertised caseExact true)' : 'in upper case'}; externalId only in its own case`,
      );
    },
  },
  {
    id: 'rfc/filter/value-path',
    section: SECTION,
    title: 'A value filter (emails[type eq "work" and value co "…"]) matches one value that meets all of it',
    // ABNF valuePath; Table 3 semantics apply per value: "Filters MUST be evaluated …"
    keyword: 'MUST',
    expected: 'userName sw "<prefix>" and emails[type eq "work" and value co "<token>"] returns alpha (gamma has a work e-mail and an e-mail with the token, but not one that is both)',
    fix: 'Evaluate the bracketed filter against each value of the multi-valued attribute in turn; one value must satisfy all of it.',
    writes: true,
    requires: requirements.filter,
    dependsOn: SCOPED,
    run: (context) => allOf(context, [(p) => expectMembers(context, p, scoped(p, `emails[type eq "work" and value co "${p.base}"]`), ['alpha'])], 'the value filter returned alpha only'),
  },
  {
    id: 'rfc/filter/urn-names',
    section: 'RFC 7644 §3.10',
    title: 'Fully qualified attribute names (schema URN prefix) are accepted in filters',
    // "attributes are uniquely identified by prefixing the attribute name with its schema URN"; clients "SHOULD fully qualify extended attributes", so servers must resolve them.
    keyword: 'MUST',
    expected: 'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "<alpha>" returns alpha, and the enterprise extension\'s employeeNumber by its URN when the extension is advertised',
    fix: 'Resolve "<schema URN>:<attribute>" to the attribute of that schema (core or extension) in filters.',
    writes: true,
    requires: requirements.filter,
    dependsOn: [EQ],
    run: (context) =>
      allOf(
        context,
        [
          (p) => expectMembers(context, p, `${USER_SCHEMA}:userName eq "${u(p, 'alpha')}"`, ['alpha']),
          ...(hasEnterpriseExtension(context.advertised) ? [(p: Population) => expectMembers(context, p, `${ENTERPRISE_USER_SCHEMA}:employeeNumber eq "${p.base}7"`, ['alpha'])] : []),
        ],
        'URN-qualified names resolved',
      ),
  },
  {
    id: 'rfc/filter/invalid-filter',
    section: SECTION,
    title: 'A filter that does not parse is answered 400 invalidFilter, never 500',
    // "Providers MUST decline to filter results if the specified filter operation is not recognized and return an HTTP 400 error with a "scimType" error of "invalidFilter""
    keyword: 'MUST',
    expected: 'userName eq (no value), userName regex "x" (unknown operator) and userName eq "x" and (a dangling "and") are each answered 400 with scimType invalidFilter',
    fix: 'Catch filter parse errors and answer 400 with scimType "invalidFilter" and a detail naming the problem.',
    writes: false,
    requires: requirements.filter,
    async run(context) {
      for (const filter of ['userName eq', `userName regex "${context.base}"`, `userName eq "${context.base}" and`]) {
        const exchange = await context.send({ method: 'GET', path: context.users, query: { filter, count: '1' } });
        if (!isErrorAnswer(exchange, 400, 'invalidFilter')) return failed(`filter ${quote(filter)} was answered ${describeAnswer(exchange)}`);
      }
      return passed('each malformed filter was answered 400 invalidFilter');
    },
  },
  {
    id: 'rfc/filter/ordering-on-boolean',
    section: SECTION,
    title: 'gt/ge/lt/le on a boolean attribute is answered 400 invalidFilter',
    // Table 3, gt: "Boolean and Binary attributes SHALL cause a failed response (HTTP 400 Bad Request) with a "scimType" of "invalidFilter"."
    keyword: 'SHALL',
    expected: 'userName sw "<prefix>" and active gt true is answered 400 with scimType invalidFilter',
    fix: 'Reject gt, ge, lt and le on boolean (and binary) attributes with 400 invalidFilter.',
    writes: false,
    requires: requirements.filter,
    async run(context) {
      const filter = `userName sw "${context.base}" and active gt true`;
      const exchange = await context.send({ method: 'GET', path: context.users, query: { filter, count: '1' } });
      return isErrorAnswer(exchange, 400, 'invalidFilter') ? passed(`answered ${describeAnswer(exchange)}`) : failed(`filter ${quote(filter)} was answered ${describeAnswer(exchange)}`);
    },
  },
];
