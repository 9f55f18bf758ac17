/**
 * `entra-compliant`: Entra with the `aadOptscim062020` flag (docs/entra-behaviour.md#patch-dialects). It changes exactly:
 * lower-case ops and JSON booleans (disable is `"value":false`), simple replaced attributes merged
 * into one path-less `replace` whose value uses dotted keys (`"name.givenName"`), and member
 * removal as one `members[value eq "id"]` op per member. Ops come in the order add, filtered
 * replaces, the merged replace, remove — the filtered op before the merged one as in the
 * documented request (docs/entra-behaviour.md#patch-dialects).
 */
import { isFilteredPath } from '../../mapping/attribute-path';
import { type PatchOperation } from '../../mapping/mapping-types';
import { type ClientProfile } from '../client-profile';
import { changeKind, entraProfile, type EntraPatchStyle } from './entra-client';

export const ENTRA_COMPLIANT_STYLE: EntraPatchStyle = Object.freeze<EntraPatchStyle>({
  opName: (op) => op,
  wireValue: (value) => value,
  updateOperations: (changes) => {
    const adds: PatchOperation[] = [];
    const filteredReplaces: PatchOperation[] = [];
    const merged: Record<string, string | boolean> = {};
    const removes: PatchOperation[] = [];
    for (const change of changes) {
      const kind = changeKind(change);
      const value = change.newValue as string | boolean;
      if (kind === 'remove') removes.push({ op: 'remove', path: change.path });
      else if (kind === 'add') adds.push({ op: 'add', path: change.path, value });
      else if (isFilteredPath(change.path)) filteredReplaces.push({ op: 'replace', path: change.path, value });
      else merged[change.path] = value;
    }
    return [...adds, ...filteredReplaces, ...(Object.keys(merged).length > 0 ? [{ op: 'replace', value: merged }] : []), ...removes];
  },
  member: (id) => ({ value: id }),
  removeMembers: (ids) => ids.map((id) => ({ op: 'remove', path: `members[value eq ${JSON.stringify(id)}]` })),
});

export const ENTRA_COMPLIANT_PROFILE: ClientProfile = entraProfile('entra-compliant', 'Entra ID with the aadOptscim062020 flag (lower-case ops, JSON booleans, merged replace)', ENTRA_COMPLIANT_STYLE);
