import { type AdminUser } from '@caster/contracts';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, callsTo, jsonResponse, mockFetch, renderPage } from '@caster/web/test-utils';
import { UserForm } from './user-form';

afterEach(() => vi.unstubAllGlobals());

const carol: AdminUser = {
  id: 'u-3',
  username: 'carol',
  role: 'user',
  anonymous: false,
  disabled: false,
  locked: false,
  groupIds: ['g-all'],
  createdAt: '2030-01-01T00:00:00Z',
  lastLoginAt: null,
};

function backend(extra: Parameters<typeof mockFetch>[0] = {}) {
  return mockFetch({
    'GET /api/admin/groups': () =>
      jsonResponse(200, { items: [{ id: 'g-all', name: 'All Users', system: true }], total: 1 }),
    ...extra,
  });
}

describe('UserForm', { timeout: 30_000 }, () => {
  it('needs a password for a new user and shows a taken username on its field', async () => {
    const fetchMock = backend({ 'POST /api/admin/users': () => apiError(409, 'USERNAME_TAKEN') });
    renderPage(<UserForm />, { path: '/admin/users/new' });
    fireEvent.change(screen.getByLabelText(/^Username/), { target: { value: 'carol' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create user' }));
    expect(await screen.findByText('Enter a password.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST /api/admin/users')).toHaveLength(0);

    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: 'long-enough' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create user' }));
    expect(await screen.findByText('That username is already taken. Choose another one.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST /api/admin/users')[0].body).toEqual({
      username: 'carol',
      password: 'long-enough',
      role: 'user',
      disabled: false,
      locked: false,
      groupIds: [],
    });
  });

  it('on edit never shows the password and sends only what changed', async () => {
    const fetchMock = backend({ 'PATCH /api/admin/users/u-3': () => jsonResponse(200, carol) });
    const { router } = renderPage(<UserForm user={carol} />, {
      path: '/admin/users/:id',
      url: '/admin/users/u-3',
    });
    expect(screen.getByLabelText<HTMLInputElement>(/^New password/).value).toBe('');
    fireEvent.click(screen.getByRole('switch', { name: /^Locked/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/admin/users'));
    expect(callsTo(fetchMock, 'PATCH /api/admin/users/u-3')[0].body).toEqual({ locked: true });
  });

  it('maps VALIDATION_FAILED fields onto the inputs', async () => {
    backend({
      'PATCH /api/admin/users/u-3': () =>
        apiError(400, 'VALIDATION_FAILED', {
          fields: {
            password: 'password must be longer than or equal to 8 characters',
            bogus: 'should not exist',
          },
        }),
    });
    renderPage(<UserForm user={carol} />, { path: '/admin/users/:id', url: '/admin/users/u-3' });
    fireEvent.change(screen.getByLabelText(/^New password/), { target: { value: 'abcdefgh' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('password must be longer than or equal to 8 characters')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('bogus: should not exist');
  });
});
