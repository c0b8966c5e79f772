import { type CastClaim, type CastConfig } from '@caster/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { callsTo, jsonResponse, mockFetch, renderPage } from '@caster/web/test-utils';
import { castConfigFixture } from './cast-config.fixture';
import { CastingDetailPage } from './casting-detail-page';
import { CastingListPage } from './casting-list-page';

vi.mock('qrcode', () => ({
  default: { toDataURL: vi.fn(() => Promise.resolve('data:image/png;base64,AAAA')) },
}));

const WORKSPACE = { id: 'w-1', name: 'Tiny app', enabled: true };

const link = (overrides: Partial<CastConfig>): CastConfig =>
  castConfigFixture({ workspaceId: WORKSPACE.id, ...overrides });

afterEach(() => vi.unstubAllGlobals());

describe('casting admin pages', { timeout: 60_000 }, () => {
  it('lists each link with its workspace, full cast URL, budget, expiry and status', async () => {
    const links = [
      link({ id: 'c-1', name: 'Demo', key: 'demo', limitSessions: true, sessionsRemaining: 5 }),
      link({ id: 'c-2', name: 'Old', key: 'old', validUntil: '2020-01-01T00:00:00Z' }),
      link({ id: 'c-3', name: 'Spent', key: 'spent', limitSessions: true, sessionsRemaining: 0 }),
      link({ id: 'c-4', name: 'Off', key: 'off', enabled: false }),
    ];
    const fetchMock = mockFetch({
      'GET /api/admin/casting': () => jsonResponse(200, { items: links, total: links.length }),
      'GET /api/admin/workspaces': () => jsonResponse(200, { items: [WORKSPACE], total: 1 }),
    });
    renderPage(<CastingListPage />, { strict: true, path: '/admin/casting' });

    const demo = await screen.findByTestId('casting-row-demo');
    await waitFor(() => expect(within(demo).getByText('Tiny app')).toBeTruthy());
    expect(within(demo).getByTestId('cast-url').textContent).toBe(
      `${window.location.origin}${window.location.pathname}#/cast/demo`,
    );
    expect(within(demo).getByText('5 left')).toBeTruthy();
    expect(within(demo).getByText('No end')).toBeTruthy();
    const status = (key: string) =>
      within(screen.getByTestId(`casting-row-${key}`)).getByTestId('cast-status').textContent;
    expect([status('demo'), status('old'), status('spent'), status('off')]).toEqual([
      'Active',
      'Expired',
      'Exhausted',
      'Disabled',
    ]);
    // Only the query fields the API accepts.
    const [list] = callsTo(fetchMock, 'GET /api/admin/casting');
    expect([...(list?.url.searchParams.keys() ?? [])].sort()).toEqual(['page', 'pageSize']);

    fireEvent.click(within(demo).getByRole('button', { name: 'Show QR code for Demo' }));
    expect((await screen.findByTestId<HTMLImageElement>('cast-qr')).src).toBe('data:image/png;base64,AAAA');
  });

  it('says how to start when there are no links', async () => {
    mockFetch({
      'GET /api/admin/casting': () => jsonResponse(200, { items: [], total: 0 }),
      'GET /api/admin/workspaces': () => jsonResponse(200, { items: [], total: 0 }),
    });
    renderPage(<CastingListPage />, { strict: true, path: '/admin/casting' });
    expect(await screen.findByText('No casting links yet')).toBeTruthy();
    expect(screen.getAllByRole('link', { name: 'Add casting link' }).length).toBeGreaterThan(0);
  });

  it('searches by name or key and flips the name order, sending only the fields the API accepts', async () => {
    const links = [link({ id: 'c-1', name: 'Demo', key: 'demo' })];
    const fetchMock = mockFetch({
      'GET /api/admin/casting': (url) =>
        url.searchParams.get('q') === 'nothing'
          ? jsonResponse(200, { items: [], total: 0 })
          : jsonResponse(200, { items: links, total: links.length }),
      'GET /api/admin/workspaces': () => jsonResponse(200, { items: [WORKSPACE], total: 1 }),
    });
    renderPage(<CastingListPage />, { path: '/admin/casting' });
    await screen.findByTestId('casting-row-demo');
    expect(screen.getByTestId('list-range').textContent).toBe('1–1 of 1 casting links');
    const last = () => callsTo(fetchMock, 'GET /api/admin/casting').at(-1)?.url.searchParams;

    fireEvent.click(screen.getByRole('button', { name: /Name/ }));
    await waitFor(() => expect(last()?.get('order')).toBe('desc'), { timeout: 10_000 });
    expect([...(last()?.keys() ?? [])].sort()).toEqual(['order', 'page', 'pageSize']);

    fireEvent.change(screen.getByLabelText('Search casting links by name or key'), {
      target: { value: 'nothing' },
    });
    // After the search box's debounce; a loaded machine may take a while.
    expect(await screen.findByText('No casting links match', {}, { timeout: 10_000 })).toBeTruthy();
    expect(Object.fromEntries(last() ?? [])).toEqual({
      page: '1',
      pageSize: '25',
      q: 'nothing',
      order: 'desc',
    });

    fireEvent.click(screen.getByRole('button', { name: 'Show all casting links' }));
    // The unfiltered rows again (from the cache), and an empty search box.
    await screen.findByTestId('casting-row-demo', {}, { timeout: 10_000 });
    expect(screen.getByLabelText<HTMLInputElement>('Search casting links by name or key').value).toBe('');
  });

  it('shows the audit with a chart, and rotates the key only once confirmed', async () => {
    const claims: CastClaim[] = [
      {
        at: '2030-01-01T10:30:00Z',
        ip: '203.0.113.9',
        outcome: 'ok',
        userId: 'u-12345678-aaaa',
        sessionId: 's-87654321-bbbb',
        stage: 'cast',
        test: true,
      },
      {
        at: '2030-01-01T10:10:00Z',
        ip: '203.0.113.9',
        outcome: 'RATE_LIMITED',
        userId: null,
        sessionId: null,
        stage: 'cast',
        test: false,
      },
    ];
    let key = 'demo';
    const fetchMock = mockFetch({
      'GET /api/admin/casting/c-1': () => jsonResponse(200, link({ key })),
      'GET /api/admin/casting/c-1/claims': () => jsonResponse(200, claims),
      'GET /api/admin/workspaces': () => jsonResponse(200, { items: [WORKSPACE], total: 1 }),
      'POST /api/admin/casting/c-1/rotate-key': () => {
        key = 'fresh';
        return jsonResponse(200, link({ key }));
      },
    });
    renderPage(<CastingDetailPage />, {
      strict: true,
      path: '/admin/casting/:id',
      url: '/admin/casting/c-1',
    });

    expect(await screen.findByRole('heading', { name: 'Demo' })).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Cast requests' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByTestId('claim-outcome').textContent)).toEqual([
      'ok',
      'RATE_LIMITED',
    ]);
    expect(within(rows[0]).getByText('u-123456')).toBeTruthy();
    // "Open as a visitor"'s casts are marked as tests; a visitor's are not.
    expect(within(rows[0]).getByTestId('claim-test').textContent).toBe('test');
    expect(within(rows[1]).queryByTestId('claim-test')).toBeNull();
    // The chart is its own chunk (the charting library is heavy); loading it takes a moment.
    expect(await screen.findByTestId('claims-chart', {}, { timeout: 20_000 })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Rotate key' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toMatch(/old link stops working at once/);
    expect(callsTo(fetchMock, 'POST /api/admin/casting/c-1/rotate-key')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rotate key' }));
    await waitFor(() => expect(callsTo(fetchMock, 'POST /api/admin/casting/c-1/rotate-key')).toHaveLength(1));
    await waitFor(() => expect(screen.getAllByTestId('cast-url')[0]?.textContent).toMatch(/#\/cast\/fresh$/));
  });

  it('deletes only once confirmed, then goes back to the list', async () => {
    const fetchMock = mockFetch({
      'GET /api/admin/casting/c-1': () => jsonResponse(200, link({})),
      'GET /api/admin/casting/c-1/claims': () => jsonResponse(200, []),
      'GET /api/admin/workspaces': () => jsonResponse(200, { items: [WORKSPACE], total: 1 }),
      'DELETE /api/admin/casting/c-1': () => new Response(null, { status: 204 }),
    });
    const { router } = renderPage(<CastingDetailPage />, {
      strict: true,
      path: '/admin/casting/:id',
      url: '/admin/casting/c-1',
    });
    expect(await screen.findByText('No requests yet')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog');
    expect(callsTo(fetchMock, 'DELETE /api/admin/casting/c-1')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/admin/casting'));
    expect(callsTo(fetchMock, 'DELETE /api/admin/casting/c-1')).toHaveLength(1);
  });
});
