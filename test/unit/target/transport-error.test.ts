import { classifyTransportError } from '../../../harness/target/transport-error';

function nodeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyTransportError', () => {
  it.each([
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'],
    ['CERT_HAS_EXPIRED', 'certificate has expired'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'],
    ['EPROTO', 'write EPROTO routines:ssl3_read_bytes:sslv3 alert handshake failure'],
  ])('classifies %s as tls', (code, message) => {
    expect(classifyTransportError(nodeError(code, message)).kind).toBe('tls');
  });

  it.each(['HPE_INVALID_CONSTANT', 'HPE_HEADER_OVERFLOW', 'HPE_INVALID_CHUNK_SIZE'])('classifies %s as protocol', (code) => {
    const classified = classifyTransportError(nodeError(code, 'Parse Error'));
    expect(classified.kind).toBe('protocol');
    expect(classified.message).toBe(`malformed HTTP response (${code}: Parse Error)`);
  });

  it.each([
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9', /^connection refused/],
    ['ECONNRESET', 'socket hang up', /^connection reset by the target \(ECONNRESET: socket hang up\)/],
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND scim.invalid', /^DNS lookup failed/],
    ['EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.1:443', /^connection failed/],
  ])('classifies %s as connection', (code, message, pattern) => {
    const classified = classifyTransportError(nodeError(code, message));
    expect(classified.kind).toBe('connection');
    expect(classified.message).toMatch(pattern);
  });

  it('classifies an error without a code as connection, keeping its message', () => {
    expect(classifyTransportError(new Error('boom'))).toEqual({ kind: 'connection', message: 'connection failed (boom)' });
  });
});
