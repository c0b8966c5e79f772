import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP_SETTING_DEFAULTS, MAX_GROUP_PRIORITY } from '@caster/contracts';
import {
  UNKNOWN_ID,
  adminClient,
  itemsOf,
  allUsersGroupId,
  createUser,
  unique,
  type ApiClient,
} from './support/api-client';
import { startTestApp, type TestApp } from './support/test-app';

describe('admin groups API (PostgreSQL)', () => {
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

  const workspace = async (): Promise<string> =>
    (
      await admin
        .post('/api/admin/workspaces', { name: unique('ws'), type: 'link', url: 'https://example.org' })
        .expect(201)
    ).body.id as string;

  describe('the system group "All Users"', () => {
    it('exists, holds every user implicitly and comes last by default', async () => {
      const res = await admin.get(`/api/admin/groups/${allUsers}`).expect(200);
      const users = await admin.get('/api/admin/users').expect(200);
      expect(res.body).toMatchObject({
        name: 'All Users',
        system: true,
        priority: MAX_GROUP_PRIORITY,
        userIds: [],
        userCount: users.body.total,
        settings: {},
      });
    });

    it('cannot be renamed or deleted (SYSTEM_GROUP), nor given members', async () => {
      const rename = await admin.patch(`/api/admin/groups/${allUsers}`, { name: 'Everyone' }).expect(409);
      expect(rename.body.error.code).toBe('SYSTEM_GROUP');
      expect((await admin.delete(`/api/admin/groups/${allUsers}`).expect(409)).body.error.code).toBe(
        'SYSTEM_GROUP',
      );
      const user = await createUser(t, admin);
      const members = await admin.put(`/api/admin/groups/${allUsers}`, { userIds: [user.id] }).expect(400);
      expect(members.body.error.details.fields).toHaveProperty('userIds');
      // Sending its own name back (a form round-trip) is not a rename.
      await admin.put(`/api/admin/groups/${allUsers}`, { name: 'All Users', userIds: [] }).expect(200);
    });

    it('takes a new priority, description and settings', async () => {
      const res = await admin
        .patch(`/api/admin/groups/${allUsers}`, {
          priority: 5000,
          description: 'Everyone',
          settings: { allow_kasm_audio: false },
        })
        .expect(200);
      expect(res.body).toMatchObject({
        priority: 5000,
        description: 'Everyone',
        settings: { allow_kasm_audio: false },
      });
      await admin
        .patch(`/api/admin/groups/${allUsers}`, { priority: MAX_GROUP_PRIORITY, settings: {} })
        .expect(200);
    });
  });

  describe('POST /api/admin/groups', () => {
    it('creates a group with settings, members and workspaces', async () => {
      const user = await createUser(t, admin);
      const ws = await workspace();
      const name = unique('Engineers');
      const res = await admin
        .post('/api/admin/groups', {
          name,
          description: 'the builders',
          priority: 10,
          settings: { allow_kasm_downloads: true, max_kasms_per_user: 3, idle_disconnect: null },
          userIds: [user.id],
          workspaceIds: [ws],
        })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name,
        description: 'the builders',
        priority: 10,
        system: false,
        settings: { allow_kasm_downloads: true, max_kasms_per_user: 3 },
        workspaceIds: [ws],
        userIds: [user.id],
        userCount: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      // Membership shows on the user, and in /api/auth/me strongest first.
      expect((await admin.get(`/api/admin/users/${user.id}`).expect(200)).body.groupIds).toEqual([
        res.body.id,
        allUsers,
      ]);
      const me = await user.client.get('/api/auth/me').expect(200);
      expect(me.body.groups).toEqual([
        { id: res.body.id, name },
        { id: allUsers, name: 'All Users' },
      ]);
    });

    it('defaults the description and priority', async () => {
      const res = await admin.post('/api/admin/groups', { name: unique('Plain') }).expect(201);
      expect(res.body).toMatchObject({
        description: '',
        priority: 100,
        settings: {},
        userIds: [],
        workspaceIds: [],
      });
    });

    it('refuses unknown setting keys and bad values with per-key field details', async () => {
      const res = await admin
        .post('/api/admin/groups', {
          name: ' padded ',
          priority: 0,
          settings: {
            allow_everything: true,
            allow_kasm_audio: 'yes',
            keepalive_expiration: 5,
            max_kasms_per_user: 2.5,
          },
          userIds: ['x'],
          color: 'red',
        })
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.error.details.fields).sort()).toEqual([
        'color',
        'name',
        'priority',
        'settings.allow_everything',
        'settings.allow_kasm_audio',
        'settings.keepalive_expiration',
        'settings.max_kasms_per_user',
        'userIds',
      ]);
      const notObject = await admin
        .post('/api/admin/groups', { name: unique('x'), settings: [1] })
        .expect(400);
      expect(notObject.body.error.details.fields).toHaveProperty('settings');
    });

    it('refuses unknown members or workspaces and saves nothing', async () => {
      const name = unique('Ghosts');
      const users = await admin.post('/api/admin/groups', { name, userIds: [UNKNOWN_ID] }).expect(400);
      expect(users.body.error.details.fields.userIds).toContain(UNKNOWN_ID);
      const workspaces = await admin
        .post('/api/admin/groups', { name, workspaceIds: [UNKNOWN_ID] })
        .expect(400);
      expect(workspaces.body.error.details.fields).toHaveProperty('workspaceIds');
      expect((await admin.get(`/api/admin/groups?q=${name}`).expect(200)).body.total).toBe(0);
    });

    it('refuses a taken name regardless of case with NAME_TAKEN', async () => {
      const name = unique('Taken');
      await admin.post('/api/admin/groups', { name }).expect(201);
      const res = await admin.post('/api/admin/groups', { name: name.toUpperCase() }).expect(409);
      expect(res.body.error).toMatchObject({
        code: 'NAME_TAKEN',
        details: { fields: { name: expect.any(String) } },
      });
      expect((await admin.post('/api/admin/groups', { name: 'all users' }).expect(409)).body.error.code).toBe(
        'NAME_TAKEN',
      );
    });
  });

  describe('GET /api/admin/groups', () => {
    it('lists by priority by default, searches, sorts and pages', async () => {
      const prefix = unique('order');
      for (const [suffix, priority] of [
        ['b', 30],
        ['a', 20],
        ['c', 10],
      ] as const) {
        await admin.post('/api/admin/groups', { name: `${prefix}-${suffix}`, priority }).expect(201);
      }
      const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((g) => g.name);
      expect(names(await admin.get(`/api/admin/groups?q=${prefix}`).expect(200))).toEqual([
        `${prefix}-c`,
        `${prefix}-a`,
        `${prefix}-b`,
      ]);
      expect(
        names(await admin.get(`/api/admin/groups?q=${prefix}&sort=name&order=desc`).expect(200)),
      ).toEqual([`${prefix}-c`, `${prefix}-b`, `${prefix}-a`]);
      const page = await admin.get(`/api/admin/groups?q=${prefix}&sort=name&pageSize=1&page=2`).expect(200);
      expect(page.body).toMatchObject({ total: 3, items: [{ name: `${prefix}-b` }] });
      // All Users comes last in the default order.
      const all = await admin.get('/api/admin/groups?pageSize=200').expect(200);
      expect(itemsOf<{ system: boolean }>(all).at(-1)?.system).toBe(true);
    });

    it('refuses bad query parameters', async () => {
      const res = await admin.get('/api/admin/groups?sort=members&pageSize=abc').expect(400);
      expect(Object.keys(res.body.error.details.fields).sort()).toEqual(['pageSize', 'sort']);
    });
  });

  describe('PATCH and PUT /api/admin/groups/:id', () => {
    it('changes only the fields sent; settings, members and workspaces are replaced whole', async () => {
      const u1 = await createUser(t, admin);
      const u2 = await createUser(t, admin);
      const ws = await workspace();
      const created = await admin
        .post('/api/admin/groups', {
          name: unique('Mutable'),
          settings: { allow_kasm_uploads: true },
          userIds: [u1.id],
        })
        .expect(201);
      const id = created.body.id as string;
      const patched = await admin.patch(`/api/admin/groups/${id}`, { priority: 7 }).expect(200);
      expect(patched.body).toMatchObject({
        priority: 7,
        settings: { allow_kasm_uploads: true },
        userIds: [u1.id],
      });
      const put = await admin
        .put(`/api/admin/groups/${id}`, {
          settings: { allow_kasm_sharing: true },
          userIds: [u2.id],
          workspaceIds: [ws],
        })
        .expect(200);
      expect(put.body).toMatchObject({
        settings: { allow_kasm_sharing: true },
        userIds: [u2.id],
        workspaceIds: [ws],
        userCount: 1,
      });
      expect((await admin.get(`/api/admin/users/${u1.id}`).expect(200)).body.groupIds).toEqual([allUsers]);
    });

    it('refuses bad input, taken names and unknown ids, leaving the group unchanged', async () => {
      const a = await admin.post('/api/admin/groups', { name: unique('A'), priority: 50 }).expect(201);
      const b = await admin.post('/api/admin/groups', { name: unique('B') }).expect(201);
      const bad = await admin
        .patch(`/api/admin/groups/${a.body.id}`, { name: null, settings: { nope: 1 } })
        .expect(400);
      expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['name', 'settings.nope']);
      await admin.patch(`/api/admin/groups/${a.body.id}`, { name: b.body.name }).expect(409);
      await admin
        .patch(`/api/admin/groups/${a.body.id}`, { priority: 1, workspaceIds: [UNKNOWN_ID] })
        .expect(400);
      expect((await admin.get(`/api/admin/groups/${a.body.id}`).expect(200)).body).toMatchObject({
        name: a.body.name,
        priority: 50,
        workspaceIds: [],
      });
      await admin.patch(`/api/admin/groups/${UNKNOWN_ID}`, { priority: 1 }).expect(404);
      await admin.put(`/api/admin/groups/${UNKNOWN_ID}`, { priority: 1 }).expect(404);
      await admin.get(`/api/admin/groups/${UNKNOWN_ID}`).expect(404);
      await admin.get('/api/admin/groups/nope').expect(404);
    });
  });

  describe('DELETE /api/admin/groups/:id', () => {
    it('deletes a group with its memberships and grants', async () => {
      const user = await createUser(t, admin);
      const group = await admin
        .post('/api/admin/groups', { name: unique('Doomed'), userIds: [user.id] })
        .expect(201);
      await admin.delete(`/api/admin/groups/${group.body.id}`).expect(204);
      await admin.get(`/api/admin/groups/${group.body.id}`).expect(404);
      expect((await admin.get(`/api/admin/users/${user.id}`).expect(200)).body.groupIds).toEqual([allUsers]);
      await admin.delete(`/api/admin/groups/${group.body.id}`).expect(404);
    });
  });

  describe('GET /api/admin/users/:id/effective-settings', () => {
    it('takes each key from the strongest group that sets it, then All Users, then the defaults', async () => {
      const user = await createUser(t, admin);
      const strong = await admin
        .post('/api/admin/groups', {
          name: unique('Strong'),
          priority: 2,
          settings: { allow_kasm_downloads: true },
          userIds: [user.id],
        })
        .expect(201);
      const weak = await admin
        .post('/api/admin/groups', {
          name: unique('Weak'),
          priority: 3,
          settings: { allow_kasm_downloads: false, max_kasms_per_user: 5 },
          userIds: [user.id],
        })
        .expect(201);
      // A group the user is not in changes nothing.
      await admin
        .post('/api/admin/groups', {
          name: unique('Other'),
          priority: 1,
          settings: { max_kasms_per_user: 9 },
        })
        .expect(201);
      await admin
        .patch(`/api/admin/groups/${allUsers}`, {
          settings: { idle_disconnect: 60, allow_kasm_downloads: false },
        })
        .expect(200);

      const res = await admin.get(`/api/admin/users/${user.id}/effective-settings`).expect(200);
      expect(res.body.settings).toEqual({
        ...GROUP_SETTING_DEFAULTS,
        allow_kasm_downloads: true,
        max_kasms_per_user: 5,
        idle_disconnect: 60,
      });
      expect(res.body.sources).toMatchObject({
        allow_kasm_downloads: strong.body.id,
        max_kasms_per_user: weak.body.id,
        idle_disconnect: allUsers,
        keepalive_expiration: null,
      });

      // All Users wins once it has the better priority.
      await admin.patch(`/api/admin/groups/${allUsers}`, { priority: 1 }).expect(200);
      const reordered = await admin.get(`/api/admin/users/${user.id}/effective-settings`).expect(200);
      expect(reordered.body.settings.allow_kasm_downloads).toBe(false);
      expect(reordered.body.sources.allow_kasm_downloads).toBe(allUsers);
      await admin
        .patch(`/api/admin/groups/${allUsers}`, { priority: MAX_GROUP_PRIORITY, settings: {} })
        .expect(200);
    });

    it('answers NOT_FOUND for an unknown user', async () => {
      await admin.get(`/api/admin/users/${UNKNOWN_ID}/effective-settings`).expect(404);
      await admin.get('/api/admin/users/zzz/effective-settings').expect(404);
    });
  });

  it('refuses a plain user with 403 on every groups route', async () => {
    const user = await createUser(t, admin);
    for (const call of [
      user.client.get('/api/admin/groups'),
      user.client.get(`/api/admin/groups/${allUsers}`),
      user.client.post('/api/admin/groups', { name: unique('x') }),
      user.client.patch(`/api/admin/groups/${allUsers}`, { priority: 1 }),
      user.client.put(`/api/admin/groups/${allUsers}`, { priority: 1 }),
      user.client.delete(`/api/admin/groups/${allUsers}`),
    ]) {
      expect((await call.expect(403)).body.error.code).toBe('FORBIDDEN');
    }
  });
});
