import { describe, expect, it } from 'vitest';
import { isDomainName, referrerAllowed } from './referrer';

describe('referrerAllowed', () => {
  const list = ['acme.com', 'Partner.example.org'];
  it.each([
    'https://acme.com/page',
    'https://www.acme.com/',
    'http://deep.sub.acme.com:8080/x?y',
    'https://ACME.COM/',
    'https://partner.example.org/',
    'https://a.partner.example.org/',
    'https://acme.com./',
  ])('allows %s', (ref) => expect(referrerAllowed(ref, list)).toBe(true));

  it.each([
    'https://evilacme.com/',
    'https://acme.com.evil.net/',
    'https://notacme.com/',
    'https://example.org/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'acme.com',
    '',
    undefined,
    null,
    'https://acme.com@evil.net/',
  ])('refuses %j', (ref) => expect(referrerAllowed(ref, list)).toBe(false));

  it('allows everyone with an empty list, even without a referrer', () => {
    expect(referrerAllowed(undefined, [])).toBe(true);
  });
});

describe('isDomainName', () => {
  it.each(['acme.com', 'a-b.co.uk', '*.acme.com', 'localhost', 'intranet'])('accepts %s', (d) =>
    expect(isDomainName(d)).toBe(true),
  );
  it.each(['https://acme.com', 'acme.com/path', '-acme.com', 'acme..com', 'a b.com', '1.2.3.4', ''])(
    'refuses %j',
    (d) => expect(isDomainName(d)).toBe(false),
  );
});
