import { describe, expect, it } from 'vitest';
import { errorUrlWithCode } from './cast-errors';

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
