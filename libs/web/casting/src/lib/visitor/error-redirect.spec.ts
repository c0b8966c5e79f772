import { ApiError } from '@caster/web/core';
import { describe, expect, it } from 'vitest';
import { errorExit, successExit } from './error-redirect';

describe('errorExit', () => {
  const expired = (details?: Record<string, unknown>) =>
    new ApiError({ status: 410, code: 'CAST_EXPIRED', message: '', details });

  it("goes to the link's Error URL with the code when the API names one", () => {
    expect(errorExit(expired({ errorUrl: 'https://acme.com/e?x=1' }))).toEqual({
      kind: 'external',
      url: 'https://acme.com/e?x=1&code=CAST_EXPIRED',
    });
  });

  it("falls back to the Error URL the link's info gave when the error carries none", () => {
    const offline = new ApiError({ status: 0, code: 'SERVICE_UNAVAILABLE', message: '' });
    expect(errorExit(offline, 'https://acme.com/e')).toEqual({
      kind: 'external',
      url: 'https://acme.com/e?code=SERVICE_UNAVAILABLE',
    });
  });

  it('goes to the internal error page without an Error URL, or with one that is not http(s)', () => {
    expect(errorExit(expired())).toEqual({ kind: 'route', to: '/error?code=CAST_EXPIRED' });
    expect(errorExit(expired({ errorUrl: 'javascript:alert(1)' }))).toEqual({
      kind: 'route',
      to: '/error?code=CAST_EXPIRED',
    });
  });

  it('tells the error page when a rate-limited visitor may retry', () => {
    const limited = new ApiError({ status: 429, code: 'RATE_LIMITED', message: '', retryAfterSeconds: 42 });
    expect(errorExit(limited)).toEqual({ kind: 'route', to: '/error?code=RATE_LIMITED&retryAfter=42' });
  });
});

describe('successExit', () => {
  it("follows the API's #/session/<id> as a route of this SPA", () => {
    const id = '0b6f5c3e-8d2a-4c1e-9f00-123456789abc';
    expect(successExit({ sessionId: id, resumed: false, redirect: `#/session/${id}` })).toEqual({
      kind: 'route',
      to: `/session/${id}`,
    });
  });

  it('builds the session route itself when the redirect is not one', () => {
    expect(successExit({ sessionId: 'abc', resumed: false, redirect: 'https://evil.example/' })).toEqual({
      kind: 'route',
      to: '/session/abc',
    });
  });
});
