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
    expected: 'one PATCH adding title, adding an e-mail, replacing displayName and removing nickName is answered 200 (with the patched user) or 204, and GET then shows every change — the new e-mail beside the old one',
    fix: 'Apply every operation of the request in order; answer 200 with the resulting resource, or 204.',
    writes: true,
    requires: requirements.patch,
    async run(context) {
      const user = await context.createUser('patch', { displayName: 'Before', nickName: 'Nick', emails: [{ type: 'work', value: `${context.base}work@example.com` }] });
      const title = context.name('title');
      const home = `${context.base}home@example.com`;
      const patched = await patchOf(context, user.id, {
        schemas: [PATCH_OP_SCHEMA],
        Operations: [
          { op: 'add', path: 'title', value: title },
          { op: 'add', path: 'emails', value: [{ type: 'home', value: home }] },
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
        const emails = emailValues(body);
        if (emails.home !== home || emails.work === undefined) return failed(`${where}: add to emails did not append (emails ${quote(JSON.stringify(read(body, 'emails')))})`);
      }
      return passed(`answered ${statusOf(patched)}; all four operations took effect`);
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
    id: 'rfc/patch/primary',
    section: 'RFC 7644 §3.5.2',
    title: 'Setting primary on one value takes it from the value that had it',
    // RFC 7644 §3.5.2: "a "primary" attribute value of "true" … SHALL cause … the value of "primary" to be set to "false" for any other values in the array"; RFC 7643 §2.4: at most one primary.
    keyword: 'SHALL',
    expected: 'with a primary work e-mail, replace emails[type eq "home"].primary with true is accepted, and GET then shows the home e-mail primary and the work one not',
    fix: 'When a value becomes primary, set primary false on the others in the same request instead of refusing it.',
    writes: true,
    requires: requirements.patch,
    async run(context) {
      const user = await context.createUser('primary', {
        emails: [
          { type: 'work', value: `${context.base}work@example.com`, primary: true },
          { type: 'home', value: `${context.base}home@example.com` },
        ],
      });
      const patched = await patchOf(context, user.id, { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'emails[type eq "home"].primary', value: true }] });
      if (!isSuccess(patched)) return failed(`making the home e-mail primary was answered ${describeAnswer(patched)}`);
      const emails = read((await readUser(context, user.id)).body, 'emails');
      const primaryOf = (type: string): unknown => (Array.isArray(emails) ? emails.find((email) => isObject(email) && stringField(email, 'type') === type) : undefined) as unknown;
      const home = primaryOf('home');
      const work = primaryOf('work');
      const isPrimary = (email: unknown): boolean => isObject(email) && read(email, 'primary') === true;
      return isPrimary(home) && !isPrimary(work) ? passed('the home e-mail is primary, the work one no longer') : failed(`after the PATCH, emails read ${quote(JSON.stringify(emails))}`);
    },
  },
  {
    id: 'rfc/patch/invalid-value',
    section: SECTION,
    title: 'A value of the wrong type is refused with 400 invalidValue',
    // RFC 7644 §3.5.2: an operation "not compatible with an attribute's … schema SHALL return the appropriate HTTP response status code" (Table 9: invalidValue).
    keyword: 'SHALL',
    expected: 'PATCH replace of active (boolean) with "maybe" is answered 400 with scimType invalidValue, and active is unchanged',
    fix: 'Check each value against the attribute\'s type and refuse a mismatch with 400 and scimType "invalidValue".',
    writes: true,
    requires: requirements.patch,
    async run(context) {
      const user = await context.createUser('invalid-value', { active: true });
      const patched = await patchOf(context, user.id, { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'active', value: 'maybe' }] });
      if (!isErrorAnswer(patched, 400, 'invalidValue')) return failed(`replacing active with "maybe" was answered ${describeAnswer(patched)}`);
      const active = read((await readUser(context, user.id)).body, 'active');
      return active === true ? passed(`refused (${describeAnswer(patched)}); active unchanged`) : failed(`the PATCH was refused but active now reads ${quote(JSON.stringify(active))}`);
    },
  },
  {
    id: 'rfc/patch/unknown-op',
    section: SECTION,
    title: 'An operation other than add, remove or replace, or an add without value, is refused with 400',
    // RFC 7644 §3.5.2: each operation "MUST" have one "op" of "add", "remove" or "replace"; §3.5.2.1: add "MUST contain a "value" member".
    keyword: 'MUST',
    expected: 'a PATCH with op "frobnicate", and one adding without a value, are each answered 400 (scimType invalidSyntax or invalidValue)',
    fix: 'Refuse an unknown op, or an add without value, with 400 and scimType "invalidSyntax" instead of skipping it.',
    writes: true,
    requires: requirements.patch,
    async run(context) {
      const user = await context.createUser('unknown-op', { displayName: 'Before' });
      for (const [operation, what] of [
        [{ op: 'frobnicate', path: 'displayName', value: 'After' }, 'op "frobnicate"'],
        [{ op: 'add', path: 'displayName' }, 'an add without value'],
      ] as const) {
        const patched = await patchOf(context, user.id, { schemas: [PATCH_OP_SCHEMA], Operations: [operation] });
        const scimType = scimErrorOf(patched)?.scimType;
        if (statusOf(patched) !== 400 || (scimType !== undefined && scimType !== 'invalidSyntax' && scimType !== 'invalidValue')) return failed(`${what} was answered ${describeAnswer(patched)}`);
      }
      return passed('both were answered 400');
    },
  },
  {
    id: 'rfc/patch/missing-schemas',
    section: SECTION,
    title: 'A PatchOp without "schemas", or with no operation, is refused with 400 invalidSyntax',
    // RFC 7644 §3.5.2: "The body of each request MUST contain the "schemas" attribute with the URI value of "urn:ietf:params:scim:api:messages:2.0:PatchOp"" and an "Operations" array of one or more operations.
    keyword: 'MUST',
    expected: 'a PATCH body with Operations but no "schemas", and one with an empty Operations array, are each answered 400 with scimType invalidSyntax',
    fix: 'Check that a PATCH body carries "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]; refuse it otherwise with 400 invalidSyntax.',
    writes: true,
    requires: requirements.patch,
    async run(context) {
      const user = await context.createUser('no-schemas', { displayName: 'Before' });
      const patched = await patchOf(context, user.id, { Operations: [{ op: 'replace', path: 'displayName', value: 'After' }] });
      if (!isErrorAnswer(patched, 400, 'invalidSyntax')) return failed(`a PatchOp without "schemas" was answered ${describeAnswer(patched)}`);
      const empty = await patchOf(context, user.id, { schemas: [PATCH_OP_SCHEMA], Operations: [] });
      if (!isErrorAnswer(empty, 400, 'invalidSyntax')) return failed(`a PatchOp with no operation was answered ${describeAnswer(empty)}`);
      return passed(`both answered ${describeAnswer(patched)}`);
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
