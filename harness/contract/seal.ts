/**
 * The seal on run.ndjson's end record and the key that signs it (harness/log/run-seal.ts writes
 * and checks it; the settings read the key).
 */

/** The MAC a signed seal carries: HMAC-SHA256 (RFC 2104). */
export type SealAlgorithm = 'HMAC-SHA256';

export interface RunSeal {
  /** Lines of run.ndjson, the end record included (its own `seq`). */
  readonly lines: number;
  /** SHA-256 of the line before the end record (its own `prev`). */
  readonly head: string;
  readonly algorithm?: SealAlgorithm;
  /** Hex HMAC-SHA256 of the end-record line written with `"hmac":""`. Last key of the seal. */
  readonly hmac?: string;
}

/** A signing key, read from a file. Kept as hex so the settings stay plain, freezable data. */
export interface SignKey {
  readonly file: string;
  readonly hex: string;
}
