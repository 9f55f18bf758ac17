import { ConfigurationError } from '../../../harness/errors';
import { DEFAULT_ALERT_THRESHOLDS, evaluateAlerts, parseAlertSpec, type AlertResult } from '../../../harness/evaluate/alerts';
import { HEALTHY_QUARANTINE_STATE } from '../../../harness/engine/quarantine/quarantine-state';
import { quarantinedByCredentials, tallyOf } from './alert-fixtures';
import { at } from './entry-factory';

function find(results: readonly AlertResult[], name: AlertResult['name']): AlertResult {
  const result = results.find((item) => item.name === name);
  if (!result) throw new Error(`no alert ${name}`);
  return result;
}

describe('parseAlertSpec', () => {
  it('keeps the defaults for an empty spec', () => {
    expect(parseAlertSpec('')).toEqual({ failuresPerHour: 10, inactivityHours: 2 });
    expect(DEFAULT_ALERT_THRESHOLDS).toEqual({ failuresPerHour: 10, inactivityHours: 2 });
  });

  it('reads both settings, spaces allowed', () => {
    expect(parseAlertSpec('failures-per-hour=50, inactivity-hours=3')).toEqual({ failuresPerHour: 50, inactivityHours: 3 });
    expect(parseAlertSpec('inactivity-hours=1.5')).toEqual({ failuresPerHour: 10, inactivityHours: 1.5 });
  });

  it.each([
    ['failures-per-hour', /items must be key=value, got "failures-per-hour"/],
    ['failures=5', /no setting "failures" \(valid: failures-per-hour, inactivity-hours; try failures-per-hour=50,inactivity-hours=3\)/],
    ['failures-per-hour=many', /failures-per-hour must be a whole number >= 0, got "many"/],
    ['failures-per-hour=2.5', /failures-per-hour must be a whole number >= 0, got "2.5"/],
    ['failures-per-hour=', /failures-per-hour must be a whole number >= 0, got ""/],
    ['inactivity-hours=0.5', /inactivity-hours must be a number of hours >= 1, got "0.5" \(cycles run every 40 minutes/],
    ['failures-per-hour=1,failures-per-hour=2', /sets "failures-per-hour" twice/],
  ])('rejects %p', (spec, message) => {
    expect(() => parseAlertSpec(spec)).toThrow(ConfigurationError);
    expect(() => parseAlertSpec(spec)).toThrow(message);
  });
});

describe('evaluateAlerts', () => {
  it('fires quarantine-entered at the time the quarantine began', () => {
    const quarantined = quarantinedByCredentials();
    const results = evaluateAlerts(tallyOf([]), [HEALTHY_QUARANTINE_STATE, quarantined]);
    expect(find(results, 'quarantine-entered')).toMatchObject({ fired: true, firstFiredAt: at(80) });
    expect(find(results, 'quarantine-entered')).toMatchObject({ reason: 'EncounteredQuarantineException', details: quarantined.details });
    expect(find(evaluateAlerts(tallyOf([]), [HEALTHY_QUARANTINE_STATE]), 'quarantine-entered')).toMatchObject({
      fired: false,
      firstFiredAt: null,
    });
  });

  it('fires failures-per-hour when one hour holds more failures than the limit, at the end of that hour', () => {
    const entries = [
      ...Array.from({ length: 10 }, (_, i) => ({ minute: i, failed: true })),
      ...Array.from({ length: 11 }, (_, i) => ({ minute: 120 + i, failed: true })),
    ];
    const alert = find(evaluateAlerts(tallyOf(entries), []), 'failures-per-hour');
    expect(alert.fired).toBe(true);
    expect(alert.firstFiredAt).toBe(at(180));
    expect(alert).toMatchObject({ hoursOver: 1, worstHour: 11, firstHour: { hourStart: at(120), failures: 11 } });
  });

  it('does not fire failures-per-hour at exactly the limit, and honours a custom limit', () => {
    const entries = Array.from({ length: 10 }, (_, i) => ({ minute: i, failed: true }));
    expect(find(evaluateAlerts(tallyOf(entries), []), 'failures-per-hour').fired).toBe(false);
    const custom = find(evaluateAlerts(tallyOf(entries), [], parseAlertSpec('failures-per-hour=5')), 'failures-per-hour');
    expect(custom.fired).toBe(true);
  });

  it('does not fire inactivity for healthy 40-minute cycles', () => {
    const entries = Array.from({ length: 10 }, (_, i) => ({ minute: i * 40 }));
    expect(find(evaluateAlerts(tallyOf(entries), []), 'inactivity').fired).toBe(false);
  });

  it('fires inactivity for a silence of two hours or more, two hours into it', () => {
    const alert = find(evaluateAlerts(tallyOf([{ minute: 0 }, { minute: 40 }, { minute: 40 + 24 * 60 }]), []), 'inactivity');
    expect(alert.fired).toBe(true);
    expect(alert.firstFiredAt).toBe(at(40 + 120));
    expect(alert).toMatchObject({ silences: 1, firstSilence: { from: at(40), to: at(40 + 24 * 60), durationMs: 24 * 60 * 60_000 } });
  });

  it('respects a longer inactivity limit', () => {
    const tally = tallyOf([{ minute: 0 }, { minute: 150 }]);
    expect(find(evaluateAlerts(tally, []), 'inactivity').fired).toBe(true);
    expect(find(evaluateAlerts(tally, [], parseAlertSpec('inactivity-hours=3')), 'inactivity').fired).toBe(false);
  });

  it('counts a silence at the end of the run when told when the run ended', () => {
    const tally = tallyOf([{ minute: 0 }]);
    expect(find(evaluateAlerts(tally, [], DEFAULT_ALERT_THRESHOLDS), 'inactivity').fired).toBe(false);
    const alert = find(evaluateAlerts(tally, [], DEFAULT_ALERT_THRESHOLDS, at(300)), 'inactivity');
    expect(alert).toMatchObject({ fired: true, firstFiredAt: at(120) });
  });
});
