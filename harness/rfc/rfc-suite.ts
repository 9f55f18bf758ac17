/**
 * The RFC conformance suite (`run --suite rfc|all`; docs/rfc-coverage.md): reads what the server
 * advertises, runs every probe of the catalogue in order through the run's recording client,
 * records one result per probe (run event `rfc-result`), and deletes every object it created.
 *
 * Work is linear and bounded: each probe sends a fixed handful of requests, the shared filter
 * population is three users created once, and nothing is retried or explored further.
 */
import { randomBytes } from 'node:crypto';
import { type Exchange } from '../contract/exchange';
import { type RfcResult } from '../contract/rfc';
import { type RecordingTargetClient } from '../contract/target-client';
import { type Advertised, hasEnterpriseExtension, readAdvertised } from './advertised';
import { RFC_PROBES } from './catalogue';
import { CreatedObjects, type Population, ProbeContext, SetupFailure, type SuiteState } from './probe-context';
import { type ProbeOutcome, type RfcProbe, severityOf } from './rfc-probe';
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA, bodyOf, describeAnswer, isSuccess, stringField } from './responses';

export interface RfcSuiteOptions {
  readonly client: RecordingTargetClient;
  /** `--prefix`: every object the suite creates is named `<prefix>rfc-<random>-…`. */
  readonly prefix: string;
  /** `--read-only`: probes that write are skipped. */
  readonly readOnly: boolean;
  /** `--keep`: leave what the suite created. */
  readonly keep: boolean;
  /** false under `--auth none`: the authentication probes have nothing to withhold. */
  readonly sendsCredentials: boolean;
  readonly signal?: AbortSignal;
  /** Where each result goes as soon as it is known (the run's recorder). */
  readonly record: (result: RfcResult) => void;
  /** The probes to run; default the whole catalogue. */
  readonly probes?: readonly RfcProbe[];
}

/** Runs the suite; returns the results in the order the probes ran. */
export async function runRfcSuite(options: RfcSuiteOptions): Promise<RfcResult[]> {
  const probes = options.probes ?? RFC_PROBES;
  const advertised = await readAdvertised(options.client.forPurpose('rfc-probe:discovery'), options.signal);
  const state = suiteState(options, advertised);
  const results: RfcResult[] = [];
  // Probes that failed, or were skipped because one they rest on failed: what blocks their dependants.
  const broken = new Set<string>();
  try {
    for (const probe of probes) {
      const result = await runProbe(probe, state, options, broken);
      if (result.status === 'failed' || result.blockedBy !== undefined) broken.add(probe.id);
      results.push(result);
      options.record(result);
    }
  } finally {
    if (!options.keep) await cleanUp(options.client, state.created, options.signal);
  }
  return results;
}

async function runProbe(probe: RfcProbe, state: SuiteState, options: RfcSuiteOptions, broken: ReadonlySet<string>): Promise<RfcResult> {
  const base = {
    id: probe.id,
    section: probe.section,
    title: probe.title,
    severity: severityOf(probe.keyword),
    keyword: probe.keyword,
    expected: probe.expected,
  };
  const unjudged = (status: 'not-supported' | 'skipped', reason: string, extra: Partial<RfcResult> = {}): RfcResult => Object.freeze({ ...base, status, actual: '', reason, evidence: [], ...extra });
  if (options.signal?.aborted) return unjudged('skipped', 'the run was stopping');
  const unsupported = probe.requires?.(state.advertised);
  if (unsupported !== undefined) return unjudged('not-supported', unsupported);
  if (probe.writes && options.readOnly) return unjudged('skipped', 'it writes, and the run is --read-only');
  const blocker = probe.dependsOn?.find((id) => broken.has(id));
  if (blocker !== undefined) return unjudged('skipped', `it relies on what ${blocker} tests, which failed or could not be judged`, { blockedBy: blocker });
  const context = new ProbeContext(probe.id, state);
  const started = performance.now();
  let outcome: ProbeOutcome | { status: 'skipped'; reason: string };
  try {
    outcome = await probe.run(context);
  } catch (error) {
    // A setup the server refused, or the run stopping: not judged, and the reason says which.
    if (!(error instanceof SetupFailure) && !options.signal?.aborted) throw error;
    outcome = { status: 'skipped', reason: error instanceof SetupFailure ? `setup failed: ${error.message}` : 'the run was stopping' };
  }
  const durationMs = Math.round(performance.now() - started);
  const evidence = [...context.evidence];
  switch (outcome.status) {
    case 'passed':
      return Object.freeze({ ...base, status: 'passed', actual: outcome.actual, evidence, durationMs });
    case 'failed':
      return Object.freeze({ ...base, status: 'failed', actual: outcome.actual, fix: outcome.fix ?? probe.fix, evidence, durationMs });
    case 'not-supported':
    case 'skipped':
      return Object.freeze({ ...base, status: outcome.status, actual: '', reason: outcome.reason, evidence, durationMs });
  }
}

