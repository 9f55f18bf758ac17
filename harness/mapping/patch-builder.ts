/**
 * What a change looks like in the provisioning log. The PATCH requests themselves are the
 * client profile's (harness/profiles: Entra's two dialects in `profiles/entra/`).
 */
import { type ModifiedProperty } from '../contract/log-entry';
import { type AttributeChange } from './mapping-types';

/** Graph's modifiedProperties: strings, booleans as "True"/"False", no value as null (docs/entra-behaviour.md#log-entry-schema). */
export function toModifiedProperties(changes: readonly AttributeChange[]): ModifiedProperty[] {
  const text = (value: string | boolean | null): string | null => (value === null || value === '' ? null : typeof value === 'boolean' ? (value ? 'True' : 'False') : value);
  return changes.map((change) => ({ displayName: change.path, oldValue: text(change.oldValue), newValue: text(change.newValue) }));
}
