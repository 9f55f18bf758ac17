/**
 * The client every caller receives: it performs a request through the HTTP client, checks the
 * record is redacted, and records it — so an exchange cannot be sent without being logged,
 * redaction-checked and judged. Recording goes to an observer the composition root injects (the
 * run's recorder, which hands each exchange to the checks), so this layer knows nothing of
 * run.ndjson or the checks.
 */
import { type Exchange, type ExchangeRequest, type ExchangeResponse } from '../contract/exchange';
import { createTargetClient, type HttpTargetClientOptions } from './http-target-client';
import { type Redactor } from './redact';
import {
  type EntryExchanges,
  type ExchangePurpose,
  type ExchangeSender,
  type RecordingTargetClient,
  type RequestDiagnoser,
  type ScimRequest,
  type TargetClient,
} from '../contract/target-client';

/** Where stand-alone exchanges are recorded: called once per exchange, in the order they complete. */
export interface ExchangeObserver {
  exchange(purpose: ExchangePurpose, exchange: Exchange, scenarioId?: string): void;
}

export interface RecordingClientOptions {
  readonly observer: ExchangeObserver;
  /** The secrets the record must not hold (the HTTP client's own redactor). */
  readonly redactor: Redactor;
  /**
   * A failure to record (the observer threw). The request path does not fail with it: the caller
   * gets its exchange, so what the request changed in the target (a created object) is still
   * known and cleaned up. Told here instead; ignored when absent.
   */
  readonly onRecordingError?: (error: unknown, exchange: Exchange) => void;
}

export class RecordingClient implements RecordingTargetClient {
  readonly baseUrl: string;

  constructor(
    private readonly inner: TargetClient,
    private readonly options: RecordingClientOptions,
  ) {
    this.baseUrl = inner.baseUrl;
  }

  /**
   * Test Connection is Entra's own traffic, like an entry's requests: it is adapted and inspected
   * too (a target that misreads Entra's form-encoded filter fails it first). Every other purpose is
   * the harness's own and goes out exactly as asked.
   */
  forPurpose(purpose: ExchangePurpose, scenarioId?: string): ExchangeSender {
    const record = (exchange: Exchange): void => this.options.observer.exchange(purpose, exchange, scenarioId);
    return purpose === 'test-connection' ? this.diagnosedSender(record) : this.sender(record);
  }

  /** The entry carries the exchange; the recorder records it with the finished entry, once. */
  forEntry(entry: EntryExchanges): ExchangeSender {
    return this.diagnosedSender((exchange) => entry.exchange(exchange));
  }

  /**
   * With a diagnoser (differential probing, docs/diagnosis.md#probing), the request is first
   * adapted by any workaround already known, and the answer is inspected — probed when the target
   * rejected it — before it is recorded, so the exchange names its cause.
   */
  private diagnosedSender(record: (exchange: Exchange) => void): ExchangeSender {
    const diagnoser = this.diagnoser;
    if (!diagnoser) return this.sender(record);
    return {
      baseUrl: this.baseUrl,
      send: async (request: ScimRequest, signal?: AbortSignal): Promise<Exchange> => {
        const adapted = diagnoser.adapt(request);
        const received = redactionChecked(await this.inner.send(adapted.request, signal), this.options.redactor);
        const sent = adapted.workaround !== undefined ? { ...received, workaround: adapted.workaround } : received;
        const inspected = await diagnoser.inspect(adapted.request, sent, signal);
        // Checked once above: the diagnoser only adds `cause` to the record.
        return this.deliver(inspected, record);
      },
    };
  }

  /** Turns differential probing on for the entries sent from now on (none: off, as under --no-probe). */
  useDiagnoser(diagnoser: RequestDiagnoser | undefined): void {
    this.diagnoser = diagnoser;
  }

  private diagnoser: RequestDiagnoser | undefined;

  close(): Promise<void> {
    return this.inner.close();
  }

  /** An exchange the client performed on its own (its OAuth token request), recorded like any other. */
  recordOwn(purpose: ExchangePurpose, exchange: Exchange): void {
    this.record(exchange, (checked) => this.options.observer.exchange(purpose, checked));
  }

