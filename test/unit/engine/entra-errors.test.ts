import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  classifyExchange,
  dotNetStatusName,
  ERROR_CODE_TABLE,
  errorInfoFor,
  formatDotNetTimestamp,
  formatReason,
  formatTransportReason,
  type ClassifyContext,
  type ClassifyPurpose,
  type ErrorFacts,
  type ErrorRowId,
} from '../../../harness/engine/entra-errors';
import { type Exchange } from '../../../harness/contract/exchange';
import { failWith, listResponse, respond, respondText, scimError } from '../log/fixtures';

const user = (purpose: ClassifyPurpose): ClassifyContext => ({ purpose, objectType: 'User' });

interface ExchangeCase {
  readonly name: string;
  readonly exchange: Exchange;
  readonly context: ClassifyContext;
}

/** At least one hand-built exchange for every exchange row of the table. */
const EXCHANGE_CASES: Partial<Record<ErrorRowId, readonly ExchangeCase[]>> = {
  'http-400': [
    { name: '400 with a plain SCIM error', exchange: respond(400, scimError(400, 'Bad payload', 'invalidSyntax')), context: user('create') },
    { name: '400 with a non-JSON body', exchange: respondText(400, 'Bad Request', 'DELETE', '/Groups/1'), context: user('delete') },
  ],
  'http-400-invalid-path': [
    { name: '400 scimType invalidPath', exchange: respond(400, scimError(400, 'No such path', 'invalidPath'), 'PATCH'), context: user('update') },
    { name: '400 scimType noTarget', exchange: respond(400, scimError(400, 'Nothing matched', 'noTarget'), 'PATCH'), context: user('update') },
  ],
  'http-400-required': [
    { name: '400 detail "required"', exchange: respond(400, scimError(400, 'Attribute name.familyName is required')), context: user('create') },
    { name: '400 detail "missing"', exchange: respond(400, scimError(400, 'Missing value for emails')), context: user('create') },
  ],
  'http-400-domain': [
    { name: '400 detail mentions a domain', exchange: respond(400, scimError(400, 'The Domain of userName is not verified')), context: user('create') },
  ],
  'http-401': [{ name: '401', exchange: respond(401, scimError(401, 'Invalid token')), context: user('update') }],
  'http-license': [
    { name: '402', exchange: respond(402, scimError(402, 'Upgrade your plan')), context: user('create') },
    { name: '403 about a licence', exchange: respond(403, scimError(403, 'No licence left for this seat')), context: user('create') },
    { name: '403 about a license (US)', exchange: respond(403, scimError(403, 'License limit reached')), context: user('enable') },
  ],
  'http-403': [{ name: '403', exchange: respond(403, scimError(403, 'Forbidden for this client')), context: user('create') }],
  'http-404-filter': [
    { name: '404 on the probe', exchange: respond(404, scimError(404, 'Not found'), 'GET', '/Users?filter=x'), context: user('probe') },
    { name: '404 on matching', exchange: respond(404, undefined, 'GET', '/Groups?filter=x'), context: { purpose: 'match', objectType: 'Group' } },
  ],
  'http-404-anchor': (['read', 'update', 'disable', 'enable', 'delete', 'membership', 'manager'] as const).map((purpose) => ({
    name: `404 on ${purpose}`,
    exchange: respond(404, scimError(404, 'Resource tgt-1 not found'), 'PATCH', '/Users/tgt-1'),
    context: user(purpose),
  })),
  'http-405': [{ name: '405', exchange: respond(405, undefined, 'PATCH'), context: user('update') }],
  'http-409': (['create', 'update', 'disable', 'enable', 'membership', 'manager'] as const).map((purpose) => ({
    name: `409 on ${purpose}`,
    exchange: respond(409, scimError(409, 'userName taken', 'uniqueness'), purpose === 'create' ? 'POST' : 'PATCH'),
    context: user(purpose),
  })),
  'http-412': [{ name: '412', exchange: respond(412, scimError(412, 'Version mismatch'), 'PATCH'), context: user('update') }],
  'http-422': [{ name: '422', exchange: respond(422, scimError(422, 'Cannot process')), context: user('create') }],
  'http-429': [{ name: '429', exchange: respond(429, undefined), context: user('create') }],
  'http-500': [{ name: '500', exchange: respondText(500, 'boom', 'POST', '/Users'), context: user('create') }],
  'http-501': [{ name: '501', exchange: respond(501, scimError(501, 'PATCH not implemented'), 'PATCH'), context: user('update') }],
  'http-gateway': [502, 503, 504].map((status) => ({
    name: String(status),
    exchange: respondText(status, '<html>gateway</html>', 'POST', '/Users'),
    context: user('create'),
  })),
  'http-other': [
    { name: '400-range other (418)', exchange: respond(418, undefined), context: user('create') },
    { name: '410 Gone', exchange: respond(410, undefined, 'GET'), context: user('read') },
    { name: 'unexpected 304', exchange: respond(304, undefined, 'GET'), context: user('read') },
    { name: '409 to a DELETE (no capture)', exchange: respond(409, scimError(409, 'In use'), 'DELETE', '/Users/tgt-1'), context: user('delete') },
    { name: '409 to a filter (no capture)', exchange: respond(409, scimError(409, 'Conflict'), 'GET', '/Users?filter=x'), context: user('match') },
  ],
  'http-other-5xx': [{ name: '507', exchange: respond(507, undefined), context: user('create') }],
  'transport-timeout': [
    { name: 'timeout', exchange: failWith('timeout', 'no response within 30000 ms'), context: user('create') },
    { name: 'timeout on the probe', exchange: failWith('timeout', 'no response within 30000 ms'), context: user('probe') },
  ],
  'transport-connection': (['connection', 'tls', 'protocol'] as const)
    .map((kind): ExchangeCase => ({ name: kind, exchange: failWith(kind, `${kind} failed: ECONNRESET`), context: user('update') }))
    .concat([{ name: 'redirect', exchange: failWith('redirect', 'redirect to https://elsewhere.test/ refused', 302), context: user('read') }]),
  'transport-connection-probe': (['connection', 'tls', 'protocol'] as const)
    .map((kind) => ({ name: `${kind} on the probe`, exchange: failWith(kind, 'connect ECONNREFUSED 127.0.0.1:9'), context: user('probe') }))
    .concat([{ name: 'redirect on the probe', exchange: failWith('redirect', 'redirect refused', 301), context: user('probe') }]),
  'transport-too-large': [
    { name: 'tooLarge with status', exchange: failWith('tooLarge', 'body over 4194304 bytes', 200), context: user('read') },
    { name: 'tooLarge without status', exchange: failWith('tooLarge', 'body over 4194304 bytes'), context: user('match') },
  ],
  'response-unparseable': [
    { name: 'HTML on a read', exchange: respondText(200, '<html>ok</html>'), context: user('read') },
    { name: 'HTML on a filter', exchange: respondText(200, '<html>ok</html>', 'GET', '/Users?filter=x'), context: user('match') },
    { name: 'empty body on a read', exchange: respondText(200, ''), context: user('read') },
    { name: 'array on a create', exchange: respond(201, [{ id: '1' }]), context: user('create') },
    { name: 'string on a PATCH', exchange: respond(200, 'done', 'PATCH'), context: user('update') },
  ],
  'response-wrong-shape': [
    { name: 'manager as a string on a create', exchange: respond(201, { id: '1', userName: 'a', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { manager: '2' } }), context: user('create') },
    { name: 'emails as an object on a read', exchange: respond(200, { id: '1', userName: 'a', emails: { value: 'a@example.com' } }, 'GET'), context: user('read') },
    { name: 'active as "True" in a matched resource', exchange: respond(200, listResponse([{ id: '1', userName: 'a', active: 'True' }]), 'GET'), context: user('match') },
  ],
  'create-missing-id': [
    { name: '201 without id', exchange: respond(201, { userName: 'a' }), context: user('create') },
    { name: '201 with empty id', exchange: respond(201, { id: '', userName: 'a' }), context: user('create') },
    { name: '201 without body', exchange: respond(201, undefined), context: { purpose: 'create', objectType: 'Group' } },
  ],
  'filter-not-list-response': [
    { name: 'bare resource array', exchange: respond(200, [{ id: '1' }], 'GET'), context: user('match') },
    { name: 'no totalResults', exchange: respond(200, { Resources: [] }, 'GET'), context: user('probe') },
    { name: 'hits without Resources', exchange: respond(200, { totalResults: 2 }, 'GET'), context: user('match') },
    { name: 'Resources not an array', exchange: respond(200, { totalResults: 0, Resources: {} }, 'GET'), context: user('match') },
    { name: 'empty body', exchange: respond(200, undefined, 'GET'), context: user('probe') },
  ],
};

