import { describe, expect, it } from 'vitest';
import { FALLBACK_USER, homeComponents, transferUser, uploadName } from './container-path';

describe('homeComponents', () => {
  it.each([
    ['notes.txt', ['notes.txt']],
    ['Downloads/a b.pdf', ['Downloads', 'a b.pdf']],
    ['/home/kasm-user/x', ['x']],
    ['/home/kasm-user', []],
    ['.', []],
    ['./x//y/', ['x', 'y']],
    ['-rf', ['-rf']],
    ['$(id)/`id`;x', ['$(id)', '`id`;x']],
  ])('accepts %j as %j', (input, out) => expect(homeComponents(input)).toEqual(out));

  it.each([
    '../../etc/passwd',
    './x/../y',
    'docs/..',
    '/etc/passwd',
    '/home/kasm-user-evil/x',
    '/home/kasm-user/../root',
    'a\u0000b',
    'a\nb',
    'a\u007fb',
    'a\u009bb',
    '',
    'x'.repeat(1025),
    'x'.repeat(256),
  ])('refuses %j', (input) => expect(homeComponents(input)).toBeNull());

  it('refuses what is not a string', () => {
    expect(homeComponents(undefined)).toBeNull();
    expect(homeComponents(null)).toBeNull();
  });
});

describe('uploadName', () => {
  it('keeps a name as sent', () => {
    expect(uploadName('report.xlsx')).toBe('report.xlsx');
    expect(uploadName('-n')).toBe('-n');
    expect(uploadName('ü'.repeat(127))).toBe('ü'.repeat(127)); // 254 bytes
  });

  it.each(['', '.', '..', 'a/b', '../x', 'C:\\Users\\me\\report.xlsx', 'a\u0000b', 'a\nb', 'ü'.repeat(128)])(
    'refuses %j',
    (name) => expect(uploadName(name)).toBeNull(),
  );
});

describe('transferUser', () => {
  it("takes the container's user unless it is root or unset", () => {
    expect(transferUser('1000')).toBe('1000');
    expect(transferUser('kasm-user:kasm-user')).toBe('kasm-user:kasm-user');
    for (const root of ['', ' ', 'root', 'root:root', '0', '0:0', '00:1000'])
      expect(transferUser(root)).toBe(FALLBACK_USER);
    expect(FALLBACK_USER).toBe('1000:1000');
  });
});
