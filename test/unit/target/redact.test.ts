import { REDACTED, collectSensitiveValues, createRedactor } from '../../../harness/target/redact';

describe('createRedactor', () => {
  const secrets = ['tok-3f9a-SECRET', 'client-secret-77'];
  const redactor = createRedactor(() => secrets, { secretHeaderNames: ['X-Tenant-Key'] });

  it('keeps the scheme of Authorization and Proxy-Authorization but never the credential', () => {
    const out = redactor.redactHeaders({
      Authorization: 'Bearer abc.def.ghi',
      'Proxy-Authorization': 'Basic dXNlcjpwYXNz',
    });
    expect(out).toEqual({ authorization: `Bearer ${REDACTED}`, 'proxy-authorization': `Basic ${REDACTED}` });
  });

  it('redacts a scheme-less Authorization value whole', () => {
    expect(redactor.redactHeaders({ authorization: 'opaque-value' })).toEqual({ authorization: REDACTED });
  });

  it('redacts cookies and configured custom headers by name, in any case, and lower-cases names', () => {
    const out = redactor.redactHeaders({
      Cookie: 'session=1',
      'Set-Cookie': 'id=2; HttpOnly',
      'x-tenant-key': 'ab',
      'Content-Type': 'application/scim+json',
    });
    expect(out).toEqual({
      cookie: REDACTED,
      'set-cookie': REDACTED,
      'x-tenant-key': REDACTED,
      'content-type': 'application/scim+json',
    });
  });

  it('replaces known secrets inside other header values and text', () => {
    expect(redactor.redactHeaders({ location: 'https://x.test/?t=tok-3f9a-SECRET' })).toEqual({
      location: `https://x.test/?t=${REDACTED}`,
    });
    expect(redactor.redactText('bad secret client-secret-77 and tok-3f9a-SECRET')).toBe(
      `bad secret ${REDACTED} and ${REDACTED}`,
    );
  });

  it('replaces percent-encoded and JSON-escaped forms of a secret', () => {
    const odd = createRedactor(() => ['p@ss w"rd']);
    expect(odd.redactText(`?q=${encodeURIComponent('p@ss w"rd')}`)).toBe(`?q=${REDACTED}`);
    expect(odd.redactText(JSON.stringify({ detail: 'p@ss w"rd' }))).toBe(`{"detail":"${REDACTED}"}`);
  });

  it('removes a secret that contains another secret whole', () => {
    const nested = createRedactor(() => ['abcd', 'abcdefgh']);
    expect(nested.redactText('xabcdefghx')).toBe(`x${REDACTED}x`);
  });

  it('does not redact secrets shorter than four characters inside text', () => {
    const short = createRedactor(() => ['on']);
    expect(short.redactText('connection')).toBe('connection');
  });

  it('redacts password properties at any depth and in any case, plus OAuth token members', () => {
    const input = {
      userName: 'bjensen',
      Password: 'x1',
      nested: [{ PASSWORD: { any: 'shape' } }],
      'urn:ietf:params:scim:schemas:core:2.0:User:password': 'x2',
      access_token: 'a',
      refresh_token: 'r',
      client_secret: 'c',
      id_token: 'i',
      passwordHint: 'kept',
    };
    expect(redactor.redactValue(input)).toEqual({
      userName: 'bjensen',
      Password: REDACTED,
      nested: [{ PASSWORD: REDACTED }],
      'urn:ietf:params:scim:schemas:core:2.0:User:password': REDACTED,
      access_token: REDACTED,
      refresh_token: REDACTED,
      client_secret: REDACTED,
      id_token: REDACTED,
      passwordHint: 'kept',
    });
  });

  it('redacts the value of a PATCH operation whose path is password', () => {
    const patch = {
      Operations: [
        { op: 'replace', path: 'password', value: 'new-pass-1' },
        { op: 'replace', path: 'displayName', value: 'Babs' },
      ],
    };
    expect(redactor.redactValue(patch)).toEqual({
      Operations: [
        { op: 'replace', path: 'password', value: REDACTED },
        { op: 'replace', path: 'displayName', value: 'Babs' },
      ],
    });
  });

  it('replaces known secrets inside JSON string values and does not mutate its input', () => {
    const input = { detail: 'token tok-3f9a-SECRET rejected' };
    const out = redactor.redactValue(input);
    expect(out).toEqual({ detail: `token ${REDACTED} rejected` });
    expect(input.detail).toBe('token tok-3f9a-SECRET rejected');
  });

  it('masks sensitive members inside raw JSON text', () => {
    const text = '{"userName":"a","password" : "hunter2-x","ACCESS_TOKEN":"t\\"q"}';
    expect(redactor.redactText(text)).toBe(`{"userName":"a","password" : "${REDACTED}","ACCESS_TOKEN":"${REDACTED}"}`);
  });

  it('reads the secret list on every call, so secrets learnt later are covered', () => {
    const list: string[] = [];
    const live = createRedactor(() => list);
    expect(live.redactText('late-secret-1')).toBe('late-secret-1');
    list.push('late-secret-1');
    expect(live.redactText('late-secret-1')).toBe(REDACTED);
  });

  it('notices a secret replaced in place, so a reissued token of the same list length is covered', () => {
    const list = ['first-token-1'];
    const live = createRedactor(() => list);
    expect(live.redactText('first-token-1')).toBe(REDACTED);
    list[0] = 'second-token-2';
    expect(live.redactText('first-token-1 second-token-2')).toBe(`first-token-1 ${REDACTED}`);
  });

  it('withSecrets adds secrets without losing the original ones or the header names', () => {
    const extended = redactor.withSecrets(['per-request-pw']);
    expect(extended.redactText('per-request-pw tok-3f9a-SECRET')).toBe(`${REDACTED} ${REDACTED}`);
    expect(extended.redactHeaders({ 'X-Tenant-Key': 'v' })).toEqual({ 'x-tenant-key': REDACTED });
    expect(redactor.redactText('per-request-pw')).toBe('per-request-pw');
  });
});

