/**
 * The alerts in words: what each Azure Monitor alert pattern saw over the run's virtual time
 * (harness/evaluate/alerts.ts returns it as data).
 */
import { type AlertResult } from '../../harness/evaluate/alerts';
import { formatCount } from '../../harness/text/numbers';

const HOUR_MS = 60 * 60 * 1000;

/** One sentence: why the alert fired, or how far it stayed from firing. */
export function alertDetail(alert: AlertResult): string {
  // A run recorded before alerts were kept as data carries its sentence instead.
  const recorded = (alert as { detail?: unknown }).detail;
  if (typeof recorded === 'string') return recorded;
  switch (alert.name) {
    case 'quarantine-entered':
      return alert.fired ? `Quarantined (${alert.reason ?? 'Unknown'}): ${alert.details ?? ''}` : 'The job was never quarantined.';
    case 'failures-per-hour': {
      const first = alert.firstHour;
      if (!first) return `At most ${formatCount(alert.worstHour)} failures in one hour of virtual time (limit ${formatCount(alert.limit)}).`;
      return `${formatCount(alert.hoursOver)} hours of virtual time had more than ${formatCount(alert.limit)} failures; the first, from ${
        first.hourStart
      }, had ${formatCount(first.failures)} (worst hour: ${formatCount(alert.worstHour)}).`;
    }
    case 'inactivity': {
      const first = alert.firstSilence;
      if (!first) return `No silence of ${formatCount(alert.limitHours)} hours or more in virtual time.`;
      return `No provisioning event for ${formatCount(first.durationMs / HOUR_MS)} hours of virtual time, from ${first.from} to ${
        first.to
      } (limit ${formatCount(alert.limitHours)} hours)${alert.silences > 1 ? `; ${formatCount(alert.silences)} such silences in all` : ''}.`;
    }
  }
}

/** As the JSON report has always listed an alert: its name, whether it fired, the sentence, and when. */
export function alertView(alert: AlertResult): { name: string; fired: boolean; detail: string; firstFiredAt: string | null } {
  return { name: alert.name, fired: alert.fired, detail: alertDetail(alert), firstFiredAt: alert.firstFiredAt };
}
