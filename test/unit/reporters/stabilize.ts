/**
 * Makes report text comparable across runs and machines: timestamps, durations, ids, hashes,
 * ports and temporary paths are replaced by placeholders before a snapshot is compared.
 */
import { tmpdir } from 'node:os';

const RULES: readonly (readonly [RegExp, string])[] = [
  // eslint-disable-next-line no-control-regex
  [/\u001b\[[0-9;?]*[A-Za-z]/g, ''],
  [/\b[0-9a-f]{64}\b/g, '<sha256>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\b/g, '<iso-time>'],
  [/\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}( UTC)?\b/g, '<time>'],
  [/\b\d+(?:\.\d+)? (?:ms|s|min|h)(?: \d+ (?:s|min))?\b/g, '<duration>'],
  [/(127\.0\.0\.1|localhost):\d+/g, '$1:<port>'],
];

export function stabilize(text: string): string {
  let out = text.split(tmpdir()).join('<tmp>');
  out = out.replace(/<tmp>\/scim-harness-reporters-[A-Za-z0-9]+/g, '<tmp>/<run>');
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}
