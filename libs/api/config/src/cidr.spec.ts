import { describe, expect, it } from 'vitest';
import { CidrSet, normalizeIp, parseCidr } from './cidr';

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['192.168.1.7', '192.168.1.7/32'],
    ['::1', '::1/128'],
    ['fd00::/8', 'fd00::/8'],
  ])('accepts %s', (input, text) => expect(parseCidr(input)?.text).toBe(text));

  it.each([
    '10.0.0.0/33',
    '::/129',
    '10.0.0/8',
    'example.com',
    '1.2.3.4/8/9',
    '',
    '10.0.0.0/-1',
    '10.0.0.0/ 8',
  ])('refuses %j', (input) => expect(parseCidr(input)).toBeNull());
});

describe('CidrSet', () => {
  const set = new CidrSet(['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);
  it('matches addresses inside the ranges, including IPv4-mapped IPv6', () => {
    expect(set.has('10.200.3.4')).toBe(true);
    expect(set.has('::ffff:127.0.0.1')).toBe(true);
    expect(set.has('fd12::1')).toBe(true);
  });
  it('does not match outside addresses or garbage', () => {
    expect(set.has('11.0.0.1')).toBe(false);
    expect(set.has('127.0.0.2')).toBe(false);
    expect(set.has('not-an-ip')).toBe(false);
    expect(set.has(undefined)).toBe(false);
  });
  it('normalises mapped addresses', () => expect(normalizeIp('::FFFF:1.2.3.4')).toBe('1.2.3.4'));
});
