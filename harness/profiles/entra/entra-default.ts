/**
 * `entra`: Entra's default SCIM client (job template `scim` without the flag): one op per
 * attribute with an explicit path, ops capitalised (`Add`/`Replace`/`Remove`), booleans as the
 * strings "True"/"False" (docs/entra-behaviour.md#update-user, docs/entra-behaviour.md#disable-enable), member removal as a value list.
 * A cleared attribute is not sent (docs/entra-behaviour.md#attribute-clearing).
 */
import { type PatchOperation } from '../../mapping/mapping-types';
import { type ClientProfile } from '../client-profile';
import { changeKind, entraMember, entraProfile, type EntraPatchStyle, type Op } from './entra-client';

const opName = (op: Op): string => op[0].toUpperCase() + op.slice(1);
const wireValue = (value: string | boolean): string | boolean => (typeof value === 'boolean' ? (value ? 'True' : 'False') : value);

export const ENTRA_DEFAULT_STYLE: EntraPatchStyle = Object.freeze<EntraPatchStyle>({
  opName,
  wireValue,
  updateOperations: (changes) =>
    changes.map((change): PatchOperation => ({ op: opName(changeKind(change)), path: change.path, value: wireValue(change.newValue as string | boolean) })),
  // `{"op":"Remove","path":"members","value":[{"$ref":null,"value":id},…]}` (docs/entra-behaviour.md#groups).
  removeMembers: (ids) => [{ op: 'Remove', path: 'members', value: ids.map(entraMember) }],
});

export const ENTRA_PROFILE: ClientProfile = entraProfile('entra', "Entra ID's default SCIM client (capitalised ops, booleans as \"True\"/\"False\")", ENTRA_DEFAULT_STYLE);