interface EngineCase {
  readonly facts: ErrorFacts;
  /** Text the reason must contain. */
  readonly mentions: readonly string[];
}

const ENGINE_CASES: Partial<Record<ErrorRowId, EngineCase>> = {
  'duplicate-target-entries': {
    facts: { objectType: 'User', count: 2, matchingAttribute: 'userName', matchingValue: 'adele@contoso.com' },
    mentions: ['userName eq "adele@contoso.com"', '2 results'],
  },
  'multiple-entries-in-response': {
    facts: { objectType: 'Group', count: 3, identifier: 'Sales' },
    mentions: ['returned 3 entries', "Group 'Sales'"],
  },
  'duplicate-source-entries': {
    facts: { count: 2, matchingAttribute: 'userName', matchingValue: 'dup@contoso.com', identifier: 'Dup' },
    mentions: ['2 source objects', '"dup@contoso.com"', 'userName'],
  },
  'matching-value-unsupported-characters': {
    facts: { row: 'matching-value-unsupported-characters', matchingAttribute: 'userName', message: 'The value of userName contains the character \'"\'.' },
    mentions: ['userName', '\'"\''],
  },
  'import-skipped': { facts: { identifier: 'No Mail', matchingAttribute: 'userName' }, mentions: ["User 'No Mail'", 'no value for userName'] },
  'entry-synchronization-skipped': {
    facts: { identifier: 'Same', skipReason: 'RedundantExport' },
    mentions: ['RedundantExport', 'The state of the user in both the source and target systems already match.'],
  },
  'too-many-deletes': {
    facts: { identifier: 'Lee', threshold: 3, plannedDeletes: 5 },
    mentions: ['5 deletions and disables', 'threshold of 3'],
  },
  'internal-error': { facts: { identifier: 'Lee' }, mentions: ['internal error', "User 'Lee'"] },
};

