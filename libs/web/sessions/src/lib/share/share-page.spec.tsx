import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, jsonResponse, mockFetch, renderPage } from '@caster/web/test-utils';
import { SharePage } from './share-page';

afterEach(() => vi.unstubAllGlobals());

const ORIGIN = 'http://s-1.localhost:3000';

/** The join answer, with a new single-use enter URL each time. */
function joined() {
  let grants = 0;
  return () => {
    grants += 1;
    return jsonResponse(200, {
      sessionId: 's-1',
      viewOnly: true,
      viewerUrl: `${ORIGIN}/`,
      enterUrl: `${ORIGIN}/.caster/enter?grant=g${grants}`,
      origin: ORIGIN,
      flags: { disableControlPanel: false, disableTips: false, sharing: true, fixedResolution: true },
    });
  };
}

describe('the share page', () => {
  it('joins, then frames the session view-only on its own origin with a badge', async () => {
    const fetchMock = mockFetch({ 'POST /api/shares/abc/join': joined() });
    renderPage(<SharePage />, { staleTime: 0, path: '/share/:shareId', url: '/share/abc', me: null });
    const frame = await screen.findByTestId('session-frame');
    const src = new URL(frame.getAttribute('src') ?? '');
    expect(`${src.origin}${src.pathname}`).toBe(`${ORIGIN}/.caster/enter`);
    expect(src.searchParams.get('grant')).toBe('g1');
    const next = new URL(src.searchParams.get('next') ?? '', ORIGIN);
    expect(next.pathname).toBe('/');
    expect(next.searchParams.get('view_only')).toBe('1');
    expect(next.searchParams.get('resize')).toBe('scale');
    expect(next.searchParams.get('caster_parent')).toBe(window.location.origin);
    // Sandboxed; a watcher is delegated nothing but fullscreen, and never downloads.
    expect(frame.getAttribute('sandbox')).toBe(
      'allow-scripts allow-same-origin allow-forms allow-pointer-lock',
    );
    expect(frame.getAttribute('allow')).toContain("clipboard-read 'none'");
    expect(frame.getAttribute('allow')).toContain("microphone 'none'");
    expect(frame.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(screen.getByTestId('view-only-badge').textContent).toBe('View only');
    expect(fetchMock).toHaveBeenCalledOnce();
    expect(screen.queryByRole('button', { name: 'Controls' })).toBeNull();
    // Nothing about the session is kept on the dashboard's origin.
    expect(document.cookie).toBe('');
  });

  it('joins again for a reconnect: the enter URL is single use', async () => {
    const fetchMock = mockFetch({ 'POST /api/shares/abc/join': joined() });
    renderPage(<SharePage />, { staleTime: 0, path: '/share/:shareId', url: '/share/abc', me: null });
    await screen.findByTestId('session-frame');
    fireEvent.click(screen.getByRole('button', { name: 'Reconnect' }));
    await vi.waitFor(async () => {
      const frame = await screen.findByTestId('session-frame');
      expect(new URL(frame.getAttribute('src') ?? '').searchParams.get('grant')).toBe('g2');
    });
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('explains an unknown or ended share', async () => {
    mockFetch({ 'POST /api/shares/nope/join': () => apiError(404, 'NOT_FOUND') });
    renderPage(<SharePage />, { staleTime: 0, path: '/share/:shareId', url: '/share/nope', me: null });
    expect(await screen.findByText('This share link is not active')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/stopped sharing, or their session has ended/);
    expect(screen.queryByTestId('session-frame')).toBeNull();
  });

  it('offers a retry when joining failed for another reason', async () => {
    const fetchMock = mockFetch({
      'POST /api/shares/abc/join': () => apiError(503, 'SERVICE_UNAVAILABLE'),
    });
    renderPage(<SharePage />, { staleTime: 0, path: '/share/:shareId', url: '/share/abc', me: null });
    fireEvent.click(await screen.findByRole('button', { name: 'Try again' }));
    await vi.waitFor(() => expect(fetchMock.mock.calls.length).toBeGreaterThan(1));
  });
});
