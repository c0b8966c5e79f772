import type { ThrottlerStorage } from '@nestjs/throttler';
import { describe, expect, it } from 'vitest';
import { linkContext, refusal } from '../pipeline/cast-test-fixtures';
import { RateLimitPolicy, castRateKey } from './rate-limit.policy';

describe('RateLimitPolicy', () => {
  function storage() {
    const hits = new Map<string, number>();
    const keys: string[] = [];
    const s = {
      increment: (key: string, ttl: number, limit: number) => {
        keys.push(key);
        const n = (hits.get(key) ?? 0) + 1;
        hits.set(key, n);
        return Promise.resolve({
          totalHits: n,
          timeToExpire: ttl / 1000,
          isBlocked: n > limit,
          timeToBlockExpire: ttl / 1000,
        });
      },
    };
    return { storage: s as unknown as ThrottlerStorage, keys };
  }
  const limited = { limitIps: true, ipRequestLimit: 2, ipRequestSeconds: 60 };
  it('does not count when the link has no limit', async () => {
    const { storage: st, keys } = storage();
    await new RateLimitPolicy(st).check(linkContext());
    expect(keys).toEqual([]);
  });
  it('allows the limit, then RATE_LIMITED with Retry-After, per link and client', async () => {
    const { storage: st, keys } = storage();
    const policy = new RateLimitPolicy(st);
    const first = await policy.check(linkContext(limited));
    expect(first.rateHeaders).toEqual({
      'X-RateLimit-Limit': '2',
      'X-RateLimit-Remaining': '1',
      'X-RateLimit-Reset': '60',
    });
    await policy.check(linkContext(limited));
    expect(await refusal(() => policy.check(linkContext(limited)))).toBe('RATE_LIMITED');
    expect(keys[0]).toBe(castRateKey('c-1', '203.0.113.9'));
  });
  it('counts an IPv6 client by its /64', () => {
    expect(castRateKey('c', '2001:db8:1:2:aaaa::1')).toBe(castRateKey('c', '2001:db8:1:2:bbbb::2'));
    expect(castRateKey('c', '2001:db8:1:2::1')).not.toBe(castRateKey('c', '2001:db8:1:3::1'));
  });
});
