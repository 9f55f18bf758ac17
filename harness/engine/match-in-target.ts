/**
 * Matching (docs/entra-behaviour.md#matching): one filter query per matching attribute, in precedence order; the
 * first attribute with a hit decides. No hit anywhere means "create"; more than one hit is
 * DuplicateTargetEntries; a failed query fails the entry. The query itself is the profile's (for
 * Entra, groups are matched with `excludedAttributes=members`, docs/entra-behaviour.md#groups).
 * A matching value Entra cannot filter on fails the entry before any query is sent
 * (docs/entra-behaviour.md#filter-value-characters; the character set is [INF]).
 */
import { errorInfoFor, SCIM_SERVICE_INCOMPATIBLE_FILTERING } from './entra-errors';
import { describeCharacter, unsupportedFilterCharacter } from './filter-value-characters';
import { type IdentityType } from '../contract/log-entry';
import { type EntryBuilder } from './entry-builder';
import { errorInfo, finishEntry, type JobContext, send } from './job-context';
import { type ScimResource } from '../profiles/client-profile';
import { queryEncodingOf } from './query-encoding';
import { STEP } from './step-text';

export type MatchOutcome = { readonly kind: 'none' } | { readonly kind: 'matched'; readonly resource: ScimResource; readonly path: string } | { readonly kind: 'finished' };

export async function matchInTarget(
  ctx: JobContext,
  entry: EntryBuilder,
  objectType: IdentityType,
  name: string,
  matching: readonly { path: string; value: string | boolean }[],
): Promise<MatchOutcome> {
  const endpoint = objectType === 'User' ? '/Users' : '/Groups';
  for (const { path, value } of matching) {
    const unsupported = unsupportedFilterCharacter(String(value));
    if (unsupported !== undefined) {
      const message = `The value of ${path} contains the character ${describeCharacter(unsupported)}, which the provisioning service cannot use in a filter query; the ${objectType} '${name}' cannot be matched.`;
      entry
        .step(STEP.import, 'matching', 'failure', `Failed to match an entry in the source and target systems: ${objectType} '${name}'`, { MatchingAttribute: path })
        .setAction('other', 'match')
        .fail(errorInfoFor(SCIM_SERVICE_INCOMPATIBLE_FILTERING, { row: 'matching-value-unsupported-characters', objectType, identifier: name, matchingAttribute: path, message }));
      finishEntry(ctx, entry);
      return { kind: 'finished' };
    }
    const result = await send(ctx, entry, { method: 'GET', path: endpoint, query: ctx.profile.matchQuery(objectType, path, String(value)), ...queryEncodingOf(ctx.profile) }, 'match');
    if (result.failure) {
      entry.step(STEP.import, 'matching', 'failure', `Failed to match an entry in the source and target systems: ${objectType} '${name}'`, { MatchingAttribute: path }).setAction('other', 'match').fail(errorInfo(result.failure));
      finishEntry(ctx, entry);
      return { kind: 'finished' };
    }
    const resources = ctx.profile.responses.listResources(result.exchange.response?.body);
    if (resources.length > 1) {
      entry
        .step(STEP.import, 'matching', 'failure', `More than one ${objectType} in ${ctx.identity.applicationName} matches ${path} eq "${String(value)}"`, { MatchingAttribute: path, MatchCount: String(resources.length) })
        .setAction('other', 'match')
        .fail(errorInfoFor('DuplicateTargetEntries', { objectType, matchingAttribute: path, matchingValue: String(value), count: resources.length }));
      finishEntry(ctx, entry);
      return { kind: 'finished' };
    }
    if (resources.length === 1) return { kind: 'matched', resource: resources[0], path };
  }
  return { kind: 'none' };
}
