/**
 * PATCH (RFC 7644 §3.5.2): the three operations verified by reading back, value-path targets,
 * what a malformed request must be answered, and atomicity. Probed only when the server
 * advertises patch.supported.
 */
import { requirements } from '../advertised';
import { type ProbeContext } from '../probe-context';
import { type RfcProbe, failed, passed } from '../rfc-probe';
import { PATCH_OP_SCHEMA, bodyOf, describeAnswer, isErrorAnswer, isObject, isSuccess, quote, read, scimErrorOf, statusOf, stringField } from '../responses';

const SECTION = 'RFC 7644 §3.5.2';
const INVALID_PATH = 'rfc/patch/invalid-path';

function patchOf(context: ProbeContext, id: string, body: unknown) {
  return context.send({ method: 'PATCH', path: `${context.users}/${id}`, body });
}

async function readUser(context: ProbeContext, id: string) {
  const exchange = await context.send({ method: 'GET', path: `${context.users}/${id}` });
  return { exchange, body: bodyOf(exchange) };
}

function emailValues(body: Record<string, unknown> | undefined): Record<string, string | undefined> {
  const emails = read(body, 'emails');
  const byType: Record<string, string | undefined> = {};
  for (const email of Array.isArray(emails) ? emails : []) if (isObject(email)) byType[stringField(email, 'type') ?? ''] = stringField(email, 'value');
  return byType;
}

