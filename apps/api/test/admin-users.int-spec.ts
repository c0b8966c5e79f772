import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AnonymousUsersCleanup, UserSessionsPort, UsersService } from '@caster/api/users';
import {
  PASSWORD,
  UNKNOWN_ID,
  adminClient,
  itemsOf,
  allUsersGroupId,
  createUser,
  unique,
  type ApiClient,
} from './support/api-client';
import { startTestApp, type TestApp } from './support/test-app';

describe('admin users API (PostgreSQL)', () => {
  let t: TestApp;
  let admin: ApiClient;
  let allUsers: string;

  beforeAll(async () => {
    t = await startTestApp({ db: 'postgres' });
    admin = await adminClient(t);
    allUsers = await allUsersGroupId(admin);
  });
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => vi.restoreAllMocks());

  describe('POST /api/admin/users', () => {
    it('creates a user, never answers the password, and the user can sign in', async () => {
      const username = unique('alice');
      const res = await admin.post('/api/admin/users', { username, password: PASSWORD }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        username,
        role: 'user',
        anonymous: false,
        disabled: false,
        locked: false,
        groupIds: [allUsers],
        createdAt: expect.any(String),
        lastLoginAt: null,
      });
      expect(JSON.stringify(res.body)).not.toContain(PASSWORD);
      await t.http().post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
      const again = await admin.get(`/api/admin/users/${res.body.id}`).expect(200);
      expect(again.body.lastLoginAt).toEqual(expect.any(String));
    });

    it('answers VALIDATION_FAILED with every bad field, unknown ones included', async () => {
      const res = await admin
        .post('/api/admin/users', {
          username: 'bad name!',
          password: 'short',
          role: 'root',
          disabled: 'no',
          groupIds: ['not-a-uuid'],
          anonymous: true,
        })
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.error.details.fields).sort()).toEqual([
        'anonymous',
        'disabled',
        'groupIds',
        'password',
        'role',
        'username',
      ]);
      const missing = await admin.post('/api/admin/users', {}).expect(400);
      expect(Object.keys(missing.body.error.details.fields).sort()).toEqual(['password', 'username']);
      for (const username of ['', 'x'.repeat(65), '..', 'a/b', 'é']) {
        const r = await admin.post('/api/admin/users', { username, password: PASSWORD }).expect(400);
        expect(r.body.error.details.fields, username).toHaveProperty('username');
      }
    });

    it('accepts letters, digits and . _ - @ in usernames', async () => {
      await admin
        .post('/api/admin/users', { username: `a.b_c-d@e${Date.now()}`, password: PASSWORD })
        .expect(201);
    });

    it('refuses a duplicate username regardless of case with USERNAME_TAKEN', async () => {
      const username = unique('Dup');
      await admin.post('/api/admin/users', { username, password: PASSWORD }).expect(201);
      const res = await admin
        .post('/api/admin/users', { username: username.toUpperCase(), password: PASSWORD })
        .expect(409);
      expect(res.body.error.code).toBe('USERNAME_TAKEN');
      expect(res.body.error.details.fields).toHaveProperty('username');
    });

    it('refuses an unknown group id and saves nothing', async () => {
      const username = unique('orphan');
      const res = await admin
        .post('/api/admin/users', { username, password: PASSWORD, groupIds: [UNKNOWN_ID] })
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.fields.groupIds).toContain(UNKNOWN_ID);
      const list = await admin.get(`/api/admin/users?q=${username}`).expect(200);
      expect(list.body.total).toBe(0);
    });

    it('puts the user in the groups given (All Users is implicit and may be listed)', async () => {
      const group = await admin.post('/api/admin/groups', { name: unique('Team') }).expect(201);
      const res = await admin
        .post('/api/admin/users', {
          username: unique('member'),
          password: PASSWORD,
          groupIds: [group.body.id, allUsers],
        })
        .expect(201);
      expect(res.body.groupIds).toEqual([group.body.id, allUsers]);
    });
  });

  describe('GET /api/admin/users', () => {
    it('pages, searches and sorts', async () => {
      const prefix = unique('pager');
      for (const suffix of ['c', 'a', 'b']) {
        await admin
          .post('/api/admin/users', { username: `${prefix}-${suffix}`, password: PASSWORD })
          .expect(201);
      }
      const first = await admin.get(`/api/admin/users?q=${prefix}&pageSize=2`).expect(200);
      expect(first.body.total).toBe(3);
      expect(itemsOf<{ username: string }>(first).map((u) => u.username)).toEqual([
        `${prefix}-a`,
        `${prefix}-b`,
      ]);
      const second = await admin.get(`/api/admin/users?q=${prefix}&pageSize=2&page=2`).expect(200);
      expect(itemsOf<{ username: string }>(second).map((u) => u.username)).toEqual([`${prefix}-c`]);
      const desc = await admin
        .get(`/api/admin/users?q=${prefix.toUpperCase()}&sort=username&order=desc`)
        .expect(200);
      expect(itemsOf<{ username: string }>(desc).map((u) => u.username)).toEqual([
        `${prefix}-c`,
        `${prefix}-b`,
        `${prefix}-a`,
      ]);
      const byDate = await admin.get(`/api/admin/users?q=${prefix}&sort=createdAt&order=asc`).expect(200);
      expect(itemsOf<{ username: string }>(byDate).map((u) => u.username)).toEqual([
        `${prefix}-c`,
        `${prefix}-a`,
        `${prefix}-b`,
      ]);
    });

    it('treats % and _ in the search literally', async () => {
      const res = await admin.get('/api/admin/users?q=%25').expect(200);
      expect(res.body.total).toBe(0);
    });

    it('filters anonymous users', async () => {
      await t.app
        .get(UsersService)
        .create({ username: unique('anon'), password: null, role: 'user', anonymous: true });
      const anon = await admin.get('/api/admin/users?anonymous=true').expect(200);
      expect(anon.body.total).toBeGreaterThan(0);
      expect(itemsOf<{ anonymous: boolean }>(anon).every((u) => u.anonymous)).toBe(true);
      const named = await admin.get('/api/admin/users?anonymous=false&pageSize=200').expect(200);
      expect(itemsOf<{ username: string }>(named).some((u) => u.username === 'admin')).toBe(true);
      expect(itemsOf<{ anonymous: boolean }>(named).every((u) => !u.anonymous)).toBe(true);
    });

    it('refuses bad query parameters with field details', async () => {
      const res = await admin
        .get('/api/admin/users?page=0&pageSize=1000&sort=password&order=up&anonymous=maybe&x=1')
        .expect(400);
      expect(Object.keys(res.body.error.details.fields).sort()).toEqual([
        'anonymous',
        'order',
        'page',
        'pageSize',
        'sort',
        'x',
      ]);
    });
  });

  describe('GET /api/admin/users/:id', () => {
    it('answers NOT_FOUND for an unknown or malformed id', async () => {
      expect((await admin.get(`/api/admin/users/${UNKNOWN_ID}`).expect(404)).body.error.code).toBe(
        'NOT_FOUND',
      );
      expect((await admin.get('/api/admin/users/not-a-uuid').expect(404)).body.error.code).toBe('NOT_FOUND');
      await admin.patch('/api/admin/users/123', { disabled: true }).expect(404);
      await admin.delete('/api/admin/users/123').expect(404);
    });
  });

  describe('PATCH and PUT /api/admin/users/:id', () => {
    it('changes only the fields sent', async () => {
      const user = await createUser(t, admin);
      const renamed = unique('renamed');
      const res = await admin.patch(`/api/admin/users/${user.id}`, { username: renamed }).expect(200);
      expect(res.body).toMatchObject({ username: renamed, role: 'user', disabled: false });
      // The same meaning through PUT.
      const put = await admin.put(`/api/admin/users/${user.id}`, { role: 'admin' }).expect(200);
      expect(put.body).toMatchObject({ username: renamed, role: 'admin' });
      // Still signed in: a rename or a role change does not sign the user out.
      await user.client.get('/api/auth/me').expect(200);
      await admin.patch(`/api/admin/users/${user.id}`, { role: 'user' }).expect(200);
    });

    it('signs the user out everywhere on a new password', async () => {
      const user = await createUser(t, admin);
      await admin.patch(`/api/admin/users/${user.id}`, { password: 'a-brand-new-password' }).expect(200);
      await user.client.get('/api/auth/me').expect(401);
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: user.username, password: PASSWORD })
        .expect(401);
      await t.login(user.username, 'a-brand-new-password');
    });

    it('signs the user out on disable and on lock, and sign-in is refused', async () => {
      const a = await createUser(t, admin);
      await admin.patch(`/api/admin/users/${a.id}`, { disabled: true }).expect(200);
      await a.client.get('/api/auth/me').expect(401);
      const refused = await t
        .http()
        .post('/api/auth/login')
        .send({ username: a.username, password: PASSWORD })
        .expect(403);
      expect(refused.body.error.code).toBe('ACCOUNT_DISABLED');
      // Re-enabling does not bring old tokens back.
      await admin.patch(`/api/admin/users/${a.id}`, { disabled: false }).expect(200);
      await a.client.get('/api/auth/me').expect(401);

      const b = await createUser(t, admin);
      await admin.put(`/api/admin/users/${b.id}`, { locked: true }).expect(200);
      await admin.put(`/api/admin/users/${b.id}`, { locked: false }).expect(200);
      await b.client.get('/api/auth/me').expect(401);
    });

    it('replaces group memberships', async () => {
      const g1 = await admin.post('/api/admin/groups', { name: unique('G1') }).expect(201);
      const g2 = await admin.post('/api/admin/groups', { name: unique('G2') }).expect(201);
      const user = await createUser(t, admin, { groupIds: [g1.body.id] });
      const res = await admin.patch(`/api/admin/users/${user.id}`, { groupIds: [g2.body.id] }).expect(200);
      expect(res.body.groupIds).toEqual([g2.body.id, allUsers]);
      const cleared = await admin.patch(`/api/admin/users/${user.id}`, { groupIds: [] }).expect(200);
      expect(cleared.body.groupIds).toEqual([allUsers]);
    });

    it('refuses bad fields, null for a required field, and a taken username', async () => {
      const a = await createUser(t, admin);
      const b = await createUser(t, admin);
      const bad = await admin
        .patch(`/api/admin/users/${a.id}`, { username: null, password: 'x', locked: 1 })
        .expect(400);
      expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['locked', 'password', 'username']);
      const taken = await admin
        .patch(`/api/admin/users/${a.id}`, { username: b.username.toUpperCase() })
        .expect(409);
      expect(taken.body.error.code).toBe('USERNAME_TAKEN');
      // Renaming to one's own name in another case is fine.
      await admin.patch(`/api/admin/users/${a.id}`, { username: a.username.toUpperCase() }).expect(200);
      // Nothing half-saved: the unknown group id leaves the rename undone.
      const renamed = unique('half');
      await admin
        .patch(`/api/admin/users/${a.id}`, { username: renamed, groupIds: [UNKNOWN_ID] })
        .expect(400);
      expect((await admin.get(`/api/admin/users/${a.id}`).expect(200)).body.username).toBe(
        a.username.toUpperCase(),
      );
    });

    it('answers NOT_FOUND for an unknown id', async () => {
      await admin.patch(`/api/admin/users/${UNKNOWN_ID}`, { disabled: true }).expect(404);
      await admin.put(`/api/admin/users/${UNKNOWN_ID}`, { disabled: true }).expect(404);
    });
  });

  describe('the last active administrator', () => {
    it('cannot be demoted, disabled, locked or deleted (LAST_ADMIN)', async () => {
      const me = await admin.get('/api/auth/me').expect(200);
      // Other admins made by earlier tests are demoted back, so "admin" is the only one here.
      const admins = await admin.get('/api/admin/users?pageSize=200').expect(200);
      for (const u of admins.body.items as { id: string; role: string }[]) {
        if (u.role === 'admin' && u.id !== me.body.id)
          await admin.patch(`/api/admin/users/${u.id}`, { role: 'user' });
      }
      for (const change of [{ role: 'user' }, { disabled: true }, { locked: true }]) {
        const res = await admin.patch(`/api/admin/users/${me.body.id}`, change).expect(409);
        expect(res.body.error.code).toBe('LAST_ADMIN');
      }
      expect((await admin.delete(`/api/admin/users/${me.body.id}`).expect(409)).body.error.code).toBe(
        'LAST_ADMIN',
      );
      await admin.get('/api/auth/me').expect(200);

      // With a second active admin the other one may go.
      const second = await createUser(t, admin, { role: 'admin' });
      await second.client.patch(`/api/admin/users/${second.id}`, { role: 'user' }).expect(200);
      await admin.patch(`/api/admin/users/${second.id}`, { role: 'admin' }).expect(200);
      await admin.delete(`/api/admin/users/${second.id}`).expect(204);
      // A disabled admin does not count as the one that keeps the server manageable.
      const disabled = await createUser(t, admin, { role: 'admin' });
      await admin.patch(`/api/admin/users/${disabled.id}`, { disabled: true }).expect(200);
      await admin.patch(`/api/admin/users/${me.body.id}`, { role: 'user' }).expect(409);
    });
  });

  describe('DELETE /api/admin/users/:id', () => {
    it('deletes a user, their tokens and memberships', async () => {
      const group = await admin.post('/api/admin/groups', { name: unique('Gone') }).expect(201);
      const user = await createUser(t, admin, { groupIds: [group.body.id] });
      await admin.delete(`/api/admin/users/${user.id}`).expect(204);
      await admin.get(`/api/admin/users/${user.id}`).expect(404);
      await user.client.get('/api/auth/me').expect(401);
      expect((await admin.get(`/api/admin/groups/${group.body.id}`).expect(200)).body.userIds).toEqual([]);
      await admin.delete(`/api/admin/users/${user.id}`).expect(404);
    });

    it('refuses while the user has running sessions unless ?force=true, which stops them first', async () => {
      const user = await createUser(t, admin);
      const sessions = t.app.get(UserSessionsPort);
      vi.spyOn(sessions, 'countActive').mockResolvedValue(2);
      const stopAll = vi.spyOn(sessions, 'stopAll').mockResolvedValue();
      const refused = await admin.delete(`/api/admin/users/${user.id}`).expect(409);
      expect(refused.body.error).toMatchObject({ code: 'USER_HAS_SESSIONS', details: { activeSessions: 2 } });
      expect(stopAll).not.toHaveBeenCalled();
      await admin.get(`/api/admin/users/${user.id}`).expect(200);
      await admin.delete(`/api/admin/users/${user.id}?force=false`).expect(409);
      await admin.delete(`/api/admin/users/${user.id}?force=yes`).expect(400);
      await admin.delete(`/api/admin/users/${user.id}?force=true`).expect(204);
      expect(stopAll).toHaveBeenCalledWith(user.id);
      await admin.get(`/api/admin/users/${user.id}`).expect(404);
    });
  });

  describe('anonymous user clean-up', () => {
    async function anonymous(hoursOld: number): Promise<string> {
      const user = await t.app
        .get(UsersService)
        .create({ username: unique('anon'), password: null, role: 'user', anonymous: true });
      await t.app
        .get(DataSource)
        .query(`UPDATE users SET created_at = now() - make_interval(hours => $2) WHERE id = $1`, [
          user.id,
          hoursOld,
        ]);
      return user.id;
    }

    it('removes anonymous users older than the setting that have no running session', async () => {
      const old = await anonymous(9);
      const young = await anonymous(7);
      const busy = await anonymous(30);
      const named = await createUser(t, admin);
      await t.app
        .get(DataSource)
        .query(`UPDATE users SET created_at = now() - interval '30 hours' WHERE id = $1`, [named.id]);
      vi.spyOn(t.app.get(UserSessionsPort), 'withActiveSessions').mockImplementation((ids) =>
        Promise.resolve(new Set(ids.filter((id) => id === busy))),
      );

      const removed = await t.app.get(AnonymousUsersCleanup).purgeExpired();
      expect(removed).toBeGreaterThanOrEqual(1);
      await admin.get(`/api/admin/users/${old}`).expect(404);
      await admin.get(`/api/admin/users/${young}`).expect(200);
      await admin.get(`/api/admin/users/${busy}`).expect(200);
      await admin.get(`/api/admin/users/${named.id}`).expect(200);

      // The expiration follows the server setting.
      await admin.put('/api/admin/settings', { anonymousUserExpirationHours: 6 }).expect(200);
      await t.app.get(AnonymousUsersCleanup).purgeExpired();
      await admin.get(`/api/admin/users/${young}`).expect(404);
      await admin.get(`/api/admin/users/${busy}`).expect(200);
      await admin.put('/api/admin/settings', { anonymousUserExpirationHours: 8 }).expect(200);
    });
  });

  it('refuses a plain user with 403 on every users route', async () => {
    const user = await createUser(t, admin);
    for (const call of [
      user.client.get('/api/admin/users'),
      user.client.get(`/api/admin/users/${user.id}`),
      user.client.post('/api/admin/users', { username: unique('x'), password: PASSWORD }),
      user.client.patch(`/api/admin/users/${user.id}`, { role: 'admin' }),
      user.client.put(`/api/admin/users/${user.id}`, { role: 'admin' }),
      user.client.delete(`/api/admin/users/${user.id}`),
      user.client.get(`/api/admin/users/${user.id}/effective-settings`),
    ]) {
      const res = await call.expect(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    expect((await admin.get(`/api/admin/users/${user.id}`).expect(200)).body.role).toBe('user');
  });
});
