import { createHash } from 'node:crypto';
import type supertest from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyPermission, CreatedApiKey, KasmSession, KasmUser } from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import { startTestApp, type TestApp } from './support/test-app';
import { enterWith, sessionOrigin } from './support/session-origin';
import {
  TINY_IMAGE,
  containersOf,
  createContainerWorkspace,
  createUser,
  removeContainersOf,
  setAllUsersSettings,
  uniqueName,
} from './support/sessions';

const HEX32 = /^[0-9a-f]{32}$/;
const kasmId = (uuid: string): string => uuid.replace(/-/g, '');
const dashed = (id: string): string =>
  `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every Developer API name of API.md. */
const PUBLIC_NAMES = [
  'request_kasm',
  'get_kasm_status',
  'join_kasm',
  'get_kasms',
  'destroy_kasm',
  'keepalive',
  'exec_command_kasm',
  'get_user',
  'get_users',
  'create_user',
  'update_user',
  'delete_user',
  'logout_user',
  'add_user_group',
  'remove_user_group',
  'get_images',
  'get_cast_configs',
  'create_cast_config',
  'update_cast_config',
  'delete_cast_config',
];

const USER_FIELDS = [
  'anonymous',
  'created',
  'disabled',
  'first_name',
  'groups',
  'last_name',
  'last_session',
  'locked',
  'notes',
  'organization',
  'phone',
  'realm',
  'user_id',
  'username',
];

type Creds = Pick<CreatedApiKey, 'key' | 'secret'>;

describe('Developer API (Kasm-compatible) and API keys', () => {
  let t: TestApp;
  let admin: string;
  let workspaceId: string;
  let installation: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    installation = t.app.get(AgentsService).instanceId;
    await setAllUsersSettings(t, admin, { max_kasms_per_user: 0 });
    workspaceId = await createContainerWorkspace(t, admin);
  });
  afterAll(async () => {
    await t?.close();
    if (installation) await removeContainersOf(installation);
  });

  const auth = (token = admin) => ({ Authorization: `Bearer ${token}` });

  async function makeKey(body: Record<string, unknown> = {}): Promise<CreatedApiKey> {
    const res = await t
      .http()
      .post('/api/admin/api-keys')
      .set(auth())
      .send({ name: uniqueName('key'), ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as CreatedApiKey;
  }
  const keyWith = (...permissions: ApiKeyPermission[]) => makeKey({ permissions });

  function call(
    name: string,
    creds: Creds | null,
    body: Record<string, unknown> = {},
    style: 'body' | 'basic' = 'body',
  ): supertest.Test {
    const req = t.http().post(`/api/public/${name}`);
    if (creds && style === 'basic') return req.auth(creds.key, creds.secret).send(body);
    return req.send(creds ? { api_key: creds.key, api_key_secret: creds.secret, ...body } : body);
  }

  /** A refusal the Kasm way: the status, and a body of exactly `{ error_message }`. */
  function expectKasmError(res: supertest.Response, status: number, contains?: string): void {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(Object.keys(res.body as object)).toEqual(['error_message']);
    const message = (res.body as { error_message: string }).error_message;
    expect(typeof message).toBe('string');
    if (contains) expect(message).toContain(contains);
  }

  async function ok<T = Record<string, unknown>>(call: supertest.Test): Promise<T> {
    const res = await call;
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as T;
  }

  describe('/api/admin/api-keys', () => {
    it('answers the secret once, stores only its SHA-256, and has every documented field', async () => {
      const created = await makeKey({ name: 'CRM' });
      expect(Object.keys(created).sort()).toEqual(
        [
          'createdAt',
          'enabled',
          'expiresAt',
          'id',
          'key',
          'lastUsedAt',
          'name',
          'permissions',
          'readOnly',
          'secret',
        ].sort(),
      );
      expect(created).toMatchObject({
        name: 'CRM',
        permissions: [],
        readOnly: false,
        expiresAt: null,
        enabled: true,
        lastUsedAt: null,
      });
      expect(created.key).toMatch(/^[A-Za-z0-9_-]{12}$/);
      expect(created.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

      const one = await t.http().get(`/api/admin/api-keys/${created.id}`).set(auth()).expect(200);
      expect(one.body).not.toHaveProperty('secret');
      expect(one.body).toMatchObject({ id: created.id, key: created.key, name: 'CRM' });
      const list = await t.http().get('/api/admin/api-keys?q=CRM').set(auth()).expect(200);
      expect((list.body as { total: number }).total).toBeGreaterThanOrEqual(1);
      expect(JSON.stringify(list.body)).not.toContain(created.secret);

      const [row] = await t.app
        .get(DataSource)
        .query<{ secret_hash: string }[]>('SELECT secret_hash FROM api_keys WHERE id = $1', [created.id]);
      expect(row.secret_hash).toBe(createHash('sha256').update(created.secret).digest('hex'));

      // A call marks it used.
      await call('get_images', created);
      const used = await t.http().get(`/api/admin/api-keys/${created.id}`).set(auth()).expect(200);
      expect((used.body as { lastUsedAt: string | null }).lastUsedAt).not.toBeNull();
    });

    it('updates name, permissions, readOnly, expiresAt and enabled; validates; deletes', async () => {
      const created = await makeKey();
      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      const res = await t
        .http()
        .patch(`/api/admin/api-keys/${created.id}`)
        .set(auth())
        .send({
          name: 'renamed',
          permissions: ['users_view', 'users_view', 'images_view'],
          readOnly: true,
          expiresAt,
          enabled: false,
        })
        .expect(200);
      expect(res.body).toMatchObject({
        name: 'renamed',
        permissions: ['users_view', 'images_view'],
        readOnly: true,
        expiresAt,
        enabled: false,
      });
      await t
        .http()
        .put(`/api/admin/api-keys/${created.id}`)
        .set(auth())
        .send({ expiresAt: null, enabled: true })
        .expect(200)
        .expect((r) => expect(r.body).toMatchObject({ expiresAt: null, enabled: true, name: 'renamed' }));

      const bad = await t
        .http()
        .post('/api/admin/api-keys')
        .set(auth())
        .send({ name: '', permissions: ['root'], readOnly: 'yes', expiresAt: 'soon' })
        .expect(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(bad.body.error.details.fields as object).sort()).toEqual(
        ['expiresAt', 'name', 'permissions', 'readOnly'].sort(),
      );
      await t.http().patch(`/api/admin/api-keys/${created.id}`).set(auth()).send({ secret: 'x' }).expect(400);
      await t
        .http()
        .patch('/api/admin/api-keys/7d0c1c8e-8a7e-4c1b-9d1e-000000000000')
        .set(auth())
        .send({ name: 'x' })
        .expect(404);

      const user = await createUser(t, admin);
      await t.http().get('/api/admin/api-keys').set(auth(user.token)).expect(403);
      await t.http().get('/api/admin/api-keys').expect(401);

      await t.http().delete(`/api/admin/api-keys/${created.id}`).set(auth()).expect(204);
      await t.http().get(`/api/admin/api-keys/${created.id}`).set(auth()).expect(404);
      expectKasmError(await call('get_users', created), 401);
    });
  });

  describe('credentials and permissions', () => {
    it('takes the credentials from the JSON body or from HTTP Basic', async () => {
      const key = await keyWith('users_view');
      const viaBody = await ok<{ users: KasmUser[] }>(call('get_users', key));
      expect(viaBody.users.map((u) => u.username)).toContain('admin');
      const viaBasic = await ok<{ users: KasmUser[] }>(call('get_users', key, {}, 'basic'));
      expect(viaBasic.users.length).toBe(viaBody.users.length);
    });

    it('refuses missing credentials, unknown keys, wrong secrets, disabled and expired keys with 401', async () => {
      const key = await keyWith('users_view');
      expectKasmError(await call('get_users', null), 401);
      expectKasmError(await call('get_users', { key: key.key, secret: `${key.secret}x` }), 401, 'Invalid');
      expectKasmError(await call('get_users', { key: 'unknown-key', secret: key.secret }), 401, 'Invalid');
      expectKasmError(await call('get_users', { key: key.key, secret: 'wrong' }, {}, 'basic'), 401);
      expectKasmError(
        await t.http().post('/api/public/get_users').set('Authorization', 'Bearer whatever').send({}),
        401,
      );

      await t.http().patch(`/api/admin/api-keys/${key.id}`).set(auth()).send({ enabled: false }).expect(200);
      expectKasmError(await call('get_users', key), 401, 'disabled');
      // The secret is checked first: a wrong one does not learn that the key is disabled.
      const wrong = await call('get_users', { key: key.key, secret: 'wrong' });
      expect((wrong.body as { error_message: string }).error_message).not.toContain('disabled');
      await t.http().patch(`/api/admin/api-keys/${key.id}`).set(auth()).send({ enabled: true }).expect(200);
      await ok(call('get_users', key));

      const past = new Date(Date.now() - 1000).toISOString();
      await t.http().patch(`/api/admin/api-keys/${key.id}`).set(auth()).send({ expiresAt: past }).expect(200);
      expectKasmError(await call('get_users', key), 401, 'expired');
      expectKasmError(await call('get_users', key, {}, 'basic'), 401, 'expired');
    });

    it('answers 403 for a missing permission; global_admin implies all; read-only keys only read', async () => {
      const viewer = await keyWith('users_view');
      expectKasmError(
        await call('create_user', viewer, { target_user: { username: uniqueName('u') } }),
        403,
        'users_create',
      );
      const userOnly = await keyWith('user');
      expectKasmError(
        await call('request_kasm', userOnly, { image_id: kasmId(workspaceId) }),
        403,
        'users_auth_session',
      );
      const none = await makeKey();
      expectKasmError(await call('get_images', none), 403, 'images_view');

      const root = await keyWith('global_admin');
      await ok(call('get_images', root));
      await ok(call('get_cast_configs', root));
      await ok(call('get_kasms', root));

      const readOnly = await makeKey({ permissions: ['global_admin'], readOnly: true });
      await ok(call('get_users', readOnly));
      await ok(call('get_images', readOnly));
      expectKasmError(
        await call('create_user', readOnly, { target_user: { username: uniqueName('u') } }),
        403,
        'read-only',
      );
      expectKasmError(
        await call('delete_cast_config', readOnly, { target_cast_config: {} }),
        403,
        'read-only',
      );
    });

    it('refuses every public route without credentials (401, never a 200 carrying an error)', async () => {
      for (const name of PUBLIC_NAMES) expectKasmError(await call(name, null), 401);
      const none = await makeKey();
      for (const name of PUBLIC_NAMES) expectKasmError(await call(name, none), 403);
    });

    it('answers bad input with 400 and unknown ids with 404, in Kasm field names', async () => {
      const key = await keyWith('global_admin');
      expectKasmError(await call('get_user', key, {}), 400, 'target_user');
      expectKasmError(await call('get_user', key, { target_user: { user_id: 'not-an-id' } }), 404, 'User');
      expectKasmError(
        await call('get_user', key, { target_user: { user_id: '7d0c1c8e8a7e4c1b9d1e000000000000' } }),
        404,
      );
      expectKasmError(
        await call('get_kasm_status', key, { kasm_id: '7d0c1c8e8a7e4c1b9d1e000000000000' }),
        404,
      );
      expectKasmError(await call('request_kasm', key, { user_id: 'x', image_id: 42 }), 400, 'image_id');
      expectKasmError(
        await call('create_cast_config', key, { target_cast_config: {} }),
        400,
        'casting_config_name',
      );
    });
  });

  describe('users and groups', () => {
    it('create_user, get_user (by id, dashed id, username), get_users, update_user, delete_user', async () => {
      const key = await keyWith('users_view', 'users_create', 'users_modify', 'users_delete');
      const username = `${uniqueName('bob')}@example.com`;
      const { user } = await ok<{ user: KasmUser }>(
        call('create_user', key, {
          target_user: {
            username,
            password: 'a-strong-password-1',
            first_name: 'Bob',
            last_name: 'Williams',
            phone: '123-456-7890',
            organization: 'example',
            locked: false,
            disabled: false,
            realm: 'local',
          },
        }),
      );
      expect(Object.keys(user).sort()).toEqual(USER_FIELDS);
      expect(user).toMatchObject({
        username,
        first_name: 'Bob',
        last_name: 'Williams',
        phone: '123-456-7890',
        organization: 'example',
        notes: null,
        realm: 'local',
        locked: false,
        disabled: false,
        anonymous: false,
        last_session: null,
      });
      expect(user.user_id).toMatch(HEX32);
      expect(user.groups.map((g) => g.name)).toContain('All Users');
      expect(user.groups.every((g) => HEX32.test(g.group_id))).toBe(true);
      // It signs in like any user.
      await t.login(username, 'a-strong-password-1');

      for (const target of [{ user_id: user.user_id }, { user_id: dashed(user.user_id) }, { username }]) {
        const got = await ok<{ user: KasmUser }>(call('get_user', key, { target_user: target }));
        expect(got.user.user_id).toBe(user.user_id);
        expect(got.user.first_name).toBe('Bob');
      }
      const { users } = await ok<{ users: KasmUser[] }>(call('get_users', key));
      expect(users.find((u) => u.user_id === user.user_id)?.organization).toBe('example');

      expectKasmError(await call('create_user', key, { target_user: { username } }), 400, 'taken');
      expectKasmError(await call('create_user', key, { target_user: { first_name: 'x' } }), 400, 'username');
      expectKasmError(
        await call('create_user', key, { target_user: { username: uniqueName('u'), password: 'short' } }),
        400,
        'password',
      );

      const updated = await ok<{ user: KasmUser }>(
        call('update_user', key, {
          target_user: { user_id: user.user_id, first_name: 'Robert', locked: true },
        }),
      );
      expect(updated.user).toMatchObject({ first_name: 'Robert', last_name: 'Williams', locked: true });
      const adminView = await t
        .http()
        .get(`/api/admin/users/${dashed(user.user_id)}`)
        .set(auth())
        .expect(200);
      expect(adminView.body).toMatchObject({ locked: true, username });

      // An administrator is changed only with global_admin (else users_modify could take it over).
      const me = await t.http().get('/api/auth/me').set(auth()).expect(200);
      const adminId = kasmId((me.body as { id: string }).id);
      expectKasmError(
        await call('update_user', key, { target_user: { user_id: adminId, password: 'taken-over-1' } }),
        403,
        'global_admin',
      );
      expectKasmError(await call('delete_user', key, { target_user: { user_id: adminId } }), 403);
      const root = await keyWith('global_admin');
      await ok(call('update_user', root, { target_user: { user_id: adminId, first_name: 'Ada' } }));

      await ok(call('delete_user', key, { target_user: { user_id: user.user_id }, force: false }));
      expectKasmError(await call('get_user', key, { target_user: { user_id: user.user_id } }), 404);
    });

    it('logout_user signs the user out everywhere', async () => {
      const key = await keyWith('users_auth_session');
      const user = await createUser(t, admin);
      await t.http().get('/api/auth/me').set(auth(user.token)).expect(200);
      expect(await ok(call('logout_user', key, { target_user: { user_id: kasmId(user.id) } }))).toEqual({});
      await t.http().get('/api/auth/me').set(auth(user.token)).expect(401);
    });

    it('add_user_group and remove_user_group', async () => {
      const key = await keyWith('groups_modify', 'users_view');
      const user = await createUser(t, admin);
      const group = await t
        .http()
        .post('/api/admin/groups')
        .set(auth())
        .send({ name: uniqueName('grp') })
        .expect(201);
      const groupId = kasmId((group.body as { id: string }).id);
      const body = { target_user: { user_id: kasmId(user.id) }, target_group: { group_id: groupId } };

      expect(await ok(call('add_user_group', key, body))).toEqual({});
      await ok(call('add_user_group', key, body));
      const got = await ok<{ user: KasmUser }>(
        call('get_user', key, { target_user: { user_id: kasmId(user.id) } }),
      );
      expect(got.user.groups.map((g) => g.group_id)).toContain(groupId);

      expect(await ok(call('remove_user_group', key, body))).toEqual({});
      const after = await t.http().get(`/api/admin/users/${user.id}`).set(auth()).expect(200);
      expect((after.body as { groupIds: string[] }).groupIds).not.toContain(dashed(groupId));

      const allUsers = got.user.groups.find((g) => g.name === 'All Users')!.group_id;
      expectKasmError(
        await call('remove_user_group', key, { ...body, target_group: { group_id: allUsers } }),
        400,
        'All Users',
      );
      expectKasmError(
        await call('add_user_group', key, {
          ...body,
          target_group: { group_id: '7d0c1c8e8a7e4c1b9d1e000000000000' },
        }),
        404,
        'Group',
      );
    });
  });

  it('get_images lists workspaces as Kasm images', async () => {
    const key = await keyWith('images_view');
    const { images } = await ok<{ images: Record<string, unknown>[] }>(call('get_images', key));
    expect(images.find((i) => i['image_id'] === kasmId(workspaceId))).toMatchObject({
      name: TINY_IMAGE,
      image_type: 'Container',
      enabled: true,
      available: true,
      cores: 0.5,
      memory: 128_000_000,
    });
  });

  it('casting configs: create, list, update and delete in Kasm field names', async () => {
    const key = await keyWith('casting_view', 'casting_create', 'casting_modify', 'casting_delete');
    const name = uniqueName('cast');
    const { cast_config: created } = await ok<{ cast_config: Record<string, unknown> }>(
      call('create_cast_config', key, {
        target_cast_config: {
          casting_config_name: name,
          image_id: kasmId(workspaceId),
          allow_anonymous: true,
          limit_sessions: true,
          session_remaining: 5,
          allowed_referrers: 'acme.com, example.org',
          allow_kasm_downloads: true,
          disable_fixed_res: true,
          valid_until: '2030-01-02 03:04:05',
          remote_app_configs: JSON.stringify({ remote_app_name: 'calc', args: [] }),
          unknown_kasm_field: 'ignored',
        },
      }),
    );
    expect(created).toMatchObject({
      casting_config_name: name,
      image_id: kasmId(workspaceId),
      allow_anonymous: true,
      limit_sessions: true,
      session_remaining: 5,
      allowed_referrers: ['acme.com', 'example.org'],
      allow_kasm_downloads: true,
      allow_kasm_audio: true,
      disable_fixed_res: true,
      valid_until: '2030-01-02 03:04:05.000000',
      remote_app_configs: { remote_app_name: 'calc', args: [] },
      group_id: null,
    });
    expect(created['cast_config_id']).toMatch(HEX32);
    expect(Object.keys(created).every((k) => /^[a-z_]+$/.test(k))).toBe(true);

    const id = dashed(created['cast_config_id'] as string);
    const native = await t.http().get(`/api/admin/casting/${id}`).set(auth()).expect(200);
    expect(native.body).toMatchObject({
      name,
      workspaceId,
      sessionsRemaining: 5,
      allowedReferrers: ['acme.com', 'example.org'],
      disableFixedResolution: true,
      validUntil: '2030-01-02T03:04:05.000Z',
      clientSettings: { allowDownloads: true, allowAudio: true },
    });

    const { cast_configs } = await ok<{ cast_configs: { cast_config_id: string }[] }>(
      call('get_cast_configs', key),
    );
    expect(cast_configs.map((c) => c.cast_config_id)).toContain(created['cast_config_id']);

    const { cast_config: updated } = await ok<{ cast_config: Record<string, unknown> }>(
      call('update_cast_config', key, {
        target_cast_config: { cast_config_id: id, session_remaining: 3, allow_kasm_audio: false },
      }),
    );
    expect(updated).toMatchObject({
      session_remaining: 3,
      allow_kasm_audio: false,
      allow_kasm_downloads: true,
    });

    expectKasmError(
      await call('update_cast_config', key, { target_cast_config: { cast_config_id: id, limit_ips: true } }),
      400,
      'ip_request_limit',
    );
    expectKasmError(
      await call('create_cast_config', key, { target_cast_config: { casting_config_name: uniqueName('c') } }),
      400,
      'image_id',
    );

    expect(await ok(call('delete_cast_config', key, { target_cast_config: { cast_config_id: id } }))).toEqual(
      {},
    );
    expectKasmError(
      await call('update_cast_config', key, { target_cast_config: { cast_config_id: id, enabled: false } }),
      404,
    );
  });

  describe('sessions on the Docker engine', () => {
    const sessionKeyPermissions: ApiKeyPermission[] = [
      'user',
      'users_auth_session',
      'sessions_modify',
      'sessions_view',
    ];

    interface Status {
      kasm: KasmSession;
      kasm_url: string | null;
      current_time: string;
    }

    async function waitForStatus(
      key: Creds,
      id: string,
      statuses: string[],
      timeoutMs = 30_000,
    ): Promise<Status> {
      const deadline = Date.now() + timeoutMs;
      let last: Status | undefined;
      while (Date.now() < deadline) {
        const status = await ok<Status>(call('get_kasm_status', key, { kasm_id: id }));
        if (statuses.includes(status.kasm.operational_status)) return status;
        last = status;
        await sleep(50);
      }
      throw new Error(`kasm ${id} did not reach ${statuses.join('/')}: ${JSON.stringify(last)}`);
    }

    const tokenOf = (kasmUrl: string): string => new URL(kasmUrl, 'http://x').hash.split('token=')[1];
    const cookieOf = (res: supertest.Response, path: string): string => {
      const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
      const match = cookies.find((c) => c.includes(`Path=${path}`));
      if (!match) throw new Error(`no cookie for ${path}: ${cookies.join(' | ')}`);
      return match.split(';')[0];
    };

    it(
      'request_kasm → get_kasm_status (always a kasm) → connect admits that session only → exec → keepalive → join → destroy',
      { timeout: 180_000 },
      async () => {
        const key = await keyWith(...sessionKeyPermissions);
        const user = await createUser(t, admin);
        const requested = await ok<Record<string, string | null>>(
          call('request_kasm', key, {
            user_id: kasmId(user.id),
            image_id: kasmId(workspaceId),
            enable_sharing: true,
            kasm_url: 'https://example.org/start?a=1',
            environment: { IGNORED: 'yes' },
          }),
        );
        expect(Object.keys(requested).sort()).toEqual(
          ['kasm_id', 'kasm_url', 'session_token', 'share_id', 'status', 'user_id', 'username'].sort(),
        );
        const id = requested['kasm_id']!;
        expect(id).toMatch(HEX32);
        expect(requested['user_id']).toBe(kasmId(user.id));
        expect(requested['share_id']).toMatch(HEX32);
        expect(['provisioning', 'starting', 'running']).toContain(requested['status']);
        expect(requested['kasm_url']).toBe(
          `/#/connect/${id}?token=${encodeURIComponent(requested['session_token']!)}`,
        );

        // Always a kasm object, also while starting.
        const early = await ok<{ kasm: KasmSession; kasm_url: string; current_time: string }>(
          call('get_kasm_status', key, { kasm_id: id, user_id: kasmId(user.id) }),
        );
        expect(Object.keys(early).sort()).toEqual(['current_time', 'kasm', 'kasm_url']);
        expect(early.kasm.kasm_id).toBe(id);
        expect(early.kasm.operational_status).toMatch(/^(provisioning|starting|running)$/);
        expect(early.kasm_url).toMatch(new RegExp(`^/#/connect/${id}\\?token=css_`));
        expect(early.current_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);

        const running = await waitForStatus(key, dashed(id), ['running']);
        expect(running.kasm).toMatchObject({
          kasm_id: id,
          user_id: kasmId(user.id),
          username: expect.any(String),
          image_id: kasmId(workspaceId),
          share_id: requested['share_id'],
          operational_progress: 100,
          image: { image_id: kasmId(workspaceId), name: TINY_IMAGE, image_type: 'Container' },
        });
        expect(running.kasm.client_settings).toHaveProperty('allow_kasm_audio');
        expect(running.kasm_url).toBe(early.kasm_url); // reused, not a new grant per poll
        const { kasms } = await ok<{ kasms: KasmSession[] }>(call('get_kasms', key));
        expect(kasms.map((k) => k.kasm_id)).toContain(id);
        expectKasmError(
          await call('get_kasm_status', key, { kasm_id: id, user_id: '7d0c1c8e8a7e4c1b9d1e000000000000' }),
          404,
        );

        // The connect URL's token, traded for cookies, admits the browser to this session.
        const sessionId = dashed(id);
        const connected = await t
          .http()
          .post('/api/connect')
          .send({ kasm_id: id, token: tokenOf(requested['kasm_url']!) })
          .expect(200);
        expect(connected.body).toMatchObject({
          sessionId,
          state: 'running',
          viewOnly: false,
          viewerUrl: t.config.sessions.urlFor(sessionId),
          origin: t.config.sessions.originFor(sessionId),
        });
        // One cookie only, for the connect routes; the session's content is on its own origin.
        expect(connected.headers['set-cookie']).toHaveLength(1);
        const apiCookie = cookieOf(connected, `/api/connect/${sessionId}`);
        const proxy = await enterWith(t, connected.body.enterUrl as string);
        const proxyCookie = proxy.cookie;
        const page = await proxy.get('/').expect(200);
        expect(page.text).toContain('https://example.org/start?a=1');
        await t.http().get(`/api/connect/${sessionId}`).set('Cookie', apiCookie).expect(200);
        await t.http().get(`/api/connect/${sessionId}`).expect(404);
        await t.http().post(`/api/connect/${sessionId}/keepalive`).set('Cookie', apiCookie).expect(403);
        await t
          .http()
          .post(`/api/connect/${sessionId}/keepalive`)
          .set('Cookie', apiCookie)
          .set('x-caster-csrf', '1')
          .expect(200);

        // … and no other session: another user's session is not reached with it.
        const other = await createUser(t, admin);
        const second = await ok<Record<string, string>>(
          call('request_kasm', key, { user_id: other.id, image_id: workspaceId }),
        );
        const otherId = dashed(second['kasm_id']);
        await waitForStatus(key, second['kasm_id'], ['running']);
        await t
          .http()
          .post('/api/connect')
          .send({ kasm_id: second['kasm_id'], token: requested['session_token'] })
          .expect(404);
        const cookieValue = proxyCookie.split('=')[1];
        const otherOrigin = sessionOrigin(t, otherId);
        await otherOrigin.get('/').set('Cookie', `caster_session=${cookieValue}`).expect(401);
        await otherOrigin.get('/').set('Cookie', `caster_session=${requested['session_token']}`).expect(401);
        // A session_token is not a session-origin cookie, even for its own session: it is traded first.
        await otherOrigin.get('/').set('Cookie', `caster_session=${second['session_token']}`).expect(401);
        await t
          .http()
          .get(`/api/connect/${otherId}`)
          .set('Cookie', `caster_session=${cookieValue}`)
          .expect(404);
        const secondConnect = await t
          .http()
          .post('/api/connect')
          .send({ kasm_id: second['kasm_id'], token: tokenOf(second['kasm_url']) })
          .expect(200);
        await (await enterWith(t, secondConnect.body.enterUrl as string)).get('/').expect(200);
        // A fresh entry link for the connect page (CSRF header required).
        const secondApiCookie = cookieOf(secondConnect, `/api/connect/${otherId}`);
        await t.http().post(`/api/connect/${otherId}/enter`).set('Cookie', secondApiCookie).expect(403);
        const fresh = await t
          .http()
          .post(`/api/connect/${otherId}/enter`)
          .set('Cookie', secondApiCookie)
          .set('x-caster-csrf', '1')
          .expect(200);
        await (await enterWith(t, fresh.body.enterUrl as string)).get('/').expect(200);

        // exec_command_kasm: argv, never a shell — metacharacters arrive as plain text.
        const execAs = async (cmd: unknown, extra: Record<string, unknown> = {}) =>
          ok<{ exit_code: number | null; output: string | null; kasm_id: string }>(
            call('exec_command_kasm', key, {
              kasm_id: id,
              user_id: kasmId(user.id),
              exec_config: { cmd, ...extra },
            }),
          );
        const list = await execAs(['echo', 'a;b', '$HOME', '`id`', '$(id)']);
        expect(list).toMatchObject({ exit_code: 0, output: 'a;b $HOME `id` $(id)\n', kasm_id: id });
        const line = await execAs(`echo "x  y" 'z;id' $(whoami) && false`);
        expect(line).toMatchObject({ exit_code: 0, output: 'x  y z;id $(whoami) && false\n' });
        expect((await execAs(['false'])).exit_code).toBe(1);
        expect((await execAs('env', { environment: { GREETING: 'hi there' } })).output).toContain(
          'GREETING=hi there\n',
        );
        expect((await execAs(['pwd'], { workdir: '/tmp' })).output).toBe('/tmp\n');
        expectKasmError(
          await call('exec_command_kasm', key, { kasm_id: id, exec_config: { cmd: 'echo "open' } }),
          400,
          'unterminated',
        );
        expectKasmError(
          await call('exec_command_kasm', key, {
            kasm_id: id,
            exec_config: { cmd: ['id'], privileged: true },
          }),
          400,
          'privileged',
        );

        const kept = await ok<{ usage_reached: boolean; expiration_date: string }>(
          call('keepalive', key, { kasm_id: id, user_id: kasmId(user.id) }),
        );
        expect(kept.usage_reached).toBe(false);
        expect(kept.expiration_date).toMatch(/^\d{4}-\d{2}-\d{2} /);

        // join_kasm: a view-only connect URL through the share.
        const joined = await ok<{
          kasm_id: string;
          session_token: string;
          kasm_url: string;
          kasm: KasmSession;
        }>(call('join_kasm', key, { share_id: requested['share_id'], user_id: kasmId(other.id) }));
        expect(joined.kasm_id).toBe(id);
        expect(joined.kasm.operational_status).toBe('running');
        const viewer = await t
          .http()
          .post('/api/connect')
          .send({ kasm_id: sessionId, token: tokenOf(joined.kasm_url) })
          .expect(200);
        expect(viewer.body).toMatchObject({ viewOnly: true, sessionId });
        const viewerOrigin = await enterWith(t, viewer.body.enterUrl as string);
        await viewerOrigin.get('/').expect(200);
        await viewerOrigin.request('post', '/').expect(404);
        await t
          .http()
          .post(`/api/connect/${sessionId}/keepalive`)
          .set('Cookie', cookieOf(viewer, `/api/connect/${sessionId}`))
          .set('x-caster-csrf', '1')
          .expect(403);
        expectKasmError(await call('join_kasm', key, { share_id: 'f'.repeat(32) }), 404);

        // A read-only key may read the status, and its connect URL only watches.
        const readOnly = await makeKey({ permissions: ['global_admin'], readOnly: true });
        const watched = await ok<{ kasm_url: string }>(call('get_kasm_status', readOnly, { kasm_id: id }));
        const watch = await t
          .http()
          .post('/api/connect')
          .send({ kasm_id: id, token: tokenOf(watched.kasm_url) })
          .expect(200);
        expect((watch.body as { viewOnly: boolean }).viewOnly).toBe(true);
        expectKasmError(await call('destroy_kasm', readOnly, { kasm_id: id }), 403, 'read-only');

        // destroy_kasm: gone, and its tokens with it.
        expect(await ok(call('destroy_kasm', key, { kasm_id: id, user_id: kasmId(user.id) }))).toEqual({});
        const ended = await waitForStatus(key, id, ['stopped']);
        expect(ended.kasm_url).toBeNull();
        expect(ended.kasm.operational_status).toBe('stopped');
        await proxy.get('/').expect(401);
        await t.http().get(`/api/connect/${sessionId}`).set('Cookie', apiCookie).expect(404);
        await t
          .http()
          .post('/api/connect')
          .send({ kasm_id: id, token: requested['session_token'] })
          .expect(404);
        expectKasmError(await call('keepalive', key, { kasm_id: id }), 400);
        expectKasmError(
          await call('exec_command_kasm', key, { kasm_id: id, exec_config: { cmd: ['id'] } }),
          400,
        );

        await ok(call('destroy_kasm', key, { kasm_id: otherId }));
        await waitForStatus(key, otherId, ['stopped']);
        expect(
          (await containersOf(installation)).filter((c) =>
            [sessionId, otherId].includes(c.Labels['org.caster.session-id'] ?? ''),
          ),
        ).toEqual([]);
      },
    );

    it('request_kasm without user_id makes an anonymous user; refuses unknown images and disabled users', async () => {
      const key = await keyWith(...sessionKeyPermissions);
      const anonymous = await ok<Record<string, string>>(
        call('request_kasm', key, { image_id: kasmId(workspaceId) }),
      );
      expect(anonymous['username']).toMatch(/^anon-/);
      expect(anonymous['user_id']).toMatch(HEX32);
      const root = await keyWith('global_admin');
      const { user } = await ok<{ user: KasmUser }>(
        call('get_user', root, { target_user: { user_id: anonymous['user_id'] } }),
      );
      expect(user.anonymous).toBe(true);
      await ok(call('destroy_kasm', key, { kasm_id: anonymous['kasm_id'] }));

      expectKasmError(
        await call('request_kasm', key, { image_id: '7d0c1c8e8a7e4c1b9d1e000000000000' }),
        404,
        'Image',
      );
      const disabled = await createUser(t, admin);
      await t
        .http()
        .patch(`/api/admin/users/${disabled.id}`)
        .set(auth())
        .send({ disabled: true })
        .expect(200);
      expectKasmError(
        await call('request_kasm', key, { user_id: kasmId(disabled.id), image_id: kasmId(workspaceId) }),
        403,
        'disabled',
      );
      expectKasmError(
        await call('request_kasm', key, {
          user_id: '7d0c1c8e8a7e4c1b9d1e000000000000',
          image_id: workspaceId,
        }),
        404,
        'User',
      );
    });
  });
});
