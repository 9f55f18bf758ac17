/**
 * The operations of a PATCH as they were sent — the op name in its own case, the raw operation
 * for re-sending it in a variant — each with the single SCIM paths it writes
 * (checks/patch-values.ts flattens both Entra dialects), so a value that did not come back is
 * traced to the one operation that wrote it (docs/diagnosis.md#read-back).
 */
import { type Exchange } from '../../contract/exchange';
import { getAttribute, isJsonObject } from '../../checks/exchange-facts';
import { type FlatPatchOperation, patchOperationsOf } from '../../checks/patch-values';
import { normalizeScimPath } from '../../checks/scim-path';

export interface WrittenOperation {
  /** The op name exactly as sent: "Replace", "add" … */
  readonly op: string;
  /** The operation as sent, to re-send it changed. */
  readonly raw: Readonly<Record<string, unknown>>;
  /** The single paths it writes (a removal has no value). */
  readonly writes: readonly FlatPatchOperation[];
}

/** Operations of a PATCH exchange, in the order sent; anything else has none. */
export function writtenOperations(exchange: Exchange): WrittenOperation[] {
  const body = exchange.request.method === 'PATCH' ? exchange.request.body : undefined;
  const operations = isJsonObject(body) ? getAttribute(body, 'Operations') : undefined;
  if (!Array.isArray(operations)) return [];
  const written: WrittenOperation[] = [];
  for (const raw of operations) {
    if (!isJsonObject(raw)) continue;
    const op = getAttribute(raw, 'op');
    if (typeof op !== 'string') continue;
    const writes = patchOperationsOf({ Operations: [raw] });
    if (writes.length > 0) written.push({ op, raw, writes });
  }
  return written;
}

/** The path a read-back compared and a path an operation wrote name the same value, or one holds the other. */
export function samePlace(written: string, read: string): boolean {
  const a = normalizeScimPath(written);
  const b = normalizeScimPath(read);
  if (a === b) return true;
  const [outer, inner] = a.length < b.length ? [a, b] : [b, a];
  return inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
}

/** The written path `members[value eq "<id>"]…` that adds or removes one member. */
export function writesMember(write: FlatPatchOperation, memberId: string): boolean {
  const path = normalizeScimPath(write.path);
  return path.startsWith('members[') && path.includes(JSON.stringify(memberId).toLowerCase());
}

function valueKind(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return 'boolean-string';
  return typeof value;
}

/**
 * What makes two operations the same request shape to the target: resource type, the op name as
 * written, the path with its filter values left out, the kind of value. A cause established for
 * one holds for every operation of the same shape.
 */
export function operationShape(objectType: string, operation: WrittenOperation): string {
  const path = getAttribute(operation.raw, 'path');
  const value = getAttribute(operation.raw, 'value');
  const target =
    typeof path === 'string' && path.trim() !== ''
      ? normalizeScimPath(path).replace(/"(?:[^"\\]|\\.)*"/g, '…')
      : `{${(isJsonObject(value) ? Object.keys(value) : []).map((key) => key.toLowerCase()).sort().join(',')}}`;
  return `${objectType}|${operation.op}|${target}|${valueKind(value)}`;
}
