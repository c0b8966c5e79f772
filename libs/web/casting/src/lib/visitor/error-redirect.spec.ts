import { ApiError } from '@caster/web/core';
import { describe, expect, it } from 'vitest';
import { errorExit, errorUrlWithCode, isHttpUrl, successExit } from './error-redirect';

describe('errorUrlWithCode', () => {
  it('adds ?code= to an Error URL without a query', () => {
    expect(errorUrlWithCode('https://acme.com/oops', 'CAST_EXPIRED')).toBe(
      'https://acme.com/oops?code=CAST_EXPIRED',
    );
    expect(errorUrlWithCode('http://127.0.0.1:8080', 'RATE_LIMITED')).toBe(
      'http://127.0.0.1:8080/?code=RATE_LIMITED',
    );
  });

  it('adds &code= to an Error URL that already has a query, keeping it as written', () => {
    expect(errorUrlWithCode('https://acme.com/oops?lang=en&ref=a%2Fb', 'CAST_EXPIRED')).toBe(
      'https://acme.com/oops?lang=en&ref=a%2Fb&code=CAST_EXPIRED',
    );
    expect(errorUrlWithCode('https://acme.com/oops?', 'CAST_EXPIRED')).toBe(
      'https://acme.com/oops?code=CAST_EXPIRED',
    );
    expect(errorUrlWithCode('https://acme.com/oops?a=1&', 'CAST_EXPIRED')).toBe(
      'https://acme.com/oops?a=1&code=CAST_EXPIRED',
    );
  });

  it('keeps the fragment after the query', () => {
    expect(errorUrlWithCode('https://acme.com/app#/sorry', 'NO_CAPACITY')).toBe(
      'https://acme.com/app?code=NO_CAPACITY#/sorry',
    );
  });

  it('replaces a code the URL already carries, so the receiving page reads one', () => {
    expect(errorUrlWithCode('https://acme.com/oops?code=OLD&x=1', 'CAST_EXPIRED')).toBe(
      'https://acme.com/oops?x=1&code=CAST_EXPIRED',
    );
  });

  it('never follows anything but http(s)', () => {
    expect(errorUrlWithCode('javascript:alert(1)', 'CAST_EXPIRED')).toBeNull();
    expect(errorUrlWithCode('JavaScript:alert(document.cookie)//', 'CAST_EXPIRED')).toBeNull();
    expect(errorUrlWithCode(' javascript:alert(1)', 'CAST_EXPIRED')).toBeNull();
    expect(errorUrlWithCode('data:text/html,<script>alert(1)</script>', 'CAST_EXPIRED')).toBeNull();
    expect(errorUrlWithCode('vbscript:msgbox', 'CAST_EXPIRED')).toBeNull();
    expect(errorUrlWithCode('//evil.example/x', 'CAST_EXPIRED')).toBeNull();
    expect(errorUrlWithCode('/relative/path', 'CAST_EXPIRED')).toBeNull();
    expect(errorUrlWithCode('not a url', 'CAST_EXPIRED')).toBeNull();
  });
});

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

describe('isHttpUrl', () => {
  it('accepts only http and https', () => {
    expect(isHttpUrl('https://example.com')).toBe(true);
    expect(isHttpUrl('http://example.com/a?b')).toBe(true);
    expect(isHttpUrl('javascript:alert(1)')).toBe(false);
    expect(isHttpUrl('example.com')).toBe(false);
  });
});
