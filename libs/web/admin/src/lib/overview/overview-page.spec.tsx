import { type AdminOverview } from '@caster/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, callsTo, jsonResponse, mockFetch, renderPage } from '@caster/web/test-utils';
import { OverviewPage } from './overview-page';

afterEach(() => vi.unstubAllGlobals());

const overview: AdminOverview = {
  generatedAt: '2025-03-10T12:00:00.000Z',
  window: {
    hours: 24,
    from: '2025-03-09T12:00:00.000Z',
    to: '2025-03-10T12:00:00.000Z',
    bucketSeconds: 3600,
  },
  casts: {
    outcomes: ['ok', 'CAST_EXPIRED', 'RATE_LIMITED'],
    buckets: [
      { start: '2025-03-10T10:00:00.000Z', counts: { ok: 3, CAST_EXPIRED: 0, RATE_LIMITED: 2 } },
      { start: '2025-03-10T11:00:00.000Z', counts: { ok: 1, CAST_EXPIRED: 1, RATE_LIMITED: 0 } },
    ],
    totals: { ok: 4, CAST_EXPIRED: 1, RATE_LIMITED: 2 },
  },
  sessions: { active: 5, byState: { staged: 2, provisioning: 1, starting: 0, running: 4, stopping: 0 } },
  pools: [{ id: 'p1', workspaceId: 'w1', workspaceName: 'Firefox', ready: 1, starting: 1, target: 3 }],
  topRefusingLinks: [
    { id: 'c1', name: 'Spring demo', key: 'spring', refusals: 2, byReason: { RATE_LIMITED: 2 } },
    { id: 'c2', name: 'Old demo', key: 'old', refusals: 1, byReason: { CAST_EXPIRED: 1 } },
  ],
};

describe('OverviewPage', { timeout: 30_000 }, () => {
  it('shows casts over time, sessions, pool fill and the links refusing the most', async () => {
    mockFetch({ 'GET /api/admin/overview': () => jsonResponse(200, overview) });
    const { container } = renderPage(<OverviewPage />, { path: '/admin' });

    expect(await screen.findByTestId('overview')).toBeTruthy();
    expect(screen.getByTestId('cast-totals').textContent).toBe('7 requests4 served3 refused');
    const chart = screen.getByRole('img', { name: 'Cast requests by outcome, last 24 hours' });
    expect(chart).toBeTruthy();
    expect(container.querySelectorAll('rect[data-series]')).toHaveLength(4);
    expect(screen.getByRole('table', { name: 'Cast requests by outcome, last 24 hours' })).toBeTruthy();

    expect(screen.getByTestId('active-sessions').textContent).toBe('5');
    expect(screen.getByTestId('sessions-running').textContent).toBe('Running4');
    expect(screen.getByTestId('sessions-staged').textContent).toBe('Staged (warm)2');

    const pool = screen.getByTestId('pool-p1');
    expect(pool.textContent).toContain('Firefox');
    expect(pool.textContent).toContain('1 / 3 ready · 1 starting');
    const bar = within(pool).getByRole('progressbar', { name: 'Firefox: 1 of 3 warm sessions ready' });
    expect(bar.getAttribute('aria-valuenow')).toBe(String((1 / 3) * 100));

    const table = screen.getByRole('table', { name: 'Links refusing the most requests' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-testid'))).toEqual(['refusing-c1', 'refusing-c2']);
    expect(within(rows[0]).getByRole('link', { name: 'Spring demo' }).getAttribute('href')).toBe(
      '/admin/casting/c1',
    );
    expect(rows[0].textContent).toContain('RATE_LIMITED × 2');
  });

  it('asks for another window when one is picked, and reads it from the URL', async () => {
    const fetchMock = mockFetch({
      'GET /api/admin/overview': (url) =>
        jsonResponse(200, {
          ...overview,
          window: { ...overview.window, hours: Number(url.searchParams.get('hours')) },
        }),
    });
    const { router } = renderPage(<OverviewPage />, { path: '/admin', url: '/admin?hours=168' });
    expect(await screen.findByRole('heading', { name: 'Cast requests, last 7 days' })).toBeTruthy();
    expect(callsTo(fetchMock, 'GET /api/admin/overview')[0].url.searchParams.get('hours')).toBe('168');

    fireEvent.click(screen.getByRole('radio', { name: 'Last hour' }));
    expect(await screen.findByRole('heading', { name: 'Cast requests, last hour' })).toBeTruthy();
    expect(router.state.location.search).toBe('?hours=1');
    expect(callsTo(fetchMock, 'GET /api/admin/overview').at(-1)?.url.searchParams.get('hours')).toBe('1');
  });

  it('says so when nothing happened yet', async () => {
    mockFetch({
      'GET /api/admin/overview': () =>
        jsonResponse(200, {
          ...overview,
          casts: {
            outcomes: [],
            buckets: overview.casts.buckets.map((b) => ({ ...b, counts: {} })),
            totals: {},
          },
          pools: [],
          topRefusingLinks: [],
        }),
    });
    renderPage(<OverviewPage />, { path: '/admin' });
    expect((await screen.findByTestId('casts-empty')).textContent).toBe(
      'No cast requests in the last 24 hours.',
    );
    expect(screen.getByTestId('pools-empty')).toBeTruthy();
    expect(screen.getByTestId('refusals-empty').textContent).toContain('last 24 hours');
    expect(screen.queryByRole('img', { name: /Cast requests/ })).toBeNull();
  });

  it('shows a loading state, then the error with a way to try again', async () => {
    let fail = true;
    mockFetch({
      'GET /api/admin/overview': () => (fail ? apiError(503, 'INTERNAL') : jsonResponse(200, overview)),
    });
    renderPage(<OverviewPage />, { path: '/admin' });
    expect(screen.getAllByTestId('loading-state').length).toBeGreaterThan(0);
    expect(await screen.findByText('The overview could not be loaded')).toBeTruthy();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByTestId('overview')).toBeTruthy());
  });
});
