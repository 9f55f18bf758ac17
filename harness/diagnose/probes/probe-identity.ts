/**
 * Fresh identifying values for a create sent as a probe: the object a variant creates must not
 * collide with the object Entra's create was for (a server that keeps uniqueness, even after a
 * delete, would then refuse the real create), and carries the run's prefix so it is recognisably
 * the harness's (docs/diagnosis.md#probing). Only the values a server may hold unique change —
 * userName, displayName, externalId and e-mail addresses — and only in front, so a domain or
 * format the server validates is kept.
 */
import { type ScimRequest } from '../../contract/target-client';
import { isJsonObject, resourceBodyOf } from './scim-request';

const UNIQUE_STRINGS = ['userName', 'displayName', 'externalId'] as const;

/** `scimh-ab12cd-alice@example.com` → `scimh-<token>-ab12cd-alice@example.com`; other values get the prefix and token in front. */
export function probeValue(value: string, prefix: string, token: string): string {
  return value.startsWith(prefix) ? `${prefix}${token}-${value.slice(prefix.length)}` : `${prefix}${token}-${value}`;
}

/** The create with its unique values made fresh; other requests unchanged. */
export function withProbeIdentity(request: ScimRequest, prefix: string, token: string): ScimRequest {
  const body = resourceBodyOf(request);
  if (!body) return request;
  const fresh: Record<string, unknown> = { ...body };
  for (const key of UNIQUE_STRINGS) {
    const value = fresh[key];
    if (typeof value === 'string' && value !== '') fresh[key] = probeValue(value, prefix, token);
  }
  if (Array.isArray(fresh.emails)) {
    fresh.emails = fresh.emails.map((email: unknown) =>
      isJsonObject(email) && typeof email.value === 'string' ? { ...email, value: probeValue(email.value, prefix, token) } : email,
    );
  }
  return { ...request, body: fresh };
}
