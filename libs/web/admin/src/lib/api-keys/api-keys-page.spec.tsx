import { type ApiKey, type CreatedApiKey } from '@caster/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, callsTo, jsonResponse, mockFetch, renderPage } from '@caster/web/test-utils';
import { ApiKeysPage } from './api-keys-page';

afterEach(() => vi.unstubAllGlobals());

const existing: ApiKey = {
  id: 'k-1',
  name: 'CI',
  key: 'abc123',
  permissions: ['user', 'users_auth_session'],
  readOnly: false,
  expiresAt: null,
  enabled: true,
  lastUsedAt: null,
  createdAt: '2030-01-01T00:00:00Z',
};

const created: CreatedApiKey = {
  ...existing,
  id: 'k-2',
  name: 'Portal',
  key: 'pub-key-2',
  permissions: ['global_admin'],
  secret: 'S3CRET-only-once',
};

describe('ApiKeysPage', { timeout: 30_000 }, () => {
  it('lists keys, creates one and shows its secret once', async () => {
    let items: ApiKey[] = [existing];
    const fetchMock = mockFetch({
      'GET /api/admin/api-keys': () => jsonResponse(200, { items, total: items.length }),
      'POST /api/admin/api-keys': () => {
        items = [existing, created];
        return jsonResponse(201, created);
      },
    });
    renderPage(<ApiKeysPage />, { path: '/admin/api-keys' });

    const table = await screen.findByRole('table', { name: 'API keys' });
    expect(within(table).getByText('abc123')).toBeTruthy();
    expect(within(table).getByText('users_auth_session')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Create API key' }));
    const form = await screen.findByRole('form', { name: 'New API key' });
    fireEvent.change(within(form).getByRole('textbox', { name: /Name/ }), { target: { value: 'Portal' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create key' }));

    const secret = await screen.findByTestId('api-key-secret-value');
    expect(secret.textContent).toBe('S3CRET-only-once');
    expect(screen.getByText(/will not be shown again/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy secret' })).toBeTruthy();
    expect(callsTo(fetchMock, 'POST /api/admin/api-keys')[0]?.body).toEqual({
      name: 'Portal',
      permissions: [],
      readOnly: false,
      expiresAt: null,
    });

    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByTestId('api-key-secret-value')).toBeNull());
    // The new row shows the public key only; the secret is nowhere on the page any more.
    expect(await screen.findByText('pub-key-2')).toBeTruthy();
    expect(screen.queryByText('S3CRET-only-once')).toBeNull();
  });

  it('puts VALIDATION_FAILED field problems on their inputs', async () => {
    mockFetch({
      'GET /api/admin/api-keys': () => jsonResponse(200, { items: [], total: 0 }),
      'POST /api/admin/api-keys': () =>
        apiError(400, 'VALIDATION_FAILED', { fields: { name: 'name is already used' } }),
    });
    renderPage(<ApiKeysPage />, { path: '/admin/api-keys' });
    fireEvent.click(await screen.findByRole('button', { name: 'Create API key' }));
    const form = await screen.findByRole('form', { name: 'New API key' });
    fireEvent.change(within(form).getByRole('textbox', { name: /Name/ }), { target: { value: 'CI' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create key' }));
    expect(await within(form).findByText('name is already used')).toBeTruthy();
    expect(screen.queryByTestId('api-key-secret-value')).toBeNull();
  });
});
