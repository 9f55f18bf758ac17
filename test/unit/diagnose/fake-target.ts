/**
 * A target in memory for the probing tests: it answers each request through a function of the
 * request, records what it was sent, and refuses to answer a request whose signal is aborted (as
 * the HTTP client does), so a test sees exactly which requests a probe sends and when.
 */
import { type Exchange } from '../../../harness/contract/exchange';
import { type Diagnosis } from '../../../harness/contract/root-cause';
import { type ExchangePurpose, type ScimRequest, type TargetClient } from '../../../harness/contract/target-client';
import { RejectedRequestInspector } from '../../../harness/diagnose/probes/rejected-request';
import { ProbingDiagnoser } from '../../../harness/diagnose/request-diagnoser';
import { createRedactor } from '../../../harness/target/redact';
import { RecordingClient } from '../../../harness/target/recording-client';

export const BASE = 'http://127.0.0.1:9/scim/v2';

export interface Answer {
  readonly status: number;
  readonly body?: unknown;
}

export type Answering = (request: ScimRequest) => Answer;

export interface FakeTarget extends TargetClient {
  readonly sent: ScimRequest[];
}

function urlOf(request: ScimRequest): string {
  const encode = request.queryEncoding === 'form' ? (text: string) => encodeURIComponent(text).replace(/%20/g, '+') : encodeURIComponent;
  const query = Object.entries(request.query ?? {}).map(([name, value]) => `${encode(name)}=${encode(value)}`);
  return `${BASE}${request.path}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}

export function fakeTarget(answer: Answering): FakeTarget {
  const sent: ScimRequest[] = [];
  return {
    baseUrl: BASE,
    sent,
    send(request: ScimRequest, signal?: AbortSignal): Promise<Exchange> {
      if (signal?.aborted) return Promise.reject(new Error('aborted'));
      sent.push(request);
      const { status, body } = answer(request);
      return Promise.resolve({
        id: `x-${sent.length}`,
        startedAt: '2026-01-01T00:00:00.000Z',
        durationMs: 1,
        request: { method: request.method, url: urlOf(request), headers: {}, ...(request.body !== undefined ? { body: request.body } : {}) },
        response: { status, headers: { 'content-type': 'application/scim+json' }, text: '', bytes: 2, ...(body !== undefined ? { body } : {}) },
      });
    },
    close: () => Promise.resolve(),
  };
}

/** A SCIM error body (RFC 7644 §3.12). */
export function scimError(status: number, scimType: string, detail: string): Answer {
  return { status, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), scimType, detail } };
}

export interface ProbingSetup {
  readonly target: FakeTarget;
  readonly client: RecordingClient;
  readonly diagnoser: ProbingDiagnoser;
  readonly diagnoses: Diagnosis[];
  /** Stand-alone exchanges as recorded, with their purpose. */
  readonly recorded: { purpose: ExchangePurpose; exchange: Exchange }[];
}

/** The run's probing as run-session wires it: a recording client, the diagnoser and the rejected-request inspector. */
export function probing(answer: Answering, options: { maxProbes?: number } = {}): ProbingSetup {
  const target = fakeTarget(answer);
  const recorded: { purpose: ExchangePurpose; exchange: Exchange }[] = [];
  const client = new RecordingClient(target, { observer: { exchange: (purpose, exchange) => recorded.push({ purpose, exchange }) }, redactor: createRedactor(() => []) });
  const diagnoses: Diagnosis[] = [];
  const diagnoser = new ProbingDiagnoser({
    client,
    sink: { diagnosis: (diagnosis) => diagnoses.push(diagnosis) },
    inspectors: [new RejectedRequestInspector({ prefix: 'scimh-', token: () => 'p000001' })],
    ...(options.maxProbes !== undefined ? { maxProbes: options.maxProbes } : {}),
  });
  client.useDiagnoser(diagnoser);
  return { target, client, diagnoser, diagnoses, recorded };
}
