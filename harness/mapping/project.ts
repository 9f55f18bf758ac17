/**
 * Source object → TargetView: what the target should hold, path by path, after the mapping's
 * expressions. null (and "") mean "no value": Entra skips them on create (docs/entra-behaviour.md#create-user).
 */
import { type SourceGroup, type SourceUser } from '../source/source-types';
import { isMembersPath } from './attribute-path';
import { defaultMappingSet } from './default-mapping';
import { evaluateExpression, parseExpression } from './expressions';
import { type AttributeMapping, type MappingSet, type ObjectMapping, type TargetView } from './mapping-types';
import { readSourceAttribute, type SourceObject, type SourceValue } from './source-attributes';

export interface ProjectionContext {
  /**
   * Entra's computed IsSoftDeleted: true when the user is soft-deleted, blocked from sign-in,
   * or unassigned / out of scope (docs/entra-behaviour.md#disable-enable).
   */
  isSoftDeleted(user: SourceUser): boolean;
  /** Target id of a referenced source object (manager), null while it is not provisioned. */
  resolveReference(sourceObjectId: string): string | null;
  /** The mappings to apply; Entra's default custom-app map when absent. */
  readonly mapping?: MappingSet;
}

let fallback: MappingSet | undefined;
function mappingOf(ctx: ProjectionContext): MappingSet {
  if (ctx.mapping) return ctx.mapping;
  fallback ??= defaultMappingSet();
  return fallback;
}

function project(object: SourceObject, mapping: ObjectMapping, ctx: ProjectionContext, forCreate: boolean): TargetView {
  const view: Record<string, string | boolean | null> = {};
  const lookup = (attribute: string): SourceValue => readSourceAttribute(object, attribute, (user) => ctx.isSoftDeleted(user));
  for (const attribute of mapping.attributes) {
    // "Apply this mapping: Only during creation" (docs/entra-behaviour.md#create-user).
    if (attribute.applyOn === 'create' && !forCreate) continue;
    // Members are synchronised by member PATCHes after the group exists (docs/entra-behaviour.md#group-members), not as a view value.
    if (isMembersPath(attribute.target)) continue;
    view[attribute.target] = valueOf(attribute, lookup, ctx);
  }
  return view;
}

function valueOf(attribute: AttributeMapping, lookup: (attribute: string) => SourceValue, ctx: ProjectionContext): string | boolean | null {
  const value = evaluateExpression(parseExpression(attribute.source), lookup);
  if (value === null || value === '') return null;
  if (attribute.isReference) return typeof value === 'string' ? ctx.resolveReference(value) : null;
  return value;
}

/**
 * The user as the target should hold it. `forCreate` adds the "Only during creation" mappings.
 * References hold the referenced object's target id, or null while it is not provisioned.
 */
export function projectUser(user: SourceUser, ctx: ProjectionContext, forCreate = false): TargetView {
  return project(user, mappingOf(ctx).users, ctx, forCreate);
}

export function projectGroup(group: SourceGroup, ctx: ProjectionContext, forCreate = false): TargetView {
  return project(group, mappingOf(ctx).groups, ctx, forCreate);
}

/**
 * Matching attributes with a value, in matching precedence: Entra queries them in this order and
 * stops at the first match (docs/entra-behaviour.md#matching). Empty when the object has no matching value at all
 * (ImportSkipped).
 */
export function matchingValues(view: TargetView, objectMapping: ObjectMapping): { path: string; value: string | boolean }[] {
  return objectMapping.attributes
    .filter((a) => a.matchingPrecedence !== undefined)
    .sort((a, b) => (a.matchingPrecedence as number) - (b.matchingPrecedence as number))
    .flatMap((a) => {
      const value = view[a.target];
      return value === null || value === undefined || value === '' ? [] : [{ path: a.target, value }];
    });
}
