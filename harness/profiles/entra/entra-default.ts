/**
 * `entra`: Entra's default SCIM client (job template `scim` without the flag): one op per
 * attribute with an explicit path, ops capitalised (`Add`/`Replace`/`Remove`), booleans as the
 * strings "True"/"False" (docs/entra-behaviour.md#update-user, docs/entra-behaviour.md#disable-enable), member removal as a value list.
 */
import { type PatchOperation } from '../../mapping/mapping-types';
import { type ClientProfile } from '../client-profile';
import { changeKind, entraProfile, type EntraPatchStyle, type Op } from './entra-client';

const opName = (op: Op): string => op[0].toUpperCase() + op.slice(1);
const wireValue = (value: string | boolean): string | boolean => (typeof value === 'boolean' ? (value ? 'True' : 'False') : value);
const member = (id: string): Record<string, string | null> => ({ $ref: null, value: id });

export const ENTRA_DEFAULT_STYLE: EntraPatchStyle = Object.freeze<EntraPatchStyle>({
  opName,
  wireValue,
  updateOperations: (changes) =>
    changes.map((change): PatchOperation => {
      const kind = changeKind(change);
      if (kind === 'remove') return { op: opName('remove'), path: change.path };
      return { op: opName(kind), path: change.path, value: wireValue(change.newValue as string | boolean) };
    }),
  member,
  // `{"op":"Remove","path":"members","value":[{"$ref":null,"value":id},…]}` (docs/entra-behaviour.md#groups).
  removeMembers: (ids) => [{ op: 'Remove', path: 'members', value: ids.map(member) }],
});

export const ENTRA_PROFILE: ClientProfile = entraProfile('entra', "Entra ID's default SCIM client (capitalised ops, booleans as \"True\"/\"False\")", ENTRA_DEFAULT_STYLE);
