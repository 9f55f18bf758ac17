/**
 * The RFC suite's discovery faults (rfc-faults.ts): the discovery documents as a server that
 * misstates itself would serve them. The server's behaviour still follows schemas.ts; only what
 * it says about itself changes, which is what the discovery-honesty probes catch.
 */
import { type JsonObject, cloneJson, isJsonObject } from './json';
import { type RfcFaultSwitches } from './rfc-faults';
import { USER_SCHEMA_ID } from './schemas';

/** An extension no /Schemas entry publishes (`resource-type-unlisted-extension`). */
const UNLISTED_EXTENSION = 'urn:example:params:scim:schemas:extension:unlisted:2.0:User';

export function misstatedServiceProviderConfig(document: JsonObject, faults: RfcFaultSwitches): JsonObject {
  if (!faults.incompleteServiceProviderConfig && !faults.advertiseBulk) return document;
  const copy = cloneJson(document);
  if (faults.incompleteServiceProviderConfig) delete copy.etag;
  if (faults.advertiseBulk) copy.bulk = { supported: true, maxOperations: 10, maxPayloadSize: 1_048_576 };
  return copy;
}

export function misstatedResourceType(document: JsonObject, faults: RfcFaultSwitches): JsonObject {
  if (!faults.resourceTypeUnlistedExtension || document.schema !== USER_SCHEMA_ID) return document;
  const copy = cloneJson(document);
  const extensions = Array.isArray(copy.schemaExtensions) ? copy.schemaExtensions : [];
  copy.schemaExtensions = [...extensions, { schema: UNLISTED_EXTENSION, required: false }];
  return copy;
}

/** `invalid-schema-characteristics`, `schema-misstates-type`, `immutable-not-enforced`: one attribute of the User schema misdescribed. */
export function misstatedSchema(document: JsonObject, faults: RfcFaultSwitches): JsonObject {
  if (document.id !== USER_SCHEMA_ID || !(faults.invalidSchemaCharacteristics || faults.schemaMisstatesType || faults.immutableNotEnforced)) return document;
  const copy = cloneJson(document);
  const attributes = Array.isArray(copy.attributes) ? copy.attributes.filter(isJsonObject) : [];
  for (const attribute of attributes) {
    if (attribute.name === 'nickName' && faults.invalidSchemaCharacteristics) attribute.returned = 'sometimes';
    if (attribute.name === 'nickName' && faults.immutableNotEnforced) attribute.mutability = 'immutable';
    if (attribute.name === 'active' && faults.schemaMisstatesType) attribute.type = 'string';
  }
  return copy;
}
