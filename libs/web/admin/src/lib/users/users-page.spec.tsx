import { type AdminUser, type Group } from '@caster/contracts';
import { errorMessages } from '@caster/web/core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, callsTo, jsonResponse, mockFetch, renderPage } from '@caster/web/test-utils';
import { UsersPage } from './users-page';

afterEach(() => vi.unstubAllGlobals());

const allUsers = { id: 'g-all', name: 'All Users', system: true } as Group;
const engineers = { id: 'g-eng', name: 'Engineers', system: false } as Group;

function user(overrides: Partial<AdminUser>): AdminUser {
  return {
    id: 'u-1',
    username: 'alice',
    role: 'user',
    anonymous: false,
    disabled: false,
    locked: false,
    groupIds: [allUsers.id],
    createdAt: '2030-01-02T10:00:00Z',
    lastLoginAt: null,
    ...overrides,
  };
}

const alice = user({ id: 'u-1', username: 'alice', groupIds: [allUsers.id, engineers.id] });
const bob = user({
  id: 'u-2',
  username: 'bob',
  role: 'admin',
  locked: true,
  lastLoginAt: '2030-01-03T09:00:00Z',
});

function backend(users: AdminUser[], extra: Parameters<typeof mockFetch>[0] = {}) {
  return mockFetch({
    'GET /api/admin/users': () => jsonResponse(200, { items: users, total: users.length }),
    'GET /api/admin/groups': () => jsonResponse(200, { items: [engineers, allUsers], total: 2 }),
    ...extra,
  });
}

const rowOf = (name: string) => screen.getByRole('link', { name }).closest('tr') as HTMLElement;

