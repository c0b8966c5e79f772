import { describe, expect, it } from 'vitest';
import { castSeries, orderOutcomes, refusingLinks } from './overview-series';
import { overviewWindow } from './overview-window';

describe('castSeries', () => {
  const window = overviewWindow(1, new Date('2025-03-10T12:00:00Z'));
  const at = (iso: string) => Date.parse(iso) / 1000;

  it('fills every bucket with every outcome and adds up the totals', () => {
    const series = castSeries(window, [
      { bucket: at('2025-03-10T11:05:00Z'), outcome: 'RATE_LIMITED', n: 2 },
      { bucket: at('2025-03-10T11:05:00Z'), outcome: 'ok', n: 3 },
      { bucket: at('2025-03-10T11:55:00Z'), outcome: 'CAST_EXPIRED', n: 1 },
      { bucket: at('2025-03-10T12:00:00Z'), outcome: 'ok', n: 9 },
    ]);
    expect(series.outcomes).toEqual(['ok', 'CAST_EXPIRED', 'RATE_LIMITED']);
    expect(series.buckets).toHaveLength(12);
    expect(series.buckets[0]).toEqual({
      start: '2025-03-10T11:00:00.000Z',
      counts: { ok: 0, CAST_EXPIRED: 0, RATE_LIMITED: 0 },
    });
    expect(series.buckets[1].counts).toEqual({ ok: 3, CAST_EXPIRED: 0, RATE_LIMITED: 2 });
    expect(series.buckets[11].counts).toEqual({ ok: 0, CAST_EXPIRED: 1, RATE_LIMITED: 0 });
    expect(series.totals).toEqual({ ok: 3, CAST_EXPIRED: 1, RATE_LIMITED: 2 });
  });

  it('answers empty buckets when nothing happened', () => {
    const series = castSeries(window, []);
    expect(series.outcomes).toEqual([]);
    expect(series.buckets.every((b) => Object.keys(b.counts).length === 0)).toBe(true);
    expect(series.totals).toEqual({});
  });
});

describe('orderOutcomes', () => {
  it('puts ok first and sorts the codes', () => {
    expect(orderOutcomes(['SESSIONS_EXHAUSTED', 'ok', 'AUTH_REQUIRED', 'ok'])).toEqual([
      'ok',
      'AUTH_REQUIRED',
      'SESSIONS_EXHAUSTED',
    ]);
  });
});

describe('refusingLinks', () => {
  it('folds (link, code) rows into one entry per link in query order', () => {
    expect(
      refusingLinks([
        { id: 'b', name: 'B', key: 'kb', total: 5, outcome: 'RATE_LIMITED', n: 4 },
        { id: 'b', name: 'B', key: 'kb', total: 5, outcome: 'CAPTCHA_INVALID', n: 1 },
        { id: 'a', name: 'A', key: 'ka', total: 2, outcome: 'CAST_EXPIRED', n: 2 },
      ]),
    ).toEqual([
      { id: 'b', name: 'B', key: 'kb', refusals: 5, byReason: { RATE_LIMITED: 4, CAPTCHA_INVALID: 1 } },
      { id: 'a', name: 'A', key: 'ka', refusals: 2, byReason: { CAST_EXPIRED: 2 } },
    ]);
  });
});
