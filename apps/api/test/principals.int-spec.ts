import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CastResponse, CreatedApiKey } from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import {
  createCastLink,
  createContainerWorkspace,
  createUser,
  removeContainersOf,
  setAllUsersSettings,
  uniqueName,
  waitForSession,
} from './support/sessions';
import { enterWith } from './support/session-origin';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './support/test-app';

/**
 * Issue 11, items 5 and 7: what an anonymous cast token, a cross-site page, a stranger guessing
 * passwords, a disabled user and a NUL byte can no longer do. Real PostgreSQL, real Docker.
 */
describe('principals', () => {
  let t: TestApp;
  let admin: string;
  let db: DataSource;
  let installation: string;
  let workspaceId: string;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        TRUSTED_PROXIES: '127.0.0.1/32',
        LOGIN_LIMIT_PER_USER: '3',
        LOGIN_LIMIT_PER_IP: '50',
      },
    });
    admin = await t.login();
    db = t.app.get(DataSource);
    installation = t.app.get(AgentsService).instanceId;
    await setAllUsersSettings(t, admin, { max_kasms_per_user: 0 });
    workspaceId = await createContainerWorkspace(t, admin);
  });
  afterAll(async () => {
    await t?.close();
    if (installation) await removeContainersOf(installation);
  });

  async function anonymousCast(): Promise<CastResponse & { cookie: string }> {
    const link = await createCastLink(t, admin, workspaceId);
    const res = await t.http().post(`/api/cast/${link.key}`).send({ params: {} });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const cookie = (res.headers['set-cookie']?.[0] ?? '').split(';')[0];
    return { ...(res.body as CastResponse), cookie };
  }

  describe('an anonymous cast token reaches its own session only', () => {
    it('cannot list workspaces, launch, list sessions or see the dashboard', async () => {
      const cast = await anonymousCast();
      const token = cast.token!;
      expect(token).toMatch(/^cst_/);

      const workspaces = await t.http().get('/api/workspaces').set(bearer(token));
      expect(workspaces.status).toBe(403);
      expect(workspaces.body.error.code).toBe('FORBIDDEN');
      const launch = await t.http().post('/api/sessions').set(bearer(token)).send({ workspaceId });
      expect(launch.status).toBe(403);
      expect(launch.body.error.code).toBe('FORBIDDEN');
      await t.http().get('/api/sessions').set(bearer(token)).expect(403);
      await t.http().get('/api/admin/users').set(bearer(token)).expect(403);
      // The same through the SPA's cookie.
      const viaCookie = await t
        .http()
        .post('/api/sessions')
        .set('Cookie', cast.cookie)
        .set('x-caster-csrf', '1')
        .send({ workspaceId });
      expect(viaCookie.status).toBe(403);

      // What the viewer page needs still answers.
      const me = await t.http().get('/api/auth/me').set(bearer(token)).expect(200);
      expect(me.body.anonymous).toBe(true);
      await waitForSession(t, token, cast.sessionId, ['running']);
      await t.http().post(`/api/sessions/${cast.sessionId}/keepalive`).set(bearer(token)).expect(200);
      const entry = await t
        .http()
        .post(`/api/sessions/${cast.sessionId}/access`)
        .set(bearer(token))
        .expect(200);
      expect(entry.body.enterUrl).toContain('/.caster/enter?grant=');
      const abort = new AbortController();
      const events = await fetch(`${t.url}/api/sessions/${cast.sessionId}/events`, {
        headers: bearer(token),
        signal: abort.signal,
      });
      abort.abort();
      expect(events.status).toBe(200);
      // Another visitor's session is not its own.
      const other = await anonymousCast();
      await t.http().get(`/api/sessions/${other.sessionId}`).set(bearer(token)).expect(404);
    });

    it('does not outlive its session', async () => {
      const cast = await anonymousCast();
      const token = cast.token!;
      await t.http().get(`/api/sessions/${cast.sessionId}`).set(bearer(token)).expect(200);
      await t.http().delete(`/api/admin/sessions/${cast.sessionId}`).set(bearer(admin)).expect(204);
      // The viewer may still read how it ended, for a short grace…
      const ended = await t.http().get(`/api/sessions/${cast.sessionId}`).set(bearer(token)).expect(200);
      expect(['stopping', 'stopped']).toContain(ended.body.state);
      const [row] = await db.query<{ expires_at: Date }[]>(
        `SELECT t.expires_at FROM auth_tokens t JOIN users u ON u.id = t.user_id
          WHERE u.id = (SELECT user_id FROM sessions WHERE id = $1)`,
        [cast.sessionId],
      );
      // …and the token, issued for 12 hours, now ends within minutes.
      expect(row.expires_at.getTime() - Date.now()).toBeLessThanOrEqual(2 * 60_000 + 1000);
      await db.query(
        `UPDATE auth_tokens SET expires_at = now() WHERE expires_at > now() - interval '1 hour'
        AND user_id = (SELECT user_id FROM sessions WHERE id = $1)`,
        [cast.sessionId],
      );
      await t.http().get(`/api/sessions/${cast.sessionId}`).set(bearer(token)).expect(401);
    });

    it('request_kasm makes an anonymous user that holds only its session grant', async () => {
      const key = (
        await t
          .http()
          .post('/api/admin/api-keys')
          .set(bearer(admin))
          .send({ name: uniqueName('key'), permissions: ['user', 'users_auth_session'] })
          .expect(201)
      ).body as CreatedApiKey;
      const kasm = await t
        .http()
        .post('/api/public/request_kasm')
        .send({ api_key: key.key, api_key_secret: key.secret, image_id: workspaceId.replace(/-/g, '') })
        .expect(200);
      const [user] = await db.query<{ anonymous: boolean; password_hash: string | null }[]>(
        'SELECT anonymous, password_hash FROM users WHERE id::text = $1',
        [(kasm.body.user_id as string).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')],
      );
      expect(user).toEqual({ anonymous: true, password_hash: null });
      // Its session token is a grant for that session, not a sign-in.
      await t
        .http()
        .get('/api/workspaces')
        .set(bearer(kasm.body.session_token as string))
        .expect(401);
      await t
        .http()
        .get('/api/auth/me')
        .set(bearer(kasm.body.session_token as string))
        .expect(401);
      const [{ count }] = await db.query<{ count: string }[]>(
        'SELECT count(*) FROM auth_tokens WHERE user_id::text = (SELECT user_id::text FROM sessions WHERE id::text = $1)',
        [(kasm.body.kasm_id as string).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')],
      );
      expect(count).toBe('0');
    });
  });

  describe('a cross-site cast', () => {
    async function adminCookie(): Promise<string> {
      const res = await t
        .http()
        .post('/api/auth/login')
        .set('X-Forwarded-For', '192.0.2.200')
        .send({ username: 'admin', password: ADMIN_PASSWORD })
        .expect(200);
      return (res.headers['set-cookie']?.[0] ?? '').split(';')[0];
    }

    it("is refused when it carries the admin's cookie, and the sign-in stays", async () => {
      const link = await createCastLink(t, admin, workspaceId);
      const cookie = await adminCookie();
      const plain = await t
        .http()
        .post(`/api/cast/${link.key}`)
        .set('Cookie', cookie)
        .set('Origin', 'https://evil.example')
        .set('Content-Type', 'text/plain')
        .send('{}');
      expect(plain.status).toBe(415);
      expect(plain.headers['set-cookie']).toBeUndefined();
      const json = await t
        .http()
        .post(`/api/cast/${link.key}`)
        .set('Cookie', cookie)
        .set('Origin', 'https://evil.example')
        .send({ params: {} });
      expect(json.status).toBe(403);
      expect(json.body.error.code).toBe('FORBIDDEN');
      expect(json.headers['set-cookie']).toBeUndefined();
      const fetchSite = await t
        .http()
        .post(`/api/cast/${link.key}`)
        .set('Cookie', cookie)
        .set('Sec-Fetch-Site', 'cross-site')
        .send({ params: {} });
      expect(fetchSite.status).toBe(403);
      const me = await t.http().get('/api/auth/me').set('Cookie', cookie).expect(200);
      expect(me.body.username).toBe('admin');
    });

    it('never replaces a live sign-in cookie with an anonymous one', async () => {
      const link = await createCastLink(t, admin, workspaceId);
      const cookie = await adminCookie();
      // Same origin, but without the CSRF header the cookie does not sign the cast in.
      const res = await t
        .http()
        .post(`/api/cast/${link.key}`)
        .set('Cookie', cookie)
        .set('Origin', t.url)
        .send({ params: {} });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.token).toMatch(/^cst_/);
      expect(res.headers['set-cookie']).toBeUndefined();
    });
  });

  describe('sign-in throttling', () => {
    const attempt = (ip: string, username: string, password = 'wrong-password') =>
      t.http().post('/api/auth/login').set('X-Forwarded-For', ip).send({ username, password });

    it("lets a stranger's wrong passwords lock out only the stranger", async () => {
      const statuses: number[] = [];
      for (const name of ['admin', ' ADMIN ', 'Admin', 'ＡＤＭＩＮ'])
        statuses.push((await attempt('198.51.100.66', name)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      // The same address is refused even with the right password…
      expect((await attempt('198.51.100.66', 'admin', ADMIN_PASSWORD)).status).toBe(429);
      // …but the real admin, elsewhere, signs in.
      expect((await attempt('203.0.113.10', 'admin', ADMIN_PASSWORD)).status).toBe(200);
      // One normalisation for lookup too: the name in another form is the same account.
      expect((await attempt('203.0.113.11', ' ADMIN ', ADMIN_PASSWORD)).status).toBe(200);
    });

    it('counts an IPv6 client by its /64', async () => {
      for (let i = 1; i <= 3; i++) expect((await attempt(`2001:db8:77:1::${i}`, 'admin')).status).toBe(401);
      expect((await attempt('2001:db8:77:1:ffff::9', 'admin')).status).toBe(429);
      expect((await attempt('2001:db8:77:2::1', 'admin', ADMIN_PASSWORD)).status).toBe(200);
    });

    it("counts a stolen token's guesses at the current password per account, from every address", async () => {
      const victimName = uniqueName('victim');
      const victim = await createUser(t, admin, victimName);
      const bystander = await createUser(t, admin);
      const change = (token: string, ip: string, currentPassword: string) =>
        t
          .http()
          .post('/api/auth/password')
          .set(bearer(token))
          .set('X-Forwarded-For', ip)
          .send({ currentPassword, newPassword: 'a-brand-new-password' });
      // Three guesses from three addresses (the limit is 3 per account)…
      for (const ip of ['198.51.100.71', '198.51.100.72', '198.51.100.73'])
        expect((await change(victim.token, ip, 'guess')).body.error.code).toBe('CURRENT_PASSWORD_INCORRECT');
      // …and a fourth address, even with the right password, is refused without being checked.
      const fourth = await change(victim.token, '198.51.100.74', 'user-password-1');
      expect(fourth.status).toBe(429);
      expect(fourth.body.error.code).toBe('RATE_LIMITED');
      // The password did not change; another account from the first address still may change its own.
      expect((await attempt('203.0.113.20', victimName, 'user-password-1')).status).toBe(200);
      expect((await change(bystander.token, '198.51.100.71', 'user-password-1')).status).toBe(204);
    });

    it('keys the per-IP cast limit on the /64 as well', async () => {
      const link = await createCastLink(t, admin, workspaceId, {
        allowAnonymous: false,
        limitIps: true,
        ipRequestLimit: 1,
        ipRequestSeconds: 600,
      });
      const cast = (ip: string) =>
        t.http().post(`/api/cast/${link.key}`).set('X-Forwarded-For', ip).send({ params: {} });
      expect((await cast('2001:db8:88:1::1')).status).toBe(401);
      const rotated = await cast('2001:db8:88:1::2');
      expect(rotated.status).toBe(429);
      expect(rotated.body.error.code).toBe('RATE_LIMITED');
      expect((await cast('2001:db8:88:2::1')).status).toBe(401);
    });
  });

  describe('a disabled user', () => {
    it('loses their sessions and every grant to them', async () => {
      const user = await createUser(t, admin);
      const launched = await t.http().post('/api/sessions').set(bearer(user.token)).send({ workspaceId });
      expect(launched.status, JSON.stringify(launched.body)).toBe(201);
      const sessionId = launched.body.id as string;
      await waitForSession(t, user.token, sessionId, ['running']);
      const entry = await t
        .http()
        .post(`/api/sessions/${sessionId}/access`)
        .set(bearer(user.token))
        .expect(200);
      const viewer = await enterWith(t, entry.body.enterUrl as string);
      await viewer.get('/').expect(200);

      await t
        .http()
        .patch(`/api/admin/users/${user.id}`)
        .set(bearer(admin))
        .send({ disabled: true })
        .expect(200);

      const session = await t.http().get(`/api/admin/sessions/${sessionId}`).set(bearer(admin)).expect(200);
      expect(session.body.state).toBe('stopped');
      const live = await db.query<unknown[]>(
        'SELECT id FROM session_grants WHERE session_id = $1 AND revoked_at IS NULL',
        [sessionId],
      );
      expect(live).toEqual([]);
      await t.http().get(`/api/sessions/${sessionId}`).set(bearer(user.token)).expect(401);
      // The cookie the session's origin gave them admits nobody any more.
      await viewer.get('/').expect(401);
    });
  });

  describe('control characters', () => {
    it('refuses a NUL in sign-in fields as VALIDATION_FAILED with the field', async () => {
      const res = await t.http().post('/api/auth/login').send({ username: 'ad\u0000min', password: 'x' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.fields).toHaveProperty('username');
    });

    it('refuses them under /api/public in the Kasm shape', async () => {
      const res = await t
        .http()
        .post('/api/public/get_users')
        .send({ api_key: 'k\u0000', api_key_secret: 's' });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body as object)).toEqual(['error_message']);
      expect(res.body.error_message).toContain('api_key');
    });

    it('refuses them in admin creates, queries and route parameters; line breaks only where multi-line', async () => {
      const nul = await t
        .http()
        .post('/api/admin/workspaces')
        .set(bearer(admin))
        .send({ name: 'bad\u0000name', type: 'container', image: 'caster/tiny-app:latest' });
      expect(nul.status).toBe(400);
      expect(nul.body.error.details.fields).toHaveProperty('name');
      const escape = await t
        .http()
        .post('/api/admin/groups')
        .set(bearer(admin))
        .send({ name: 'x\u001b[31mred', description: 'fine' });
      expect(escape.status).toBe(400);
      expect(escape.body.error.details.fields).toHaveProperty('name');
      const newlineName = await t
        .http()
        .post('/api/admin/groups')
        .set(bearer(admin))
        .send({ name: 'two\nlines' });
      expect(newlineName.status).toBe(400);
      expect(newlineName.body.error.details.fields).toHaveProperty('name');
      // A description may span lines.
      await t
        .http()
        .post('/api/admin/groups')
        .set(bearer(admin))
        .send({ name: uniqueName('group'), description: 'first line\nsecond\tline' })
        .expect(201);
      const query = await t.http().get('/api/admin/users?q=a%00b').set(bearer(admin));
      expect(query.status).toBe(400);
      expect(query.body.error.details.fields).toHaveProperty('q');
      const param = await t.http().get('/api/cast/key%00x');
      expect(param.status).toBe(400);
      expect(param.body.error.details.fields).toHaveProperty('key');
    });
  });
});
