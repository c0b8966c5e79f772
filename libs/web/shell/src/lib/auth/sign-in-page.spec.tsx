import { errorMessages } from '@caster/web/core';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, mockFetch } from '@caster/web/test-utils';
import { admin, renderApp, user } from '../../test/render-app';

afterEach(() => vi.unstubAllGlobals());

async function signIn(username: string, password: string) {
  fireEvent.change(await screen.findByLabelText('Username'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('SignInPage', () => {
  it('shows the INVALID_CREDENTIALS message when the API refuses the password', async () => {
    const fetchMock = mockFetch({
      'POST /api/auth/login': () =>
        jsonResponse(401, { error: { code: 'INVALID_CREDENTIALS', message: 'bad password for alice' } }),
    });
    const { router } = renderApp('/login');

    await signIn('alice', 'wrong');

    expect((await screen.findByTestId('sign-in-error')).textContent).toBe(errorMessages.INVALID_CREDENTIALS);
    expect(screen.queryByText('bad password for alice')).toBeNull();
    expect(router.state.location.pathname).toBe('/login');
    expect(JSON.parse(fetchMock.mock.calls[0][1]!.body as string)).toEqual({
      username: 'alice',
      password: 'wrong',
    });
  });

  it('says when to retry after RATE_LIMITED and explains ACCOUNT_DISABLED', async () => {
    let answer = () =>
      jsonResponse(429, {
        error: { code: 'RATE_LIMITED', message: 'x', details: { retryAfterSeconds: 45 } },
      });
    mockFetch({ 'POST /api/auth/login': () => answer() });
    renderApp('/login');

    await signIn('alice', 'pw');
    expect((await screen.findByTestId('sign-in-error')).textContent).toContain('Try again in 45 seconds.');

    answer = () => jsonResponse(403, { error: { code: 'ACCOUNT_DISABLED', message: 'x' } });
    await signIn('alice', 'pw');
    await waitFor(() =>
      expect(screen.getByTestId('sign-in-error').textContent).toBe(errorMessages.ACCOUNT_DISABLED),
    );
  });

  it('asks for both fields before calling the API', async () => {
    const fetchMock = mockFetch({});
    renderApp('/login');
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your username')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('returns to a safe next after signing in', async () => {
    mockFetch({
      'POST /api/auth/login': () => jsonResponse(200, { token: 't', expiresAt: '', user: admin }),
    });
    const { router } = renderApp('/login?next=%2Fadmin%2Fusers');
    await signIn('alice', 'right');
    expect(await screen.findByTestId('admin-page-users')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/admin/users');
  });

  it('ignores an off-site next and goes to the home of the role', async () => {
    mockFetch({ 'POST /api/auth/login': () => jsonResponse(200, { token: 't', expiresAt: '', user }) });
    const { router } = renderApp('/login?next=%2F%2Fevil.com');
    await signIn('bob', 'right');
    expect(await screen.findByTestId('user-dashboard')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/');
  });

  it('sends an admin to the administration by default', async () => {
    mockFetch({
      'POST /api/auth/login': () => jsonResponse(200, { token: 't', expiresAt: '', user: admin }),
    });
    const { router } = renderApp('/login');
    await signIn('alice', 'right');
    expect(await screen.findByTestId('admin-page-overview')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/admin');
  });
});
