import { describe, expect, it } from 'vitest';
import { afterSignInPath, safeNextPath, signInPath } from './sign-in-redirect';

describe('safeNextPath', () => {
  it.each(['/admin', '/admin/users?page=2', '/cast/demo?utm_source=x', '/'])(
    'accepts the local path %s',
    (next) => {
      expect(safeNextPath(next)).toBe(next);
    },
  );

  it.each([
    '//evil.com',
    '//evil.com/admin',
    '/\\evil.com',
    'https://evil.com',
    'http://evil.com/admin',
    'javascript:alert(1)',
    'evil.com',
    'admin',
    '',
    ' /admin',
    '/admin\n//evil.com',
    '/login',
    '/login?next=/admin',
  ])('rejects %j', (next) => {
    expect(safeNextPath(next)).toBeNull();
  });

  it('rejects a missing value', () => {
    expect(safeNextPath(null)).toBeNull();
    expect(safeNextPath(undefined)).toBeNull();
  });
});

describe('afterSignInPath', () => {
  it('follows a safe next', () => {
    expect(afterSignInPath({ role: 'user' }, '/cast/demo')).toBe('/cast/demo');
  });

  it('falls back to the home of the role for an unsafe or missing next', () => {
    expect(afterSignInPath({ role: 'admin' }, '//evil.com')).toBe('/admin');
    expect(afterSignInPath({ role: 'user' }, 'https://evil.com')).toBe('/');
    expect(afterSignInPath({ role: 'admin' }, null)).toBe('/admin');
  });
});

describe('signInPath', () => {
  it('carries the current path as an encoded next', () => {
    expect(signInPath('/admin/users?page=2')).toBe('/login?next=%2Fadmin%2Fusers%3Fpage%3D2');
  });

  it('needs no next for home or an unsafe path', () => {
    expect(signInPath('/')).toBe('/login');
    expect(signInPath('//evil.com')).toBe('/login');
    expect(signInPath()).toBe('/login');
  });
});
