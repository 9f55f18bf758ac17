/**
 * A small in-memory SCIM target for matching diagnosis tests: users with a userName, e-mail
 * addresses and an externalId, answering the few requests the cross-checks send, with switches
 * for the filter faults they name. Requests go through a fake `InspectionContext`, which records
 * every probe and every diagnosis, and can run out of budget.
 */
import { type Diagnosis } from '../../../../harness/contract/root-cause';
import { type Exchange } from '../../../../harness/contract/exchange';
import { type ExchangeSender, type ScimRequest } from '../../../../harness/contract/target-client';
import { type InspectionContext } from '../../../../harness/diagnose/request-diagnoser';

export const BASE = 'https://scim.example.test/scim/v2';

export interface FakeUser {
  id: string;
  userName: string;
  emails?: string[];
  externalId?: string;
  active?: boolean;
}

export interface FakeRules {
  /** What `userName eq` compares (default: userName, case-insensitively). */
  readonly userNameMatches?: (user: FakeUser, value: string) => boolean;
  /** A form-encoded query ("+" for spaces) finds nothing. */
  readonly plusMisread?: boolean;
  /** Users with active=false answer 404 and are left out of queries. */
  readonly hideDisabled?: boolean;
  /** Filtered queries with no hit answer 404. */
  readonly noMatch404?: boolean;
  /** POST answers this status without storing anything. */
  readonly createStatus?: number;
}

let sequence = 0;

export function exchangeOf(request: ScimRequest, status: number, body?: unknown, id?: string): Exchange {
  sequence += 1;
  const search = new URLSearchParams(request.query ?? {}).toString();
  const query = search === '' ? '' : `?${request.queryEncoding === 'form' ? search : search.replace(/\+/g, '%20')}`;
  return {
    id: id ?? `x-${sequence}`,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    request: { method: request.method, url: `${BASE}${request.path}${query}`, headers: {}, ...(request.body !== undefined ? { body: request.body } : {}) },
    response: { status, headers: { 'content-type': 'application/scim+json' }, text: '', bytes: 0, ...(body !== undefined ? { body } : {}) },
  };
}

function render(user: FakeUser): Record<string, unknown> {
  return {
    id: user.id,
    userName: user.userName,
    active: user.active !== false,
    ...(user.emails ? { emails: user.emails.map((value) => ({ value, type: 'work' })) } : {}),
    ...(user.externalId !== undefined ? { externalId: user.externalId } : {}),
  };
}

export class FakeTarget {
  readonly sent: ScimRequest[] = [];
  readonly diagnoses: Diagnosis[] = [];
  private created = 0;

  constructor(
    readonly users: FakeUser[],
    private readonly rules: FakeRules = {},
  ) {}

  handle(request: ScimRequest): Exchange {
    this.sent.push(request);
    const [, resource, rawId] = /^\/(Users|Groups)(?:\/(.+))?$/.exec(request.path) ?? [];
    if (resource !== 'Users') return exchangeOf(request, 404, { detail: 'not here' });
    const id = rawId === undefined ? undefined : decodeURIComponent(rawId);
    const visible = (user: FakeUser): boolean => !(this.rules.hideDisabled && user.active === false);
    if (request.method === 'POST') {
      if (this.rules.createStatus !== undefined) return exchangeOf(request, this.rules.createStatus, { detail: 'refused' });
      this.created += 1;
      const body = request.body as { userName: string; externalId?: string; emails?: { value: string }[] };
      const user: FakeUser = { id: `probe-${this.created}`, userName: body.userName, externalId: body.externalId, emails: body.emails?.map((email) => email.value) };
      this.users.push(user);
      return exchangeOf(request, 201, render(user));
    }
    if (id !== undefined) {
      const index = this.users.findIndex((user) => user.id === id && visible(user));
      if (index === -1) return exchangeOf(request, 404, { detail: `User ${id} not found` });
      if (request.method === 'DELETE') {
        this.users.splice(index, 1);
        return exchangeOf(request, 204);
      }
      return exchangeOf(request, 200, render(this.users[index]));
    }
    const filter = request.query?.filter;
    if (filter === undefined) return exchangeOf(request, 200, { totalResults: this.users.filter(visible).length, Resources: this.users.filter(visible).slice(0, 1).map(render) });
    const [, attribute, quoted] = /^(\S+) eq (".*")$/.exec(filter) ?? [];
    const value = JSON.parse(quoted) as string;
    const matches = (user: FakeUser): boolean => {
      if (this.rules.plusMisread && request.queryEncoding === 'form') return false;
      if (attribute === 'userName') return this.rules.userNameMatches ? this.rules.userNameMatches(user, value) : user.userName.toLowerCase() === value.toLowerCase();
      if (attribute === 'externalId') return user.externalId === value;
      if (attribute === 'emails.value') return (user.emails ?? []).some((email) => email.toLowerCase() === value.toLowerCase());
      return false;
    };
    const found = this.users.filter((user) => visible(user) && matches(user));
    if (found.length === 0 && this.rules.noMatch404) return exchangeOf(request, 404, { detail: 'no match' });
    return exchangeOf(request, 200, { totalResults: found.length, Resources: found.map(render) });
  }

  sender(): ExchangeSender {
    return { baseUrl: BASE, send: (request) => Promise.resolve(this.handle(request)) };
  }

  /** An inspection context whose probes reach this target; `budget` probes at most. */
  context(budget = 100): InspectionContext {
    let left = budget;
    return {
      probe: () =>
        left <= 0
          ? undefined
          : {
              baseUrl: BASE,
              send: (request) => {
                left -= 1;
                return Promise.resolve(this.handle(request));
              },
            },
      record: (diagnosis) => this.diagnoses.push(diagnosis),
      learn: () => undefined,
    };
  }

  /** The requests sent, as "METHOD path filter" lines. */
  lines(): string[] {
    return this.sent.map((request) => `${request.method} ${request.path}${request.query?.filter !== undefined ? ` ${request.query.filter} (${request.queryEncoding ?? 'percent'})` : ''}`);
  }
}
