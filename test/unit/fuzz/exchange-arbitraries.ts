/**
 * Arbitrary Exchanges and classification contexts: every shape the type allows, biased towards
 * the statuses, bodies and transport errors the error-code table distinguishes.
 */
import fc from 'fast-check';
import { type ClassifyContext, type ClassifyPurpose } from '../../../harness/engine/entra-errors';
import { type IdentityType } from '../../../harness/contract/log-entry';
import {
  type Exchange,
  type ExchangeRequest,
  type ExchangeResponse,
  type HttpMethod,
  type TransportError,
  type TransportErrorKind,
} from '../../../harness/contract/exchange';
import { scimJsonArbitrary, statusArbitrary } from './raw-responses';

export const PURPOSES: readonly ClassifyPurpose[] = [
  'probe',
  'match',
  'read',
  'create',
  'update',
  'disable',
  'enable',
  'delete',
  'membership',
  'manager',
];
const OBJECT_TYPES: readonly IdentityType[] = ['User', 'Group'];
const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
const TRANSPORT_KINDS: readonly TransportErrorKind[] = ['timeout', 'connection', 'tls', 'protocol', 'tooLarge', 'redirect'];

const headersArbitrary: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.oneof(
    fc.constantFrom('content-type', 'location', 'retry-after', 'www-authenticate', 'content-length'),
    fc.string({ minLength: 1, maxLength: 12 }),
  ),
  fc.string({ maxLength: 40 }),
  { maxKeys: 5 },
);

/** Bodies a response can hold after parsing: none, any JSON, SCIM-shaped JSON with wrong types. */
const bodyArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 3 }),
  scimJsonArbitrary,
  fc.string(),
  fc.object({ maxDepth: 2 }),
);

const responseArbitrary: fc.Arbitrary<ExchangeResponse> = fc
  .record(
    {
      status: statusArbitrary,
      headers: headersArbitrary,
      body: bodyArbitrary,
      text: fc.oneof(fc.string(), fc.constantFrom('', '   ', '<html></html>', '{"totalResults":')),
      bytes: fc.nat(),
      parseError: fc.string(),
    },
    { requiredKeys: ['status', 'headers', 'text', 'bytes'] },
  )
  // The text usually is the body's JSON, as the client records it.
  .chain((response) =>
    fc.boolean().map((textFromBody) =>
      textFromBody && response.body !== undefined ? { ...response, text: JSON.stringify(response.body) ?? '' } : response,
    ),
  );

const errorArbitrary: fc.Arbitrary<TransportError> = fc.record({
  kind: fc.constantFrom(...TRANSPORT_KINDS),
  message: fc.oneof(fc.string(), fc.constantFrom('DNS lookup failed (ENOTFOUND)', 'connection refused (ECONNREFUSED)')),
});

const requestArbitrary: fc.Arbitrary<ExchangeRequest> = fc.record(
  {
    method: fc.constantFrom(...METHODS),
    url: fc.webUrl(),
    headers: headersArbitrary,
    body: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: ['method', 'url', 'headers'] },
);

export const exchangeArbitrary: fc.Arbitrary<Exchange> = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 8 }),
    startedAt: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
    request: requestArbitrary,
    response: responseArbitrary,
    error: errorArbitrary,
    durationMs: fc.nat(),
  },
  { requiredKeys: ['id', 'startedAt', 'request', 'durationMs'] },
);

export const contextArbitrary: fc.Arbitrary<ClassifyContext> = fc.record(
  {
    purpose: fc.constantFrom(...PURPOSES),
    objectType: fc.constantFrom(...OBJECT_TYPES),
    retry: fc.record({
      retriedTimes: fc.nat({ max: 50 }),
      nextAttempt: fc.date({ noInvalidDate: true, min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z') }),
    }),
  },
  { requiredKeys: ['purpose', 'objectType'] },
);
