/** Identifiers in Entra's formats (docs/entra-behaviour.md#log-entry-schema). */
import { randomUUID } from 'node:crypto';

export function newGuid(): string {
  return randomUUID();
}

/** Entra job ids read `<templateId>.<tenantIdWithoutDashes>.<guid>`, e.g. `scim.eeee…bea4.6ea11543-…`. */
export function jobIdFor(tenantId: string, templateId = 'scim'): string {
  return `${templateId}.${tenantId.replace(/-/g, '')}.${newGuid()}`;
}