describe('ERROR_CODE_TABLE', () => {
  it('gives every row a distinct id and a distinct recommended action, so each outcome is told apart', () => {
    const idsSeen = new Set(ERROR_CODE_TABLE.map((row) => row.id));
    const actions = new Set(ERROR_CODE_TABLE.map((row) => row.recommendedAction));
    expect(idsSeen.size).toBe(ERROR_CODE_TABLE.length);
    expect(actions.size).toBe(ERROR_CODE_TABLE.length);
  });

  it('cites a reference section on every row, and every chosen row says it is an inference', () => {
    for (const row of ERROR_CODE_TABLE) {
      expect({ id: row.id, citation: row.citation }).toEqual({ id: row.id, citation: expect.stringMatching(/entra-behaviour\.md#[a-z]/) });
      if (row.basis === 'chosen') expect({ id: row.id, citation: row.citation }).toEqual({ id: row.id, citation: expect.stringContaining('[INF]') });
    }
  });

  it('has a hand-built exchange case for every exchange row', () => {
    const missing = ERROR_CODE_TABLE.filter((row) => row.decidedBy === 'exchange' && !EXCHANGE_CASES[row.id]?.length).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  it('has an errorInfoFor case for every engine row', () => {
    const missing = ERROR_CODE_TABLE.filter((row) => row.decidedBy === 'engine' && !ENGINE_CASES[row.id]).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  it('is listed row by row in ERROR-CODES.md with its code and basis', () => {
    const markdown = readFileSync(join(__dirname, '../../../harness/engine/entra-errors/ERROR-CODES.md'), 'utf8');
    const lines = markdown.split('\n');
    for (const row of ERROR_CODE_TABLE) {
      const line = lines.find((l) => l.startsWith(`| ${row.id} |`));
      expect({ id: row.id, line: line ?? null }).toEqual({ id: row.id, line: expect.stringContaining(`\`${row.code}\``) });
      expect(line).toContain(`| ${row.basis} |`);
      expect(line).toContain(`| ${row.decidedBy} |`);
    }
  });
});

describe('classifyExchange: one case per table row', () => {
  for (const row of ERROR_CODE_TABLE.filter((r) => r.decidedBy === 'exchange')) {
    for (const testCase of EXCHANGE_CASES[row.id] ?? []) {
      it(`${row.id}: ${testCase.name} → ${row.code}`, () => {
        const result = classifyExchange(testCase.exchange, testCase.context);
        expect(result).not.toBeNull();
        expect({
          errorCode: result?.errorCode,
          recommendedAction: result?.recommendedAction,
          retryable: result?.retryable,
          errorCategory: result?.errorCategory,
        }).toEqual({
          errorCode: row.code,
          recommendedAction: row.recommendedAction,
          retryable: row.retryable,
          errorCategory: row.errorCategory,
        });
      });
    }
  }
});

describe('classifyExchange: details', () => {
  it('gives the exact SCIM compliance text and a compliance quarantine for a 404 on a filter', () => {
    const expected =
      'SCIM Compliance issue: An HTTP/404 Not Found response was returned rather than the expected HTTP/200 OK response. ' +
      'To address this issue, ensure your SCIM endpoint returns HTTP/200 OK with an empty ListResponse for a filter query ' +
      'that matches nothing (RFC 7644 §3.4.2)';
    const result = classifyExchange(respond(404, scimError(404, 'nope'), 'GET'), user('probe'));
    expect(result?.errorCode).toBe('SystemForCrossDomainIdentityManagementServiceIncompatible');
    expect(result?.reason).toBe(expected);
    expect(result?.quarantineTrigger).toEqual({
      kind: 'compliance',
      jobErrorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
      message: expected,
    });
    expect(result?.additionalDetails).toContain('StatusCode: NotFound');
  });

  it('does not quarantine for a 404 on a cached id', () => {
    const result = classifyExchange(respond(404, undefined, 'GET', '/Users/gone'), user('read'));
    expect(result?.errorCode).toBe('InvalidAnchor');
    expect(result?.quarantineTrigger).toBeUndefined();
  });

  it('quarantines for credentials on a 401 with the observed job error code', () => {
    const result = classifyExchange(respond(401, undefined), user('create'));
    expect(result?.quarantineTrigger?.kind).toBe('credentials');
    expect(result?.quarantineTrigger?.jobErrorCode).toBe('SystemForCrossDomainIdentityManagementCredentialValidationFailure');
    expect(result?.reason.startsWith('StatusCode: Unauthorized\r\n')).toBe(true);
  });

  it('labels an unreachable probe CredentialValidationUnavailable, and only the probe', () => {
    const probe = classifyExchange(failWith('connection', 'connect ECONNREFUSED 127.0.0.1:9'), user('probe'));
    expect(probe?.quarantineTrigger).toEqual({
      kind: 'credentials',
      jobErrorCode: 'CredentialValidationUnavailable',
      message: expect.stringContaining('ECONNREFUSED'),
    });
    const run = classifyExchange(failWith('connection', 'connect ECONNREFUSED 127.0.0.1:9'), user('create'));
    expect(run?.errorCode).toBe('WebExceptionProtocolError');
    expect(run?.quarantineTrigger).toBeUndefined();
  });

  it('logs a 409 as captured, ServiceIncompatibleFiltering, and says what a 409 means for Entra', () => {
    const result = classifyExchange(respond(409, scimError(409, 'taken', 'uniqueness')), user('create'));
    expect(result?.errorCode).toBe('SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering');
    expect(result?.errorCode).not.toBe('EntryConflict');
    expect(result?.additionalDetails).toContain('scimType: uniqueness');
    expect(result?.additionalDetails).toContain("Entra's match query");
    expect(result?.additionalDetails).toContain("uniqueness check found");
    expect(result?.recommendedAction).toMatch(/match query .* did not find what the endpoint's uniqueness check found/);
    expect(result?.reason).toBe(formatReason(409, JSON.stringify(scimError(409, 'taken', 'uniqueness'))));
  });

  // The captured reason (docs/entra-behaviour.md#reason-text): "StatusCode: Conflict … Web Response:
  // {…"status":"409"…}. This operation was retried 0 times. It will be retried again after this date: …Z UTC".
  it.each<[string, ClassifyPurpose, 'POST' | 'PATCH']>([
    ['a create POST', 'create', 'POST'],
    ['a disable PATCH', 'disable', 'PATCH'],
  ])('gives a 409 to %s the captured reason shape: status, Web Response, retry note', (_name, purpose, method) => {
    const body = scimError(409, 'User must be Active', 'uniqueness');
    const result = classifyExchange(respond(409, body, method, method === 'POST' ? '/Users' : '/Users/tgt-1'), {
      purpose,
      objectType: 'User',
      retry: { retriedTimes: 0, nextAttempt: new Date('2023-03-02T07:43:56.650Z') },
    });
    expect(result?.errorCode).toBe('SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering');
    const reason = result?.reason ?? '';
    expect(reason.startsWith('StatusCode: Conflict\r\n')).toBe(true);
    expect(reason).toContain(`\r\nWeb Response: \r\n${JSON.stringify(body)}`);
    expect(reason).toContain('"status":"409"');
    expect(
      reason.endsWith('. This operation was retried 0 times. It will be retried again after this date: 2023-03-02T07:43:56.6500000Z UTC'),
    ).toBe(true);
  });

  it('puts the raw body in Entra reason shape for an HTTP failure', () => {
    const result = classifyExchange(respondText(400, '{"detail":"bad"', 'POST', '/Users'), user('create'));
    expect(result?.reason).toBe(
      "StatusCode: BadRequest\r\nMessage: Processing of the HTTP request resulted in an exception. Please see the HTTP response returned by the 'Response' property of this exception for details.\r\nWeb Response: \r\n{\"detail\":\"bad\"",
    );
  });

  it("uses Entra's deserialize message with the received text for an unparseable 2xx", () => {
    const result = classifyExchange(respondText(200, '<html>hello</html>'), user('read'));
    expect(result?.reason).toBe(
      'We are not able to deserialize the resource received from your SCIM endpoint because your SCIM endpoint is not fully ' +
        'compatible with the Azure Active Directory SCIM client. Here is the resource we received from your SCIM endpoint: <html>hello</html>',
    );
  });

  it('explains what is missing from a filter answer that is not a ListResponse', () => {
    const result = classifyExchange(respond(200, { totalResults: 2 }, 'GET'), user('match'));
    expect(result?.reason).toContain('totalResults is 2 but there is no Resources array');
  });

  it('names the transport failure in the reason', () => {
    const result = classifyExchange(failWith('timeout', 'no response within 30000 ms'), user('create'));
    expect(result?.reason).toBe('WebExceptionStatus: Timeout\r\nMessage: The operation has timed out.\r\nDetails: no response within 30000 ms');
    const dns = classifyExchange(failWith('connection', 'getaddrinfo ENOTFOUND scim.invalid'), user('create'));
    expect(dns?.reason).toContain('WebExceptionStatus: NameResolutionFailure');
  });

  it('appends the retry suffix when the context carries one', () => {
    const result = classifyExchange(respondText(500, 'boom', 'POST'), {
      purpose: 'create',
      objectType: 'User',
      retry: { retriedTimes: 0, nextAttempt: new Date('2026-03-24T13:23:44.919Z') },
    });
    expect(result?.reason.endsWith('\r\nWeb Response: \r\nboom. This operation was retried 0 times. It will be retried again after this date: 2026-03-24T13:23:44.9190000Z UTC')).toBe(true);
  });

  it('marks manager and membership failures as reference failures, and nothing else', () => {
    const purposes: ClassifyPurpose[] = ['probe', 'match', 'read', 'create', 'update', 'disable', 'enable', 'delete', 'membership', 'manager'];
    const flagged = purposes.filter((purpose) => classifyExchange(respond(500, undefined), user(purpose))?.isReferenceFailure);
    expect(flagged).toEqual(['membership', 'manager']);
  });

  it.each<[string, Exchange, ClassifyContext]>([
    ['an empty ListResponse on the probe', respond(200, listResponse([]), 'GET'), user('probe')],
    ['a ListResponse with totalResults 0 and no Resources', respond(200, { totalResults: 0 }, 'GET'), user('match')],
    ['a ListResponse with one hit', respond(200, listResponse([{ id: 'a' }]), 'GET'), user('match')],
    ['a 201 with an id', respond(201, { id: 'new-1', userName: 'a' }), user('create')],
    ['a 200 read of a resource', respond(200, { id: 'a' }, 'GET'), user('read')],
    ['a 204 PATCH', respond(204, undefined, 'PATCH'), user('update')],
    ['a 200 PATCH with the resource', respond(200, { id: 'a', active: false }, 'PATCH'), user('disable')],
    ['a 204 group membership PATCH', respond(204, undefined, 'PATCH'), { purpose: 'membership', objectType: 'Group' }],
    ['a 204 DELETE', respond(204, undefined, 'DELETE'), user('delete')],
    ['a 200 DELETE with an HTML body', respondText(200, '<p>deleted</p>', 'DELETE'), user('delete')],
  ])('returns null for %s', (_name, exchange, context) => {
    expect(classifyExchange(exchange, context)).toBeNull();
  });
});

describe('errorInfoFor', () => {
  for (const row of ERROR_CODE_TABLE.filter((r) => r.decidedBy === 'engine')) {
    const testCase = ENGINE_CASES[row.id];
    if (!testCase) continue;
    it(`${row.id}: ${row.code} carries the facts and the table's action`, () => {
      const info = errorInfoFor(row.code, testCase.facts);
      expect(info.errorCode).toBe(row.code);
      expect(info.errorCategory).toBe(row.errorCategory);
      expect(info.recommendedAction).toBe(row.recommendedAction);
      for (const text of testCase.mentions) expect(info.reason).toContain(text);
    });
  }

  it('uses the InvalidAnchor row for an anchor the engine found gone', () => {
    const info = errorInfoFor('InvalidAnchor', { targetId: 'tgt-9', identifier: 'Gone' });
    const row = ERROR_CODE_TABLE.find((r) => r.id === 'http-404-anchor');
    expect(info.recommendedAction).toBe(row?.recommendedAction);
    expect(info.reason).toContain('"tgt-9"');
    expect(info.errorCategory).toBe('nonServiceFailure');
  });

  it('takes the generic path for a code outside the table', () => {
    const info = errorInfoFor('UnableToResolveReferenceAttributeValue', { message: 'Manager src-9 is not provisioned.' });
    expect(info).toEqual({
      errorCode: 'UnableToResolveReferenceAttributeValue',
      reason: 'Manager src-9 is not provisioned.',
      additionalDetails: null,
      errorCategory: 'failure',
      recommendedAction: expect.stringMatching(/\S/),
    });
  });

  it('gives a code shared by several rows the generic action, or the row the caller names', () => {
    const shared = errorInfoFor('SystemForCrossDomainIdentityManagementServiceIncompatible', { message: 'the create response carried no id' });
    const sharing = ERROR_CODE_TABLE.filter((r) => r.code === 'SystemForCrossDomainIdentityManagementServiceIncompatible');
    expect(sharing.length).toBeGreaterThan(1);
    expect(sharing.map((r) => r.recommendedAction)).not.toContain(shared.recommendedAction);
    expect(shared.errorCategory).toBe('nonServiceFailure');
    expect(shared.reason).toBe('the create response carried no id');
    const named = errorInfoFor('SystemForCrossDomainIdentityManagementServiceIncompatible', { row: 'create-missing-id' });
    expect(named.recommendedAction).toBe(ERROR_CODE_TABLE.find((r) => r.id === 'create-missing-id')?.recommendedAction);
    expect(() => errorInfoFor('Timeout', { row: 'create-missing-id' })).toThrow(/not Timeout/);
  });

  it('appends the retry suffix', () => {
    const info = errorInfoFor('DuplicateTargetEntries', {
      count: 2,
      matchingAttribute: 'userName',
      matchingValue: 'a',
      retry: { retriedTimes: 1, nextAttempt: new Date('2026-03-24T13:23:44.000Z') },
    });
    expect(info.reason).toMatch(/\. This operation was retried 1 times\. It will be retried again after this date: 2026-03-24T13:23:44\.0000000Z UTC$/);
  });
});

describe('formatReason', () => {
  it("reproduces Entra's reason shape exactly (docs/entra-behaviour.md#reason-text)", () => {
    const body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"unclaimed user already exists","status":409}';
    expect(formatReason(409, body, { retriedTimes: 1, nextAttempt: new Date('2026-03-24T13:23:44.919Z') })).toBe(
      'StatusCode: Conflict\r\n' +
        "Message: Processing of the HTTP request resulted in an exception. Please see the HTTP response returned by the 'Response' property of this exception for details.\r\n" +
        'Web Response: \r\n' +
        body +
        '. This operation was retried 1 times. It will be retried again after this date: 2026-03-24T13:23:44.9190000Z UTC',
    );
  });

  it('has no retry suffix without retry information', () => {
    expect(formatReason(400, 'x')).toBe(
      "StatusCode: BadRequest\r\nMessage: Processing of the HTTP request resulted in an exception. Please see the HTTP response returned by the 'Response' property of this exception for details.\r\nWeb Response: \r\nx",
    );
  });

  it('formats timestamps with seven fractional digits like .NET', () => {
    expect(formatDotNetTimestamp(new Date('2026-01-02T03:04:05.006Z'))).toBe('2026-01-02T03:04:05.0060000Z');
  });

  it('formats transport failures with the retry suffix too', () => {
    expect(formatTransportReason({ kind: 'tls', message: 'self-signed certificate' }, { retriedTimes: 2, nextAttempt: new Date('2026-03-25T00:00:00Z') })).toBe(
      'WebExceptionStatus: TrustFailure\r\nMessage: The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel.\r\n' +
        'Details: self-signed certificate. This operation was retried 2 times. It will be retried again after this date: 2026-03-25T00:00:00.0000000Z UTC',
    );
  });
});

describe('dotNetStatusName', () => {
  it.each([
    [400, 'BadRequest'],
    [401, 'Unauthorized'],
    [402, 'PaymentRequired'],
    [403, 'Forbidden'],
    [404, 'NotFound'],
    [405, 'MethodNotAllowed'],
    [409, 'Conflict'],
    [412, 'PreconditionFailed'],
    [422, 'UnprocessableEntity'],
    [429, 'TooManyRequests'],
    [500, 'InternalServerError'],
    [501, 'NotImplemented'],
    [502, 'BadGateway'],
    [503, 'ServiceUnavailable'],
    [504, 'GatewayTimeout'],
    [418, '418'],
  ])('%i → %s', (status, name) => {
    expect(dotNetStatusName(status)).toBe(name);
  });
});
