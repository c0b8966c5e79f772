import { describe, expect, it } from 'vitest';
import type { CasterConfig } from '@caster/api/config';
import { AppError } from '@caster/api/core';
import type { CastInput } from '../pipeline/cast-context';
import { isDashboardOrigin, OriginPolicy } from './origin.policy';

const http = (host: string, forwardedHost?: string): CastInput['http'] => ({
  isJson: true,
  hasAuthCookie: false,
  origin: undefined,
  fetchSite: undefined,
  host,
  forwardedHost,
});

const input = (over: Partial<CastInput['http']>): CastInput => ({
  key: 'demo',
  rawBody: {},
  ip: '203.0.113.9',
  principal: null,
  queryReferrer: undefined,
  http: { ...http('caster.example.com'), ...over },
});

const code = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
};

describe('isDashboardOrigin', () => {
  it('compares with PUBLIC_URL exactly when it is set', () => {
    const h = http('caster.example.com');
    expect(isDashboardOrigin(h, 'https://caster.example.com', 'https://caster.example.com/')).toBe(true);
    expect(isDashboardOrigin(h, 'http://caster.example.com', 'https://caster.example.com')).toBe(false);
    expect(isDashboardOrigin(h, 'https://evil.example', 'https://caster.example.com')).toBe(false);
  });

  it('without PUBLIC_URL, compares with the Host the request was sent to', () => {
    const h = http('127.0.0.1:3000');
    expect(isDashboardOrigin(h, 'http://127.0.0.1:3000', null)).toBe(true);
    expect(isDashboardOrigin(h, 'https://127.0.0.1:3000', null)).toBe(true);
    expect(isDashboardOrigin(h, 'http://127.0.0.1:3001', null)).toBe(false);
    expect(isDashboardOrigin(h, 'null', null)).toBe(false);
  });

  it('believes X-Forwarded-Host only when a trusted proxy sent it (castInputFrom drops it otherwise)', () => {
    expect(
      isDashboardOrigin(http('api:3000', 'caster.example.com'), 'https://caster.example.com', null),
    ).toBe(true);
    expect(isDashboardOrigin(http('api:3000'), 'https://caster.example.com', null)).toBe(false);
  });
});

describe('OriginPolicy', () => {
  const policy = new OriginPolicy({ publicUrl: 'https://caster.example.com' } as CasterConfig);

  it('refuses a body that is not JSON with 415', () => {
    expect(code(() => policy.check(input({ isJson: false })))).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('lets a request without the sign-in cookie through from anywhere', () => {
    expect(code(() => policy.check(input({ origin: 'https://evil.example' })))).toBeUndefined();
  });

  it('refuses the sign-in cookie from a foreign Origin or a cross-site / same-site fetch', () => {
    expect(code(() => policy.check(input({ hasAuthCookie: true, origin: 'https://evil.example' })))).toBe(
      'FORBIDDEN',
    );
    expect(code(() => policy.check(input({ hasAuthCookie: true, fetchSite: 'cross-site' })))).toBe(
      'FORBIDDEN',
    );
    expect(code(() => policy.check(input({ hasAuthCookie: true, fetchSite: 'same-site' })))).toBe(
      'FORBIDDEN',
    );
    expect(
      code(() =>
        policy.check(
          input({ hasAuthCookie: true, origin: 'https://caster.example.com', fetchSite: 'same-origin' }),
        ),
      ),
    ).toBeUndefined();
  });
});
