/**
 * The causes a read-back diagnosis names (docs/diagnosis.md#read-back): why what the target
 * answered 2xx to is not what it returns afterwards. Each is data with its own fix; the
 * inspections and the prober decide which one applies.
 */
import { type CauseSpec } from '../cause';

/** `resource["name.givenName"] = …`: the path text used as a key. */
export const LITERAL_PATH_KEYS: CauseSpec = Object.freeze({
  id: 'read-back/literal-path-keys',
  title: 'Stores a PATCH path such as "name.givenName" as a literal top-level key instead of the sub-attribute it names',
  severity: 'required',
  fix: 'Resolve each PATCH path against the schema before writing (RFC 7644 §3.5.2 attrPath, §3.10): "name.givenName" sets givenName inside name, a URN-qualified path sets the attribute inside its extension; never use the path text as a key.',
  impact: 'Every change Entra sends for a sub-attribute (name.givenName, name.familyName, …) is logged as a success while the application keeps the old value, and the stray keys make the resource invalid.',
  consequence: 'loses-data',
  operations: ['update'],
  spec: 'RFC 7644 §3.5.2 (attrPath = [URI ":"] ATTRNAME *1subAttr), RFC 7643 §2.1 (attribute names hold no "."); docs/entra-behaviour.md#patch-dialects',
});

/** `urn:…:enterprise:2.0:User:department` split at "2.0": `resource["urn:…:enterprise:2"]["0:User:department"]`. */
export const EXTENSION_URN_SPLIT: CauseSpec = Object.freeze({
  id: 'read-back/extension-urn-split-at-dot',
  title: 'Splits URN-qualified PATCH paths at the dot in "2.0", storing enterprise attributes under "urn:…:enterprise:2" instead of the extension',
  severity: 'required',
  fix: 'Match the longest known schema URN before splitting a PATCH path (RFC 7644 §3.10): in "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department" the "." of "2.0" belongs to the URN; the attribute is department inside the enterprise extension.',
  impact: 'Every enterprise-extension change Entra sends (employeeNumber, department, manager, …) is logged as a success while the application keeps the old value.',
  consequence: 'loses-data',
  operations: ['update', 'manager'],
  spec: 'RFC 7644 §3.10 (URN-qualified attribute names), RFC 7643 §3.3 (extension attributes sit under their schema URN); docs/entra-behaviour.md#patch-dialects',
});

/** `"active": "False"` read back after Entra's default dialect wrote the string. */
export const STRING_BOOLEANS_STORED: CauseSpec = Object.freeze({
  id: 'read-back/string-booleans-stored',
  title: 'Stores the "True"/"False" strings of Entra\'s default dialect as strings and returns them where booleans belong',
  severity: 'required',
  fix: 'Convert "True"/"False" (any case) to JSON true/false when a PATCH writes a boolean attribute, and return booleans as JSON booleans (RFC 7643 §2.3.2).',
  impact: 'After a disable in the default dialect the user comes back with "active": "False": Entra cannot deserialise it and fails every later read and update of that user with SystemForCrossDomainIdentityManagementServiceIncompatible.',
  consequence: 'fails',
  operations: ['disable', 'enable', 'update'],
  spec: 'RFC 7643 §2.3.2 (boolean is true or false); docs/entra-behaviour.md#disable-enable, docs/entra-behaviour.md#status-to-error-code',
});

/** `"manager": "<id>"` in a returned user. */
export const MANAGER_AS_STRING: CauseSpec = Object.freeze({
  id: 'read-back/manager-as-string',
  title: 'Returns the enterprise manager as a bare id string instead of the complex {"value": id}',
  severity: 'required',
  fix: 'Return manager as an object, "manager": {"value": "<id>", "$ref": "…"} (RFC 7643 §4.3); accept the bare string Entra sends in a PATCH, but never return one.',
  impact: 'Entra cannot deserialise a user whose manager is a string: every read, match and update of a user with a manager fails with SystemForCrossDomainIdentityManagementServiceIncompatible.',
  consequence: 'fails',
  operations: ['manager', 'update', 'match'],
  spec: 'RFC 7643 §4.3 (manager is complex); docs/entra-behaviour.md#manager-reference, docs/entra-behaviour.md#status-to-error-code',
});

