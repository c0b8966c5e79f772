import { type SessionView } from '@caster/contracts';
import { errorMessages, rememberCastOrigin } from '@caster/web/core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, callsTo, jsonResponse, mockFetch, renderPage, user } from '@caster/web/test-utils';
import { MockEventSource, sessionView } from '../../test/session-fixtures';
import { goToExternal } from './leave-page';
import { useKeepalive } from './use-keepalive';
import { ViewerPage } from './viewer-page';

vi.mock('./leave-page', () => ({ goToExternal: vi.fn() }));
// Whether the viewer keeps the session alive (the timing itself is use-keepalive.spec's).
vi.mock('./use-keepalive', () => ({ useKeepalive: vi.fn(), KEEPALIVE_INTERVAL_MS: 60_000 }));

const at = () => new Date().toISOString();
const SESSION_ORIGIN = 'http://s-1.localhost:3000';

function stepStatuses(): (string | null)[] {
  const list = screen.getByRole('list', { name: 'Launch progress' });
  return within(list)
    .getAllByRole('listitem')
    .map((item) => item.getAttribute('data-status'));
}

/** The API as the viewer sees it; `current` is what GET /api/sessions/s-1 answers now. */
function sessionApi(initial: Partial<SessionView> = {}, more: Parameters<typeof mockFetch>[0] = {}) {
  const api = { current: sessionView(initial), grants: 0 };
  const fetchMock = mockFetch({
    'GET /api/sessions/s-1': () => jsonResponse(200, api.current),
    'POST /api/sessions/s-1/access': () => {
      api.grants += 1;
      return jsonResponse(200, {
        enterUrl: `${SESSION_ORIGIN}/.caster/enter?grant=g${api.grants}`,
        origin: SESSION_ORIGIN,
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      });
    },
    'POST /api/sessions/s-1/keepalive': () =>
      jsonResponse(200, { expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
    'DELETE /api/sessions/s-1': () => new Response(null, { status: 204 }),
    ...more,
  });
  return { api, fetchMock };
}

beforeEach(() => MockEventSource.install());
afterEach(() => {
  vi.unstubAllGlobals();
  window.localStorage.clear();
});

describe('the viewer page', () => {
  it('follows provisioning → starting → running from the event stream, then frames the session', async () => {
    const { api, fetchMock } = sessionApi();
    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });

    expect(await screen.findByTestId('launch-progress')).toBeTruthy();
    const stream = MockEventSource.latest();
    expect(stream.url).toBe('/api/sessions/s-1/events');

    stream.emit('state', { sessionId: 's-1', state: 'provisioning', at: at() });
    expect(stepStatuses()).toEqual(['current', 'pending', 'pending']);
    expect(screen.getByTestId('launch-status').textContent).toBe('Preparing your session…');
    expect(screen.getByTestId('launch-elapsed').textContent).toMatch(/^Elapsed: \d+ s$/);

    api.current = { ...api.current, state: 'starting' };
    stream.emit('state', { sessionId: 's-1', state: 'starting', at: at() });
    expect(stepStatuses()).toEqual(['done', 'current', 'pending']);
    expect(screen.getByTestId('launch-status').textContent).toBe('Starting the workspace…');
    expect(callsTo(fetchMock, 'POST /api/sessions/s-1/access').length).toBe(0);

    api.current = { ...api.current, state: 'running', startedAt: at() };
    stream.emit('state', { sessionId: 's-1', state: 'running', at: at() });

    const frame = await screen.findByTestId('session-frame');
    // The enter URL on the session's own origin, asked for first, then its root with the parent.
    const src = new URL(frame.getAttribute('src') ?? '');
    expect(src.origin).toBe(SESSION_ORIGIN);
    expect(src.searchParams.get('grant')).toBe('g1');
    expect(src.searchParams.get('next')).toBe(
      `/?caster_parent=${encodeURIComponent(window.location.origin)}`,
    );
    expect(frame.getAttribute('sandbox')).toBe(
      'allow-scripts allow-same-origin allow-forms allow-pointer-lock',
    );
    expect(frame.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(frame.getAttribute('allow')).toContain(`fullscreen ${SESSION_ORIGIN}`);
    expect(callsTo(fetchMock, 'POST /api/sessions/s-1/access').length).toBe(1);
    expect(stream.readyState).not.toBe(MockEventSource.CLOSED);
  });

  it('shows a failure with the code’s explanation and closes the stream', async () => {
    sessionApi();
    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
    await screen.findByTestId('launch-progress');
    const stream = MockEventSource.latest();
    stream.emit('state', {
      sessionId: 's-1',
      state: 'failed',
      at: at(),
      failure: { code: 'NO_CAPACITY', message: 'every session host is full' },
    });

    const failed = await screen.findByTestId('session-failed');
    expect(within(failed).getByText('Your session could not be started')).toBeTruthy();
    expect(within(failed).getByRole('alert').textContent).toBe(errorMessages.NO_CAPACITY);
    expect(within(failed).queryByText(/every session host/)).toBeNull();
    expect(within(failed).getByRole('link', { name: 'Back to your workspaces' })).toBeTruthy();
    expect(stream.readyState).toBe(MockEventSource.CLOSED);
  });

  it("sends a casting link's visitor whose launch failed to the coded error page", async () => {
    sessionApi({ cast: { errorUrl: null } });
    const { router } = renderPage(<ViewerPage />, {
      me: null,
      staleTime: 0,
      path: '/session/:id',
      url: '/session/s-1',
    });
    await screen.findByTestId('launch-progress');
    MockEventSource.latest().emit('state', {
      sessionId: 's-1',
      state: 'failed',
      at: at(),
      failure: { code: 'NO_CAPACITY', message: 'every session host is full' },
    });
    await waitFor(() => expect(router.state.location.pathname).toBe('/error'));
    expect(router.state.location.search).toBe('?code=NO_CAPACITY');
    expect(router.state.historyAction).toBe('REPLACE');
  });

  it("sends a casting link's visitor whose launch failed to the link's Error URL with the code", async () => {
    vi.mocked(goToExternal).mockReset();
    sessionApi({ cast: { errorUrl: 'https://acme.com/sorry' } });
    renderPage(<ViewerPage />, { me: null, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
    await screen.findByTestId('launch-progress');
    MockEventSource.latest().emit('state', {
      sessionId: 's-1',
      state: 'failed',
      at: at(),
      failure: { code: 'PROVISION_FAILED', message: 'image missing' },
    });
    await waitFor(() =>
      expect(goToExternal).toHaveBeenCalledWith('https://acme.com/sorry?code=PROVISION_FAILED'),
    );
    expect(goToExternal).toHaveBeenCalledTimes(1);
  });

  it('shows the ended screen when the running session stops', async () => {
    const { api } = sessionApi({ state: 'running', startedAt: at() });
    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
    await screen.findByTestId('session-frame');

    api.current = { ...api.current, state: 'stopped' };
    MockEventSource.latest().emit('state', { sessionId: 's-1', state: 'stopped', at: at() });
    expect(await screen.findByTestId('session-ended')).toBeTruthy();
    expect(screen.queryByTestId('session-frame')).toBeNull();
  });

  it('offers "Start a new session" on the ended page when the link it came from still answers', async () => {
    rememberCastOrigin('s-1', '/cast/demo?kasm_url=https%3A%2F%2Fexample.org');
    const { api } = sessionApi(
      { state: 'running', startedAt: at(), cast: { errorUrl: null } },
      { 'GET /api/cast/demo': () => jsonResponse(200, { key: 'demo' }) },
    );
    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
    await screen.findByTestId('session-frame');

    api.current = { ...api.current, state: 'stopped' };
    MockEventSource.latest().emit('state', { sessionId: 's-1', state: 'stopped', at: at() });
    const restart = await screen.findByTestId('session-restart');
    expect(restart.textContent).toBe('Start a new session');
    // (the test router is a memory router: the app's hash router prefixes the same path with #)
    expect(restart.getAttribute('href')).toBe('/cast/demo?kasm_url=https%3A%2F%2Fexample.org');
  });

  it('offers no new session when the link refuses visits now (expired, disabled)', async () => {
    rememberCastOrigin('s-1', '/cast/demo');
    const { api, fetchMock } = sessionApi(
      { state: 'running', startedAt: at(), cast: { errorUrl: null } },
      { 'GET /api/cast/demo': () => apiError(410, 'CAST_EXPIRED') },
    );
    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
    await screen.findByTestId('session-frame');

    api.current = { ...api.current, state: 'stopped' };
    MockEventSource.latest().emit('state', { sessionId: 's-1', state: 'stopped', at: at() });
    expect(await screen.findByTestId('session-ended')).toBeTruthy();
    await waitFor(() => expect(callsTo(fetchMock, 'GET /api/cast/demo').length).toBeGreaterThan(0));
    await new Promise((r) => setTimeout(r, 100)); // the refusal is in: still no button
    expect(screen.queryByTestId('session-restart')).toBeNull();
  });

  it('polls the session when the event stream is refused', async () => {
    const { api, fetchMock } = sessionApi({ state: 'starting' });
    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
    await screen.findByTestId('launch-progress');
    MockEventSource.latest().refuse();
    api.current = { ...api.current, state: 'running', startedAt: at() };
    await waitFor(() => expect(callsTo(fetchMock, 'GET /api/sessions/s-1').length).toBeGreaterThan(1), {
      timeout: 4000,
    });
    expect(await screen.findByTestId('session-frame')).toBeTruthy();
  });

  it('explains a session that is not the caller’s (or does not exist)', async () => {
    mockFetch({ 'GET /api/sessions/s-9': () => apiError(404, 'NOT_FOUND') });
    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-9' });
    MockEventSource.latest().refuse();
    expect(await screen.findByText('Session not found')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe(errorMessages.NOT_FOUND);
  });

  it('shows the tips once, unless the session disables them', async () => {
    sessionApi({
      state: 'running',
      startedAt: at(),
      flags: { disableControlPanel: false, disableTips: false, sharing: false, fixedResolution: true },
    });
    const first = renderPage(<ViewerPage />, {
      me: user,
      staleTime: 0,
      path: '/session/:id',
      url: '/session/s-1',
    });
    // Until the frame has loaded, a "Connecting" cover hides it, and the tips wait.
    const frame = await screen.findByTestId('session-frame');
    expect(screen.getByTestId('launch-progress')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.load(frame);
    expect(screen.queryByTestId('launch-progress')).toBeNull();
    const dialog = await screen.findByRole('dialog', { name: 'Before you start' });
    expect(within(dialog).getByText(/Stop session/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Got it' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    first.unmount();

    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
    fireEvent.load(await screen.findByTestId('session-frame'));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('asks for a fresh enter URL for each load: its grant is single use', async () => {
    sessionApi({ state: 'running', startedAt: at() });
    const first = renderPage(<ViewerPage />, {
      me: user,
      staleTime: 0,
      path: '/session/:id',
      url: '/session/s-1',
    });
    const grantOf = (frame: HTMLElement) =>
      new URL(frame.getAttribute('src') ?? '').searchParams.get('grant');
    expect(grantOf(await screen.findByTestId('session-frame'))).toBe('g1');
    first.unmount();
    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
    await waitFor(async () => expect(grantOf(await screen.findByTestId('session-frame'))).toBe('g2'));
  });

  it('shows “You were idle” when the frame says the proxy cut it for idleness; Reconnect frames it afresh', async () => {
    const { api, fetchMock } = sessionApi({
      state: 'running',
      startedAt: at(),
      flags: { disableControlPanel: false, disableTips: true, sharing: false, fixedResolution: false },
    });
    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
    const frame = await screen.findByTestId<HTMLIFrameElement>('session-frame');
    const say = (data: object, source: Window | null) =>
      window.dispatchEvent(new MessageEvent('message', { data, origin: SESSION_ORIGIN, source }));
    // Only the frame itself is believed.
    say({ source: 'caster-session', type: 'disconnected', reason: 'idle' }, window);
    expect(screen.queryByTestId('session-idle')).toBeNull();
    say({ source: 'caster-session', type: 'disconnected', reason: 'idle' }, frame.contentWindow);
    expect((await screen.findByTestId('session-idle')).textContent).toContain('You were idle');
    expect(screen.queryByTestId('session-frame')).toBeNull();
    // Idle: no more keepalives, so the session expires by the keepalive rules if nobody comes back.
    const keepingAlive = () => vi.mocked(useKeepalive).mock.calls.at(-1)?.[0];
    expect(keepingAlive()).toBe(false);
    const keepalives = () => callsTo(fetchMock, 'POST /api/sessions/s-1/keepalive').length;
    const before = keepalives();

    fireEvent.click(screen.getByRole('button', { name: 'Reconnect' }));
    const again = await screen.findByTestId('session-frame');
    expect(new URL(again.getAttribute('src') ?? '').searchParams.get('grant')).toBe(`g${api.grants}`);
    expect(api.grants).toBe(2);
    await waitFor(() => expect(keepalives()).toBe(before + 1));
    expect(keepingAlive()).toBe(true);
  });

  it('gives a phone or tablet a Keyboard button that opens the on-screen keyboard', async () => {
    const original = window.matchMedia;
    window.matchMedia = (query: string) => ({
      ...original(query),
      matches: query === '(pointer: coarse)',
    });
    try {
      sessionApi({
        state: 'running',
        startedAt: at(),
        clientSettings: { ...sessionView().clientSettings, imeDefaultOn: false },
      });
      renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
      await screen.findByTestId('session-frame');
      expect(screen.queryByTestId('typing-bar')).toBeNull();
      fireEvent.click(await screen.findByRole('button', { name: 'Keyboard' }));
      const bar = await screen.findByTestId('typing-bar');
      expect(within(bar).getByRole('button', { name: 'Enter' })).toBeTruthy();
    } finally {
      window.matchMedia = original;
    }
  });

  it('opens the IME box at once with IME Default On', async () => {
    sessionApi({
      state: 'running',
      startedAt: at(),
      clientSettings: { ...sessionView().clientSettings, imeDefaultOn: true },
    });
    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
    const bar = await screen.findByTestId('typing-bar');
    expect(bar.getAttribute('aria-label')).toBe('IME input');
    expect(screen.queryByRole('button', { name: 'Keyboard' })).toBeNull();
  });

  it('offers Reconnect when the connection closed for another reason', async () => {
    sessionApi({ state: 'running', startedAt: at() });
    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
    const frame = await screen.findByTestId<HTMLIFrameElement>('session-frame');
    window.dispatchEvent(
      new MessageEvent('message', {
        data: { source: 'caster-session', type: 'disconnected', reason: 'closed' },
        origin: SESSION_ORIGIN,
        source: frame.contentWindow,
      }),
    );
    expect(await screen.findByTestId('session-disconnected')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reconnect' })).toBeTruthy();
  });

  it('refuses to frame a session the server puts on the dashboard’s own origin', async () => {
    const { api } = sessionApi({ state: 'running', startedAt: at() });
    mockFetch({
      'GET /api/sessions/s-1': () => jsonResponse(200, api.current),
      'POST /api/sessions/s-1/access': () =>
        jsonResponse(200, {
          enterUrl: `${window.location.origin}/.caster/enter?grant=g`,
          origin: window.location.origin,
          expiresAt: at(),
        }),
      'POST /api/sessions/s-1/keepalive': () => jsonResponse(200, { expiresAt: at() }),
    });
    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
    expect(await screen.findByTestId('session-frame-refused')).toBeTruthy();
    expect(screen.queryByTestId('session-frame')).toBeNull();
  });

  it('shows the clipboard the framed session sends, and nothing another window or origin sends', async () => {
    sessionApi({
      state: 'running',
      startedAt: at(),
      clientSettings: { ...sessionView().clientSettings, allowClipboardDown: true },
      flags: { disableControlPanel: false, disableTips: true, sharing: false, fixedResolution: true },
    });
    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
    const frame = await screen.findByTestId<HTMLIFrameElement>('session-frame');
    const post = vi.spyOn(frame.contentWindow as Window, 'postMessage');
    const send = (text: string, origin: string, source: Window | null) =>
      window.dispatchEvent(
        new MessageEvent('message', {
          data: { source: 'caster-session', type: 'clipboard', text },
          origin,
          source,
        }),
      );
    send('forged by the dashboard origin', window.location.origin, frame.contentWindow);
    send('forged by another window', SESSION_ORIGIN, window);
    send('from the desktop', SESSION_ORIGIN, frame.contentWindow);

    fireEvent.click(screen.getByRole('button', { name: 'Controls' }));
    const region = await screen.findByRole('region', { name: 'Copy text from the session' });
    expect(within(region).getByRole<HTMLTextAreaElement>('textbox').value).toBe('from the desktop');

    // A bridge that says it is ready is told the resize mode, on the session's origin only.
    window.dispatchEvent(
      new MessageEvent('message', {
        data: { source: 'caster-session', type: 'ready', features: ['clipboard', 'resize'] },
        origin: SESSION_ORIGIN,
        source: frame.contentWindow,
      }),
    );
    expect(post).toHaveBeenCalledWith({ source: 'caster', type: 'resize', mode: 'remote' }, SESSION_ORIGIN);
    expect(post.mock.calls.every((args) => (args as unknown[])[1] === SESSION_ORIGIN)).toBe(true);
  });

  it('leaves out the control panel when the session disables it', async () => {
    sessionApi({
      state: 'running',
      startedAt: at(),
      clientSettings: { ...sessionView().clientSettings, allowUploads: true },
      flags: { disableControlPanel: true, disableTips: true, sharing: false, fixedResolution: true },
    });
    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
    await screen.findByTestId('session-frame');
    expect(screen.queryByRole('button', { name: 'Controls' })).toBeNull();
  });

  it('streams a server session in the frame like a desktop, with no server details or .rdp link', async () => {
    sessionApi({ state: 'running', startedAt: at(), workspaceType: 'server', viewerUrl: '/session/s-1/' });
    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
    await screen.findByTestId('session-frame');
    expect(screen.queryByRole('link', { name: /\.rdp/ })).toBeNull();
    expect(screen.queryByTestId('rdp-details')).toBeNull();
  });
});

describe('the expiry countdown', () => {
  it('appears in the last five minutes and goes away once extended', async () => {
    const { fetchMock } = sessionApi({
      state: 'running',
      startedAt: at(),
      expiresAt: new Date(Date.now() + 4 * 60_000).toISOString(),
    });
    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
    await screen.findByTestId('session-frame');

    const countdown = await screen.findByTestId('expiry-countdown');
    expect(within(countdown).getByTestId('expiry-remaining').textContent).toMatch(/^[34]:\d\d$/);
    fireEvent.click(within(countdown).getByRole('button', { name: 'Extend' }));

    await waitFor(() => expect(callsTo(fetchMock, 'POST /api/sessions/s-1/keepalive').length).toBe(1));
    await waitFor(() => expect(screen.queryByTestId('expiry-countdown')).toBeNull());
  });

  it('is absent while the end is far away', async () => {
    sessionApi({
      state: 'running',
      startedAt: at(),
      expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
    });
    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
    await screen.findByTestId('session-frame');
    expect(screen.queryByTestId('expiry-countdown')).toBeNull();
  });

  it('offers no Extend when the hard time limit comes first', async () => {
    sessionApi({
      state: 'running',
      startedAt: at(),
      expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
      hardExpiresAt: new Date(Date.now() + 2 * 60_000).toISOString(),
    });
    renderPage(<ViewerPage />, { me: user, staleTime: 0, path: '/session/:id', url: '/session/s-1' });
    const countdown = await screen.findByTestId('expiry-countdown');
    expect(within(countdown).getByText(/cannot be extended/)).toBeTruthy();
    expect(within(countdown).queryByRole('button', { name: 'Extend' })).toBeNull();
  });
});
