import { errorMessages } from '@caster/web/core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, callsTo, jsonResponse, mockFetch, renderPage } from '@caster/web/test-utils';
import { DashboardPage } from './dashboard-page';

afterEach(() => vi.unstubAllGlobals());

const firefox = { id: 'w-1', name: 'Firefox', description: 'A private browser', type: 'container' };
const docs = { id: 'w-2', name: 'Docs', description: '', type: 'link' };

describe('DashboardPage', { timeout: 30_000 }, () => {
  it('shows a card per launchable workspace and launches into the session page', async () => {
    const fetchMock = mockFetch({
      'GET /api/workspaces': () => jsonResponse(200, { items: [firefox, docs], total: 2 }),
      'POST /api/sessions': () => jsonResponse(201, { id: 's-42', state: 'provisioning' }),
    });
    const { router } = renderPage(<DashboardPage />);
    const card = await screen.findByRole('article', { name: 'Firefox' });
    expect(within(card).getByText('A private browser')).toBeTruthy();
    expect(screen.getByRole('article', { name: 'Docs' })).toBeTruthy();

    fireEvent.click(within(card).getByRole('button', { name: 'Launch Firefox' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/session/s-42'));
    expect(callsTo(fetchMock, 'POST /api/sessions')[0].body).toEqual({ workspaceId: 'w-1' });
  });

  it('explains a refused launch in plain words and stays', async () => {
    mockFetch({
      'GET /api/workspaces': () => jsonResponse(200, { items: [firefox], total: 1 }),
      'POST /api/sessions': () => apiError(409, 'SESSION_LIMIT_REACHED'),
    });
    const { router } = renderPage(<DashboardPage />);
    fireEvent.click(await screen.findByRole('button', { name: 'Launch Firefox' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Firefox could not be started');
    expect(alert.textContent).toContain(errorMessages.SESSION_LIMIT_REACHED);
    expect(router.state.location.pathname).toBe('/');
  });

  it('says when nothing is available yet', async () => {
    mockFetch({ 'GET /api/workspaces': () => jsonResponse(200, { items: [], total: 0 }) });
    renderPage(<DashboardPage />);
    expect(await screen.findByText('No workspaces are available to you yet')).toBeTruthy();
  });
});
