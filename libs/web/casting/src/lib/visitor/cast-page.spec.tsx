import { type CastInfo } from '@caster/contracts';
import { castOriginOf } from '@caster/web/core';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, callsTo, jsonResponse, mockFetch, renderPage } from '@caster/web/test-utils';
import { forgetCaptchaScripts } from './captcha-script';
import { CastPage } from './cast-page';
import { goToExternal } from './leave-page';
import { forgetVisits } from './once-per-visit';

vi.mock('./leave-page', () => ({ goToExternal: vi.fn() }));

const SESSION_ID = '0b6f5c3e-8d2a-4c1e-9f00-123456789abc';
const REFERRER = 'https://partner.example/products';

const openInfo: CastInfo = {
  workspaceName: 'Tiny app',
  requiresCaptcha: false,
  requiresLogin: false,
  errorUrl: null,
};

const created = () =>
  jsonResponse(201, { sessionId: SESSION_ID, resumed: false, redirect: `#/session/${SESSION_ID}` });

function visit(url: string) {
  return renderPage(<CastPage />, { strict: true, path: '/cast/:key', url, me: null });
}

beforeEach(() => {
  forgetVisits();
  forgetCaptchaScripts();
  Object.defineProperty(document, 'referrer', { configurable: true, value: REFERRER });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.mocked(goToExternal).mockReset();
  document.querySelectorAll('script[data-caster-captcha]').forEach((s) => s.remove());
  delete (window as unknown as Record<string, unknown>)['turnstile'];
});

