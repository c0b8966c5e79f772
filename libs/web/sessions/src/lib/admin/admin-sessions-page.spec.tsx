import { type AdminSessionView, type Page } from '@caster/contracts';
import { errorMessages } from '@caster/web/core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, callsTo, jsonResponse, mockFetch, renderPage, user } from '@caster/web/test-utils';
import { sessionView } from '../../test/session-fixtures';
import { AdminSessionsPage } from './admin-sessions-page';

afterEach(() => vi.unstubAllGlobals());
// jsdom has no object URLs: the thumbnail's blob becomes a fixed one.
beforeEach(() => {
  Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:thumbnail'), revokeObjectURL: vi.fn() });
});

function adminSession(
  id: string,
  username: string,
  overrides: Partial<AdminSessionView> = {},
): AdminSessionView {
  return {
    ...sessionView({ id, state: 'running', viewerUrl: `/session/${id}/` }),
    username,
    agentId: 'local',
    containerId: `c-${id}`,
    castConfigId: null,
    ...overrides,
  };
}

const ROWS = [
  adminSession('s-1', 'alice'),
  adminSession('s-2', 'bob', { workspaceName: 'Desktop', state: 'starting' }),
  adminSession('s-3', 'carol'),
];

function api(
  rows: AdminSessionView[] = ROWS,
  deleteAnswer: (id: string) => Response = () => new Response(null, { status: 204 }),
  extra: Record<string, () => Response> = {},
) {
  const live = { rows: [...rows] };
  const fetchMock = mockFetch({
    'GET /api/admin/sessions': (url) => {
      const q = url.searchParams.get('q');
      const state = url.searchParams.get('state');
      const items = live.rows.filter((r) => (!q || r.username.includes(q)) && (!state || r.state === state));
      return jsonResponse(200, { items, total: items.length } satisfies Page<AdminSessionView>);
    },
    ...Object.fromEntries(
      rows.map((row) => [
        `DELETE /api/admin/sessions/${row.id}`,
        () => {
          const answer = deleteAnswer(row.id);
          if (answer.ok) live.rows = live.rows.filter((r) => r.id !== row.id);
          return answer;
        },
      ]),
    ),
    ...extra,
  });
  return { fetchMock, live };
}

function renderSessions() {
  return renderPage(<AdminSessionsPage />, {
    me: user,
    staleTime: 0,
    path: '/admin/sessions',
    url: '/admin/sessions',
  });
}

