/** Hand-offs between stages are immutable plain data (DESIGN: "each hand-off is plain, immutable data"). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) freezeTree(value);
  return value;
}

/**
 * Every log entry goes through here with its exchanges and their bodies, so the walk allocates
 * nothing per node and skips leaves and already-frozen subtrees without a call.
 */
function freezeTree(node: object): void {
  Object.freeze(node);
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i += 1) {
      const child: unknown = node[i];
      if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) freezeTree(child);
    }
    return;
  }
  const record = node as Record<string, unknown>;
  // for…in walks the enumeration cache without building a key array; own keys only, as Object.values.
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const child = record[key];
    if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) freezeTree(child);
  }
}
