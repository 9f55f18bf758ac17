/**
 * Fault switches that refuse parts of a POST or PUT body a tolerant server accepts, the way
 * strict real endpoints do: `reject-unknown-schemas` (a `schemas` URI the server does not
 * implement, such as the ADSCIM Group URI Entra sends with every new group,
 * docs/entra-behaviour.md#groups) and `reject-roles` (the `"roles": []` Entra sends in every
 * Create User, docs/entra-behaviour.md#create-user). Checked before the body is read, so
 * nothing is stored.
 */
import { badRequest } from './errors';
import { type FaultSwitches } from './faults';
import { findKey, isJsonObject } from './json';
import { type ResourceTypeDefinition } from './schemas';

export type InputFaults = Pick<FaultSwitches, 'rejectUnknownSchemas' | 'rejectRoles'>;

export function checkStrictInput(resourceType: ResourceTypeDefinition, body: unknown, faults: InputFaults): void {
  if (!isJsonObject(body)) return;
  if (faults.rejectUnknownSchemas) {
    const known = [resourceType.schema.id, ...resourceType.extensions.map((use) => use.schema.id)];
    const schemasKey = findKey(body, 'schemas');
    const schemas = schemasKey === undefined ? undefined : body[schemasKey];
    const unknown = Array.isArray(schemas) ? schemas.find((uri) => typeof uri === 'string' && !known.some((id) => id.toLowerCase() === uri.toLowerCase())) : undefined;
    if (unknown !== undefined) {
      throw badRequest('invalidValue', `"schemas" lists ${JSON.stringify(unknown)}, which is not a schema of ${resourceType.name} on this server (known: ${known.join(', ')})`);
    }
  }
  if (faults.rejectRoles && resourceType.name === 'User' && findKey(body, 'roles') !== undefined) {
    throw badRequest('invalidValue', 'Attribute "roles" is not supported by this server');
  }
}