describe('collectSensitiveValues', () => {
  it('finds passwords, token members and PATCH password values, and nothing else', () => {
    const found = collectSensitiveValues({
      userName: 'u',
      password: 'pw-1',
      extension: { 'urn:x:User:password': 'pw-2' },
      Operations: [
        { op: 'replace', path: 'password', value: 'pw-3' },
        { op: 'add', value: { password: 'pw-4', title: 'Dr' } },
      ],
      access_token: 'tok-1',
    });
    expect(found.sort()).toEqual(['pw-1', 'pw-2', 'pw-3', 'pw-4', 'tok-1']);
  });
});

describe('redactParsed', () => {
  const secret = 'sekret-0123456789abcdef';
  const redactor = createRedactor(() => [secret]);

  it('hands back the parsed value itself when its text holds nothing to redact', () => {
    const text = '{"id":"u1","userName":"ada@example.com","active":true}';
    const value = JSON.parse(text) as unknown;
    expect(redactor.redactParsed(value, text)).toBe(value);
  });

  it('redacts a copy when the text holds a known secret', () => {
    const text = `{"id":"u1","note":"${secret}"}`;
    const value = JSON.parse(text) as { note: string };
    const redacted = redactor.redactParsed(value, text) as { note: string };
    expect(redacted).not.toBe(value);
    expect(JSON.stringify(redacted)).not.toContain(secret);
    expect(value.note).toBe(secret);
  });

  it('takes the full path for a sensitive member name or an escape in the text', () => {
    for (const text of ['{"password":12345}', '{"Access_Token":"x"}', '{"a":"\\u0041"}', '{"a":"50%"}']) {
      const value = JSON.parse(text) as unknown;
      expect(redactor.redactParsed(value, text)).not.toBe(value);
    }
    expect(redactor.redactParsed({ password: 12345 }, '{"password":12345}')).toEqual({ password: '[REDACTED]' });
  });

  it('hands back a resource whose only escapes are \\" (an ETag in meta.version) as it is', () => {
    const text = '{"id":"u1","meta":{"version":"W/\\"1\\""}}';
    const value = JSON.parse(text) as { meta: { version: string } };
    expect(value.meta.version).toBe('W/"1"');
    expect(redactor.redactParsed(value, text)).toBe(value);
  });

  it('takes the full path when any other escape follows a \\" escape', () => {
    for (const text of ['{"a":"\\"x\\u0041"}', '{"a":"\\"\\\\"}', '{"a":"x\\"\\/"}']) {
      const value = JSON.parse(text) as unknown;
      expect(redactor.redactParsed(value, text)).not.toBe(value);
    }
  });

  it('finds a secret holding a quote in its quote-escaped spelling, and redacts it', () => {
    const quoted = createRedactor(() => ['pa"ss-0123456789']);
    const text = JSON.stringify({ detail: 'echo pa"ss-0123456789' });
    expect(text).toContain('pa\\"ss-0123456789');
    const value = JSON.parse(text) as unknown;
    expect(quoted.redactParsed(value, text)).toEqual({ detail: `echo ${REDACTED}` });
  });
});

describe('collectSensitiveValues with the JSON text', () => {
  it('finds the same values with or without the text, whatever the spelling of the member name', () => {
    for (const text of ['{"userName":"u","password":"pw-1"}', '{"pass\\u0077ord":"pw-1"}', '{"Operations":[{"op":"replace","path":"password","value":"pw-1"}]}']) {
      const value = JSON.parse(text) as unknown;
      expect(collectSensitiveValues(value, text)).toEqual(['pw-1']);
      expect(collectSensitiveValues(value)).toEqual(['pw-1']);
    }
  });

  it('finds nothing in a document that names no sensitive member', () => {
    const text = '{"userName":"u","title":"Dr","meta":{"version":"W/\\"1\\""}}';
    expect(collectSensitiveValues(JSON.parse(text), text)).toEqual([]);
  });
});
