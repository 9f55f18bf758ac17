/**
 * Groups (RFC 7643 §4.2; RFC 7644 §3.3–§3.6, §3.5.2): the lifecycle of a group with a member,
 * and membership changed by PATCH — an add, and a remove selected by a value filter on members.
 * Probed when /ResourceTypes advertises the core Group schema.
 */
import { type Advertised, requirements } from '../advertised';
import { type ProbeContext } from '../probe-context';
import { type RfcProbe, failed, passed } from '../rfc-probe';
import { GROUP_SCHEMA, PATCH_OP_SCHEMA, bodyOf, describeAnswer, isErrorAnswer, isObject, isSuccess, read, statusOf, stringField } from '../responses';

function groupsRequired(advertised: Advertised): string | undefined {
  return requirements.users(advertised) ?? (advertised.group ? undefined : 'no ResourceType with the core Group schema is advertised (GET /ResourceTypes)');
}

function groupsPath(context: ProbeContext): string {
  return context.advertised.group?.endpoint ?? '/Groups';
}

/** Member ids of a group as read back (RFC 7643 §4.2 members.value). */
async function memberIds(context: ProbeContext, id: string): Promise<{ ids: string[] | undefined; answer: string }> {
  const exchange = await context.send({ method: 'GET', path: `${groupsPath(context)}/${id}` });
  const members = read(bodyOf(exchange), 'members');
  if (statusOf(exchange) !== 200) return { ids: undefined, answer: describeAnswer(exchange) };
  return { ids: (Array.isArray(members) ? members : []).map((member) => (isObject(member) ? (stringField(member, 'value') ?? '') : '')), answer: describeAnswer(exchange) };
}

async function createGroup(context: ProbeContext, label: string, members: readonly string[]): Promise<{ id: string; displayName: string } | { error: string }> {
  const displayName = context.name(label);
  const exchange = await context.send({ method: 'POST', path: groupsPath(context), body: { schemas: [GROUP_SCHEMA], displayName, members: members.map((value) => ({ value })) } });
  const id = stringField(bodyOf(exchange), 'id');
  if (!isSuccess(exchange) || id === undefined || id === '') return { error: `creating a group (POST ${groupsPath(context)}) was answered ${describeAnswer(exchange)}` };
  context.track(`${groupsPath(context)}/${id}`);
  return { id, displayName };
}

export const GROUP_PROBES: readonly RfcProbe[] = [
  {
    id: 'rfc/group/lifecycle',
    section: 'RFC 7643 §4.2',
    title: 'A group with a member is created, read, replaced and deleted as RFC 7644 §3.3–§3.6 say',
    // RFC 7644 §3.3 "SHALL be returned with HTTP status code 201"; §3.6 DELETE "SHALL return … 204" and then "MUST return a 404".
    keyword: 'SHALL',
    expected: 'POST /Groups with displayName and one member is 201; GET returns the member; PUT with a new displayName and the same member is 200 and keeps the member; DELETE is 204 and GET is then 404',
    fix: 'Serve /Groups like /Users: 201 on create with members as sent, 200 on PUT replacing what it is given, 204 on DELETE, then 404.',
    writes: true,
    requires: groupsRequired,
    async run(context) {
      const user = await context.createUser('group-member');
      const group = await createGroup(context, 'group', [user.id]);
      if ('error' in group) return failed(group.error);
      const created = await memberIds(context, group.id);
      if (created.ids === undefined) return failed(`reading the group back was answered ${created.answer}`);
      if (!created.ids.includes(user.id)) return failed(`the created group's members are ${JSON.stringify(created.ids)}, not the member it was created with`);
      const path = `${groupsPath(context)}/${group.id}`;
      const put = await context.send({ method: 'PUT', path, body: { schemas: [GROUP_SCHEMA], displayName: `${group.displayName}-renamed`, members: [{ value: user.id }] } });
      if (statusOf(put) !== 200) return failed(`PUT of the group was answered ${describeAnswer(put)}, not 200`);
      const replaced = await context.send({ method: 'GET', path });
      if (stringField(bodyOf(replaced), 'displayName') !== `${group.displayName}-renamed`) return failed(`after PUT, displayName reads ${JSON.stringify(read(bodyOf(replaced), 'displayName'))}`);
      const deleted = await context.remove(path);
      if (statusOf(deleted) !== 204) return failed(`DELETE of the group was answered ${describeAnswer(deleted)}, not 204`);
      const gone = await context.send({ method: 'GET', path });
      return isErrorAnswer(gone, 404) ? passed('201, read with its member, replaced, 204, then 404') : failed(`GET after DELETE was answered ${describeAnswer(gone)}, not 404`);
    },
  },
  {
    id: 'rfc/group/membership-patch',
    section: 'RFC 7644 §3.5.2',
    title: 'PATCH adds a member, and removes one selected by members[value eq "…"]',
    // RFC 7644 §3.5.2.1 add to a multi-valued attribute; §3.5.2.2: a remove with a value filter removes "all values … that match" (SHALL).
    keyword: 'SHALL',
    expected: 'a group with member A: PATCH add members [B] gives A and B; PATCH remove path members[value eq "A"] leaves only B (read back with GET)',
    fix: 'Apply member adds to the existing members, and a remove with members[value eq "<id>"] to that member only.',
    writes: true,
    requires: (advertised) => groupsRequired(advertised) ?? requirements.patch(advertised),
    async run(context) {
      const first = await context.createUser('member-a');
      const second = await context.createUser('member-b');
      const group = await createGroup(context, 'membership', [first.id]);
      if ('error' in group) return failed(group.error);
      const path = `${groupsPath(context)}/${group.id}`;
      const added = await context.send({ method: 'PATCH', path, body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'add', path: 'members', value: [{ value: second.id }] }] } });
      if (!isSuccess(added)) return failed(`PATCH add of a member was answered ${describeAnswer(added)}`);
      const afterAdd = await memberIds(context, group.id);
      if (!afterAdd.ids?.includes(first.id) || !afterAdd.ids.includes(second.id)) return failed(`after the add, members are ${JSON.stringify(afterAdd.ids)} (expected both users)`);
      const removed = await context.send({ method: 'PATCH', path, body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'remove', path: `members[value eq "${first.id}"]` }] } });
      if (!isSuccess(removed)) return failed(`PATCH remove members[value eq "…"] was answered ${describeAnswer(removed)}`);
      const afterRemove = await memberIds(context, group.id);
      const ids = afterRemove.ids ?? [];
      return ids.length === 1 && ids[0] === second.id ? passed('the add and the filtered remove took effect') : failed(`after removing members[value eq "<A>"], members are ${JSON.stringify(ids)} (expected only B)`);
    },
  },
];
