/** `--sign-key`: the key that signs run.ndjson's end record (harness/log/run-seal.ts). */
import { readFileSync } from 'node:fs';
import { type SignKey } from '../contract/seal';
import { ConfigurationError } from '../errors';

/**
 * RFC 2104 §3: a key shorter than the hash's output (32 bytes for SHA-256) "is strongly
 * discouraged"; a key is accepted from 32 bytes up.
 */
export const MIN_SIGN_KEY_BYTES = 32;

/**
 * Reads `--sign-key`: the file's bytes, one trailing line break ignored (echo and editors add
 * one). The message never quotes the file's content.
 */
export function loadSignKey(flag: string, file: string): SignKey {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new ConfigurationError(`${flag} must name a readable key file, got "${file}" (create one with: openssl rand -hex 32 > run-signing.key)`);
  }
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0a) end -= 1;
  if (end > 0 && bytes[end - 1] === 0x0d) end -= 1;
  const key = bytes.subarray(0, end);
  if (key.length < MIN_SIGN_KEY_BYTES) {
    throw new ConfigurationError(
      `${flag} must hold a key of at least ${MIN_SIGN_KEY_BYTES} bytes (RFC 2104 §3), got ${key.length} byte(s) in "${file}" (create one with: openssl rand -hex 32 > run-signing.key)`,
    );
  }
  return { file, hex: key.toString('hex') };
}
