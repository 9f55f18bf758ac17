/**
 * What differs between the target's view and the wanted view, in mapping order — the order
 * Entra writes PATCH operations in (docs/entra-behaviour.md#update-user).
 *
 * Only paths present in the new view are compared: a path missing from it is not managed by
 * this export ("Only during creation" mappings on update), so it never becomes a change.
 * Values compare exactly [INF: Entra's comparison rules are undocumented]; null and "" are the
 * same "no value".
 */
import { type AttributeChange, type TargetView } from './mapping-types';

export interface DiffOptions {
  /** Paths handled elsewhere (active, manager, members), compared ignoring case. */
  readonly ignore?: readonly string[];
}

function normalise(value: string | boolean | null | undefined): string | boolean | null {
  return value === undefined || value === '' ? null : value;
}

export function diffViews(oldView: TargetView, newView: TargetView, options: DiffOptions = {}): AttributeChange[] {
  const ignore = new Set((options.ignore ?? []).map((p) => p.toLowerCase()));
  const changes: AttributeChange[] = [];
  for (const path of Object.keys(newView)) {
    if (ignore.has(path.toLowerCase())) continue;
    const oldValue = normalise(oldView[path]);
    const newValue = normalise(newView[path]);
    if (oldValue !== newValue) changes.push({ path, oldValue, newValue });
  }
  return changes;
}