describe('the admin sessions page', () => {
  it('lists owner, workspace, agent, state, age and expiry', async () => {
    api();
    renderSessions();
    const row = await screen.findByTestId('session-row-s-2');
    const cells = within(row)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells.slice(1, 5)).toEqual(['bob', 'Desktop', 'local', 'starting']);
    expect(cells[5]).toMatch(/^\d+ s$/);
    expect(cells[6]).toMatch(/^in (59 min|1 h)/);
  });

  it("shows a failed cast session's reason, its visitor as owner, and no expiry or Stop", async () => {
    api([
      adminSession('s-9', '', {
        state: 'failed',
        userId: '',
        castConfigId: 'cast-1',
        failure: { code: 'PROVISION_FAILED', message: 'image caster/nope not found' },
      }),
      adminSession('s-8', '', { state: 'staged', userId: '' }),
    ]);
    renderSessions();
    const row = await screen.findByTestId('session-row-s-9');
    const cells = within(row)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells[1]).toBe('(casting link visitor)');
    expect(cells[4]).toBe('failedPROVISION_FAILED: image caster/nope not found');
    expect(screen.getByTestId('session-failure-s-9').textContent).toBe(
      'PROVISION_FAILED: image caster/nope not found',
    );
    expect(cells[6]).toBe('—');
    expect(within(row).queryByRole('button', { name: /Stop/ })).toBeNull();
    const warm = within(screen.getByTestId('session-row-s-8')).getAllByRole('cell');
    expect(warm[1].textContent).toBe('(staging pool)');
  });

  it('stops several selected sessions after a confirmation, and only those', async () => {
    const { fetchMock } = api();
    renderSessions();
    await screen.findByTestId('session-row-s-1');
    const stopSelected = screen.getByRole('button', { name: 'Stop selected' });
    expect((stopSelected as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByLabelText(/^Select the session of alice/));
    fireEvent.click(screen.getByLabelText(/^Select the session of carol/));
    fireEvent.click(screen.getByRole('button', { name: 'Stop selected (2)' }));

    const dialog = await screen.findByRole('dialog', { name: 'Stop 2 sessions?' });
    expect(within(dialog).getByText(/alice/)).toBeTruthy();
    expect(within(dialog).getByText(/carol/)).toBeTruthy();
    expect(callsTo(fetchMock, 'DELETE /api/admin/sessions/s-1').length).toBe(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop sessions' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull(), { timeout: 3000 });
    expect(callsTo(fetchMock, 'DELETE /api/admin/sessions/s-1').length).toBe(1);
    expect(callsTo(fetchMock, 'DELETE /api/admin/sessions/s-3').length).toBe(1);
    expect(callsTo(fetchMock, 'DELETE /api/admin/sessions/s-2').length).toBe(0);
    await waitFor(() => expect(screen.queryByTestId('session-row-s-1')).toBeNull());
    expect(screen.getByTestId('session-row-s-2')).toBeTruthy();
    expect(screen.queryByTestId('session-row-s-3')).toBeNull();
  });

  it('selects the whole page from the header and keeps a refused stop selected, explained', async () => {
    const { fetchMock } = api(ROWS, (id) =>
      id === 's-2' ? apiError(403, 'FORBIDDEN') : new Response(null, { status: 204 }),
    );
    renderSessions();
    await screen.findByTestId('session-row-s-1');
    fireEvent.click(screen.getByLabelText('Select all sessions on this page'));
    fireEvent.click(screen.getByRole('button', { name: 'Stop selected (3)' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop sessions' }));

    expect((await within(dialog).findByRole('alert')).textContent).toBe(errorMessages.FORBIDDEN);
    expect(callsTo(fetchMock, 'DELETE /api/admin/sessions/s-1').length).toBe(1);
    expect(callsTo(fetchMock, 'DELETE /api/admin/sessions/s-3').length).toBe(1);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Stop selected (1)' })).toBeTruthy());
  });

  it('stops one session from its row after a confirmation', async () => {
    const { fetchMock } = api();
    renderSessions();
    await screen.findByTestId('session-row-s-2');
    fireEvent.click(screen.getByRole('button', { name: 'Stop the session of bob' }));
    const dialog = await screen.findByRole('dialog', { name: 'Stop this session?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop session' }));
    await waitFor(() => expect(screen.queryByTestId('session-row-s-2')).toBeNull());
    expect(callsTo(fetchMock, 'DELETE /api/admin/sessions/s-2').length).toBe(1);
  });

  it('filters by state and searches by owner through the API', async () => {
    const { fetchMock } = api();
    renderSessions();
    await screen.findByTestId('session-row-s-1');
    fireEvent.change(screen.getByRole('searchbox', { name: "Search by owner's username" }), {
      target: { value: 'car' },
    });
    await waitFor(() => expect(screen.queryByTestId('session-row-s-1')).toBeNull());
    expect(screen.getByTestId('session-row-s-3')).toBeTruthy();
    const lastUrl = fetchMock.mock.calls.at(-1)?.[0];
    expect(typeof lastUrl === 'string' ? lastUrl : '').toContain('q=car');
  });

  it("links each session to its detail page and its owner to the user page, with the desktop's screen", async () => {
    const { fetchMock } = api([adminSession('s-1', 'alice', { userId: 'u-1' })], undefined, {
      'GET /api/admin/sessions/s-1/thumbnail': () =>
        new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), {
          status: 200,
          headers: { 'Content-Type': 'image/png' },
        }),
    });
    renderSessions();
    const row = await screen.findByTestId('session-row-s-1');
    expect(within(row).getByRole('link', { name: 'alice' }).getAttribute('href')).toBe('/admin/users/u-1');
    expect(
      within(row).getByRole('link', { name: 'Details of the session of alice' }).getAttribute('href'),
    ).toBe('/admin/sessions/s-1');
    expect(await within(row).findByRole('img', { name: "The screen of alice's session" })).toBeTruthy();
    expect(callsTo(fetchMock, 'GET /api/admin/sessions/s-1/thumbnail').length).toBe(1);
  });

  it('refreshes every five seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { fetchMock } = api();
      renderSessions();
      await screen.findByTestId('session-row-s-1');
      const before = callsTo(fetchMock, 'GET /api/admin/sessions').length;
      await vi.advanceTimersByTimeAsync(5_100);
      await waitFor(() =>
        expect(callsTo(fetchMock, 'GET /api/admin/sessions').length).toBeGreaterThan(before),
      );
    } finally {
      vi.useRealTimers();
    }
  });
});
