import { type Group } from '@caster/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, callsTo, jsonResponse, mockFetch, renderPage } from '@caster/web/test-utils';
import { EditGroupPage } from './group-pages';

afterEach(() => vi.unstubAllGlobals());

function group(overrides: Partial<Group>): Group {
  return {
    id: 'g-eng',
    name: 'Engineers',
    description: '',
    priority: 10,
    system: false,
    settings: {},
    workspaceIds: [],
    userIds: [],
    userCount: 0,
    createdAt: '2030-01-01T00:00:00Z',
    updatedAt: '2030-01-01T00:00:00Z',
    ...overrides,
  };
}

const allUsers = group({ id: 'g-all', name: 'All Users', system: true, priority: 100_000, userCount: 7 });
const engineers = group({ settings: { max_kasms_per_user: 3 } });

function backend(current: Group, extra: Parameters<typeof mockFetch>[0] = {}) {
  return mockFetch({
    [`GET /api/admin/groups/${current.id}`]: () => jsonResponse(200, current),
    'GET /api/admin/groups': () => jsonResponse(200, { items: [engineers, allUsers], total: 2 }),
    'GET /api/admin/users': () => jsonResponse(200, { items: [], total: 0 }),
    'GET /api/admin/workspaces': () => jsonResponse(200, { items: [], total: 0 }),
    ...extra,
  });
}

const open = (g: Group) =>
  renderPage(<EditGroupPage />, { path: '/admin/groups/:id', url: `/admin/groups/${g.id}` });

describe('the group edit page', { timeout: 30_000 }, () => {
  it('keeps "All Users" from being renamed, given members or deleted, and says why', async () => {
    backend(allUsers);
    open(allUsers);
    const name = await screen.findByLabelText(/^Name/);
    expect(name).toHaveProperty('disabled', true);
    expect(screen.getByText('The built-in group cannot be renamed.')).toBeTruthy();
    expect(screen.getByText('Every user is a member of All Users.')).toBeTruthy();
    const remove = screen.getByRole('button', { name: 'Delete group All Users' });
    expect(remove.getAttribute('aria-disabled')).toBe('true');
    expect(remove.getAttribute('aria-describedby')).toBeTruthy();
    fireEvent.click(remove);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getAllByText(/cannot be deleted or renamed/).length).toBeGreaterThan(0);
  });

  it('saves only what "All Users" may change', async () => {
    const fetchMock = backend(allUsers, {
      'PATCH /api/admin/groups/g-all': () => jsonResponse(200, allUsers),
    });
    const { router } = open(allUsers);
    fireEvent.change(await screen.findByLabelText(/^Priority/), { target: { value: '500' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/admin/groups'));
    const [call] = callsTo(fetchMock, 'PATCH /api/admin/groups/g-all');
    expect(call.body).toEqual({ description: '', priority: 500, settings: {}, workspaceIds: [] });
  });

  it('puts a nested settings error from the API on that setting, and a name conflict on the name', async () => {
    let answer = apiError(400, 'VALIDATION_FAILED', {
      fields: { 'settings.max_kasms_per_user': 'must not be greater than 1000' },
    });
    const fetchMock = backend(engineers, { 'PATCH /api/admin/groups/g-eng': () => answer });
    open(engineers);
    const save = await screen.findByRole('button', { name: 'Save changes' });
    fireEvent.click(save);
    const row = screen.getByTestId('setting-max_kasms_per_user');
    expect(await within(row).findByText('must not be greater than 1000')).toBeTruthy();
    const first = callsTo(fetchMock, 'PATCH /api/admin/groups/g-eng')[0].body;
    expect(first).toMatchObject({ settings: { max_kasms_per_user: 3 }, userIds: [] });
    // An unchanged name is not sent.
    expect(first).not.toHaveProperty('name');

    answer = apiError(409, 'NAME_TAKEN');
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Ops' } });
    fireEvent.click(save);
    expect(await screen.findByText('That name is already in use. Choose another one.')).toBeTruthy();
    expect(callsTo(fetchMock, 'PATCH /api/admin/groups/g-eng')[1].body).toMatchObject({ name: 'Ops' });
  });

  it('refuses to send a set number left empty', async () => {
    const fetchMock = backend(engineers);
    open(engineers);
    fireEvent.change(await screen.findByLabelText('Sessions per user'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Enter a number, or stop setting it here.')).toBeTruthy();
    expect(callsTo(fetchMock, 'PATCH /api/admin/groups/g-eng')).toHaveLength(0);
  });
});
