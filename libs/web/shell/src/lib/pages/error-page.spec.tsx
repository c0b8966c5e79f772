import { errorGuidance, errorMessages, GENERIC_ERROR_MESSAGE } from '@caster/web/core';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { admin, renderApp } from '../../test/render-app';
import { parseRetryAfterParam } from './error-page';

describe('ErrorPage', () => {
  it('explains a known code in plain words under its own heading, with no way into the dashboard for a visitor', async () => {
    renderApp('/error?code=CAST_EXPIRED', { me: null });
    expect((await screen.findByTestId('error-message')).textContent).toBe(errorMessages.CAST_EXPIRED);
    expect(screen.getByText(errorGuidance('CAST_EXPIRED').heading)).toBeTruthy();
    expect(screen.getByTestId('error-next').textContent).toBe(errorGuidance('CAST_EXPIRED').next);
    expect(screen.getByText('Error code: CAST_EXPIRED')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Go to the home page' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Caster home' })).toBeNull();
    // Retrying an expired link cannot help: no Try again, even when the page is given a link.
    expect(screen.queryByTestId('error-retry')).toBeNull();
    // (the title is set by an effect once the page has rendered)
    await waitFor(() => expect(document.title).toBe(`${errorGuidance('CAST_EXPIRED').heading} · Caster`));
  });

  it('links a signed-in user home', async () => {
    renderApp('/error?code=CAST_EXPIRED', { me: admin });
    expect((await screen.findByRole('link', { name: 'Go to the home page' })).getAttribute('href')).toBe('/');
  });

  it('offers Try again back to the casting link where retrying can help', async () => {
    renderApp(`/error?code=NO_CAPACITY&retry=${encodeURIComponent('/cast/demo?file=a')}`, { me: null });
    const retry = await screen.findByTestId('error-retry');
    expect(retry.getAttribute('href')).toBe('/cast/demo?file=a');
    expect(screen.getByText(errorGuidance('NO_CAPACITY').heading)).toBeTruthy();
  });

  it.each(['https://evil.example/', '//evil.example/cast/x', '/admin/users', 'javascript:alert(1)'])(
    'never follows a retry that is not a casting link: %s',
    async (retry) => {
      renderApp(`/error?code=NO_CAPACITY&retry=${encodeURIComponent(retry)}`, { me: null });
      await screen.findByTestId('error-message');
      expect(screen.queryByTestId('error-retry')).toBeNull();
    },
  );

  it('says when to retry a rate limit', async () => {
    renderApp('/error?code=RATE_LIMITED&retryAfter=120');
    expect((await screen.findByTestId('error-message')).textContent).toContain('Try again in 2 minutes.');
  });

  it.each(['/error?code=NOT_A_CODE', '/error', '/error?code=__proto__'])(
    'falls back to a generic sentence for %s',
    async (path) => {
      renderApp(path);
      expect((await screen.findByTestId('error-message')).textContent).toBe(GENERIC_ERROR_MESSAGE);
      expect(screen.queryByText(/Error code:/)).toBeNull();
    },
  );
});

describe('parseRetryAfterParam', () => {
  it('accepts only a positive whole number of seconds', () => {
    expect(parseRetryAfterParam('30')).toBe(30);
    expect(parseRetryAfterParam('0')).toBeUndefined();
    expect(parseRetryAfterParam('-5')).toBeUndefined();
    expect(parseRetryAfterParam('1e9')).toBeUndefined();
    expect(parseRetryAfterParam(null)).toBeUndefined();
  });
});
