import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  changedKeys,
  effectiveCaptcha,
  mergeSettings,
  parseTrustedProxies,
  settingsFromRows,
  toServerSettings,
} from './settings-values';

describe('parseTrustedProxies', () => {
  it('canonicalises addresses and ranges and drops duplicates', () => {
    expect(parseTrustedProxies(['10.0.0.0/8', '127.0.0.1', '::1', '127.0.0.1/32', 'fd00::/8'])).toEqual({
      ranges: ['10.0.0.0/8', '127.0.0.1/32', '::1/128', 'fd00::/8'],
      problems: {},
    });
  });

  it('names every bad entry by its index', () => {
    const { ranges, problems } = parseTrustedProxies([
      '10.0.0.0/8',
      '10.0.0.0/33',
      'proxy.example.com',
      '',
      '::/129',
      '1.2.3.4/8/9',
    ]);
    expect(ranges).toEqual(['10.0.0.0/8']);
    expect(Object.keys(problems)).toEqual([
      'trustedProxies[1]',
      'trustedProxies[2]',
      'trustedProxies[3]',
      'trustedProxies[4]',
      'trustedProxies[5]',
    ]);
    expect(problems['trustedProxies[2]']).toContain('proxy.example.com');
  });

  it('accepts an empty list (trust nobody)', () => {
    expect(parseTrustedProxies([])).toEqual({ ranges: [], problems: {} });
  });
});

describe('mergeSettings', () => {
  it('changes only the fields sent', () => {
    const { next, problems } = mergeSettings(DEFAULT_SETTINGS, {
      anonymousUserExpirationHours: 2,
      sessionDefaults: { launchTimeoutSeconds: 60 },
    });
    expect(problems).toEqual({});
    expect(next).toEqual({
      ...DEFAULT_SETTINGS,
      anonymousUserExpirationHours: 2,
      sessionDefaults: { ...DEFAULT_SETTINGS.sessionDefaults, launchTimeoutSeconds: 60 },
    });
    expect(changedKeys(DEFAULT_SETTINGS, next).sort()).toEqual([
      'anonymousUserExpirationHours',
      'sessionDefaults',
    ]);
  });

  it('requires the site key and secret once a provider is chosen', () => {
    expect(mergeSettings(DEFAULT_SETTINGS, { captchaProvider: 'turnstile' }).problems).toEqual({
      captchaSiteKey: expect.any(String),
      captchaSecretKey: expect.any(String),
    });
    const withKeys = mergeSettings(DEFAULT_SETTINGS, {
      captchaProvider: 'turnstile',
      captchaSiteKey: 'site',
      captchaSecretKey: 'secret',
    });
    expect(withKeys.problems).toEqual({});
    // Clearing the secret of a configured provider is refused; turning CAPTCHA off is not.
    expect(mergeSettings(withKeys.next, { captchaSecretKey: null }).problems).toHaveProperty(
      'captchaSecretKey',
    );
    expect(mergeSettings(withKeys.next, { captchaProvider: null, captchaSecretKey: null }).problems).toEqual(
      {},
    );
  });

  it('reports bad CIDR entries and keeps the canonical good ones', () => {
    const { next, problems } = mergeSettings(DEFAULT_SETTINGS, { trustedProxies: ['192.168.0.1', 'nope'] });
    expect(problems).toEqual({ 'trustedProxies[1]': expect.stringContaining('nope') });
    expect(next.trustedProxies).toEqual(['192.168.0.1/32']);
  });
});

describe('settings views', () => {
  const configured = {
    ...DEFAULT_SETTINGS,
    captchaProvider: 'hcaptcha' as const,
    captchaSiteKey: 'site',
    captchaSecretKey: 'secret',
  };

  it('never answers the secret, only whether it is set', () => {
    const view = toServerSettings(configured);
    expect(view.captchaSecretKeySet).toBe(true);
    expect(JSON.stringify(view)).not.toContain('secret"');
    expect(view).not.toHaveProperty('captchaSecretKey');
    expect(toServerSettings(DEFAULT_SETTINGS).captchaSecretKeySet).toBe(false);
  });

  it("defaults the CAPTCHA URLs to the provider's official ones", () => {
    expect(effectiveCaptcha(configured)).toEqual({
      provider: 'hcaptcha',
      siteKey: 'site',
      secretKey: 'secret',
      verifyUrl: 'https://api.hcaptcha.com/siteverify',
      scriptUrl: 'https://js.hcaptcha.com/1/api.js',
    });
    expect(
      effectiveCaptcha({ ...configured, captchaVerifyUrl: 'http://127.0.0.1:9/verify' })?.verifyUrl,
    ).toBe('http://127.0.0.1:9/verify');
    expect(effectiveCaptcha(DEFAULT_SETTINGS)).toBeNull();
  });

  it('reads rows defensively: a value that does not parse falls back to the default', () => {
    const s = settingsFromRows([
      { key: 'trustedProxies', value: ['10.0.0.0/8'] },
      { key: 'anonymousUserExpirationHours', value: 'eight' },
      { key: 'captchaProvider', value: 'nocaptcha' },
      { key: 'sessionDefaults', value: { launchTimeoutSeconds: 30, extra: 1 } },
    ]);
    expect(s.trustedProxies).toEqual(['10.0.0.0/8']);
    expect(s.anonymousUserExpirationHours).toBe(8);
    expect(s.captchaProvider).toBeNull();
    expect(s.sessionDefaults).toEqual({ ...DEFAULT_SETTINGS.sessionDefaults, launchTimeoutSeconds: 30 });
  });
});
