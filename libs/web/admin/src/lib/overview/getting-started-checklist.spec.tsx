import { type GettingStarted } from '@caster/contracts';
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, mockFetch, renderPage } from '@caster/web/test-utils';
import { GettingStartedChecklist } from './getting-started-checklist';

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

const half: GettingStarted = {
  steps: [
    { id: 'image', done: true, ref: 'caster/desktop:latest' },
    { id: 'workspace', done: true, ref: 'w-1' },
    { id: 'link', done: false },
    { id: 'tried', done: false },
  ],
  complete: false,
};

describe('GettingStartedChecklist', () => {
  it('ticks what exists and offers the next move for the rest', async () => {
    mockFetch({ 'GET /api/admin/overview/getting-started': () => jsonResponse(200, half) });
    renderPage(<GettingStartedChecklist />, { path: '/admin' });
    expect((await screen.findByTestId('getting-started-progress')).textContent).toBe('2 of 4 done');
    expect(screen.getByTestId('getting-started-image').getAttribute('data-done')).toBe('true');
    expect(screen.getByTestId('getting-started-image').textContent).toContain('caster/desktop:latest');
    const link = screen.getByTestId('getting-started-link');
    expect(link.getAttribute('data-done')).toBe('false');
    expect(within(link).getByRole('link', { name: 'New casting link' }).getAttribute('href')).toBe(
      '/admin/casting/new',
    );
    expect(
      within(screen.getByTestId('getting-started-workspace')).getByRole('link').getAttribute('href'),
    ).toBe('/admin/workspaces/w-1');
  });

  it('can be hidden once everything is done, and stays hidden', async () => {
    const done: GettingStarted = {
      steps: half.steps.map((s) => ({ ...s, done: true, ref: s.ref ?? 'l-1' })),
      complete: true,
    };
    mockFetch({ 'GET /api/admin/overview/getting-started': () => jsonResponse(200, done) });
    const first = renderPage(<GettingStartedChecklist />, { path: '/admin' });
    expect((await screen.findByTestId('getting-started-progress')).textContent).toBe('4 of 4 done');
    fireEvent.click(screen.getByRole('button', { name: 'Hide this list' }));
    expect(screen.queryByTestId('getting-started')).toBeNull();
    first.unmount();
    renderPage(<GettingStartedChecklist />, { path: '/admin' });
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('getting-started')).toBeNull();
  });
});
