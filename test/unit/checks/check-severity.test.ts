/**
 * Every check's severity carries its one-line justification (docs/diagnosis.md#severity), and the
 * justification fits the severity: its basis is one the severity allows, and it cites what it
 * rests on (an RFC section or a docs/entra-behaviour.md anchor that exists).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CHECK_SEVERITIES, KNOWN_CHECK_IDS } from '../../../harness/checks/check-catalog';
import { type Severity } from '../../../harness/contract/severity';

/** docs/diagnosis.md#severity: what each severity may rest on. */
const BASES: Readonly<Record<Severity, readonly string[]>> = {
  required: ['Entra fails', 'Entra loses data', 'MUST', 'SHALL'],
  recommended: ['SHOULD', 'Entra tolerates'],
  advisory: ['RFC allows', 'Not the endpoint'],
};

const ANCHORS = new Set(
  [...readFileSync(path.join(__dirname, '../../../docs/entra-behaviour.md'), 'utf8').matchAll(/<a id="([^"]+)"><\/a>/g)].map((match) => match[1]),
);

function basisOf(reason: string): string {
  return reason.slice(0, reason.indexOf(':'));
}

describe('check severities', () => {
  it('lists every check the harness can report, once', () => {
    const ids = CHECK_SEVERITIES.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...KNOWN_CHECK_IDS].sort());
  });

  it.each(CHECK_SEVERITIES.map((check) => [check.id, check] as const))('%s justifies its severity in one line, on a basis that fits it', (_id, check) => {
    expect(check.severityReason).toMatch(/^[^\n]{20,170}$/);
    expect(BASES[check.severity]).toContain(basisOf(check.severityReason));
  });

  it.each(CHECK_SEVERITIES.filter((check) => basisOf(check.severityReason) !== 'Not the endpoint').map((check) => [check.id, check.severityReason] as const))(
    '%s cites the RFC section or Entra behaviour it rests on',
    (_id, reason) => {
      const anchors = [...reason.matchAll(/docs\/entra-behaviour\.md#([a-z0-9-]+)/g)].map((match) => match[1]);
      expect(/RFC \d{4} §\d/.test(reason) || anchors.length > 0).toBe(true);
      for (const anchor of anchors) expect(ANCHORS).toContain(anchor);
    },
  );

  it('keeps "Not the endpoint" for the harness\'s own failures', () => {
    expect(CHECK_SEVERITIES.filter((check) => basisOf(check.severityReason) === 'Not the endpoint').map((check) => check.id)).toEqual(['checks/internal-error']);
  });
});
