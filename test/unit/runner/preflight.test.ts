import { stopFor } from '../../../harness/runner/preflight';
import { type Exchange, type TransportError } from '../../../harness/contract/exchange';

function failed(error: TransportError, status?: number): Exchange {
  return {
    id: 'x1',
    startedAt: new Date(0).toISOString(),
    request: { method: 'GET', url: 'https://scim.example.test:8443/scim/v2/Users?filter=x', headers: {} },
    ...(status !== undefined ? { response: { status, headers: {}, text: '', bytes: 0 } } : {}),
    ...(error.message !== '' ? { error } : {}),
    durationMs: 5,
  };
}

describe('stopFor: the real cause of a failed Test Connection, in one line', () => {
  it.each([
    [{ kind: 'connection', message: 'connection refused (ECONNREFUSED: connect ECONNREFUSED 10.0.0.1:8443)' }, 'unreachable', 'connection refused at scim.example.test:8443 (ECONNREFUSED)'],
    [{ kind: 'connection', message: 'DNS lookup failed (ENOTFOUND: getaddrinfo ENOTFOUND scim.example.test)' }, 'unreachable', 'DNS lookup of scim.example.test failed (ENOTFOUND)'],
    [{ kind: 'tls', message: 'TLS verification failed (DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate)' }, 'unreachable', 'TLS with scim.example.test:8443 failed: TLS verification failed (DEPTH_ZERO_SELF_SIGNED_CERT'],
    [{ kind: 'timeout', message: 'no complete response within 2000 ms (no response headers received)' }, 'unreachable', 'no answer from scim.example.test:8443 within 2000 ms'],
    [{ kind: 'connection', message: 'OAuth token request to https://idp.test/token failed: HTTP 401 invalid_client' }, 'credentials', 'credentials rejected: OAuth token request'],
  ] as const)('%j → %s', (error, kind, cause) => {
    const stop = stopFor(failed(error), 2000);
    expect(stop?.kind).toBe(kind);
    expect(stop?.cause).toContain(cause);
    expect(stop?.cause).not.toContain('\n');
  });

  it.each([[401], [403]])('HTTP %i: credentials rejected', (status) => {
    expect(stopFor(failed({ kind: 'connection', message: '' }, status), 2000)).toEqual({
      kind: 'credentials',
      cause: `credentials rejected: Test Connection's GET /scim/v2/Users was answered HTTP ${status}`,
      evidence: ['x1'],
    });
  });

  it('goes on for failures the run reports itself (a 404, a body too large)', () => {
    expect(stopFor(failed({ kind: 'connection', message: '' }, 404), 2000)).toBeUndefined();
    expect(stopFor(failed({ kind: 'tooLarge', message: 'response body exceeds the cap' }, 200), 2000)).toBeUndefined();
  });
});
