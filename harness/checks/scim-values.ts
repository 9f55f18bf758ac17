/**
 * Comparing a value a client wrote with the value a server returned, leniently enough that a
 * difference is a real deviation (checks must not cry wolf):
 * - RFC 7643 §2.5: unassigned, null and [] are the same state; Entra clears with "" (docs/entra-behaviour.md#manager-reference "Remove Manager" sends `{"value":""}`), so "" counts as cleared too.
 * - Entra default mode writes booleans as the strings "True"/"False" (docs/entra-behaviour.md#patch-dialects).
 * - Numbers written as strings and read back as numbers (or the reverse) are a type matter the
 *   schema checks report, not a lost write.
 */
import { getAttribute, isJsonObject } from './exchange-facts';

export interface CompareOptions {
  /** Compare strings without regard to case (RFC 7643 §2.2 caseExact=false is the default). */
  readonly caseInsensitive?: boolean;
}

export function isUnassigned(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.every(isUnassigned);
  if (isJsonObject(value)) return Object.values(value).every(isUnassigned);
  return false;
}

/** true/false, or the strings "true"/"false" in any case (Entra default mode). */
export function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

const PHONE_LIKE = /^[+\d\s().\-x/]+$/i;

function scalarEquals(expected: unknown, actual: unknown, options: CompareOptions): boolean {
  if (typeof expected === 'boolean' || typeof actual === 'boolean') {
    const a = booleanOf(expected);
    return a !== undefined && a === booleanOf(actual);
  }
  if (typeof expected === 'number' || typeof actual === 'number') {
    return String(expected).trim() === String(actual).trim();
  }
  if (typeof expected !== 'string' || typeof actual !== 'string') return expected === actual;
  const a = expected.trim();
  const b = actual.trim();
  if (a === b) return true;
  if (options.caseInsensitive && a.toLowerCase() === b.toLowerCase()) return true;
  // A server normalising a phone number ("+1 (555) 010-0000" → "+15550100000") kept the value.
  if (PHONE_LIKE.test(a) && PHONE_LIKE.test(b) && /\d/.test(a)) {
    return a.replace(/[^\d+]/g, '') === b.replace(/[^\d+]/g, '');
  }
  return false;
}

/**
 * Does the value read back (`actual`) hold what was written (`expected`)?
 * Objects: every written sub-attribute holds. Arrays: every written element is present.
 * A multi-valued read holding the written scalar among its values counts as holding it.
 */
export function valueMatches(expected: unknown, actual: unknown, options: CompareOptions = {}): boolean {
  if (isUnassigned(expected)) return isUnassigned(actual);
  if (Array.isArray(expected)) {
    const pool = Array.isArray(actual) ? actual : [actual];
    return expected.every((item) => isUnassigned(item) || pool.some((candidate) => valueMatches(item, candidate, options)));
  }
  if (isJsonObject(expected)) {
    if (Array.isArray(actual)) return actual.some((candidate) => valueMatches(expected, candidate, options));
    if (!isJsonObject(actual)) return false;
    return Object.entries(expected).every(([key, value]) => valueMatches(value, getAttribute(actual, key), options));
  }
  if (Array.isArray(actual)) return actual.some((candidate) => scalarEquals(expected, candidate, options));
  if (isJsonObject(actual)) {
    // `manager eq "<id>"` style: a scalar written to a complex attribute means its `value`.
    const inner = getAttribute(actual, 'value');
    return inner !== undefined && scalarEquals(expected, inner, options);
  }
  return scalarEquals(expected, actual, options);
}
