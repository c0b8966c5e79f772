import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { pageTitle, usePageTitle } from './page-title';

describe('pageTitle', () => {
  it('puts the page before the product name', () => {
    expect(pageTitle('Casting links')).toBe('Casting links · Caster');
    expect(pageTitle('  ')).toBe('Caster');
    expect(pageTitle(null)).toBe('Caster');
  });
});

describe('usePageTitle', () => {
  it('titles the tab while mounted and restores it after', () => {
    document.title = 'Caster';
    const { rerender, unmount } = renderHook(({ t }) => usePageTitle(t), { initialProps: { t: 'Overview' } });
    expect(document.title).toBe('Overview · Caster');
    rerender({ t: 'Users' });
    expect(document.title).toBe('Users · Caster');
    unmount();
    expect(document.title).toBe('Caster');
  });
});
