/**
 * Counts, percentages, durations and times as every text of the harness prints them (judgement
 * texts, reports, console, CLI), in one place so they cannot drift apart. Written out by hand so
 * a report reads the same on every machine, whatever locale or ICU data Node runs with.
 */

/** 45000 → "45,000"; fractions keep one decimal (12.5 → "12.5"). */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Math.round(value * 10) / 10;
  const [whole, fraction] = Math.abs(rounded).toString().split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** 0.4 → "40.0 %" (a space before the sign, as the README and the judgement texts write it); a ratio that is not a number → "n/a". */
export function formatPercent(ratio: number, digits = 1): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  return `${(ratio * 100).toFixed(digits)} %`;
}

/** Share of `part` in `whole` as a percentage; "n/a" when whole is 0. */
export function formatShare(part: number, whole: number): string {
  return whole > 0 ? formatPercent(part / whole) : 'n/a';
}

/** 812 → "812 ms", 1234 → "1.2 s", 125000 → "2 min 5 s", 3720000 → "1 h 2 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'n/a';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(Math.round(ms / 100) / 10).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3600) {
    const minutes = Math.floor(totalSeconds / 60);
    const seconds = totalSeconds % 60;
    return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
  }
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** Seconds with millisecond precision, as JUnit's `time` attribute wants: 1234 → "1.234". */
export function formatSeconds(ms: number): string {
  return Number.isFinite(ms) && ms > 0 ? (ms / 1000).toFixed(3) : '0.000';
}

/** "2026-03-24T10:40:00.000Z" → "2026-03-24 10:40:00 UTC"; anything unparsable is returned as given. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return 'never';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "1 finding" / "3 findings". */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}
