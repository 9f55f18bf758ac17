/**
 * The seal on run.ndjson's end record: how many lines the run wrote and the head of the chain
 * before the end record, and, when the run was given a key, an HMAC-SHA256 (RFC 2104) over the
 * whole end-record line. The chain alone shows an edited line, but not a file cut after its last
 * good line, lines appended after the end, or a file whose every `prev` was recomputed after an
 * edit: the seal shows the first two on its own, and the HMAC the third without any hash printed
 * elsewhere, since recomputing it needs the key.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type RunEndEvent } from '../contract/run-events';
import { type RunSeal, type SealAlgorithm, type SignKey } from '../contract/seal';
import { recordLineText } from './run-sink';

export type { RunSeal, SignKey } from '../contract/seal';
export { loadSignKey, MIN_SIGN_KEY_BYTES } from '../config/sign-key';

export const SEAL_ALGORITHM: SealAlgorithm = 'HMAC-SHA256';

/**
 * What the MAC covers, besides the line: a fixed context string, so an HMAC made with the same
 * key for anything else can never pass for a run's seal.
 */
const MAC_CONTEXT = 'scim-harness run.ndjson end record v1\n';

function macOf(key: SignKey, line: string): string {
  return createHmac('sha256', Buffer.from(key.hex, 'hex')).update(MAC_CONTEXT, 'utf8').update(line, 'utf8').digest('hex');
}

/**
 * The run-end event with its seal, and its JSON as the sink will write it at line `seq` after a
 * line hashing to `prev`. With a key, the MAC is computed over that exact line with an empty
 * `hmac`, then written in: the seal is the event's last key and `hmac` the seal's, so the line ends
 * in `"hmac":"<64 hex>"}}}` and a verifier blanks exactly those 64 characters.
 */
export function sealRunEnd(event: RunEndEvent, seq: number, prev: string, key?: SignKey): { readonly event: RunEndEvent; readonly json: string } {
  const { seal: _ignored, ...rest } = event;
  const seal: RunSeal = key ? { lines: seq, head: prev, algorithm: SEAL_ALGORITHM } : { lines: seq, head: prev };
  const sealed: RunEndEvent = { ...rest, seal };
  const json = JSON.stringify(sealed);
  if (!key) return { event: sealed, json };
  // JSON.stringify(sealed) ends with the seal's "}" and the event's "}".
  const open = json.slice(0, -2);
  const hmac = macOf(key, recordLineText(seq, prev, `${open},"hmac":""}}`));
  return { event: { ...rest, seal: { ...seal, hmac } }, json: `${open},"hmac":"${hmac}"}}` };
}

const SIGNED_TAIL = /,"hmac":"([0-9a-f]{64})"\}\}\}$/;

export type SealSignature = 'valid' | 'invalid' | 'unsigned';

/** Checks the MAC of an end-record line as read from run.ndjson (without its line break). */
export function checkSealSignature(line: string, key: SignKey): SealSignature {
  const match = SIGNED_TAIL.exec(line);
  if (!match) return 'unsigned';
  const unsigned = `${line.slice(0, match.index)},"hmac":""}}}`;
  const expected = Buffer.from(macOf(key, unsigned), 'hex');
  const actual = Buffer.from(match[1], 'hex');
  // Constant-time comparison (OWASP: compare MACs without an early exit).
  return timingSafeEqual(expected, actual) ? 'valid' : 'invalid';
}
