import { type CastClaim } from '@caster/contracts';
import { describe, expect, it } from 'vitest';
import { bucketClaims, MAX_BUCKETS, outcomeColor } from './claims-buckets';

const claim = (at: Date, outcome: string): CastClaim => ({
  at: at.toISOString(),
  ip: '203.0.113.9',
  outcome,
  userId: null,
  sessionId: null,
  stage: 'cast',
  test: false,
});

/** Local time, as the chart buckets by the reader's clock. */
const local = (day: number, hour: number, minute = 0) => new Date(2030, 5, day, hour, minute);

describe('bucketClaims', () => {
  it('answers nothing for no claims', () => {
    expect(bucketClaims([])).toEqual({ unit: 'hour', outcomes: [], buckets: [] });
  });

  it('counts outcomes per hour over a short span, keeping empty hours between', () => {
    const result = bucketClaims([
      claim(local(1, 9, 5), 'ok'),
      claim(local(1, 9, 50), 'RATE_LIMITED'),
      claim(local(1, 9, 55), 'ok'),
      claim(local(1, 11, 1), 'CAPTCHA_INVALID'),
    ]);
    expect(result.unit).toBe('hour');
    expect(result.outcomes).toEqual(['ok', 'CAPTCHA_INVALID', 'RATE_LIMITED']);
    expect(result.buckets.map((b) => b.start)).toEqual([
      local(1, 9).getTime(),
      local(1, 10).getTime(),
      local(1, 11).getTime(),
    ]);
    expect(result.buckets.map((b) => b.counts)).toEqual([
      { ok: 2, CAPTCHA_INVALID: 0, RATE_LIMITED: 1 },
      { ok: 0, CAPTCHA_INVALID: 0, RATE_LIMITED: 0 },
      { ok: 0, CAPTCHA_INVALID: 1, RATE_LIMITED: 0 },
    ]);
  });

  it('switches to days over a span longer than two days', () => {
    const result = bucketClaims([
      claim(local(1, 23), 'ok'),
      claim(local(4, 1), 'ok'),
      claim(local(4, 2), 'SESSIONS_EXHAUSTED'),
    ]);
    expect(result.unit).toBe('day');
    expect(result.buckets.map((b) => b.start)).toEqual([1, 2, 3, 4].map((d) => local(d, 0).getTime()));
    expect(result.buckets[3]?.counts).toEqual({ ok: 1, SESSIONS_EXHAUSTED: 1 });
  });

  it('keeps only the latest buckets over a very long span', () => {
    const result = bucketClaims([claim(new Date(2029, 0, 1), 'ok'), claim(new Date(2030, 0, 1), 'ok')]);
    expect(result.buckets).toHaveLength(MAX_BUCKETS);
    expect(result.buckets.at(-1)?.counts['ok']).toBe(1);
  });
});

describe('outcomeColor', () => {
  it('paints ok teal and gives each refusal its own colour', () => {
    const outcomes = ['ok', 'CAPTCHA_INVALID', 'RATE_LIMITED'];
    expect(outcomeColor('ok', outcomes)).toBe('teal.6');
    expect(outcomeColor('CAPTCHA_INVALID', outcomes)).not.toBe(outcomeColor('RATE_LIMITED', outcomes));
  });
});
