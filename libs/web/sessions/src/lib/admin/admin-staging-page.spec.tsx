import { type StagingConfigView, type Workspace } from '@caster/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, callsTo, jsonResponse, mockFetch, renderPage, user } from '@caster/web/test-utils';
import { allOff } from '../../test/session-fixtures';
import { AdminStagingPage } from './admin-staging-page';

afterEach(() => vi.unstubAllGlobals());

function workspace(id: string, name: string, type: Workspace['type'] = 'container'): Workspace {
  return {
    id,
    name,
    description: '',
    type,
    enabled: true,
    image: type === 'container' ? 'caster/tiny-app:latest' : null,
    cores: null,
    memoryMb: null,
    env: null,
    runConfig: null,
    execConfig: null,
    allowNetworkSelection: null,
    allowedNetworks: null,
    persistentProfilePath: null,
    provider: null,
    internetAccess: type === 'container' ? true : null,
    placementConstraints: null,
    sessionTimeLimitSec: null,
    server: null,
    poolServerIds: null,
    poolSessionsPerServer: null,
    url: null,
    groupIds: [],
    createdAt: '2030-01-01T00:00:00Z',
    updatedAt: '2030-01-01T00:00:00Z',
  };
}

const POOL: StagingConfigView = {
  id: 'p-1',
  workspaceId: 'w-1',
  desiredSessions: 3,
  expirationHours: 12,
  clientSettings: { ...allOff },
  ready: 2,
};

function api(posted: (body: unknown) => Response) {
  return mockFetch({
    'GET /api/admin/staging': () => jsonResponse(200, { items: [POOL], total: 1 }),
    'GET /api/admin/workspaces': () =>
      jsonResponse(200, {
        items: [workspace('w-1', 'Tiny app'), workspace('w-2', 'Desktop'), workspace('w-3', 'Docs', 'link')],
        total: 3,
      }),
    'POST /api/admin/staging': (_url, init) => posted(JSON.parse(init?.body as string)),
    'DELETE /api/admin/staging/p-1': () => new Response(null, { status: 204 }),
  });
}

function renderStaging() {
  return renderPage(<AdminStagingPage />, {
    me: user,
    staleTime: 0,
    path: '/admin/staging',
    url: '/admin/staging',
  });
}

describe('the admin staging page', () => {
  it('lists pools with workspace, desired, ready and expiration', async () => {
    api(() => jsonResponse(201, POOL));
    renderStaging();
    const row = await screen.findByTestId('staging-row-p-1');
    await waitFor(() => expect(within(row).getAllByRole('cell')[0].textContent).toBe('Tiny app'));
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent)
        .slice(1, 4),
    ).toEqual(['3', '2', '12 hours']);
  });

  it('creates a pool for a container workspace, showing field errors from the API inline', async () => {
    const bodies: unknown[] = [];
    const fetchMock = api((body) => {
      bodies.push(body);
      return bodies.length === 1
        ? apiError(400, 'VALIDATION_FAILED', {
            fields: { desiredSessions: 'must not be greater than 100' },
          })
        : jsonResponse(201, { ...POOL, id: 'p-2', workspaceId: 'w-2' });
    });
    renderStaging();
    await screen.findByTestId('staging-row-p-1');
    fireEvent.click(screen.getByRole('button', { name: 'Add staging pool' }));
    const dialog = await screen.findByRole('dialog', { name: 'New staging pool' });

    // Only container workspaces are offered (the dropdown is still fading in, hence `hidden`).
    fireEvent.click(within(dialog).getByRole('combobox', { name: 'Workspace' }));
    const desktop = await screen.findByRole('option', { name: 'Desktop', hidden: true });
    expect(screen.getByRole('option', { name: 'Tiny app', hidden: true })).toBeTruthy();
    expect(screen.queryByRole('option', { name: 'Docs', hidden: true })).toBeNull();
    fireEvent.click(desktop);
    fireEvent.click(within(dialog).getByLabelText(/^Allow uploads/));
    const create = within(dialog).getByText('Create pool');
    fireEvent.click(create);

    expect(await within(dialog).findByText('must not be greater than 100')).toBeTruthy();
    expect(bodies[0]).toMatchObject({
      workspaceId: 'w-2',
      desiredSessions: 1,
      expirationHours: 24,
      clientSettings: { allowUploads: true, allowAudio: true, allowSharing: false },
    });

    fireEvent.click(create);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull(), { timeout: 3000 });
    expect(callsTo(fetchMock, 'POST /api/admin/staging').length).toBe(2);
  });

  it('deletes a pool after a confirmation', async () => {
    const fetchMock = api(() => jsonResponse(201, POOL));
    renderStaging();
    await screen.findByTestId('staging-row-p-1');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Delete the staging pool of Tiny app' })).toBeTruthy(),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Delete the staging pool of Tiny app' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete this staging pool?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete pool' }));
    await waitFor(() => expect(callsTo(fetchMock, 'DELETE /api/admin/staging/p-1').length).toBe(1));
  });
});