describe('CastPage', () => {
  it('casts exactly once under StrictMode, with every query parameter and the referrer, and opens the session', async () => {
    const fetchMock = mockFetch({
      'GET /api/cast/demo': () => jsonResponse(200, openInfo),
      'POST /api/cast/demo': created,
    });
    const { router } = visit('/cast/demo?kasm_url=example.com&file=C%3A%5Cx.xlsx');
    expect(screen.getByText('Preparing your workspace…')).toBeTruthy();

    await waitFor(() => expect(router.state.location.pathname).toBe(`/session/${SESSION_ID}`));
    // Let any second effect run finish before counting.
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));

    const posts = callsTo(fetchMock, 'POST /api/cast/demo');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toEqual({
      params: { kasm_url: 'example.com', file: 'C:\\x.xlsx' },
      referrer: REFERRER,
    });
    const gets = callsTo(fetchMock, 'GET /api/cast/demo');
    expect(gets).toHaveLength(1);
    expect(gets[0]?.url.searchParams.get('referrer')).toBe(REFERRER);
    // Replaced, so "back" from the session does not cast again.
    expect(router.state.historyAction).toBe('REPLACE');
  });

  it("sends Open as a visitor's test token on its own, never as a workspace parameter, and remembers the link", async () => {
    const fetchMock = mockFetch({
      'GET /api/cast/demo': () => jsonResponse(200, openInfo),
      'POST /api/cast/demo': created,
    });
    const { router } = visit('/cast/demo?caster_test=ctv_abc&file=a');
    await waitFor(() => expect(router.state.location.pathname).toBe(`/session/${SESSION_ID}`));
    expect(callsTo(fetchMock, 'POST /api/cast/demo')[0]?.body).toEqual({
      params: { file: 'a' },
      referrer: REFERRER,
      testToken: 'ctv_abc',
    });
    // The ended page's "Start a new session" comes back to the same link (test token included).
    expect(castOriginOf(SESSION_ID)).toBe('/cast/demo?caster_test=ctv_abc&file=a');
  });

  it('does not cast again when the link is read again while the cast is under way (e.g. on reconnect)', async () => {
    let answerPost: (response: Response) => void = () => undefined;
    let reads = 0;
    const fetchMock = mockFetch({
      'GET /api/cast/demo': () => {
        reads += 1;
        return jsonResponse(200, { ...openInfo, workspaceName: `Tiny app v${reads}` });
      },
      'POST /api/cast/demo': () => new Promise<Response>((resolve) => (answerPost = resolve)),
    });
    const { router, queryClient } = visit('/cast/demo');
    await waitFor(() => expect(callsTo(fetchMock, 'POST /api/cast/demo')).toHaveLength(1));

    await act(() => queryClient.refetchQueries({ queryKey: ['cast'] }));
    expect(await screen.findByText('Tiny app v2')).toBeTruthy();
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(callsTo(fetchMock, 'POST /api/cast/demo')).toHaveLength(1);

    answerPost(created());
    await waitFor(() => expect(router.state.location.pathname).toBe(`/session/${SESSION_ID}`));
    expect(callsTo(fetchMock, 'POST /api/cast/demo')).toHaveLength(1);
  });

  it('never opens a resumed session’s new kasm_url in the visitor’s own browser (the session opens it)', async () => {
    const open = vi.spyOn(window, 'open').mockImplementation(() => null);
    mockFetch({
      'GET /api/cast/demo': () => jsonResponse(200, openInfo),
      'POST /api/cast/demo': () =>
        jsonResponse(201, {
          sessionId: SESSION_ID,
          resumed: true,
          redirect: `#/session/${SESSION_ID}`,
          openUrl: 'https://example.com/new',
        }),
    });
    const { router } = visit('/cast/demo?kasm_url=https%3A%2F%2Fexample.com%2Fnew');
    await waitFor(() => expect(router.state.location.pathname).toBe(`/session/${SESSION_ID}`));
    expect(open).not.toHaveBeenCalled();
    open.mockRestore();
  });

  it('sends a visitor to sign in first when the link needs it, with the way back in `next`', async () => {
    const fetchMock = mockFetch({
      'GET /api/cast/demo': () => jsonResponse(200, { ...openInfo, requiresLogin: true }),
    });
    const { router } = visit('/cast/demo?file=C%3A%5Cx.xlsx');
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe(
      '/cast/demo?file=C%3A%5Cx.xlsx',
    );
    expect(callsTo(fetchMock, 'POST /api/cast/demo')).toHaveLength(0);
  });

  it("sends a refusal to the link's Error URL with the code appended", async () => {
    mockFetch({
      'GET /api/cast/demo': () =>
        jsonResponse(200, { ...openInfo, errorUrl: 'https://acme.com/sorry?lang=en' }),
      'POST /api/cast/demo': () =>
        apiError(409, 'SESSIONS_EXHAUSTED', { errorUrl: 'https://acme.com/sorry?lang=en' }),
    });
    visit('/cast/demo');
    await waitFor(() =>
      expect(goToExternal).toHaveBeenCalledWith('https://acme.com/sorry?lang=en&code=SESSIONS_EXHAUSTED'),
    );
    expect(goToExternal).toHaveBeenCalledTimes(1);
  });

  it('shows an expired link on the internal error page when it has no Error URL', async () => {
    const fetchMock = mockFetch({ 'GET /api/cast/old': () => apiError(410, 'CAST_EXPIRED') });
    const { router } = visit('/cast/old');
    await waitFor(() => expect(router.state.location.pathname).toBe('/error'));
    expect(router.state.location.search).toBe('?code=CAST_EXPIRED&retry=%2Fcast%2Fold');
    expect(callsTo(fetchMock, 'POST /api/cast/old')).toHaveLength(0);
  });

  it('sends an expired link to its Error URL straight from the first look', async () => {
    mockFetch({
      'GET /api/cast/old': () => apiError(410, 'CAST_EXPIRED', { errorUrl: 'http://127.0.0.1:9/e' }),
    });
    visit('/cast/old');
    await waitFor(() => expect(goToExternal).toHaveBeenCalledWith('http://127.0.0.1:9/e?code=CAST_EXPIRED'));
    expect(goToExternal).toHaveBeenCalledTimes(1);
  });

  it('says when a rate-limited visitor may try again', async () => {
    mockFetch({
      'GET /api/cast/demo': () => jsonResponse(200, openInfo),
      'POST /api/cast/demo': () =>
        jsonResponse(429, { error: { code: 'RATE_LIMITED', message: '' } }, { 'Retry-After': '37' }),
    });
    const { router } = visit('/cast/demo');
    await waitFor(() => expect(router.state.location.pathname).toBe('/error'));
    // "Try again" on the error page comes back to this link.
    expect(router.state.location.search).toBe('?code=RATE_LIMITED&retryAfter=37&retry=%2Fcast%2Fdemo');
  });

  it('never follows an Error URL that is not http(s)', async () => {
    mockFetch({
      'GET /api/cast/demo': () => jsonResponse(200, openInfo),
      'POST /api/cast/demo': () => apiError(403, 'REFERRER_NOT_ALLOWED', { errorUrl: 'javascript:alert(1)' }),
    });
    const { router } = visit('/cast/demo');
    await waitFor(() => expect(router.state.location.pathname).toBe('/error'));
    expect(router.state.location.search).toBe('?code=REFERRER_NOT_ALLOWED&retry=%2Fcast%2Fdemo');
    expect(goToExternal).not.toHaveBeenCalled();
  });

  describe('with a CAPTCHA', () => {
    const captchaInfo: CastInfo = {
      ...openInfo,
      requiresCaptcha: true,
      captcha: { provider: 'turnstile', siteKey: 'site-key-1', scriptUrl: 'http://127.0.0.1:9/widget.js' },
    };

    /** A stand-in widget: a button that hands over a token, as the real one does once solved. */
    function defineStandInTurnstile() {
      const render = vi.fn((el: HTMLElement, opts: { sitekey: string; callback: (t: string) => void }) => {
        const button = document.createElement('button');
        button.textContent = `I am human (${opts.sitekey})`;
        button.addEventListener('click', () => opts.callback('good-token'));
        el.appendChild(button);
        return 'w1';
      });
      (window as unknown as Record<string, unknown>)['turnstile'] = { render, remove: vi.fn() };
      return render;
    }

    async function scriptElement(): Promise<HTMLScriptElement> {
      await waitFor(() => expect(document.querySelector('script[data-caster-captcha]')).not.toBeNull());
      return document.querySelector<HTMLScriptElement>('script[data-caster-captcha]')!;
    }

    it('loads the widget script once, renders one widget, and casts with its token', async () => {
      const fetchMock = mockFetch({
        'GET /api/cast/demo': () => jsonResponse(200, captchaInfo),
        'POST /api/cast/demo': created,
      });
      const { router } = visit('/cast/demo?x=1');
      const script = await scriptElement();
      expect(script.src).toBe('http://127.0.0.1:9/widget.js');
      const render = defineStandInTurnstile();
      act(() => void script.dispatchEvent(new Event('load')));

      const button = await screen.findByRole('button', { name: 'I am human (site-key-1)' });
      expect(document.querySelectorAll('script[data-caster-captcha]')).toHaveLength(1);
      expect(render).toHaveBeenCalledTimes(1);
      expect(callsTo(fetchMock, 'POST /api/cast/demo')).toHaveLength(0);

      fireEvent.click(button);
      await waitFor(() => expect(router.state.location.pathname).toBe(`/session/${SESSION_ID}`));
      const posts = callsTo(fetchMock, 'POST /api/cast/demo');
      expect(posts).toHaveLength(1);
      expect(posts[0]?.body).toEqual({ params: { x: '1' }, referrer: REFERRER, captchaToken: 'good-token' });
    });

    it('explains clearly when the widget script cannot load, and can try again', async () => {
      const fetchMock = mockFetch({
        'GET /api/cast/demo': () => jsonResponse(200, captchaInfo),
        'POST /api/cast/demo': created,
      });
      visit('/cast/demo');
      const failed = await scriptElement();
      act(() => void failed.dispatchEvent(new Event('error')));

      expect((await screen.findByRole('alert')).textContent).toMatch(/could not load it/);
      expect(screen.getByRole('heading', { name: 'The security check could not be loaded' })).toBeTruthy();
      expect(document.querySelector('script[data-caster-captcha]')).toBeNull();
      expect(callsTo(fetchMock, 'POST /api/cast/demo')).toHaveLength(0);

      fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
      const retried = await scriptElement();
      defineStandInTurnstile();
      act(() => void retried.dispatchEvent(new Event('load')));
      expect(await screen.findByRole('button', { name: 'I am human (site-key-1)' })).toBeTruthy();
    });

    it('says so when the link wants a CAPTCHA but the server has none configured', async () => {
      const fetchMock = mockFetch({
        'GET /api/cast/demo': () => jsonResponse(200, { ...captchaInfo, captcha: undefined }),
      });
      visit('/cast/demo');
      expect((await screen.findByRole('alert')).textContent).toMatch(/none is set up on this server/);
      expect(callsTo(fetchMock, 'POST /api/cast/demo')).toHaveLength(0);
    });
  });
});
