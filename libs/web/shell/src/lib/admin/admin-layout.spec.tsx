import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, mockFetch } from '@caster/web/test-utils';
import { admin, renderApp } from '../../test/render-app';
import { ADMIN_SECTIONS } from './admin-sections';

afterEach(() => vi.unstubAllGlobals());

/** Sign out and change password live in the top bar's account menu. */
async function openAccountMenu(): Promise<void> {
  fireEvent.click(await screen.findByRole('button', { name: /^Account:/ }));
}

const NAV = [
  ['Overview', '/admin'],
  ['Workspaces', '/admin/workspaces'],
  ['Groups', '/admin/groups'],
  ['Users', '/admin/users'],
  ['Casting', '/admin/casting'],
  ['Sessions', '/admin/sessions'],
  ['Staging', '/admin/staging'],
  ['Settings', '/admin/settings'],
  ['API keys', '/admin/api-keys'],
] as const;

describe('AdminLayout', () => {
  it('renders every navigation link and the signed-in user', async () => {
    renderApp('/admin', { me: admin });
    const nav = await screen.findByRole('navigation', { name: 'Administration' });
    for (const [label, href] of NAV) {
      expect(within(nav).getByRole('link', { name: label }).getAttribute('href')).toBe(href);
    }
    expect(within(nav).getAllByRole('link')).toHaveLength(NAV.length);
    expect(screen.getByTestId('current-user').textContent).toBe('alice');
    await openAccountMenu();
    // (Change password and its form: account-menu.spec.tsx)
    expect(await screen.findByRole('menuitem', { name: 'Sign out' })).toBeTruthy();
  });

  it.each(ADMIN_SECTIONS.map((s) => [s.label, s.id] as const))(
    'the %s link opens a page with its header and an empty state',
    async (label, id) => {
      renderApp('/admin', { me: admin });
      const nav = await screen.findByRole('navigation', { name: 'Administration' });
      fireEvent.click(within(nav).getByRole('link', { name: label }));
      const page = await screen.findByTestId(`admin-page-${id}`);
      expect(within(page).getByRole('heading', { level: 1, name: label })).toBeTruthy();
      expect(within(page).getByTestId('empty-state')).toBeTruthy();
      expect(within(nav).getByRole('link', { name: label }).getAttribute('aria-current')).toBe('page');
    },
  );

  it('signs out to the sign-in page without a next', async () => {
    const fetchMock = mockFetch({ 'POST /api/auth/logout': () => new Response(null, { status: 204 }) });
    const { router, queryClient } = renderApp('/admin/users', { me: admin });
    await openAccountMenu();
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Sign out' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledOnce());
    await waitFor(() => expect(queryClient.getQueryData(['auth', 'me'])).toBeNull());
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe('');
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('still signs out locally when the API cannot be reached', async () => {
    mockFetch({
      'POST /api/auth/logout': () =>
        jsonResponse(503, { error: { code: 'SERVICE_UNAVAILABLE', message: '' } }),
    });
    const { queryClient } = renderApp('/admin', { me: admin });
    await openAccountMenu();
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Sign out' }));
    await waitFor(() => expect(queryClient.getQueryData(['auth', 'me'])).toBeNull());
  });
});

describe('#/logout', () => {
  it('does nothing when reached from a link rather than the Sign out button', async () => {
    const fetchMock = mockFetch({});
    const { router } = renderApp('/logout', { me: admin });
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(await screen.findByTestId('user-dashboard')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
