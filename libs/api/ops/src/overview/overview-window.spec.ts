import { describe, expect, it } from 'vitest';
import { MAX_BUCKETS, bucketSecondsFor, overviewWindow } from './overview-window';

describe('bucketSecondsFor', () => {
  it('picks the narrowest round bucket that keeps the window readable', () => {
    expect(bucketSecondsFor(1)).toBe(300);
    expect(bucketSecondsFor(6)).toBe(600);
    expect(bucketSecondsFor(24)).toBe(3600);
    expect(bucketSecondsFor(48)).toBe(7200);
    expect(bucketSecondsFor(168)).toBe(6 * 3600);
    expect(bucketSecondsFor(720)).toBe(86_400);
  });

  it('never exceeds the bar budget for any allowed window', () => {
    for (let hours = 1; hours <= 720; hours++) {
      expect((hours * 3600) / bucketSecondsFor(hours), `${hours} h`).toBeLessThanOrEqual(MAX_BUCKETS);
    }
  });
});

describe('overviewWindow', () => {
  it('aligns buckets to the step and covers [from, to)', () => {
    const now = new Date('2025-03-10T12:34:56Z');
    const w = overviewWindow(24, now);
    expect(w.to.toISOString()).toBe('2025-03-10T12:34:56.000Z');
    expect(w.from.toISOString()).toBe('2025-03-09T12:34:56.000Z');
    expect(w.stepSeconds).toBe(3600);
    expect(new Date(w.bucketStarts[0] * 1000).toISOString()).toBe('2025-03-09T12:00:00.000Z');
    expect(new Date(w.bucketStarts.at(-1)! * 1000).toISOString()).toBe('2025-03-10T12:00:00.000Z');
    expect(w.bucketStarts).toHaveLength(25);
    expect(w.bucketStarts.every((s, i) => i === 0 || s - w.bucketStarts[i - 1] === 3600)).toBe(true);
  });

  it('adds no empty bucket when now falls on a boundary', () => {
    const w = overviewWindow(1, new Date('2025-03-10T12:00:00Z'));
    expect(w.bucketStarts).toHaveLength(12);
    expect(new Date(w.bucketStarts.at(-1)! * 1000).toISOString()).toBe('2025-03-10T11:55:00.000Z');
  });
});
