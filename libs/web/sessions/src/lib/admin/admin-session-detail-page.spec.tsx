import { type AdminSessionDetail, type JoinShareResponse } from '@caster/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callsTo, jsonResponse, mockFetch, renderPage, user } from '@caster/web/test-utils';
import { sessionView } from '../../test/session-fixtures';
import { AdminSessionDetailPage } from './admin-session-detail-page';

afterEach(() => vi.unstubAllGlobals());
// jsdom has no object URLs: the thumbnail's blob becomes a fixed one.
beforeEach(() => {
  Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:thumbnail'), revokeObjectURL: vi.fn() });
});

const ID = '50faa543-9c57-4b51-8cd8-68dac9256e4b';

function detail(overrides: Partial<AdminSessionDetail> = {}): AdminSessionDetail {
  return {
    ...sessionView({ id: ID, state: 'running', workspaceName: 'Desktop', userId: 'u-1' }),
    username: 'anon-0af6',
    agentId: 'local',
    containerId: 'c-1',
    castConfigId: 'cast-1',
    stoppedAt: null,
    link: { id: 'cast-1', name: 'Demo link' },
    clientIp: '203.0.113.7',
    history: [
      {
        at: '2030-01-01T00:00:00Z',
        kind: 'state',
        fromState: null,
        toState: 'provisioning',
        reason: 'cast by a link',
        actorId: null,
        actorName: null,
      },
      {
        at: '2030-01-01T00:00:02Z',
        kind: 'state',
        fromState: 'starting',
        toState: 'running',
        reason: null,
        actorId: null,
        actorName: null,
      },
    ],
    grants: [
      {
        id: 'g-1',
        kind: 'origin',
        viewOnly: false,
        userId: 'u-1',
        username: 'anon-0af6',
        createdAt: '2030-01-01T00:00:03Z',
        expiresAt: null,
        revokedAt: null,
      },
    ],
    thumbnailAvailable: true,
    ...overrides,
  };
}

const ENTRY: JoinShareResponse = {
  sessionId: ID,
  viewOnly: true,
  viewerUrl: `http://${ID}.localhost:3000/`,
  enterUrl: `http://${ID}.localhost:3000/.caster/enter?grant=cse_x`,
  origin: `http://${ID}.localhost:3000`,
  expiresAt: '2030-01-01T00:01:00Z',
  flags: { disableControlPanel: false, disableTips: false, sharing: false, fixedResolution: true },
};

function renderDetail() {
  return renderPage(<AdminSessionDetailPage />, {
    me: user,
    staleTime: 0,
    path: '/admin/sessions/:id',
    url: `/admin/sessions/${ID}`,
  });
}

describe('the session detail page', () => {
  it('shows the link, visitor IP, user, history with reasons and grants', async () => {
    mockFetch({
      [`GET /api/admin/sessions/${ID}/detail`]: () => jsonResponse(200, detail()),
      [`GET /api/admin/sessions/${ID}/thumbnail`]: () => new Response(new Uint8Array([1]), { status: 200 }),
    });
    renderDetail();
    const page = await screen.findByTestId('admin-page-session-detail');
    expect(within(page).getByRole('link', { name: 'Demo link' }).getAttribute('href')).toBe(
      '/admin/casting/cast-1',
    );
    expect(within(page).getByRole('link', { name: 'anon-0af6' }).getAttribute('href')).toBe(
      '/admin/users/u-1',
    );
    expect(within(page).getByText('203.0.113.7')).toBeTruthy();
    const history = within(page).getAllByTestId('session-history-row');
    expect(history.map((r) => r.textContent)).toEqual([
      expect.stringContaining('created as provisioningcast by a link'),
      expect.stringContaining('starting → running'),
    ]);
    const grants = within(page).getByRole('table', { name: 'Session grants' });
    expect(within(grants).getByText('Session cookie')).toBeTruthy();
    expect(await within(page).findByRole('img', { name: "The session's screen" })).toBeTruthy();
  });

  it('opens the session view-only on its own origin when asked, and not before', async () => {
    const fetchMock = mockFetch({
      [`GET /api/admin/sessions/${ID}/detail`]: () => jsonResponse(200, detail()),
      [`GET /api/admin/sessions/${ID}/thumbnail`]: () => new Response(new Uint8Array([1]), { status: 200 }),
      [`POST /api/admin/sessions/${ID}/view`]: () => jsonResponse(200, ENTRY),
    });
    renderDetail();
    await screen.findByTestId('admin-page-session-detail');
    expect(callsTo(fetchMock, `POST /api/admin/sessions/${ID}/view`)).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Watch view-only' }));
    const frame = await screen.findByTestId('session-frame');
    expect(frame.getAttribute('data-origin')).toBe(ENTRY.origin);
    expect(frame.getAttribute('src')).toContain('/.caster/enter?grant=cse_x');
    expect(screen.getByTestId('view-only-badge')).toBeTruthy();
    expect(callsTo(fetchMock, `POST /api/admin/sessions/${ID}/view`)).toHaveLength(1);
  });

  it('shows an ended session without Watch or Stop, with its failure', async () => {
    mockFetch({
      [`GET /api/admin/sessions/${ID}/detail`]: () =>
        jsonResponse(
          200,
          detail({
            state: 'failed',
            stoppedAt: '2030-01-01T00:00:05Z',
            failure: { code: 'PROVISION_FAILED', message: 'image caster/nope not found' },
            thumbnailAvailable: false,
          }),
        ),
    });
    renderDetail();
    await screen.findByTestId('admin-page-session-detail');
    expect(screen.getByTestId('session-detail-failure').textContent).toBe(
      'PROVISION_FAILED: image caster/nope not found',
    );
    expect(screen.queryByRole('button', { name: 'Watch view-only' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Stop session' })).toBeNull();
  });

  it('stops a live session after a confirmation', async () => {
    const fetchMock = mockFetch({
      [`GET /api/admin/sessions/${ID}/detail`]: () => jsonResponse(200, detail()),
      [`GET /api/admin/sessions/${ID}/thumbnail`]: () => new Response(new Uint8Array([1]), { status: 200 }),
      [`DELETE /api/admin/sessions/${ID}`]: () => new Response(null, { status: 204 }),
    });
    renderDetail();
    await screen.findByTestId('admin-page-session-detail');
    fireEvent.click(screen.getByRole('button', { name: 'Stop session' }));
    const dialog = await screen.findByRole('dialog', { name: 'Stop this session?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop session' }));
    await waitFor(() => expect(callsTo(fetchMock, `DELETE /api/admin/sessions/${ID}`)).toHaveLength(1));
  });
});
