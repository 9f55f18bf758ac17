/**
 * What a probe works with: the advertised features, a sender that records every request under
 * the probe's own purpose (`rfc-probe:<id>`, so each exchange is evidence of one probe and never
 * reaches the Entra checks), prefixed names, and objects it creates — each tracked, so the suite
 * deletes whatever is left when it ends.
 */
import { type Exchange } from '../contract/exchange';
import { type RecordingTargetClient, type ScimRequest } from '../contract/target-client';
import { type Advertised } from './advertised';
import { bodyOf, describeAnswer, isSuccess, stringField, USER_SCHEMA } from './responses';

/** The shared objects of the filter, sort and paging probes (created once, on first use). */
export interface Population {
  /** `userName` prefix they all share, unique to this run: scopes every query to them. */
  readonly base: string;
  /** Fixture label (`alpha`, `beta`, `gamma`) → the id the server gave it. */
  readonly ids: Readonly<Record<'alpha' | 'beta' | 'gamma', string>>;
  /** Fixture label → the body it was created with. */
  readonly bodies: Readonly<Record<'alpha' | 'beta' | 'gamma', Readonly<Record<string, unknown>>>>;
}

/** A setup step failed: the probe is not judged (skipped), and the reason says why. */
export class SetupFailure extends Error {
  override readonly name = 'SetupFailure';
}

/** Objects created by the suite and not yet deleted (shared by every probe of one run). */
export class CreatedObjects {
  private readonly paths = new Set<string>();

  add(path: string): void {
    this.paths.add(path);
  }

  remove(path: string): void {
    this.paths.delete(path);
  }

  /** Newest first: what was created last may refer to what came before. */
  pending(): string[] {
    return [...this.paths].reverse();
  }
}

/** What the suite hands each probe's context. */
export interface SuiteState {
  readonly client: RecordingTargetClient;
  readonly advertised: Advertised;
  /** `<prefix>rfc-<random>-`: every name the suite creates starts with it. */
  readonly base: string;
  readonly created: CreatedObjects;
  /** The run's credentials are none (`--auth none`): authentication cannot be probed. */
  readonly sendsCredentials: boolean;
  /** Every error answer the suite received, for rfc/errors/error-body (bounded). */
  readonly errorAnswers: Exchange[];
  readonly signal?: AbortSignal;
  population(): Promise<Population>;
  /** 1, 2, 3 …: keeps the names the suite makes unique within the run. */
  nextSerial(): number;
}

/** Error answers kept for the error-body probe: enough to show a pattern, bounded for memory. */
const MAX_ERROR_ANSWERS = 200;

export class ProbeContext {
  private readonly evidenceIds: string[] = [];

  constructor(
    readonly probeId: string,
    private readonly state: SuiteState,
  ) {}

  get advertised(): Advertised {
    return this.state.advertised;
  }

  get base(): string {
    return this.state.base;
  }

  get sendsCredentials(): boolean {
    return this.state.sendsCredentials;
  }

  get errorAnswers(): readonly Exchange[] {
    return this.state.errorAnswers;
  }

  /** The User endpoint as advertised (RFC 7643 §6), `/Users` by default. */
  get users(): string {
    return this.state.advertised.user?.endpoint ?? '/Users';
  }

  get evidence(): readonly string[] {
    return this.evidenceIds;
  }

  /** A name unique to this run and probe: `<base><label>-<n>`. */
  name(label: string): string {
    return `${this.state.base}${label}-${this.state.nextSerial()}`;
  }

  /** Sends one request as this probe; the exchange is recorded and becomes its evidence. */
  async send(request: ScimRequest): Promise<Exchange> {
    const exchange = await this.state.client.forPurpose(`rfc-probe:${this.probeId}`).send(request, this.state.signal);
    this.evidenceIds.push(exchange.id);
    const status = exchange.response?.status ?? 0;
    if (status >= 400 && this.state.errorAnswers.length < MAX_ERROR_ANSWERS) this.state.errorAnswers.push(exchange);
    return exchange;
  }

  /** Cites exchanges the probe reads but did not send (the discovery reads). */
  cite(...exchanges: readonly Exchange[]): void {
    for (const exchange of exchanges) if (!this.evidenceIds.includes(exchange.id)) this.evidenceIds.push(exchange.id);
  }

  /** The shared filter population, created on first use. */
  population(): Promise<Population> {
    return this.state.population();
  }

  /**
   * Creates a user named `<base><label>-<n>` (plus `extra`), tracked for cleanup. Throws
   * SetupFailure when the server refuses it: the probe then cannot be judged.
   */
  async createUser(label: string, extra: Record<string, unknown> = {}): Promise<{ id: string; userName: string; exchange: Exchange; body: Record<string, unknown> }> {
    const userName = this.name(label);
    const exchange = await this.send({ method: 'POST', path: this.users, body: { schemas: [USER_SCHEMA], userName, ...extra } });
    const id = stringField(bodyOf(exchange), 'id');
    if (!isSuccess(exchange) || id === undefined || id === '') {
      throw new SetupFailure(`creating a user (POST ${this.users}) was answered ${describeAnswer(exchange)}${isSuccess(exchange) ? ' without an id' : ''}`);
    }
    this.track(`${this.users}/${id}`);
    return { id, userName, exchange, body: bodyOf(exchange) ?? {} };
  }

  /** Records that the suite created `path` (e.g. a POST that should have failed did not). */
  track(path: string): void {
    this.state.created.add(path);
  }

  /** Deletes what the probe created; a 2xx or 404 answer clears it from the cleanup list. */
  async remove(path: string): Promise<Exchange> {
    const exchange = await this.send({ method: 'DELETE', path });
    if (isSuccess(exchange) || exchange.response?.status === 404) this.state.created.remove(path);
    return exchange;
  }
}
