/**
 * Scenario independence (docs/diagnosis.md#independence): every value with a uniqueness
 * potential the suite sends — userName, e-mail, externalId, displayName — belongs to one scenario
 * run, and two runs of the suite share none. So results depend on no order, dialect or earlier
 * run: a server that keeps uniqueness after a delete (or keeps externalId unique) still passes the
 * second run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startScimServer, type RunningScimServer } from '../../../examples/scim-server';
import { run } from '../../../harness';
import { type Exchange } from '../../../harness/contract/exchange';
import { readRunRecords } from '../../../harness/log/run-reader';

/** Attributes a server may keep unique (RFC 7643 §2.2 "uniqueness", §4.1.1 userName; Entra's matching attributes). */
const UNIQUE_PATHS = new Set(['username', 'externalid', 'displayname', 'emails[type eq "work"].value']);

/** The values of those attributes a request writes: a create's body, a PATCH's operations (either dialect). */
function uniqueValuesOf(exchange: Exchange): string[] {
  const body = exchange.request.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return [];
  const values: string[] = [];
  const take = (key: string, value: unknown): void => {
    const lower = key.toLowerCase();
    if (lower === 'emails' && Array.isArray(value)) {
      for (const email of value) if (typeof (email as { value?: unknown })?.value === 'string') values.push((email as { value: string }).value);
    } else if (UNIQUE_PATHS.has(lower) && typeof value === 'string' && value !== '') values.push(value);
  };
  if (exchange.request.method === 'POST') for (const [key, value] of Object.entries(body)) take(key, value);
  if (exchange.request.method === 'PATCH' && Array.isArray(body.Operations)) {
    for (const op of body.Operations as { path?: unknown; value?: unknown }[]) {
      if (typeof op.path === 'string') take(op.path, op.value);
      else if (op.value && typeof op.value === 'object') for (const [key, value] of Object.entries(op.value)) take(key, value);
    }
  }
  return values;
}

/** Each unique value a run sent, with the scenario runs (`id@dialect`) that sent it. */
async function valuesOfRun(server: RunningScimServer): Promise<Map<string, Set<string>>> {
  const out = mkdtempSync(path.join(tmpdir(), 'scim-harness-independence-'));
  try {
    const result = await run({ target: server.baseUrl, token: 't', out, reporter: 'json' });
    expect(result.verdict.scenarios.filter((scenario) => scenario.status !== 'passed').map((scenario) => `${scenario.id}@${scenario.dialect}`)).toEqual([]);
    const values = new Map<string, Set<string>>();
    const note = (scenarioId: string | undefined, exchange: Exchange): void => {
      if (scenarioId === undefined) return;
      for (const value of uniqueValuesOf(exchange)) values.set(value.toLowerCase(), (values.get(value.toLowerCase()) ?? new Set()).add(scenarioId));
    };
    for await (const { event } of readRunRecords(out)) {
      if (event.type === 'entry') for (const exchange of event.entry.harness.exchanges) note(event.entry.harness.scenarioId, exchange);
      if (event.type === 'exchange') note(event.scenarioId, event.exchange);
    }
    return values;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('scenario independence', () => {
  it('every unique value belongs to one scenario run, and two runs of the suite share none', async () => {
    const server = await startScimServer({ port: 0, host: '127.0.0.1', token: 't' });
    try {
      const first = await valuesOfRun(server);
      const second = await valuesOfRun(server);
      expect(first.size).toBeGreaterThan(100);
      for (const values of [first, second]) {
        const shared = [...values].filter(([, runs]) => runs.size > 1).map(([value, runs]) => `${value}: ${[...runs].join(', ')}`);
        expect(shared).toEqual([]);
      }
      expect([...first.keys()].filter((value) => second.has(value))).toEqual([]);
    } finally {
      await server.close();
    }
  }, 60_000);
});
