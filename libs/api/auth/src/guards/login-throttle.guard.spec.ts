import { describe, expect, it } from 'vitest';
import { loginThrottleKeys } from './login-throttle.guard';

describe('loginThrottleKeys', () => {
  it('counts a username per client address, never per username alone', () => {
    const here = loginThrottleKeys('203.0.113.7', 'admin');
    const there = loginThrottleKeys('198.51.100.9', 'admin');
    expect(here.userAtIp).not.toBe(there.userAtIp);
    expect(here.ip).toBe('login:ip:203.0.113.7');
  });

  it('normalises the name once: case, spaces and compatibility forms are one name', () => {
    const keys = ['admin', ' ADMIN ', 'Admin', 'ＡＤＭＩＮ'].map(
      (n) => loginThrottleKeys('203.0.113.7', n).userAtIp,
    );
    expect(new Set(keys).size).toBe(1);
  });

  it('counts an IPv6 client by its /64', () => {
    expect(loginThrottleKeys('2001:db8:1:2::1', 'a')).toEqual(loginThrottleKeys('2001:db8:1:2:ffff::9', 'a'));
  });

  it('has no username key when no username string was sent', () => {
    expect(loginThrottleKeys('203.0.113.7', 42).userAtIp).toBeUndefined();
    expect(loginThrottleKeys('203.0.113.7', '   ').userAtIp).toBeUndefined();
  });

  it('counts a password change against the signed-in account from every address, not a body username', () => {
    const here = loginThrottleKeys('203.0.113.7', 'someone-else', 'user-1');
    const there = loginThrottleKeys('198.51.100.9', undefined, 'user-1');
    expect(here.account).toBe('login:password:user-1');
    expect(there.account).toBe(here.account);
    expect(here.userAtIp).toBeUndefined();
  });
});
