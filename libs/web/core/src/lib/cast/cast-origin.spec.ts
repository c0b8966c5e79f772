import { afterEach, describe, expect, it } from 'vitest';
import { castKeyOf, castOriginOf, castRetryPath, rememberCastOrigin } from './cast-origin';

afterEach(() => sessionStorage.clear());

describe('castRetryPath', () => {
  it('takes only a casting link page of this SPA', () => {
    expect(castRetryPath('/cast/demo')).toBe('/cast/demo');
    expect(castRetryPath('/cast/demo?file=C%3A%5Cx')).toBe('/cast/demo?file=C%3A%5Cx');
    for (const bad of [
      'https://evil.example/cast/x',
      '//evil.example',
      '/admin',
      '/cast/',
      '/cast/a/b',
      5,
      null,
    ])
      expect(castRetryPath(bad)).toBeNull();
  });
});

describe('rememberCastOrigin', () => {
  it('keeps the link of a session in this tab, and nothing that is not a casting link', () => {
    rememberCastOrigin('s-1', '/cast/demo?x=1');
    rememberCastOrigin('s-2', '/admin/users');
    expect(castOriginOf('s-1')).toBe('/cast/demo?x=1');
    expect(castOriginOf('s-2')).toBeNull();
    expect(castOriginOf('s-3')).toBeNull();
    sessionStorage.setItem('caster:cast-origin:s-4', 'javascript:alert(1)');
    expect(castOriginOf('s-4')).toBeNull();
  });

  it('reads the key back', () => {
    expect(castKeyOf('/cast/my%20key?x=1')).toBe('my key');
  });
});
