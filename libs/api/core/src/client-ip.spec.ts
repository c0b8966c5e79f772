import { describe, expect, it } from 'vitest';
import { rateLimitKey } from './client-ip';

describe('rateLimitKey', () => {
  it('keeps an IPv4 address as it is', () => {
    expect(rateLimitKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('keys IPv4-mapped IPv6 by the IPv4 address, in every spelling', () => {
    expect(rateLimitKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitKey('::FFFF:cb00:7107')).toBe('203.0.113.7');
    expect(rateLimitKey('0:0:0:0:0:ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('keys every address of one IPv6 /64 alike', () => {
    const a = rateLimitKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
    expect(a).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:db8:1:2::1')).toBe(a);
    expect(rateLimitKey('2001:0DB8:0001:0002:ffff:0:0:1')).toBe(a);
    expect(rateLimitKey('2001:db8:1:2::1%eth0')).toBe(a);
  });

  it('keeps neighbouring /64s apart', () => {
    expect(rateLimitKey('2001:db8:1:3::1')).not.toBe(rateLimitKey('2001:db8:1:2::1'));
    expect(rateLimitKey('::1')).toBe('0:0:0:0::/64');
    expect(rateLimitKey('fe80::1')).toBe('fe80:0:0:0::/64');
  });

  it('answers something stable for what is not an address', () => {
    expect(rateLimitKey(undefined)).toBe('unknown');
    expect(rateLimitKey('')).toBe('unknown');
    expect(rateLimitKey('not-an-ip')).toBe('not-an-ip');
    expect(rateLimitKey('1::2::3')).toBe('1::2::3');
  });
});
