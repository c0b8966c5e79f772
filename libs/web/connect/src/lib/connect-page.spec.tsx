import { type ConnectEntryView, type ConnectView } from '@caster/contracts';
import { createQueryClient } from '@caster/web/core';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHashRouter, RouterProvider } from 'react-router';
import { apiError, callsTo, jsonResponse, mockFetch } from '@caster/web/test-utils';
import { ConnectPage } from './connect-page';

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

const KASM_ID = '0123456789abcdef0123456789abcdef';
const SESSION_ID = '01234567-89ab-cdef-0123-456789abcdef';

const ORIGIN = `http://${SESSION_ID}.localhost:3000`;
const inAMinute = () => new Date(Date.now() + 60_000).toISOString();

/** The grant inside a frame's src. */
const grantOf = (frame: HTMLElement) => new URL(frame.getAttribute('src') ?? '').searchParams.get('grant');

/** The trade's answer: the view plus its first enter URL. */
function traded(overrides: Partial<ConnectEntryView> = {}): ConnectEntryView {
  return {
    ...view(),
    enterUrl: `${ORIGIN}/.caster/enter?grant=from-trade`,
    origin: ORIGIN,
    enterExpiresAt: inAMinute(),
    ...overrides,
  };
}

function view(overrides: Partial<ConnectView> = {}): ConnectView {
  return {
    sessionId: SESSION_ID,
    state: 'running',
    viewOnly: false,
    workspaceName: 'Firefox',
    workspaceType: 'container',
    viewerUrl: `${ORIGIN}/`,
    expiresAt: null,
    hardExpiresAt: null,
    clientSettings: {} as ConnectView['clientSettings'],
    flags: {} as ConnectView['flags'],
    failure: null,
    ...overrides,
  };
}

function open(hash: string) {
  window.history.replaceState(null, '', `/${hash}`);
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false } });
  const router = createHashRouter([{ path: '/connect/:kasmId', element: <ConnectPage /> }]);
  return render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe('ConnectPage', () => {
  it('strips the token from the address bar, trades it and frames the viewer', async () => {
    const fetchMock = mockFetch({ 'POST /api/connect': () => jsonResponse(200, traded()) });
    open(`#/connect/${KASM_ID}?token=secret-token`);

    await waitFor(() => expect(window.location.hash).toBe(`#/connect/${KASM_ID}`));
    expect(window.location.href).not.toContain('secret-token');

    // The trade's own enter URL, on the session's origin, sandboxed.
    const frame = await screen.findByTestId('session-frame');
    expect(new URL(frame.getAttribute('src') ?? '').origin).toBe(ORIGIN);
    expect(grantOf(frame)).toBe('from-trade');
    expect(frame.getAttribute('sandbox')).toContain('allow-scripts');
    expect(frame.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(screen.queryByTestId('view-only-badge')).toBeNull();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(callsTo(fetchMock, 'POST /api/connect')[0]?.body).toEqual({
      kasm_id: KASM_ID,
      token: 'secret-token',
    });
  });

  it('shows the view-only badge for a view-only token', async () => {
    mockFetch({ 'POST /api/connect': () => jsonResponse(200, traded({ viewOnly: true })) });
    open(`#/connect/${KASM_ID}?token=t`);
    expect(await screen.findByTestId('view-only-badge')).toBeTruthy();
    const next = new URL(screen.getByTestId('session-frame').getAttribute('src') ?? '').searchParams.get(
      'next',
    );
    expect(new URLSearchParams(next?.slice(2)).get('view_only')).toBe('1');
  });

  it('asks for a fresh enter URL on a reload (no token): the first one was used', async () => {
    const fetchMock = mockFetch({
      [`GET /api/connect/${KASM_ID}`]: () => jsonResponse(200, view()),
      [`POST /api/connect/${SESSION_ID}/enter`]: () =>
        jsonResponse(200, {
          enterUrl: `${ORIGIN}/.caster/enter?grant=fresh`,
          origin: ORIGIN,
          expiresAt: inAMinute(),
        }),
    });
    open(`#/connect/${KASM_ID}`);
    expect(grantOf(await screen.findByTestId('session-frame'))).toBe('fresh');
    expect(callsTo(fetchMock, `POST /api/connect/${SESSION_ID}/enter`)).toHaveLength(1);
  });

  it('explains a 404: the link is not valid or the session has ended', async () => {
    mockFetch({ 'POST /api/connect': () => apiError(404, 'NOT_FOUND') });
    open(`#/connect/${KASM_ID}?token=expired`);
    expect(await screen.findByText('This link is not valid or the session has ended')).toBeTruthy();
    expect(screen.queryByTestId('session-frame')).toBeNull();
    expect(window.location.href).not.toContain('expired');
  });

  it('polls while the session starts, then frames it', async () => {
    const fetchMock = mockFetch({
      // The trade's enter URL has run out by the time the session runs.
      'POST /api/connect': () =>
        jsonResponse(200, traded({ state: 'provisioning', enterExpiresAt: new Date().toISOString() })),
      [`GET /api/connect/${SESSION_ID}`]: () => jsonResponse(200, view()),
      [`POST /api/connect/${SESSION_ID}/enter`]: () =>
        jsonResponse(200, {
          enterUrl: `${ORIGIN}/.caster/enter?grant=fresh`,
          origin: ORIGIN,
          expiresAt: inAMinute(),
        }),
    });
    open(`#/connect/${KASM_ID}?token=t`);
    expect(await screen.findByTestId('connect-progress')).toBeTruthy();
    const frame = await screen.findByTestId('session-frame', {}, { timeout: 3000 });
    expect(grantOf(frame)).toBe('fresh');
    expect(callsTo(fetchMock, `GET /api/connect/${SESSION_ID}`).length).toBeGreaterThan(0);
  });
});
