import { describe, expect, it } from 'vitest';
import { basicCredentials, sameSecret } from './metrics-access.guard';

describe('sameSecret', () => {
  it('accepts only the exact token, whatever the lengths', () => {
    expect(sameSecret('a-long-enough-metrics-token', 'a-long-enough-metrics-token')).toBe(true);
    expect(sameSecret('a-long-enough-metrics-tokeN', 'a-long-enough-metrics-token')).toBe(false);
    expect(sameSecret('a-long-enough-metrics-token-and-more', 'a-long-enough-metrics-token')).toBe(false);
    expect(sameSecret('', 'a-long-enough-metrics-token')).toBe(false);
  });
});

describe('basicCredentials', () => {
  const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;

  it('splits key and secret at the first colon', () => {
    expect(basicCredentials(basic('key:sec:ret'))).toEqual({ key: 'key', secret: 'sec:ret' });
  });

  it('ignores other schemes and malformed values', () => {
    expect(basicCredentials(undefined)).toBeNull();
    expect(basicCredentials('Bearer abc')).toBeNull();
    expect(basicCredentials(basic(':secret'))).toBeNull();
    expect(basicCredentials(basic('no-colon'))).toBeNull();
  });
});
