/**
 * Two fault switches that store a PATCH path the way a hand-written endpoint often does, instead
 * of resolving it against the schema (RFC 7644 §3.5.2 attrPath, §3.10 URN-qualified names):
 *
 *  - `literal-dotted-keys`: `name.givenName` becomes a top-level key spelled "name.givenName";
 *  - `split-extension-urn`: `urn:…:enterprise:2.0:User:employeeNumber` is split at its first dot
 *    (the one in "2.0"), so the value lands in `resource["urn:…:enterprise:2"]["0:User:employeeNumber"]`.
 *
 * Both answer success: the client only finds out when it reads the resource back.
 */
import { type JsonObject, type JsonValue, isJsonObject } from './json';

export interface NaivePathFaults {
  readonly literalDottedKeys: boolean;
  readonly splitExtensionUrn: boolean;
}

/** `attribute.subAttribute`, without a schema URN or a value filter. */
const DOTTED_PATH = /^[A-Za-z][\w$-]*\.[A-Za-z][\w$-]*$/;

/**
 * Writes the operation naively when a switch covers its path, and says whether it did; false
 * leaves the operation to the schema-aware PATCH.
 */
export function applyNaively(faults: NaivePathFaults, resource: JsonObject, op: 'add' | 'remove' | 'replace', path: string, value: JsonValue | undefined): boolean {
  if (faults.literalDottedKeys && DOTTED_PATH.test(path)) {
    if (op === 'remove' || value === undefined) delete resource[path];
    else resource[path] = value;
    return true;
  }
  const dot = path.indexOf('.');
  if (faults.splitExtensionUrn && path.toLowerCase().startsWith('urn:') && dot !== -1) {
    const head = path.slice(0, dot);
    const tail = path.slice(dot + 1);
    const existing = resource[head];
    const container: JsonObject = isJsonObject(existing) ? existing : {};
    if (op === 'remove' || value === undefined) delete container[tail];
    else container[tail] = value;
    resource[head] = container;
    return true;
  }
  return false;
}
