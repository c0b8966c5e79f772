import { describe, expect, it } from 'vitest';
import { earliest, formatCountdown, formatDuration, formatElapsed, formatRelative } from './format';

describe('formatting times', () => {
  it('formats launch time, countdowns and table ages', () => {
    expect(formatElapsed(12_400)).toBe('12 s');
    expect(formatElapsed(185_000)).toBe('3 min 05 s');
    expect(formatCountdown(249_100)).toBe('4:10');
    expect(formatCountdown(-5)).toBe('0:00');
    expect(formatDuration(59_000)).toBe('59 s');
    expect(formatDuration(7_500_000)).toBe('2 h 5 min');
    expect(formatDuration(3 * 86_400_000)).toBe('3 d');
  });

  it('says how far a time is from now, either way', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(formatRelative('2030-01-01T00:04:00Z', now)).toBe('in 4 min');
    expect(formatRelative('2029-12-31T23:58:00Z', now)).toBe('2 min ago');
    expect(formatRelative(null, now)).toBe('—');
  });

  it('picks the earlier of the expiry times that exist', () => {
    expect(earliest(null, '2030-01-01T00:05:00Z', '2030-01-01T00:04:00Z')).toBe(
      Date.parse('2030-01-01T00:04:00Z'),
    );
    expect(earliest(null, undefined)).toBeNull();
  });
});
