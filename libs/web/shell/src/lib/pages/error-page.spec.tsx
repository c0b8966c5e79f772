import { errorMessages, GENERIC_ERROR_MESSAGE } from '@caster/web/core';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app';
import { parseRetryAfterParam } from './error-page';

describe('ErrorPage', () => {
  it('explains a known code in plain words, with a link home', async () => {
    renderApp('/error?code=CAST_EXPIRED');
    expect((await screen.findByTestId('error-message')).textContent).toBe(errorMessages.CAST_EXPIRED);
    expect(screen.getByText('Error code: CAST_EXPIRED')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to the home page' }).getAttribute('href')).toBe('/');
  });

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
