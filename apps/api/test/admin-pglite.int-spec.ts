import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnonymousUsersCleanup, UsersService } from '@caster/api/users';
import {
  adminClient,
  itemsOf,
  allUsersGroupId,
  createUser,
  unique,
  type ApiClient,
} from './support/api-client';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The embedded database runs the same SQL: one pass through every admin change (transactions,
 * locks, array parameters, JSON columns) on PGlite.
 */
describe('admin API on the embedded database (PGlite)', () => {
  let t: TestApp;
  let admin: ApiClient;

  beforeAll(async () => {
    t = await startTestApp({ db: 'pglite', env: { VOLUME_ROOTS: '/srv/v' } });
    admin = await adminClient(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates a group, a user in it and a workspace it may launch, then resolves settings', async () => {
    const allUsers = await allUsersGroupId(admin);
    const group = await admin
      .post('/api/admin/groups', {
        name: unique('Team'),
        priority: 5,
        settings: { allow_kasm_uploads: true },
      })
      .expect(201);
    const user = await createUser(t, admin, { groupIds: [group.body.id] });
    expect(user.body.groupIds).toEqual([group.body.id, allUsers]);
    const ws = await admin
      .post('/api/admin/workspaces', {
        name: unique('Desk'),
        type: 'container',
        image: 'alpine:3',
        runConfig: { volumes: { '/srv/v/data': { bind: '/data' } } },
        env: { A: 'b' },
        groupIds: [group.body.id],
      })
      .expect(201);
    const dash = await user.client.get('/api/workspaces').expect(200);
    expect(itemsOf<{ id: string }>(dash).map((w) => w.id)).toEqual([ws.body.id]);
    const eff = await admin.get(`/api/admin/users/${user.id}/effective-settings`).expect(200);
    expect(eff.body.settings.allow_kasm_uploads).toBe(true);
    expect(eff.body.sources.allow_kasm_uploads).toBe(group.body.id);
    const me = await user.client.get('/api/auth/me').expect(200);
    expect((me.body as { groups: { id: string }[] }).groups.map((g) => g.id)).toEqual([
      group.body.id,
      allUsers,
    ]);

    // Updates, a refused change that must leave nothing behind, and deletes.
    await admin.patch(`/api/admin/groups/${group.body.id}`, { workspaceIds: [], userIds: [] }).expect(200);
    await admin
      .patch(`/api/admin/users/${user.id}`, {
        username: unique('x'),
        groupIds: ['00000000-0000-4000-8000-000000000000'],
      })
      .expect(400);
    expect((await admin.get(`/api/admin/users/${user.id}`).expect(200)).body.username).toBe(user.username);
    await admin
      .patch(`/api/admin/users/${user.id}`, { disabled: true, password: 'another-password' })
      .expect(200);
    await user.client.get('/api/auth/me').expect(401);
    await admin.delete(`/api/admin/workspaces/${ws.body.id}`).expect(204);
    await admin.delete(`/api/admin/groups/${group.body.id}`).expect(204);
    await admin.delete(`/api/admin/users/${user.id}`).expect(204);
    const me2 = await admin.get('/api/auth/me').expect(200);
    expect((await admin.delete(`/api/admin/users/${me2.body.id}`).expect(409)).body.error.code).toBe(
      'LAST_ADMIN',
    );
  });

  it('updates settings and applies trusted proxies', async () => {
    const res = await admin
      .put('/api/admin/settings', { trustedProxies: ['10.0.0.0/8'], anonymousUserExpirationHours: 1 })
      .expect(200);
    expect(res.body.trustedProxies).toEqual(['10.0.0.0/8']);
    await admin.put('/api/admin/settings', { trustedProxies: ['nope'] }).expect(400);
    expect((await admin.get('/api/admin/settings').expect(200)).body.trustedProxies).toEqual(['10.0.0.0/8']);
  });

  it('cleans up expired anonymous users', async () => {
    const anon = await t.app
      .get(UsersService)
      .create({ username: unique('anon'), password: null, role: 'user', anonymous: true });
    await t.app
      .get(DataSource)
      .query(`UPDATE users SET created_at = now() - interval '2 hours' WHERE id = $1`, [anon.id]);
    expect(await t.app.get(AnonymousUsersCleanup).purgeExpired()).toBe(1);
    await admin.get(`/api/admin/users/${anon.id}`).expect(404);
  });
});
