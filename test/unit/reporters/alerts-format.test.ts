import { evaluateAlerts } from '../../../harness/evaluate/alerts';
import { HEALTHY_QUARANTINE_STATE } from '../../../harness/engine/quarantine/quarantine-state';
import { type TallySnapshot } from '../../../harness/log/entry-tally';
import { alertDetail, alertView } from '../../../reporters/format/alerts';
import { alertLines } from '../../../reporters/format/summary';
import { quarantinedByCredentials, tallyOf } from '../evaluate/alert-fixtures';
import { at } from '../evaluate/entry-factory';

function detailOf(tally: TallySnapshot, name: string, history = [HEALTHY_QUARANTINE_STATE]): string {
  const alert = evaluateAlerts(tally, history).find((item) => item.name === name);
  if (!alert) throw new Error(`no alert ${name}`);
  return alertDetail(alert);
}

describe('alertDetail', () => {
  it('says how far each alert stayed from firing', () => {
    const tally = tallyOf([{ minute: 0, failed: true }, { minute: 1, failed: true }, { minute: 40 }]);
    expect(detailOf(tally, 'quarantine-entered')).toBe('The job was never quarantined.');
    expect(detailOf(tally, 'failures-per-hour')).toBe('At most 2 failures in one hour of virtual time (limit 10).');
    expect(detailOf(tally, 'inactivity')).toBe('No silence of 2 hours or more in virtual time.');
  });

  it('names the reason and Entra\'s details of a quarantine', () => {
    const quarantined = quarantinedByCredentials();
    expect(detailOf(tallyOf([]), 'quarantine-entered', [HEALTHY_QUARANTINE_STATE, quarantined])).toBe(
      `Quarantined (EncounteredQuarantineException): ${quarantined.details}`,
    );
  });

  it('names the first hour over the limit and the worst', () => {
    const entries = [
      ...Array.from({ length: 11 }, (_, i) => ({ minute: i, failed: true })),
      ...Array.from({ length: 12 }, (_, i) => ({ minute: 120 + i, failed: true })),
    ];
    expect(detailOf(tallyOf(entries), 'failures-per-hour')).toBe(
      `2 hours of virtual time had more than 10 failures; the first, from ${at(0)}, had 11 (worst hour: 12).`,
    );
  });

  it('names the first silence and counts the others', () => {
    const tally = tallyOf([{ minute: 0 }, { minute: 40 }, { minute: 40 + 24 * 60 }, { minute: 40 + 24 * 60 + 180 }]);
    expect(detailOf(tally, 'inactivity')).toBe(
      `No provisioning event for 24 hours of virtual time, from ${at(40)} to ${at(40 + 24 * 60)} (limit 2 hours); 2 such silences in all.`,
    );
  });

  it('keeps the sentence a run recorded before alerts were kept as data', () => {
    const recorded = { name: 'inactivity', fired: true, detail: 'No provisioning event for 3 hours.', firstFiredAt: at(0) } as unknown as Parameters<typeof alertDetail>[0];
    expect(alertDetail(recorded)).toBe('No provisioning event for 3 hours.');
    expect(alertLines([recorded])).toEqual([`inactivity: No provisioning event for 3 hours. (first at ${at(0)})`]);
  });

  it('lists an alert in the JSON report as it always has: name, fired, sentence, time', () => {
    const [quarantine] = evaluateAlerts(tallyOf([]), [HEALTHY_QUARANTINE_STATE]);
    expect(Object.entries(alertView(quarantine))).toEqual([
      ['name', 'quarantine-entered'],
      ['fired', false],
      ['detail', 'The job was never quarantined.'],
      ['firstFiredAt', null],
    ]);
  });
});
