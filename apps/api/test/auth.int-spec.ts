import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, DB_KINDS, startTestApp, type TestApp } from './support/test-app';

describe.each(DB_KINDS)('sign-in on %s', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ db, env: { LOGIN_LIMIT_PER_USER: '6', LOGIN_LIMIT_PER_IP: '22' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reports the database healthy', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.database.status).toBe('up');
    expect(res.body.details.docker).toMatchObject({ status: 'up', engines: { local: 'up' } });
  });

  it('stays healthy, reporting the engine down, when no Docker engine answers', async () => {
    const noEngine = await startTestApp({ db: 'pglite', env: { DOCKER_HOST: 'tcp://127.0.0.1:1' } });
    try {
      const res = await noEngine.http().get('/api/health').expect(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.details.docker).toMatchObject({ status: 'down', engines: { local: 'down' } });
    } finally {
      await noEngine.close();
    }
  });

  it('signs the first admin in with a bearer token and an HttpOnly cookie', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: ADMIN_PASSWORD })
      .expect(200);
    expect(res.body.token).toMatch(/^cst_/);
    expect(res.body.user).toMatchObject({ username: 'admin', role: 'admin', anonymous: false });
    const cookie = res.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/^caster_token=cst_/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);

    const me = await t
      .http()
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${res.body.token}`)
      .expect(200);
    expect(me.body).toMatchObject({ username: 'admin', role: 'admin', anonymous: false });
    expect(Array.isArray(me.body.groups)).toBe(true);

    const viaCookie = await t.http().get('/api/auth/me').set('Cookie', cookie.split(';')[0]).expect(200);
    expect(viaCookie.body.username).toBe('admin');
  });

  it('matches usernames case-insensitively', async () => {
    await t.http().post('/api/auth/login').send({ username: 'ADMIN', password: ADMIN_PASSWORD }).expect(200);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const wrong = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'nope' })
      .expect(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    const unknown = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'ghost', password: 'nope' })
      .expect(401);
    expect(unknown.body.error).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      message: wrong.body.error.message,
    });
  });

  it('revokes the token on logout', async () => {
    const token = await t.login();
    await t.http().post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    const res = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    expect(res.body.error.code).toBe('AUTH_REQUIRED');
  });

  it('refuses garbage and forged tokens', async () => {
    await t.http().get('/api/auth/me').set('Authorization', 'Bearer not-a-token').expect(401);
    await t
      .http()
      .get('/api/auth/me')
      .set('Authorization', `Bearer cst_${'A'.repeat(43)}`)
      .expect(401);
  });

  it('answers VALIDATION_FAILED with field details, refusing unknown and mistyped fields', async () => {
    const res = await t.http().post('/api/auth/login').send({ username: 42, extra: 'x' }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual(['extra', 'password', 'username']);
    expect(res.body.error.requestId).toEqual(expect.any(String));
  });

  it('answers MALFORMED_JSON for a body that is not JSON', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username": ')
      .expect(400);
    expect(res.body.error.code).toBe('MALFORMED_JSON');
  });

  it('answers NOT_FOUND in the error shape for unknown API paths', async () => {
    const res = await t.http().get('/api/does-not-exist').expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('requires the CSRF header for cookie-authenticated changes', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: ADMIN_PASSWORD })
      .expect(200);
    const cookie = (res.headers['set-cookie']?.[0] ?? '').split(';')[0];
    const refused = await t.http().post('/api/auth/logout').set('Cookie', cookie).expect(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    await t.http().post('/api/auth/logout').set('Cookie', cookie).set('x-caster-csrf', '1').expect(204);
  });

  it('rate-limits sign-in attempts per username with Retry-After', async () => {
    const attempts = [];
    for (let i = 0; i < 7; i++) {
      attempts.push(
        await t
          .http()
          .post('/api/auth/login')
          .send({ username: 'Victim', password: `guess-${i}` }),
      );
    }
    expect(attempts.slice(0, 6).map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(attempts[6].status).toBe(429);
    expect(attempts[6].body.error.code).toBe('RATE_LIMITED');
    expect(Number(attempts[6].headers['retry-after'])).toBeGreaterThan(0);
    // The same account under another spelling is the same account.
    await t.http().post('/api/auth/login').send({ username: 'VICTIM', password: 'x' }).expect(429);
    // Another account from the same address is still allowed until the per-IP limit.
    await t.http().post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);
  });

  it('rate-limits sign-in attempts per client IP across usernames', async () => {
    let last = 0;
    for (let i = 0; i < 22 && last !== 429; i++) {
      last = (
        await t
          .http()
          .post('/api/auth/login')
          .send({ username: `spray-${i}`, password: 'x' })
      ).status;
    }
    expect(last).toBe(429);
  });
});
