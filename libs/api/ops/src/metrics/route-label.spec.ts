import { describe, expect, it } from 'vitest';
import { routeLabel } from './route-label';

describe('routeLabel', () => {
  it('uses the matched route template, not the URL', () => {
    expect(
      routeLabel({ route: { path: '/api/admin/casting/:id' }, baseUrl: '', path: '/api/admin/casting/42' }),
    ).toBe('/api/admin/casting/:id');
    expect(routeLabel({ route: { path: '/:id' }, baseUrl: '/api/things', path: '/api/things/42' })).toBe(
      '/api/things/:id',
    );
  });

  it('groups requests no route took into a few bounded labels', () => {
    expect(routeLabel({ path: '/session/0b6f/vnc.html' })).toBe('/session/:id/*');
    expect(routeLabel({ path: '/session/0b6f' })).toBe('/session/:id/*');
    expect(routeLabel({ path: '/api/no/such/thing' })).toBe('unmatched');
    expect(routeLabel({ path: '/metrics/x' })).toBe('unmatched');
    expect(routeLabel({ path: '/assets/index-abc123.js' })).toBe('spa');
    expect(routeLabel({ path: '/apiary' })).toBe('spa');
  });
});
