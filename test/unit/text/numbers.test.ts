import { formatCount, formatDuration, formatPercent, formatSeconds, formatShare, formatTimestamp, pluralize } from '../../../harness/text/numbers';

describe('text/numbers', () => {
  it('groups thousands and keeps one decimal', () => {
    expect(formatCount(45000)).toBe('45,000');
    expect(formatCount(1234567.25)).toBe('1,234,567.3');
    expect(formatCount(-1500)).toBe('-1,500');
  });

  it('counts with the plural form the number needs', () => {
    expect(pluralize(1, 'finding')).toBe('1 finding');
    expect(pluralize(12000, 'entry', 'entries')).toBe('12,000 entries');
  });

  it('formats durations by magnitude', () => {
    expect(formatDuration(812)).toBe('812 ms');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(3_720_000)).toBe('1 h 2 min');
    expect(formatDuration(-1)).toBe('n/a');
  });

  it('formats seconds for JUnit, percentages and timestamps', () => {
    expect(formatSeconds(1234)).toBe('1.234');
    expect(formatSeconds(0)).toBe('0.000');
    expect(formatPercent(0.4)).toBe('40.0 %');
    expect(formatPercent(0.12345, 2)).toBe('12.35 %');
    expect(formatPercent(Number.NaN)).toBe('n/a');
    expect(formatShare(1, 4)).toBe('25.0 %');
    expect(formatShare(1, 0)).toBe('n/a');
    expect(formatTimestamp('2026-03-24T10:40:00.000Z')).toBe('2026-03-24 10:40:00 UTC');
    expect(formatTimestamp(null)).toBe('never');
    expect(formatTimestamp('not a date')).toBe('not a date');
  });
});