  private sender(record: (exchange: Exchange) => void): ExchangeSender {
    return {
      baseUrl: this.baseUrl,
      send: async (request: ScimRequest, signal?: AbortSignal): Promise<Exchange> => {
        const exchange = await this.inner.send(request, signal);
        const recorded = this.record(exchange, record);
        this.diagnoser?.observe?.(request, recorded);
        return recorded;
      },
    };
  }

  private record(exchange: Exchange, record: (exchange: Exchange) => void): Exchange {
    return this.deliver(redactionChecked(exchange, this.options.redactor), record);
  }

  /** Hands a redaction-checked exchange to where it is recorded; a failure to record is told, never thrown. */
  private deliver(checked: Exchange, record: (exchange: Exchange) => void): Exchange {
    try {
      record(checked);
    } catch (error) {
      this.options.onRecordingError?.(error, checked);
    }
    return checked;
  }
}

/**
 * The HTTP client wrapped in a RecordingClient, its OAuth token requests recorded as
 * `oauth-token` exchanges before `onTokenIssued` hears of them.
 */
export function createRecordingClient(
  options: HttpTargetClientOptions,
  recording: Omit<RecordingClientOptions, 'redactor'>,
): RecordingClient {
  // A token is only requested by a send, so the recording client exists by then.
  const own: { client?: RecordingClient } = {};
  const http = createTargetClient({
    ...options,
    onTokenIssued: (issued) => {
      own.client?.recordOwn('oauth-token', issued.exchange);
      options.onTokenIssued?.(issued);
    },
  });
  own.client = new RecordingClient(http, { ...recording, redactor: http.redactor });
  return own.client;
}

/**
 * The second look before anything is recorded: the request line and headers, the response
 * headers and the transport error are passed through the redactor again (idempotent on a record
 * the HTTP client built, whose secrets are already "[REDACTED]"), so a client that failed to
 * redact — or a header a caller added — cannot put a credential into the log. Bodies are redacted
 * where they are parsed (exchange-record.ts): that needs the wire text, and a second pass over
 * every body would double the cost of a large run. The exchange is rebuilt only when something
 * changed, so a clean record is recorded as the very object the client returned.
 */
export function redactionChecked(exchange: Exchange, redactor: Redactor): Exchange {
  const request = checkedRequest(exchange.request, redactor);
  const response = exchange.response && checkedResponse(exchange.response, redactor);
  const message = exchange.error && redactor.redactText(exchange.error.message);
  const attempts = exchange.previousAttempts?.map((attempt) => redactionChecked(attempt, redactor));
  const attemptsChanged = attempts !== undefined && attempts.some((attempt, i) => attempt !== exchange.previousAttempts?.[i]);
  if (request === exchange.request && response === exchange.response && message === exchange.error?.message && !attemptsChanged) return exchange;
  return {
    ...exchange,
    request,
    ...(response ? { response } : {}),
    ...(exchange.error && message !== undefined ? { error: { kind: exchange.error.kind, message } } : {}),
    ...(attempts ? { previousAttempts: attempts } : {}),
  };
}

function checkedRequest(request: ExchangeRequest, redactor: Redactor): ExchangeRequest {
  const url = redactor.redactText(request.url);
  const headers = checkedHeaders(request.headers, redactor);
  return url === request.url && headers === request.headers ? request : { ...request, url, headers };
}

function checkedResponse(response: ExchangeResponse, redactor: Redactor): ExchangeResponse {
  const headers = checkedHeaders(response.headers, redactor);
  return headers === response.headers ? response : { ...response, headers };
}

/** The same object when the redactor changes nothing, else the redacted copy. */
function checkedHeaders(headers: Readonly<Record<string, string>>, redactor: Redactor): Readonly<Record<string, string>> {
  const redacted = redactor.redactHeaders(headers);
  const names = Object.keys(headers);
  const same = names.length === Object.keys(redacted).length && names.every((name) => redacted[name] === headers[name]);
  return same ? headers : redacted;
}
