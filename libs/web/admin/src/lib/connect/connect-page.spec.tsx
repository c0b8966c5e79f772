import { type ConnectView } from '@caster/contracts';
import { createQueryClient } from '@caster/web/core';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHashRouter, RouterProvider } from 'react-router';
import { apiError, callsTo, jsonResponse, mockFetch } from '../../test/render';
import { ConnectPage } from './connect-page';

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

const KASM_ID = '0123456789abcdef0123456789abcdef';
const SESSION_ID = '01234567-89ab-cdef-0123-456789abcdef';

function view(overrides: Partial<ConnectView> = {}): ConnectView {
  return {
    sessionId: SESSION_ID,
    state: 'running',
    viewOnly: false,
    workspaceName: 'Firefox',
    workspaceType: 'container',
    viewerUrl: `/session/${SESSION_ID}/`,
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
    const fetchMock = mockFetch({ 'POST /api/connect': () => jsonResponse(200, view()) });
    open(`#/connect/${KASM_ID}?token=secret-token`);

    await waitFor(() => expect(window.location.hash).toBe(`#/connect/${KASM_ID}`));
    expect(window.location.href).not.toContain('secret-token');

    const frame = await screen.findByTestId('session-frame');
    expect(frame.getAttribute('src')).toBe(`/session/${SESSION_ID}/`);
    expect(screen.queryByTestId('view-only-badge')).toBeNull();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(callsTo(fetchMock, 'POST /api/connect')[0]?.body).toEqual({
      kasm_id: KASM_ID,
      token: 'secret-token',
    });
  });

  it('shows the view-only badge for a view-only token', async () => {
    mockFetch({ 'POST /api/connect': () => jsonResponse(200, view({ viewOnly: true })) });
    open(`#/connect/${KASM_ID}?token=t`);
    expect(await screen.findByTestId('view-only-badge')).toBeTruthy();
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
      'POST /api/connect': () => jsonResponse(200, view({ state: 'provisioning' })),
      [`GET /api/connect/${SESSION_ID}`]: () => jsonResponse(200, view()),
    });
    open(`#/connect/${KASM_ID}?token=t`);
    expect(await screen.findByTestId('connect-progress')).toBeTruthy();
    expect(await screen.findByTestId('session-frame', {}, { timeout: 3000 })).toBeTruthy();
    expect(callsTo(fetchMock, `GET /api/connect/${SESSION_ID}`).length).toBeGreaterThan(0);
  });
});
