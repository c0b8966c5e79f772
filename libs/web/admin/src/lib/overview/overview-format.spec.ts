import { describe, expect, it } from 'vitest';
import { bucketLabels, outcomeColor, parseHours, windowWords } from './overview-format';

describe('parseHours', () => {
  it('takes whole hours from 1 to 720 and falls back to 24 otherwise', () => {
    expect(parseHours('1')).toBe(1);
    expect(parseHours('720')).toBe(720);
    expect(parseHours(null)).toBe(24);
    expect(parseHours('0')).toBe(24);
    expect(parseHours('721')).toBe(24);
    expect(parseHours('1.5')).toBe(24);
    expect(parseHours('abc')).toBe(24);
  });
});

describe('windowWords', () => {
  it('speaks in days from two days up', () => {
    expect(windowWords(1)).toBe('hour');
    expect(windowWords(24)).toBe('24 hours');
    expect(windowWords(168)).toBe('7 days');
    expect(windowWords(720)).toBe('30 days');
  });
});

describe('bucketLabels', () => {
  it('labels day buckets by date and hour buckets by time', () => {
    const day = bucketLabels('2025-03-10T00:00:00.000Z', 86_400, 720);
    expect(day.tick).not.toMatch(/:/);
    const hour = bucketLabels('2025-03-10T14:00:00.000Z', 3600, 24);
    expect(hour.tick).toMatch(/\d/);
    expect(hour.label.length).toBeGreaterThan(hour.tick.length);
  });
});

describe('outcomeColor', () => {
  it('keeps ok teal and gives refusals distinct colours', () => {
    const outcomes = ['ok', 'CAST_EXPIRED', 'RATE_LIMITED'];
    expect(outcomeColor('ok', outcomes)).toBe('var(--mantine-color-teal-6)');
    expect(outcomeColor('CAST_EXPIRED', outcomes)).toBe('var(--mantine-color-red-6)');
    expect(outcomeColor('RATE_LIMITED', outcomes)).toBe('var(--mantine-color-orange-6)');
  });
});
