/**
 * `entra-compliant`: Entra with the `aadOptscim062020` flag (docs/entra-behaviour.md#patch-dialects). The flag changes
 * exactly four requests: disable (`{"op":"replace","path":"active","value":false}`), the add of a
 * single-value attribute (lower-case `add`), the replace of several attributes (simple ones merged
 * into one path-less `replace` whose value uses dotted keys, `"name.givenName"`), and member
 * removal (one `members[value eq "id"]` op per member). Everything else — the manager, member
 * adds — is sent in the default shape (entra-client.ts), as no capture shows otherwise. Ops come in the order add, filtered
 * replaces, the merged replace — the filtered op before the merged one as in the
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
    for (const change of changes) {
      const kind = changeKind(change);
      const value = change.newValue as string | boolean;
      if (kind === 'add') adds.push({ op: 'add', path: change.path, value });
      else if (isFilteredPath(change.path)) filteredReplaces.push({ op: 'replace', path: change.path, value });
      else merged[change.path] = value;
    }
    return [...adds, ...filteredReplaces, ...(Object.keys(merged).length > 0 ? [{ op: 'replace', value: merged }] : [])];
  },
  removeMembers: (ids) => ids.map((id) => ({ op: 'remove', path: `members[value eq ${JSON.stringify(id)}]` })),
});

export const ENTRA_COMPLIANT_PROFILE: ClientProfile = entraProfile('entra-compliant', 'Entra ID with the aadOptscim062020 flag (lower-case ops, JSON booleans, merged replace)', ENTRA_COMPLIANT_STYLE);
