import { type Group, type Workspace } from '@caster/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, callsTo, jsonResponse, mockFetch, renderPage } from '@caster/web/test-utils';
import { WorkspaceForm } from './workspace-form';

afterEach(() => vi.unstubAllGlobals());

const allUsers: Group = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'All Users',
  description: '',
  priority: 100_000,
  system: true,
  settings: {},
  workspaceIds: [],
  userIds: [],
  userCount: 3,
  createdAt: '2030-01-01T00:00:00Z',
  updatedAt: '2030-01-01T00:00:00Z',
};

function workspace(overrides: Partial<Workspace>): Workspace {
  return {
    id: '10000000-0000-4000-8000-000000000001',
    name: 'Desk',
    description: '',
    type: 'container',
    enabled: true,
    image: null,
    cores: null,
    memoryMb: null,
    env: null,
    runConfig: null,
    execConfig: null,
    allowNetworkSelection: null,
    allowedNetworks: null,
    internetAccess: null,
    persistentProfilePath: null,
    provider: null,
    placementConstraints: null,
    sessionTimeLimitSec: null,
    server: null,
    poolServerIds: null,
    poolSessionsPerServer: null,
    url: null,
    groupIds: [allUsers.id],
    createdAt: '2030-01-01T00:00:00Z',
    updatedAt: '2030-01-01T00:00:00Z',
    ...overrides,
  };
}

const rdpBox = workspace({
  id: '10000000-0000-4000-8000-000000000002',
  name: 'RDP box',
  type: 'server',
  server: {
    host: 'rdp.internal',
    port: 3389,
    protocol: 'rdp',
    username: 'svc',
    domain: null,
    hasPassword: true,
    ignoreCertificate: false,
  },
});

function backend(extra: Parameters<typeof mockFetch>[0] = {}) {
  return mockFetch({
    'GET /api/admin/groups': () => jsonResponse(200, { items: [allUsers], total: 1 }),
    'GET /api/admin/workspaces': () => jsonResponse(200, { items: [rdpBox], total: 1 }),
    ...extra,
  });
}

const CONTAINER_LABELS = [
  'Docker image',
  'CPU cores',
  'Memory (MB)',
  'Docker run config (JSON)',
  'Docker exec config (JSON)',
  'Allow network selection',
  'Allowed networks',
  'Persistent profile path',
  'Session provider',
  'Placement constraints (Swarm)',
];
const SERVER_LABELS = ['Protocol', 'Host', 'Port', 'Server username', 'Server password', 'Domain'];

function chooseType(type: string) {
  fireEvent.change(screen.getByLabelText('Type'), { target: { value: type } });
}

/**
 * A label as Mantine renders it: required fields end in " *", and a switch's label element also
 * holds its description, so match the start.
 */
const label = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
/** The image field is an autocomplete: its suggestion list carries the same label. */
const imageInput = (): HTMLElement => {
  const input = screen.getAllByLabelText(label('Docker image')).find((el) => el.tagName === 'INPUT');
  if (!input) throw new Error('no Docker image input');
  return input;
};

