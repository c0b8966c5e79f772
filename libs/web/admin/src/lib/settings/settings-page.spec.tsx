import { type ServerSettings } from '@caster/contracts';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, callsTo, jsonResponse, mockFetch, renderPage } from '@caster/web/test-utils';
import { SettingsPage } from './settings-page';

afterEach(() => vi.unstubAllGlobals());

const settings: ServerSettings = {
  captchaProvider: 'turnstile',
  captchaSiteKey: 'site-key',
  captchaSecretKeySet: true,
  captchaVerifyUrl: null,
  captchaScriptUrl: null,
  trustedProxies: ['10.0.0.0/8'],
  anonymousUserExpirationHours: 8,
  sessionDefaults: { launchTimeoutSeconds: 120, stoppedSessionRetentionHours: 24 },
};

describe('SettingsPage', { timeout: 30_000 }, () => {
  it('says a secret is set without showing it, keeps it when left empty, and shows proxy errors by line', async () => {
    const fetchMock = mockFetch({
      'GET /api/admin/settings': () => jsonResponse(200, settings),
      'PUT /api/admin/settings': () =>
        apiError(400, 'VALIDATION_FAILED', {
          fields: { 'trustedProxies[1]': '"nope" is not an IP address or CIDR range' },
        }),
    });
    renderPage(<SettingsPage />, { path: '/admin/settings' });
    expect((await screen.findByTestId('captcha-secret-state')).textContent).toBe('Secret key set');
    expect(screen.getByLabelText<HTMLInputElement>(/^Secret key/).value).toBe('');
    expect(screen.getByLabelText<HTMLInputElement>(/^Verify URL/).placeholder).toBe(
      'https://challenges.cloudflare.com/turnstile/v0/siteverify',
    );

    fireEvent.change(screen.getByLabelText(/^Trusted proxies/), { target: { value: '10.0.0.0/8\n\nnope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Line 3: "nope" is not an IP address or CIDR range')).toBeTruthy();
    const [call] = callsTo(fetchMock, 'PUT /api/admin/settings');
    expect(call.body).toEqual({
      captchaProvider: 'turnstile',
      captchaSiteKey: 'site-key',
      captchaVerifyUrl: null,
      captchaScriptUrl: null,
      trustedProxies: ['10.0.0.0/8', 'nope'],
      anonymousUserExpirationHours: 8,
      sessionDefaults: { launchTimeoutSeconds: 120, stoppedSessionRetentionHours: 24 },
    });
  });

  it('clears the secret only when asked', async () => {
    const fetchMock = mockFetch({
      'GET /api/admin/settings': () => jsonResponse(200, settings),
      'PUT /api/admin/settings': () => jsonResponse(200, { ...settings, captchaSecretKeySet: false }),
    });
    renderPage(<SettingsPage />, { path: '/admin/settings' });
    fireEvent.click(await screen.findByLabelText('Remove the stored secret key'));
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(screen.getByTestId('captcha-secret-state').textContent).toBe('No secret key'));
    expect(callsTo(fetchMock, 'PUT /api/admin/settings')[0].body).toMatchObject({ captchaSecretKey: null });
  });
});
