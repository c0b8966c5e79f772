import { apiFetch } from '@caster/web/core';
import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, mockFetch } from '@caster/web/test-utils';
import { admin, renderApp, user } from '../../test/render-app';

afterEach(() => vi.unstubAllGlobals());

describe('route guards', () => {
  it('sends a visitor who is not signed in to sign in, remembering the page', async () => {
    mockFetch({
      'GET /api/auth/me': () => jsonResponse(401, { error: { code: 'AUTH_REQUIRED', message: 'x' } }),
    });
    const { router } = renderApp('/admin/users?page=2');
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/admin/users?page=2');
  });

  it('treats an anonymous casting account as not signed in', async () => {
    const { router } = renderApp('/', { me: { ...user, anonymous: true } });
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
  });

  it('keeps a non-admin out of the administration', async () => {
    renderApp('/admin', { me: user });
    expect(await screen.findByTestId('admin-only')).toBeTruthy();
    expect(screen.queryByTestId('current-user')).toBeNull();
  });

  it('shows the dashboard to a signed-in user', async () => {
    renderApp('/', { me: user });
    expect(await screen.findByText('No workspaces are available to you yet')).toBeTruthy();
    expect(screen.getByTestId('current-user').textContent).toBe('bob');
    expect(screen.queryByRole('link', { name: 'Administration' })).toBeNull();
  });

  it('explains an outage instead of asking to sign in', async () => {
    mockFetch({ 'GET /api/auth/me': () => new Response('', { status: 503 }) });
    renderApp('/admin');
    expect(await screen.findByTestId('error-state')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('sends the user to sign in when a request answers 401 mid-session', async () => {
    mockFetch({
      'GET /api/admin/users': () => jsonResponse(401, { error: { code: 'AUTH_REQUIRED', message: 'x' } }),
    });
    const { router } = renderApp('/admin/users', { me: admin });
    expect(await screen.findByTestId('admin-page-users')).toBeTruthy();

    await expect(apiFetch('/api/admin/users')).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });

    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/admin/users');
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
  });
});