// Table renders are heavy for jsdom; allow for a loaded CI machine.
describe('UsersPage', { timeout: 30_000 }, () => {
  it('renders a row per user with role, status, groups and the range shown', async () => {
    backend([alice, bob]);
    renderPage(<UsersPage />, { path: '/admin/users' });

    const table = await screen.findByRole('table', { name: 'Users' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    const aliceRow = rowOf('alice');
    expect(within(aliceRow).getByText('User')).toBeTruthy();
    expect(within(aliceRow).getByText('Active')).toBeTruthy();
    expect(await within(aliceRow).findByText('Engineers')).toBeTruthy();
    expect(within(aliceRow).getByText('Never')).toBeTruthy();
    const bobRow = rowOf('bob');
    expect(within(bobRow).getByText('Administrator')).toBeTruthy();
    expect(within(bobRow).getByText('Locked')).toBeTruthy();
    expect(within(bobRow).getByText('Only All Users')).toBeTruthy();
    expect(screen.getByTestId('list-range').textContent).toBe('1–2 of 2 users');
    expect(rowOf('alice').querySelector('a')?.getAttribute('href')).toBe('/admin/users/u-1');
  });

  it('asks for the first page sorted by username, then flips the order from the header', async () => {
    const fetchMock = backend([alice, bob]);
    renderPage(<UsersPage />, { path: '/admin/users' });
    await screen.findByRole('table', { name: 'Users' });
    const [first] = callsTo(fetchMock, 'GET /api/admin/users');
    expect(Object.fromEntries(first.url.searchParams)).toEqual({
      page: '1',
      pageSize: '25',
      sort: 'username',
      order: 'asc',
    });
    expect(screen.getByRole('columnheader', { name: /Username/ }).getAttribute('aria-sort')).toBe(
      'ascending',
    );

    fireEvent.click(screen.getByRole('button', { name: /Username/ }));
    await waitFor(() =>
      expect(callsTo(fetchMock, 'GET /api/admin/users').at(-1)?.url.searchParams.get('order')).toBe('desc'),
    );
    fireEvent.click(screen.getByRole('button', { name: /Last sign-in/ }));
    await waitFor(() =>
      expect(callsTo(fetchMock, 'GET /api/admin/users').at(-1)?.url.searchParams.get('sort')).toBe(
        'lastLoginAt',
      ),
    );
  });

  it('searches once the typing pauses', async () => {
    const fetchMock = backend([alice]);
    renderPage(<UsersPage />, { path: '/admin/users' });
    await screen.findByRole('table', { name: 'Users' });
    const box = screen.getByLabelText('Search users by name');
    fireEvent.change(box, { target: { value: 'a' } });
    fireEvent.change(box, { target: { value: 'al' } });
    fireEvent.change(box, { target: { value: 'ali' } });
    await waitFor(() =>
      expect(callsTo(fetchMock, 'GET /api/admin/users').at(-1)?.url.searchParams.get('q')).toBe('ali'),
    );
    // Only the settled text was sent, not every keystroke.
    const searches = callsTo(fetchMock, 'GET /api/admin/users').filter((c) => c.url.searchParams.has('q'));
    expect(searches.map((c) => c.url.searchParams.get('q'))).toEqual(['ali']);
  });

  it('asks before deleting and deletes only once confirmed', async () => {
    const fetchMock = backend([alice, bob], {
      'DELETE /api/admin/users/u-1': () => new Response(null, { status: 204 }),
    });
    renderPage(<UsersPage />, { path: '/admin/users' });
    await screen.findByRole('table', { name: 'Users' });

    fireEvent.click(screen.getByRole('button', { name: 'Delete alice' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete alice?' });
    expect(within(dialog).getByText(/This cannot be undone/)).toBeTruthy();
    expect(callsTo(fetchMock, 'DELETE /api/admin/users/u-1')).toHaveLength(0);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete user' }));
    await waitFor(() => expect(callsTo(fetchMock, 'DELETE /api/admin/users/u-1')).toHaveLength(1));
    expect(callsTo(fetchMock, 'DELETE /api/admin/users/u-1')[0].url.search).toBe('');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('cancelling the question deletes nothing', async () => {
    const fetchMock = backend([alice]);
    renderPage(<UsersPage />, { path: '/admin/users' });
    await screen.findByRole('table', { name: 'Users' });
    fireEvent.click(screen.getByRole('button', { name: 'Delete alice' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'DELETE')).toBe(false);
  });

  it('offers to stop the sessions and delete when the user still has sessions', async () => {
    const fetchMock = backend([alice], {
      'DELETE /api/admin/users/u-1': (url) =>
        url.searchParams.get('force') === 'true'
          ? new Response(null, { status: 204 })
          : apiError(409, 'USER_HAS_SESSIONS'),
    });
    renderPage(<UsersPage />, { path: '/admin/users' });
    await screen.findByRole('table', { name: 'Users' });

    fireEvent.click(screen.getByRole('button', { name: 'Delete alice' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete user' }));

    const second = await screen.findByRole('dialog', { name: 'alice has sessions running' });
    expect(within(second).getByText(/stops their running sessions first/)).toBeTruthy();
    fireEvent.click(within(second).getByRole('button', { name: 'Stop sessions and delete' }));

    await waitFor(() => expect(callsTo(fetchMock, 'DELETE /api/admin/users/u-1')).toHaveLength(2));
    expect(callsTo(fetchMock, 'DELETE /api/admin/users/u-1')[1].url.searchParams.get('force')).toBe('true');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('explains a refusal such as LAST_ADMIN inside the question', async () => {
    backend([bob], { 'DELETE /api/admin/users/u-2': () => apiError(409, 'LAST_ADMIN') });
    renderPage(<UsersPage />, { path: '/admin/users' });
    await screen.findByRole('table', { name: 'Users' });
    fireEvent.click(screen.getByRole('button', { name: 'Delete bob' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete user' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(errorMessages.LAST_ADMIN);
  });

  it('says what appears here when there are no users, and when a search matches none', async () => {
    backend([]);
    const { router } = renderPage(<UsersPage />, { path: '/admin/users' });
    expect(await screen.findByText('No users yet')).toBeTruthy();
    await router.navigate('/admin/users?q=zed');
    expect(await screen.findByText('No users match')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show all users' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });

  it('shows the error and retries', async () => {
    let fail = true;
    mockFetch({
      'GET /api/admin/users': () =>
        fail ? apiError(503, 'SERVICE_UNAVAILABLE') : jsonResponse(200, { items: [alice], total: 1 }),
      'GET /api/admin/groups': () => jsonResponse(200, { items: [], total: 0 }),
    });
    renderPage(<UsersPage />, { path: '/admin/users' });
    expect((await screen.findByRole('alert')).textContent).toBe(errorMessages.SERVICE_UNAVAILABLE);
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: 'Users' })).toBeTruthy();
  });
});
