import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, createUser, unique, type ApiClient } from './support/api-client';
import { createTestDatabase } from './support/databases';
import { startTestApp, type TestApp } from './support/test-app';

describe('admin server settings API (PostgreSQL)', () => {
  let t: TestApp;
  let admin: ApiClient;
  let db: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await startTestApp({
      databaseUrl: db.url,
      env: { TRUSTED_PROXIES: '10.9.0.0/16', LOGIN_LIMIT_PER_IP: '3', LOGIN_LIMIT_PER_USER: '100' },
    });
    admin = await adminClient(t);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('answers the defaults, the trusted proxies seeded from TRUSTED_PROXIES', async () => {
    const res = await admin.get('/api/admin/settings').expect(200);
    expect(res.body).toEqual({
      captchaProvider: null,
      captchaSiteKey: null,
      captchaSecretKeySet: false,
      captchaVerifyUrl: null,
      captchaScriptUrl: null,
      trustedProxies: ['10.9.0.0/16'],
      anonymousUserExpirationHours: 8,
      sessionDefaults: { launchTimeoutSeconds: 120, stoppedSessionRetentionHours: 24 },
    });
  });

  it('stores the CAPTCHA secret write-only', async () => {
    const res = await admin
      .put('/api/admin/settings', {
        captchaProvider: 'turnstile',
        captchaSiteKey: 'site-key-1',
        captchaSecretKey: 'very-secret-value',
        captchaVerifyUrl: 'http://127.0.0.1:9/siteverify',
      })
      .expect(200);
    expect(res.body).toMatchObject({
      captchaProvider: 'turnstile',
      captchaSiteKey: 'site-key-1',
      captchaSecretKeySet: true,
      captchaVerifyUrl: 'http://127.0.0.1:9/siteverify',
      captchaScriptUrl: null,
    });
    expect(JSON.stringify(res.body)).not.toContain('very-secret-value');
    const read = await admin.get('/api/admin/settings').expect(200);
    expect(JSON.stringify(read.body)).not.toContain('very-secret-value');
    expect(read.body.captchaSecretKeySet).toBe(true);

    // Absent keeps the secret; changing other fields leaves it alone.
    await admin.put('/api/admin/settings', { captchaSiteKey: 'site-key-2' }).expect(200);
    expect((await admin.get('/api/admin/settings').expect(200)).body).toMatchObject({
      captchaSiteKey: 'site-key-2',
      captchaSecretKeySet: true,
    });
    // Turning CAPTCHA off and clearing the secret.
    const off = await admin
      .put('/api/admin/settings', { captchaProvider: null, captchaSecretKey: null })
      .expect(200);
    expect(off.body).toMatchObject({ captchaProvider: null, captchaSecretKeySet: false });
  });

  it('requires the site key and secret once a provider is chosen', async () => {
    await admin.put('/api/admin/settings', { captchaSiteKey: null }).expect(200);
    const res = await admin.put('/api/admin/settings', { captchaProvider: 'hcaptcha' }).expect(400);
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual(['captchaSecretKey', 'captchaSiteKey']);
    expect((await admin.get('/api/admin/settings').expect(200)).body.captchaProvider).toBeNull();
  });

  it('refuses bad values with field details and saves nothing', async () => {
    const res = await admin
      .put('/api/admin/settings', {
        captchaProvider: 'nocaptcha',
        captchaVerifyUrl: 'javascript:alert(1)',
        captchaScriptUrl: 'not a url',
        trustedProxies: 'everyone',
        anonymousUserExpirationHours: 0,
        sessionDefaults: { launchTimeoutSeconds: 1, extra: 1 },
        theme: 'dark',
      })
      .expect(400);
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual([
      'anonymousUserExpirationHours',
      'captchaProvider',
      'captchaScriptUrl',
      'captchaVerifyUrl',
      'sessionDefaults.extra',
      'sessionDefaults.launchTimeoutSeconds',
      'theme',
      'trustedProxies',
    ]);
    const cidrs = await admin
      .put('/api/admin/settings', {
        anonymousUserExpirationHours: 2,
        trustedProxies: ['10.0.0.0/8', '10.0.0.0/33', 'proxy.local'],
      })
      .expect(400);
    expect(cidrs.body.error.details.fields).toEqual({
      'trustedProxies[1]': expect.stringContaining('10.0.0.0/33'),
      'trustedProxies[2]': expect.stringContaining('proxy.local'),
    });
    const after = await admin.get('/api/admin/settings').expect(200);
    expect(after.body).toMatchObject({ trustedProxies: ['10.9.0.0/16'], anonymousUserExpirationHours: 8 });
    await admin.put('/api/admin/settings', { trustedProxies: null }).expect(400);
  });

  it('changes session defaults key by key', async () => {
    const res = await admin
      .put('/api/admin/settings', { sessionDefaults: { launchTimeoutSeconds: 60 } })
      .expect(200);
    expect(res.body.sessionDefaults).toEqual({ launchTimeoutSeconds: 60, stoppedSessionRetentionHours: 24 });
  });

  it('applies trusted proxies to the very next request', async () => {
    // The sign-in limit is per client IP (3 here). From an untrusted peer X-Forwarded-For is ignored…
    const attempt = (ip: string) =>
      t
        .http()
        .post('/api/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ username: unique('nobody'), password: 'x' });
    expect((await attempt('203.0.113.1')).status).toBe(401);
    await admin.put('/api/admin/settings', { trustedProxies: ['127.0.0.1', '::1'] }).expect(200);
    // …from a trusted one each forwarded address has its own budget.
    for (let i = 0; i < 3; i++) expect((await attempt('203.0.113.50')).status).toBe(401);
    expect((await attempt('203.0.113.50')).status).toBe(429);
    expect((await attempt('203.0.113.51')).status).toBe(401);
    const stored = await admin.get('/api/admin/settings').expect(200);
    expect(stored.body.trustedProxies).toEqual(['127.0.0.1/32', '::1/128']);
  });

  it('keeps the stored list on restart: TRUSTED_PROXIES seeds the first start only', async () => {
    await admin.put('/api/admin/settings', { trustedProxies: ['192.0.2.0/24'] }).expect(200);
    const again = await startTestApp({ databaseUrl: db.url, env: { TRUSTED_PROXIES: '172.16.0.0/12' } });
    try {
      const res = await (await adminClient(again)).get('/api/admin/settings').expect(200);
      expect(res.body.trustedProxies).toEqual(['192.0.2.0/24']);
    } finally {
      await again.close();
    }
  });

  it('refuses a plain user with 403', async () => {
    const user = await createUser(t, admin);
    expect((await user.client.get('/api/admin/settings').expect(403)).body.error.code).toBe('FORBIDDEN');
    expect(
      (await user.client.put('/api/admin/settings', { anonymousUserExpirationHours: 1 }).expect(403)).body
        .error.code,
    ).toBe('FORBIDDEN');
  });
});