// Whole-form renders are heavy for jsdom; allow for a loaded CI machine.
describe('WorkspaceForm fields by type', { timeout: 30_000 }, () => {
  it('starts as a container and swaps its fields when the type changes', async () => {
    backend();
    renderPage(<WorkspaceForm />, { path: '/admin/workspaces/new' });

    const container = screen.getByTestId('workspace-fields-container');
    for (const text of CONTAINER_LABELS)
      expect(within(container).queryAllByLabelText(label(text)), text).not.toHaveLength(0);
    expect(within(container).getByRole('button', { name: 'Add variable' })).toBeTruthy();
    expect(within(container).getByLabelText(label('Session time limit (seconds)'))).toBeTruthy();

    chooseType('server');
    expect(screen.queryByTestId('workspace-fields-container')).toBeNull();
    const server = screen.getByTestId('workspace-fields-server');
    for (const text of SERVER_LABELS)
      expect(within(server).queryAllByLabelText(label(text)), text).not.toHaveLength(0);
    expect(within(server).getByText('Write-only: it is never shown again once saved.')).toBeTruthy();
    expect(within(server).getByLabelText(label('Session time limit (seconds)'))).toBeTruthy();

    chooseType('pool');
    expect(screen.queryByTestId('workspace-fields-server')).toBeNull();
    expect(
      within(screen.getByTestId('workspace-fields-pool')).queryAllByLabelText(label('Member servers')),
    ).not.toHaveLength(0);

    chooseType('link');
    const link = screen.getByTestId('workspace-fields-link');
    expect(within(link).getByLabelText(label('URL'))).toBeTruthy();
    expect(within(link).queryAllByLabelText(label('Session time limit'))).toHaveLength(0);
    expect(screen.queryByTestId('workspace-fields-pool')).toBeNull();

    chooseType('container');
    expect(screen.getByTestId('workspace-fields-container')).toBeTruthy();
    // The groups picker defaults to All Users on a new workspace.
    await waitFor(() => expect(screen.getAllByText('All Users')).not.toHaveLength(0));
  });

  it('sends only the chosen type’s fields, and leaves groupIds to the API default when untouched', async () => {
    const fetchMock = backend({
      'POST /api/admin/workspaces': () => jsonResponse(201, rdpBox),
    });
    const { router } = renderPage(<WorkspaceForm />, { path: '/admin/workspaces/new' });

    fireEvent.change(screen.getByLabelText(label('Name')), { target: { value: 'Jump host' } });
    fireEvent.change(imageInput(), {
      target: { value: 'kasmweb/firefox:1' },
    });
    chooseType('server');
    fireEvent.change(screen.getByLabelText('Protocol'), { target: { value: 'ssh' } });
    fireEvent.change(screen.getByLabelText(label('Host')), { target: { value: 'jump.internal' } });
    fireEvent.change(screen.getByLabelText('Server password'), { target: { value: 's3cret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create workspace' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/admin/workspaces'));
    const [call] = callsTo(fetchMock, 'POST /api/admin/workspaces');
    expect(call.body).toEqual({
      name: 'Jump host',
      description: '',
      type: 'server',
      enabled: true,
      server: {
        host: 'jump.internal',
        protocol: 'ssh',
        username: null,
        domain: null,
        ignoreCertificate: false,
        password: 's3cret',
      },
      sessionTimeLimitSec: null,
    });
  });

  it('shows a JSON syntax error under the run config and sends nothing', async () => {
    const fetchMock = backend();
    renderPage(<WorkspaceForm />, { path: '/admin/workspaces/new' });
    fireEvent.change(screen.getByLabelText(label('Name')), { target: { value: 'Firefox' } });
    fireEvent.change(imageInput(), {
      target: { value: 'kasmweb/firefox:1' },
    });
    fireEvent.change(screen.getByLabelText('Docker run config (JSON)'), {
      target: { value: '{"shm_size": ' },
    });
    fireEvent.change(screen.getByLabelText('Docker exec config (JSON)'), { target: { value: '[1]' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create workspace' }));

    expect(await screen.findByText(/^Not valid JSON:/)).toBeTruthy();
    expect(screen.getByText('Enter a JSON object, in { braces }.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST /api/admin/workspaces')).toHaveLength(0);
  });

  it('puts the API’s field problems on the matching inputs and env rows', async () => {
    backend({
      'POST /api/admin/workspaces': () =>
        apiError(400, 'VALIDATION_FAILED', {
          fields: {
            image: 'must be a Docker image reference such as "kasmweb/firefox:1.16.0"',
            'runConfig.privileged': 'privileged containers are never allowed',
            'env.SECRET': 'must be a string (at most 32 KiB)',
            'allowedNetworks[0]': 'the host network is never allowed',
          },
        }),
    });
    renderPage(<WorkspaceForm />, { path: '/admin/workspaces/new' });
    fireEvent.change(screen.getByLabelText(label('Name')), { target: { value: 'Firefox' } });
    fireEvent.change(imageInput(), { target: { value: 'Not An Image' } });
    fireEvent.change(screen.getByLabelText('Docker run config (JSON)'), {
      target: { value: '{"privileged": true}' },
    });
    fireEvent.change(screen.getByLabelText('Allowed networks'), { target: { value: '\nhost' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add variable' }));
    fireEvent.change(screen.getByLabelText('Variable 1 name'), { target: { value: 'SECRET' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create workspace' }));

    expect(
      await screen.findByText('must be a Docker image reference such as "kasmweb/firefox:1.16.0"'),
    ).toBeTruthy();
    expect(screen.getByText('privileged: privileged containers are never allowed')).toBeTruthy();
    expect(screen.getByText('must be a string (at most 32 KiB)')).toBeTruthy();
    expect(screen.getByText('Line 2: the host network is never allowed')).toBeTruthy();
    expect(screen.getByLabelText('Variable 1 name').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toMatch(/not valid/);
  });

  it('sends the provider and one placement constraint per line, and shows the API’s problem on its line', async () => {
    const fetchMock = backend({
      'POST /api/admin/workspaces': () =>
        apiError(400, 'VALIDATION_FAILED', {
          fields: { 'placementConstraints[1]': 'node.role is manager or worker' },
        }),
    });
    renderPage(<WorkspaceForm />, { path: '/admin/workspaces/new' });
    fireEvent.change(screen.getByLabelText(label('Name')), { target: { value: 'GPU desk' } });
    fireEvent.change(imageInput(), {
      target: { value: 'kasmweb/firefox:1' },
    });
    fireEvent.change(screen.getByLabelText(label('Session provider')), { target: { value: 'swarm' } });
    fireEvent.change(screen.getByLabelText(label('Placement constraints (Swarm)')), {
      target: { value: 'node.labels.gpu==true\n\n node.role==boss ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Create workspace' }));

    expect(await screen.findByText('Line 3: node.role is manager or worker')).toBeTruthy();
    const [call] = callsTo(fetchMock, 'POST /api/admin/workspaces');
    expect(call.body).toMatchObject({
      provider: 'swarm',
      placementConstraints: ['node.labels.gpu==true', 'node.role==boss'],
    });
  });

  it('suggests the images the engines hold and warns when an engine lacks the chosen one', async () => {
    backend({
      'GET /api/admin/engines/images': () =>
        jsonResponse(200, {
          engines: [
            { id: 'a', name: 'engine-a', kind: 'docker', reachable: true, images: ['caster/desktop:latest'] },
            { id: 'b', name: 'engine-b', kind: 'docker', reachable: true, images: [] },
          ],
        }),
    });
    renderPage(<WorkspaceForm />, { path: '/admin/workspaces/new' });
    fireEvent.change(imageInput(), { target: { value: 'caster/desktop' } });
    const partial = await screen.findByTestId('image-missing-warning');
    expect(partial.textContent).toMatch(/engine-b does not have it/);
    fireEvent.change(imageInput(), { target: { value: 'caster/desktp:latest' } });
    await waitFor(() =>
      expect(screen.getByTestId('image-missing-warning').textContent).toMatch(/No engine has this image/),
    );
    // A free-text reference is kept as typed: the field is not limited to the list.
    expect((imageInput() as HTMLInputElement).value).toBe('caster/desktp:latest');
  });

  it('says the name is taken on the name field', async () => {
    backend({ 'POST /api/admin/workspaces': () => apiError(409, 'NAME_TAKEN') });
    renderPage(<WorkspaceForm />, { path: '/admin/workspaces/new' });
    fireEvent.change(screen.getByLabelText(label('Name')), { target: { value: 'Firefox' } });
    fireEvent.change(imageInput(), {
      target: { value: 'kasmweb/firefox:1' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Create workspace' }));
    expect(await screen.findByText('That name is already in use. Choose another one.')).toBeTruthy();
  });

  it('on edit says a password is set and keeps it when left empty', async () => {
    const fetchMock = backend({
      [`PATCH /api/admin/workspaces/${rdpBox.id}`]: () => jsonResponse(200, rdpBox),
    });
    renderPage(<WorkspaceForm workspace={rdpBox} />, {
      path: '/admin/workspaces/:id',
      url: `/admin/workspaces/${rdpBox.id}`,
    });
    expect(screen.getByText('A password is set. Leave empty to keep it.')).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Server password').value).toBe('');
    expect(screen.getByLabelText<HTMLInputElement>(label('Host')).value).toBe('rdp.internal');
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(callsTo(fetchMock, `PATCH /api/admin/workspaces/${rdpBox.id}`)).toHaveLength(1),
    );
    const [call] = callsTo(fetchMock, `PATCH /api/admin/workspaces/${rdpBox.id}`);
    expect(call.body).toMatchObject({ type: 'server', groupIds: [allUsers.id] });
    expect((call.body as { server: Record<string, unknown> }).server).not.toHaveProperty('password');
  });

  it('on edit shows the stored password as a placeholder, clears it and ignores the certificate when asked', async () => {
    const fetchMock = backend({
      [`PATCH /api/admin/workspaces/${rdpBox.id}`]: () => jsonResponse(200, rdpBox),
    });
    renderPage(<WorkspaceForm workspace={rdpBox} />, {
      path: '/admin/workspaces/:id',
      url: `/admin/workspaces/${rdpBox.id}`,
    });
    const password = screen.getByLabelText<HTMLInputElement>('Server password');
    expect(password.placeholder).toBe('stored — leave empty to keep');
    const ignore = screen.getByLabelText<HTMLInputElement>(label('Ignore the server’s certificate'));
    expect(ignore.checked).toBe(false);
    expect(screen.getByTestId('workspace-remote-note').textContent).toMatch(
      /in their browser.*\.rdp file download on a session is for administrators only/s,
    );
    fireEvent.click(ignore);
    fireEvent.click(screen.getByLabelText('Remove the stored password'));
    expect(password.disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(callsTo(fetchMock, `PATCH /api/admin/workspaces/${rdpBox.id}`)).toHaveLength(1),
    );
    const [call] = callsTo(fetchMock, `PATCH /api/admin/workspaces/${rdpBox.id}`);
    expect((call.body as { server: unknown }).server).toEqual({
      host: 'rdp.internal',
      port: 3389,
      protocol: 'rdp',
      username: 'svc',
      domain: null,
      ignoreCertificate: true,
      password: null,
    });
  });

  it('shows a saved choice to ignore the certificate', () => {
    backend();
    const lax = { ...rdpBox, server: { ...rdpBox.server!, ignoreCertificate: true, hasPassword: false } };
    renderPage(<WorkspaceForm workspace={lax} />, {
      path: '/admin/workspaces/:id',
      url: `/admin/workspaces/${lax.id}`,
    });
    expect(screen.getByLabelText<HTMLInputElement>(label('Ignore the server’s certificate')).checked).toBe(
      true,
    );
    expect(screen.getByLabelText<HTMLInputElement>('Server password').placeholder).toBe('');
    expect(screen.queryByLabelText('Remove the stored password')).toBeNull();
  });
});

describe('WorkspaceForm for a server pool', { timeout: 30_000 }, () => {
  const pool = workspace({
    id: '10000000-0000-4000-8000-000000000009',
    name: 'Excel pool',
    type: 'pool',
    poolServerIds: [rdpBox.id],
    poolSessionsPerServer: 2,
  });
  const members = {
    members: [
      {
        serverId: rdpBox.id,
        name: 'RDP box',
        host: 'rdp.internal',
        port: 3389,
        enabled: true,
        activeSessions: 2,
        capacity: 2,
        state: 'busy',
      },
      {
        serverId: 's-2',
        name: 'Spare',
        host: '10.0.0.7',
        port: 3390,
        enabled: true,
        activeSessions: 0,
        capacity: 2,
        state: 'free',
      },
      {
        serverId: 's-3',
        name: 'Retired',
        host: '10.0.0.8',
        port: 3389,
        enabled: false,
        activeSessions: 0,
        capacity: 2,
        state: 'disabled',
      },
    ],
  };
  const editPool = () =>
    renderPage(<WorkspaceForm workspace={pool} />, {
      path: '/admin/workspaces/:id',
      url: `/admin/workspaces/${pool.id}`,
    });

  it('lists the members with their sessions and state', async () => {
    backend({ [`GET /api/admin/workspaces/${pool.id}/pool-members`]: () => jsonResponse(200, members) });
    editPool();
    const table = await screen.findByRole('table', { name: 'Pool members' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.textContent);
    expect(rows).toEqual([
      'RDP boxrdp.internal:33892 of 2Busy',
      'Spare10.0.0.7:33900 of 2Free',
      'Retired10.0.0.8:33890 of 2Disabled',
    ]);
    expect(screen.getByTestId('workspace-remote-note')).toBeTruthy();
  });

  it('says so when the members cannot be loaded, and the form still works', async () => {
    backend({
      [`GET /api/admin/workspaces/${pool.id}/pool-members`]: () => apiError(503, 'SERVICE_UNAVAILABLE'),
    });
    editPool();
    expect(await screen.findByText(/^The pool members could not be loaded/)).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>(label('Sessions per server')).value).toBe('2');
  });

  it('sends sessions per server with the members, and refuses a value out of 1–100', async () => {
    const fetchMock = backend({
      [`GET /api/admin/workspaces/${pool.id}/pool-members`]: () => jsonResponse(200, members),
      [`PATCH /api/admin/workspaces/${pool.id}`]: () => jsonResponse(200, pool),
    });
    editPool();
    const perServer = screen.getByLabelText(label('Sessions per server'));
    fireEvent.change(perServer, { target: { value: '101' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Enter a whole number from 1 to 100.')).toBeTruthy();
    expect(callsTo(fetchMock, `PATCH /api/admin/workspaces/${pool.id}`)).toHaveLength(0);

    fireEvent.change(perServer, { target: { value: '4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(callsTo(fetchMock, `PATCH /api/admin/workspaces/${pool.id}`)).toHaveLength(1));
    const [call] = callsTo(fetchMock, `PATCH /api/admin/workspaces/${pool.id}`);
    expect(call.body).toMatchObject({ type: 'pool', poolServerIds: [rdpBox.id], poolSessionsPerServer: 4 });
  });

  it('starts a new pool at one session per server and shows no member list before it is saved', () => {
    backend();
    renderPage(<WorkspaceForm />, { path: '/admin/workspaces/new' });
    chooseType('pool');
    expect(screen.getByLabelText<HTMLInputElement>(label('Sessions per server')).value).toBe('1');
    expect(screen.queryByTestId('pool-members')).toBeNull();
  });
});
