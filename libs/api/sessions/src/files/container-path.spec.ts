import { describe, expect, it } from 'vitest';
import { homePath, safeFileName } from './container-path';

describe('homePath', () => {
  it.each([
    ['notes.txt', '/home/kasm-user/notes.txt'],
    ['Downloads/a b.pdf', '/home/kasm-user/Downloads/a b.pdf'],
    ['/home/kasm-user/x', '/home/kasm-user/x'],
    ['./x/../y', '/home/kasm-user/y'],
  ])('accepts %j', (input, out) => expect(homePath(input)).toBe(out));

  it.each([
    '../../etc/passwd',
    '/etc/passwd',
    '/home/kasm-user-evil/x',
    'a\u0000b',
    '',
    '/home/kasm-user/../root',
    'x'.repeat(2000),
  ])('refuses %j', (input) => expect(homePath(input)).toBeNull());
});

describe('safeFileName', () => {
  it('keeps the last segment and refuses traversal', () => {
    expect(safeFileName('C:\\Users\\me\\report.xlsx')).toBe('report.xlsx');
    expect(safeFileName('../..')).toBeNull();
    expect(safeFileName('a\nb')).toBeNull();
  });
});
