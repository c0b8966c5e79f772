import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { isDashboardOrigin } from './cast-origin.guard';

const request = (host: string, forwardedHost?: string, trusted = false): Request =>
  ({
    headers: { host, ...(forwardedHost ? { 'x-forwarded-host': forwardedHost } : {}) },
    ips: trusted ? ['203.0.113.1'] : [],
    get: (name: string) => (name.toLowerCase() === 'x-forwarded-host' ? forwardedHost : undefined),
  }) as unknown as Request;

describe('isDashboardOrigin', () => {
  it('compares with PUBLIC_URL exactly when it is set', () => {
    const req = request('caster.example.com');
    expect(isDashboardOrigin(req, 'https://caster.example.com', 'https://caster.example.com/')).toBe(true);
    expect(isDashboardOrigin(req, 'http://caster.example.com', 'https://caster.example.com')).toBe(false);
    expect(isDashboardOrigin(req, 'https://evil.example', 'https://caster.example.com')).toBe(false);
  });

  it('without PUBLIC_URL, compares with the Host the request was sent to', () => {
    const req = request('127.0.0.1:3000');
    expect(isDashboardOrigin(req, 'http://127.0.0.1:3000', null)).toBe(true);
    expect(isDashboardOrigin(req, 'https://127.0.0.1:3000', null)).toBe(true);
    expect(isDashboardOrigin(req, 'http://127.0.0.1:3001', null)).toBe(false);
    expect(isDashboardOrigin(req, 'null', null)).toBe(false);
  });

  it('believes X-Forwarded-Host only from a trusted proxy', () => {
    expect(
      isDashboardOrigin(request('api:3000', 'caster.example.com', true), 'https://caster.example.com', null),
    ).toBe(true);
    expect(
      isDashboardOrigin(request('api:3000', 'caster.example.com', false), 'https://caster.example.com', null),
    ).toBe(false);
  });
});
