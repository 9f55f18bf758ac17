/**
 * The flags that check a saved run's evidence (`logs --verify`, `report`), and how the verdict on
 * it reads in a terminal.
 */
import { type Options } from 'yargs';
import { type EvidenceCheck, type EvidenceOptions, parseExpectedHead, parseExpectedLines } from '../log/evidence';
import { loadSignKey } from '../log/run-seal';

export const EVIDENCE_OPTIONS = {
  'expect-head': { type: 'string', group: 'Evidence:', describe: 'SHA-256 of run.ndjson\'s last line, as the run printed it (default: read from the run\'s report.json / summary.md)' },
  'expect-lines': { type: 'number', group: 'Evidence:', describe: 'run.ndjson\'s line count, as the run printed it' },
  'sign-key': { type: 'string', group: 'Evidence:', describe: 'Key file the run was signed with (run/sync/provision --sign-key): checks the end record\'s HMAC-SHA256' },
} as const satisfies Record<string, Options>;

export function evidenceOptionsFrom(argv: Record<string, unknown>): EvidenceOptions {
  const head = argv['expect-head'];
  const lines = argv['expect-lines'];
  const key = argv['sign-key'];
  return {
    expectHead: head === undefined ? undefined : parseExpectedHead('--expect-head', String(head)),
    expectLines: lines === undefined ? undefined : parseExpectedLines('--expect-lines', lines),
    signKey: key === undefined ? undefined : loadSignKey('--sign-key', String(key)),
  };
}

const TITLE: Readonly<Record<EvidenceCheck['state'], string>> = {
  verified: 'Chain intact and anchored',
  unanchored: 'Chain intact but UNANCHORED',
  incomplete: 'Chain INCOMPLETE',
  unverifiable: 'Chain NOT VERIFIED',
  tampered: 'Chain BROKEN',
};

/** `logs --verify`'s report: the state and its reason first, then every problem found. */
export function formatEvidence(check: EvidenceCheck): string {
  const lines = [`${TITLE[check.state]}: ${check.lines} records, final hash ${check.finalHash || '(empty)'} — ${check.headline}`];
  for (const detail of check.details) if (detail !== check.headline) lines.push(`  - ${detail}`);
  return lines.join('\n');
}
