import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorResponse, jsonResponse, mockFetch, renderPage } from '../../test/render';
import { SharePage } from './share-page';

afterEach(() => vi.unstubAllGlobals());

describe('the share page', () => {
  it('joins, then frames the session view-only with a badge', async () => {
    const fetchMock = mockFetch({
      'POST /api/shares/abc/join': () =>
        jsonResponse(200, {
          sessionId: 's-1',
          viewOnly: true,
          viewerUrl: '/session/s-1/',
          flags: { disableControlPanel: false, disableTips: false, sharing: true, fixedResolution: true },
        }),
    });
    renderPage(SharePage, { path: '/share/:shareId', url: '/share/abc', me: null });
    const frame = await screen.findByTestId('session-frame');
    expect(frame.getAttribute('src')).toBe('/session/s-1/?view_only=1&resize=scale');
    expect(screen.getByTestId('view-only-badge').textContent).toBe('View only');
    expect(fetchMock).toHaveBeenCalledOnce();
    expect(screen.queryByRole('button', { name: 'Controls' })).toBeNull();
  });

  it('explains an unknown or ended share', async () => {
    mockFetch({ 'POST /api/shares/nope/join': () => errorResponse(404, 'NOT_FOUND') });
    renderPage(SharePage, { path: '/share/:shareId', url: '/share/nope', me: null });
    expect(await screen.findByText('This share link is not active')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/stopped sharing, or their session has ended/);
    expect(screen.queryByTestId('session-frame')).toBeNull();
  });

  it('offers a retry when joining failed for another reason', async () => {
    const fetchMock = mockFetch({
      'POST /api/shares/abc/join': () => errorResponse(503, 'SERVICE_UNAVAILABLE'),
    });
    renderPage(SharePage, { path: '/share/:shareId', url: '/share/abc', me: null });
    fireEvent.click(await screen.findByRole('button', { name: 'Try again' }));
    await vi.waitFor(() => expect(fetchMock.mock.calls.length).toBeGreaterThan(1));
  });
});