export const PATCH_PROBES: readonly RfcProbe[] = [
  {
    id: 'rfc/patch/operations',
    section: SECTION,
    title: 'add, replace and remove take effect, and the answer is 200 with the resource or 204',
    // RFC 7644 §3.5.2: "the server either MUST return a 200 OK response code and the entire resource within the response body … or MAY return HTTP status code 204"; §3.5.2.1–3 say what each operation does.
    keyword: 'MUST',
    expected: 'one PATCH adding title, replacing displayName and removing nickName is answered 200 (with the patched user) or 204, and GET then shows all three changes',
    fix: 'Apply every operation of the request in order; answer 200 with the resulting resource, or 204.',
    writes: true,
    requires: requirements.patch,
    async run(context) {
      const user = await context.createUser('patch', { displayName: 'Before', nickName: 'Nick' });
      const title = context.name('title');
      const patched = await patchOf(context, user.id, {
        schemas: [PATCH_OP_SCHEMA],
        Operations: [
          { op: 'add', path: 'title', value: title },
          { op: 'replace', path: 'displayName', value: 'After' },
          { op: 'remove', path: 'nickName' },
        ],
      });
      if (statusOf(patched) !== 200 && statusOf(patched) !== 204) return failed(`PATCH was answered ${describeAnswer(patched)}, not 200 or 204`);
      const views = statusOf(patched) === 200 ? [{ where: 'the 200 body', body: bodyOf(patched) }] : [];
      views.push({ where: 'GET after PATCH', body: (await readUser(context, user.id)).body });
      for (const { where, body } of views) {
        if (stringField(body, 'title') !== title) return failed(`${where}: add of title did not take (title ${quote(String(read(body, 'title')))})`);
        if (stringField(body, 'displayName') !== 'After') return failed(`${where}: replace of displayName did not take (${quote(String(read(body, 'displayName')))})`);
        if (read(body, 'nickName') !== undefined) return failed(`${where}: remove of nickName did not take (${quote(String(read(body, 'nickName')))})`);
      }
      return passed(`answered ${statusOf(patched)}; all three operations took effect`);
    },
  },
  {
    id: 'rfc/patch/value-path',
    section: 'RFC 7644 §3.5.2.3',
    title: 'replace with a value filter (emails[type eq "work"].value) changes only the matching values',
    // RFC 7644 §3.5.2.3: with a valuePath filter "all matching record values SHALL be replaced".
    keyword: 'SHALL',
    expected: 'replace of emails[type eq "work"].value changes the work e-mail and leaves the home e-mail as it was',
    fix: 'Apply a value-path PATCH to the values its filter selects, and only to them.',
    writes: true,
    requires: requirements.patch,
    async run(context) {
      const home = `${context.base}home@example.com`;
      const user = await context.createUser('value-path', { emails: [{ type: 'work', value: `${context.base}work@example.com` }, { type: 'home', value: home }] });
      const changed = `${context.base}changed@example.com`;
      const patched = await patchOf(context, user.id, { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'emails[type eq "work"].value', value: changed }] });
      if (!isSuccess(patched)) return failed(`PATCH was answered ${describeAnswer(patched)}`);
      const emails = emailValues((await readUser(context, user.id)).body);
      if (emails.work !== changed) return failed(`the work e-mail reads ${quote(String(emails.work))}, not ${quote(changed)}`);
      if (emails.home !== home) return failed(`the home e-mail changed too: it reads ${quote(String(emails.home))}`);
      return passed('only the work e-mail changed');
    },
  },
  {
    id: 'rfc/patch/unknown-op',
    section: SECTION,
    title: 'An operation other than add, remove or replace is refused with 400',
    // RFC 7644 §3.5.2: each operation "MUST" have one "op" of "add", "remove" or "replace"; Table 9: invalidSyntax.
    keyword: 'MUST',
    expected: 'a PATCH with op "frobnicate" is answered 400 (scimType invalidSyntax or invalidValue) and changes nothing',
    fix: 'Refuse an unknown op with 400 and scimType "invalidSyntax" instead of skipping it.',
    writes: true,
    requires: requirements.patch,
    async run(context) {
      const user = await context.createUser('unknown-op', { displayName: 'Before' });
      const patched = await patchOf(context, user.id, { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'frobnicate', path: 'displayName', value: 'After' }] });
      const scimType = scimErrorOf(patched)?.scimType;
      if (statusOf(patched) !== 400 || (scimType !== undefined && scimType !== 'invalidSyntax' && scimType !== 'invalidValue')) return failed(`op "frobnicate" was answered ${describeAnswer(patched)}`);
      return passed(`answered ${describeAnswer(patched)}`);
    },
  },
  {
    id: 'rfc/patch/missing-schemas',
    section: SECTION,
    title: 'A PatchOp without "schemas" is refused with 400 invalidSyntax',
    // RFC 7644 §3.5.2: "The body of each request MUST contain the "schemas" attribute with the URI value of "urn:ietf:params:scim:api:messages:2.0:PatchOp"".
    keyword: 'MUST',
    expected: 'a PATCH body with Operations but no "schemas" is answered 400 with scimType invalidSyntax, and the user is unchanged',
    fix: 'Check that a PATCH body carries "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]; refuse it otherwise with 400 invalidSyntax.',
    writes: true,
    requires: requirements.patch,
    async run(context) {
      const user = await context.createUser('no-schemas', { displayName: 'Before' });
      const patched = await patchOf(context, user.id, { Operations: [{ op: 'replace', path: 'displayName', value: 'After' }] });
      if (!isErrorAnswer(patched, 400, 'invalidSyntax')) return failed(`a PatchOp without "schemas" was answered ${describeAnswer(patched)}`);
      return passed(`answered ${describeAnswer(patched)}`);
    },
  },
  {
    id: INVALID_PATH,
    section: SECTION,
    title: 'A malformed path is refused with 400 invalidPath',
    // RFC 7644 §3.12 Table 9: invalidPath — "The "path" attribute was invalid or malformed" (applies to PATCH); §3.5.2 errors "SHALL return the appropriate HTTP response status code".
    keyword: 'SHALL',
    expected: 'a PATCH whose path is emails[type eq "work" (no closing bracket) is answered 400 with scimType invalidPath',
    fix: 'Parse the path before applying anything; answer a malformed one with 400 and scimType "invalidPath".',
    writes: true,
    requires: requirements.patch,
    async run(context) {
      const user = await context.createUser('bad-path');
      const patched = await patchOf(context, user.id, { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'emails[type eq "work"', value: 'x@example.com' }] });
      return isErrorAnswer(patched, 400, 'invalidPath') ? passed(`answered ${describeAnswer(patched)}`) : failed(`a malformed path was answered ${describeAnswer(patched)}`);
    },
  },
  {
    id: 'rfc/patch/remove-without-path',
    section: 'RFC 7644 §3.5.2.2',
    title: 'remove without a path is refused with 400 noTarget',
    // RFC 7644 §3.5.2.2: "If "path" is unspecified, the operation fails with HTTP status code 400 and a "scimType" error code of "noTarget"."
    keyword: 'MUST',
    expected: 'a PATCH remove without path is answered 400 with scimType noTarget',
    fix: 'Refuse a remove operation that has no path with 400 and scimType "noTarget".',
    writes: true,
    requires: requirements.patch,
    async run(context) {
      const user = await context.createUser('remove-no-path', { displayName: 'Kept' });
      const patched = await patchOf(context, user.id, { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'remove' }] });
      return isErrorAnswer(patched, 400, 'noTarget') ? passed(`answered ${describeAnswer(patched)}`) : failed(`remove without path was answered ${describeAnswer(patched)}`);
    },
  },
  {
    id: 'rfc/patch/atomic',
    section: SECTION,
    title: 'A PATCH is atomic: when one operation fails, none is applied',
    // RFC 7644 §3.5.2: the operations are applied in order and "if any ... fails" the resource "MUST" be left as it was ("SHALL be atomic").
    keyword: 'MUST',
    expected: 'a PATCH replacing displayName, then an operation with a malformed path, is refused, and displayName keeps its old value',
    fix: 'Apply the operations to a copy and store it only when every operation succeeded.',
    writes: true,
    requires: requirements.patch,
    dependsOn: [INVALID_PATH],
    async run(context) {
      const user = await context.createUser('atomic', { displayName: 'Before' });
      const patched = await patchOf(context, user.id, {
        schemas: [PATCH_OP_SCHEMA],
        Operations: [
          { op: 'replace', path: 'displayName', value: 'After' },
          { op: 'replace', path: 'emails[type eq "work"', value: 'x@example.com' },
        ],
      });
      if (isSuccess(patched)) return failed(`the PATCH with a malformed second operation was answered ${describeAnswer(patched)}`);
      const { body } = await readUser(context, user.id);
      const displayName = stringField(body, 'displayName');
      return displayName === 'Before' ? passed(`refused (${describeAnswer(patched)}); displayName unchanged`) : failed(`the PATCH was refused (${describeAnswer(patched)}) but displayName now reads ${quote(String(displayName))}`);
    },
  },
];