function suiteState(options: RfcSuiteOptions, advertised: Advertised): SuiteState {
  let serial = 0;
  let population: Promise<Population> | undefined;
  const state: SuiteState = {
    client: options.client,
    advertised,
    // Random per run: a live tenant's own objects never match a probe's query or name.
    base: `${options.prefix}rfc-${randomBytes(3).toString('hex')}-`,
    created: new CreatedObjects(),
    sendsCredentials: options.sendsCredentials,
    errorAnswers: [] as Exchange[],
    ...(options.signal ? { signal: options.signal } : {}),
    nextSerial: () => (serial += 1),
    population: () => (population ??= createPopulation(new ProbeContext('fixture', state))),
  };
  return state;
}

/**
 * Three users whose values tell every filter operator apart (docs/rfc-coverage.md#population):
 * alpha has a work e-mail and no title; beta a home e-mail and a title; gamma a work e-mail
 * without the run's token and a home e-mail with it (a value filter must test one element).
 */
async function createPopulation(context: ProbeContext): Promise<Population> {
  const base = `${context.base}p-`;
  const enterprise = hasEnterpriseExtension(context.advertised);
  const bodies = {
    alpha: {
      userName: `${base}alpha`,
      externalId: `${base}Ext-Alpha`,
      emails: [{ type: 'work', value: `${base}alpha@example.com`, primary: true }],
      ...(enterprise ? { [ENTERPRISE_USER_SCHEMA]: { employeeNumber: `${base}7` } } : {}),
    },
    beta: { userName: `${base}beta`, externalId: `${base}Ext-Beta`, title: `${base}title-beta`, emails: [{ type: 'home', value: `${base}beta@example.com` }] },
    gamma: {
      userName: `${base}gamma`,
      externalId: `${base}Ext-Gamma`,
      title: `${base}title-gamma`,
      emails: [
        { type: 'work', value: 'gamma@example.org' },
        { type: 'home', value: `${base}gamma@example.net` },
      ],
    },
  };
  const ids: Record<string, string> = {};
  for (const [label, body] of Object.entries(bodies)) {
    const schemas = enterprise && label === 'alpha' ? [USER_SCHEMA, ENTERPRISE_USER_SCHEMA] : [USER_SCHEMA];
    const exchange = await context.send({ method: 'POST', path: context.users, body: { schemas, ...body } });
    const id = stringField(bodyOf(exchange), 'id');
    if (!isSuccess(exchange) || id === undefined || id === '') throw new SetupFailure(`creating the filter population (POST ${context.users}, ${label}) was answered ${describeAnswer(exchange)}`);
    context.track(`${context.users}/${id}`);
    ids[label] = id;
  }
  return { base, ids: ids as Population['ids'], bodies };
}

/**
 * Deletes what is left, newest first. A target that stopped answering ends it after one request
 * (bounded by --timeout), not one per object: what is left is in run.ndjson.
 */
async function cleanUp(client: RecordingTargetClient, created: CreatedObjects, signal?: AbortSignal): Promise<void> {
  const sender = client.forPurpose('cleanup');
  for (const path of created.pending()) {
    const exchange = await sender.send({ method: 'DELETE', path }, signal?.aborted ? undefined : signal);
    if (exchange.response === undefined) return;
    if (isSuccess(exchange) || exchange.response.status === 404) created.remove(path);
  }
}
