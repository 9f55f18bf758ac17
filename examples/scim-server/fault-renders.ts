/**
 * Fault switches that change only how a stored resource is returned, never what is stored:
 *
 *  - `members-never-returned`: a group's members are kept (filters on `members.value` still find
 *    them) but no response lists them, whatever the client asked for (RFC 7643 §4.2 returns
 *    `members` by default);
 *  - `manager-as-string`: a user's enterprise `manager` is returned as the bare id string instead
 *    of the complex `{"value": id, "$ref": …}` (RFC 7643 §4.3).
 */
import { type FaultSwitches } from './faults';
import { type JsonObject, isJsonObject } from './json';
import { ENTERPRISE_USER_SCHEMA_ID } from './schemas';

export function distortRendered(kind: 'User' | 'Group', rendered: JsonObject, faults: Pick<FaultSwitches, 'membersNeverReturned' | 'managerAsString'>): JsonObject {
  if (kind === 'Group' && faults.membersNeverReturned && 'members' in rendered) {
    const { members: _hidden, ...rest } = rendered;
    return rest;
  }
  if (kind === 'User' && faults.managerAsString) {
    const extension = rendered[ENTERPRISE_USER_SCHEMA_ID];
    if (isJsonObject(extension) && isJsonObject(extension.manager) && typeof extension.manager.value === 'string') {
      return { ...rendered, [ENTERPRISE_USER_SCHEMA_ID]: { ...extension, manager: extension.manager.value } };
    }
  }
  return rendered;
}
