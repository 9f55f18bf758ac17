import { type Diagnosis } from '../../../harness/contract/root-cause';
import { type Exchange } from '../../../harness/contract/exchange';
import { type ExchangePurpose, type RecordingTargetClient, type ScimRequest } from '../../../harness/contract/target-client';
import { type ExchangeInspector, ProbingDiagnoser } from '../../../harness/diagnose/request-diagnoser';
import { BASE, exchangeOf } from './matching/fake-target';

function client(): RecordingTargetClient & { readonly purposes: ExchangePurpose[] } {
  const purposes: ExchangePurpose[] = [];
  return {
    baseUrl: BASE,
    purposes,
    forPurpose: (purpose) => ({
      baseUrl: BASE,
      send: (request: ScimRequest) => {
        purposes.push(purpose);
        return Promise.resolve(exchangeOf(request, 200, {}));
      },
    }),
    forEntry: () => {
      throw new Error('not used');
    },
    close: () => Promise.resolve(),
  };
}

function diagnosis(cause: string, evidence: string[]): Diagnosis {
  return { cause, title: cause, severity: 'required', fix: 'fix', impact: 'impact', operations: [], consequence: 'fails', spec: 'RFC', evidence };
}

const request: ScimRequest = { method: 'POST', path: '/Users', body: {} };

describe('ProbingDiagnoser', () => {
  test('every inspector observes every inspected exchange, before any signature is asked', async () => {
    const calls: string[] = [];
    const inspector = (name: string): ExchangeInspector => ({
      name,
      observe: (_request, exchange) => calls.push(`${name} observes ${exchange.id}`),
      signature: (_request, exchange) => {
        calls.push(`${name} signs ${exchange.id}`);
        return undefined;
      },
      investigate: () => Promise.resolve(undefined),
    });
    const diagnoser = new ProbingDiagnoser({ client: client(), sink: { diagnosis: () => undefined }, inspectors: [inspector('a'), inspector('b')] });
    await diagnoser.inspect(request, exchangeOf(request, 201, {}, 'x1'));
    expect(calls).toEqual(['a observes x1', 'b observes x1', 'a signs x1', 'b signs x1']);
  });

  test('a cause recorded again is recorded only with the exchanges it did not cite yet', async () => {
    const recorded: Diagnosis[] = [];
    const diagnoser = new ProbingDiagnoser({ client: client(), sink: { diagnosis: (d) => recorded.push(d) }, inspectors: [] });
    await diagnoser.investigate('one', (context) => {
      context.record(diagnosis('c/1', ['x1', 'x2']));
      context.record(diagnosis('c/1', ['x1', 'x2']));
      context.record(diagnosis('c/1', ['x2', 'x3']));
      context.record(diagnosis('c/2', ['x1']));
      return Promise.resolve('c/1');
    });
    expect(recorded.map((d) => [d.cause, d.evidence])).toEqual([
      ['c/1', ['x1', 'x2']],
      ['c/1', ['x3']],
      ['c/2', ['x1']],
    ]);
  });

  test('re-records of one cause are bounded', async () => {
    const recorded: Diagnosis[] = [];
    const diagnoser = new ProbingDiagnoser({ client: client(), sink: { diagnosis: (d) => recorded.push(d) }, inspectors: [] });
    await diagnoser.investigate('many', (context) => {
      for (let index = 0; index < 200; index += 1) context.record(diagnosis('c/1', [`x${index}`]));
      return Promise.resolve(undefined);
    });
    expect(recorded.length).toBe(50);
  });

  test('investigate runs once per key, shares the probe budget and names probes by purpose', async () => {
    const target = client();
    const diagnoser = new ProbingDiagnoser({ client: target, sink: { diagnosis: () => undefined }, inspectors: [], maxProbes: 1 });
    let runs = 0;
    const probeTwice = async (context: Parameters<Parameters<ProbingDiagnoser['investigate']>[1]>[0]): Promise<string | undefined> => {
      runs += 1;
      const first = context.probe('check');
      await first?.send({ method: 'GET', path: '/Users' });
      return context.probe('check') === undefined ? 'spent' : 'left';
    };
    expect(await diagnoser.investigate('k', probeTwice)).toBe('spent');
    expect(await diagnoser.investigate('k', probeTwice)).toBe('spent');
    expect(runs).toBe(1);
    expect(target.purposes).toEqual(['probe:check']);
  });

  test('an inspector that throws names nothing; the exchange comes back unchanged', async () => {
    const inspector: ExchangeInspector = { name: 'boom', signature: () => 'any', investigate: () => Promise.reject(new Error('boom')) };
    const diagnoser = new ProbingDiagnoser({ client: client(), sink: { diagnosis: () => undefined }, inspectors: [inspector] });
    const exchange: Exchange = exchangeOf(request, 409);
    expect(await diagnoser.inspect(request, exchange)).toBe(exchange);
  });
});