/** "Replace"/"Add"/"Remove" answered 2xx and not applied; the same operation in lower case is. */
export const CAPITALISED_OP_IGNORED: CauseSpec = Object.freeze({
  id: 'read-back/capitalised-op-ignored',
  title: 'Answers success to PATCH operations written "Add", "Replace" or "Remove" but does not apply them',
  severity: 'required',
  fix: 'Compare PATCH op names case-insensitively: Entra\'s default dialect sends "Add", "Replace" and "Remove", and member adds are capitalised in both dialects. An operation the server does not apply must be rejected (400), never answered 2xx (RFC 7644 §3.5.2).',
  impact: 'Changes Entra sends with a capitalised op (group memberships in both dialects, renames and updates in the default one) are logged as successes while the application keeps the old state.',
  consequence: 'loses-data',
  operations: ['membership', 'update'],
  spec: 'RFC 7644 §3.5.2 (a PATCH is applied whole or rejected); docs/entra-behaviour.md#patch-dialects, docs/entra-behaviour.md#group-members',
});

/** `"value": "False"` answered 2xx and not applied; the JSON boolean is. */
export const STRING_BOOLEAN_IGNORED: CauseSpec = Object.freeze({
  id: 'read-back/string-boolean-ignored',
  title: 'Answers success to a PATCH whose boolean is the string "True"/"False" but does not apply it',
  severity: 'required',
  fix: 'Accept "True"/"False" (any case) for boolean attributes, as Entra\'s default dialect sends them, and store JSON booleans; a value the server cannot apply must be rejected with 400 invalidValue, never answered 2xx (RFC 7644 §3.5.2).',
  impact: 'Entra\'s default-dialect disable ("active": "False") is logged as a success while the user stays active in the application.',
  consequence: 'loses-data',
  operations: ['disable', 'enable'],
  spec: 'RFC 7644 §3.5.2; docs/entra-behaviour.md#disable-enable, docs/entra-behaviour.md#patch-dialects',
});

/** Group members stored (a members filter finds the group) but absent from the group's representation. */
export const MEMBERS_NOT_RETURNED: CauseSpec = Object.freeze({
  id: 'read-back/members-not-returned',
  title: 'Stores group members but does not return them in GET /Groups/{id}',
  severity: 'required',
  fix: 'Return members in group representations unless the request excludes them (RFC 7643 §4.2 and §7: members is returned by default); keep honouring excludedAttributes=members, which Entra sends.',
  impact: 'Entra\'s own provisioning still works (it reads groups with excludedAttributes=members), but no client can verify a membership: the Microsoft SCIM Validator\'s member tests and any audit read an empty group.',
  consequence: 'none',
  operations: [],
  spec: 'RFC 7643 §4.2 and §7 ("returned": "default"); docs/entra-behaviour.md#validator-tests',
});

/** What Entra's provisioning loses when the target drops one attribute. */
function droppedImpact(attribute: string): Pick<CauseSpec, 'impact' | 'operations'> {
  const lower = attribute.toLowerCase();
  if (lower === 'active') {
    return { impact: 'Entra\'s disable (active=false) is logged as a success while the user stays active in the application: blocked, unassigned and soft-deleted users keep their access.', operations: ['disable', 'enable'] };
  }
  if (lower === 'members') return { impact: 'Membership changes are logged as successes in Entra while the application keeps the old members.', operations: ['membership'] };
  return { impact: `Changes of ${attribute} are logged as successes in Entra while the application keeps the old value.`, operations: ['update'] };
}

/**
 * The write was accepted and no variant of it was stored: the attribute is dropped. `attribute`
 * is the harness's own path (the one it wrote), never text from the target.
 */
export function writeDropped(attribute: string): CauseSpec {
  return Object.freeze({
    id: `read-back/write-dropped/${attribute}`,
    title: `Accepts a PATCH of ${attribute} but does not store it`,
    severity: 'required',
    fix: `Store every attribute of a PATCH the server answers 2xx to, ${attribute} included, or reject the operation with 400: a 2xx means every operation was applied (RFC 7644 §3.5.2).`,
    ...droppedImpact(attribute),
    consequence: 'loses-data',
    spec: 'RFC 7644 §3.5.2 (a PATCH is applied whole or rejected)',
  });
}
