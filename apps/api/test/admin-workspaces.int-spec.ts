import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  UNKNOWN_ID,
  adminClient,
  allUsersGroupId,
  createUser,
  unique,
  type ApiClient,
} from './support/api-client';
import { startTestApp, type TestApp } from './support/test-app';

const VOLUME_ROOT = '/srv/caster-test-volumes';

describe('admin workspaces API (PostgreSQL)', () => {
  let t: TestApp;
  let admin: ApiClient;
  let allUsers: string;

  beforeAll(async () => {
    t = await startTestApp({ db: 'postgres', env: { VOLUME_ROOTS: VOLUME_ROOT } });
    admin = await adminClient(t);
    allUsers = await allUsersGroupId(admin);
  });
  afterAll(async () => {
    await t?.close();
  });

  const server = async (extra: Record<string, unknown> = {}) =>
    (
      await admin
        .post('/api/admin/workspaces', {
          name: unique('rdp'),
          type: 'server',
          server: { host: 'rdp.example.internal', protocol: 'rdp' },
          ...extra,
        })
        .expect(201)
    ).body as { id: string; name: string };

  describe('POST /api/admin/workspaces', () => {
    it('creates a container workspace with defaults, launchable by All Users', async () => {
      const name = unique('Firefox');
      const res = await admin
        .post('/api/admin/workspaces', { name, type: 'container', image: 'kasmweb/firefox:1.16.0' })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name,
        description: '',
        type: 'container',
        enabled: true,
        image: 'kasmweb/firefox:1.16.0',
        cores: 1,
        memoryMb: 2048,
        env: {},
        runConfig: {},
        execConfig: {},
        allowNetworkSelection: false,
        allowedNetworks: [],
        internetAccess: true,
        persistentProfilePath: null,
        provider: null,
        placementConstraints: [],
        sessionTimeLimitSec: null,
        server: null,
        poolServerIds: null,
        poolSessionsPerServer: null,
        url: null,
        groupIds: [allUsers],
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect((await admin.get(`/api/admin/workspaces/${res.body.id}`).expect(200)).body).toEqual(res.body);
    });

    it('takes every container option, bind mounts inside VOLUME_ROOTS included', async () => {
      const res = await admin
        .post('/api/admin/workspaces', {
          name: unique('Desktop'),
          type: 'container',
          image: 'localhost:5000/caster/desktop:2',
          cores: 1.5,
          memoryMb: 4096,
          env: { KASM_URL: 'https://example.org', TZ: 'UTC' },
          runConfig: {
            hostname: 'desk',
            shm_size: '1g',
            volumes: { [`${VOLUME_ROOT}/shared`]: { bind: '/shared', mode: 'ro' } },
            security_opt: ['no-new-privileges'],
          },
          execConfig: { first_launch: { cmd: 'echo hello', user: 'root' } },
          allowNetworkSelection: true,
          allowedNetworks: ['caster-a', 'caster-b'],
          persistentProfilePath: `${VOLUME_ROOT}/profiles/{username}`,
          sessionTimeLimitSec: 3600,
        })
        .expect(201);
      expect(res.body).toMatchObject({
        cores: 1.5,
        memoryMb: 4096,
        allowedNetworks: ['caster-a', 'caster-b'],
      });
    });

    it('refuses unsafe Docker options, naming each', async () => {
      const res = await admin
        .post('/api/admin/workspaces', {
          name: unique('Evil'),
          type: 'container',
          image: 'alpine',
          runConfig: {
            privileged: true,
            network_mode: 'host',
            pid_mode: 'host',
            cap_add: ['SYS_ADMIN'],
            devices: ['/dev/kvm'],
            security_opt: ['seccomp=unconfined'],
            volumes: { '/var/run/docker.sock': { bind: '/var/run/docker.sock' } },
          },
          execConfig: { go: { cmd: 'sh', privileged: true } },
          env: { 'bad-name': 'x' },
          allowedNetworks: ['host'],
          persistentProfilePath: '/home/{username}',
        })
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.error.details.fields).sort()).toEqual(
        [
          'runConfig.privileged',
          'runConfig.network_mode',
          'runConfig.pid_mode',
          'runConfig.cap_add[0]',
          'runConfig.devices',
          'runConfig.security_opt[0]',
          'runConfig.volumes./var/run/docker.sock',
          'execConfig.go.privileged',
          'env.bad-name',
          'allowedNetworks[0]',
          'persistentProfilePath',
        ].sort(),
      );
    });

    it('takes a provider and Swarm placement constraints, refusing malformed ones and options Swarm lacks', async () => {
      const ok = await admin
        .post('/api/admin/workspaces', {
          name: unique('GPU'),
          type: 'container',
          image: 'caster/tiny-app:latest',
          provider: 'swarm',
          placementConstraints: ['node.labels.gpu==true', ' node.role!=manager '],
        })
        .expect(201);
      expect(ok.body).toMatchObject({
        provider: 'swarm',
        placementConstraints: ['node.labels.gpu==true', 'node.role!=manager'],
      });
      const cleared = await admin
        .patch(`/api/admin/workspaces/${ok.body.id}`, { provider: null, placementConstraints: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ provider: null, placementConstraints: [] });

      const bad = await admin
        .post('/api/admin/workspaces', {
          name: unique('Bad placement'),
          type: 'container',
          image: 'caster/tiny-app:latest',
          provider: 'swarm',
          placementConstraints: ['node.labels.gpu==true', 'node.role==boss', 'rm -rf /'],
          runConfig: { security_opt: ['no-new-privileges'], hostname: 'ok' },
        })
        .expect(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(bad.body.error.details.fields).sort()).toEqual([
        'placementConstraints[1]',
        'placementConstraints[2]',
        'runConfig.security_opt',
      ]);
      const kind = await admin
        .post('/api/admin/workspaces', {
          name: unique('k8s'),
          type: 'container',
          image: 'caster/tiny-app:latest',
          provider: 'kubernetes',
        })
        .expect(400);
      expect(Object.keys(kind.body.error.details.fields)).toEqual(['provider']);
      const link = await admin
        .post('/api/admin/workspaces', {
          name: unique('link'),
          type: 'link',
          url: 'https://example.org',
          placementConstraints: ['node.role==worker'],
        })
        .expect(400);
      expect(link.body.error.details.fields).toEqual({ placementConstraints: 'not used by link workspaces' });
    });

    it('refuses bad field types and missing required fields per type', async () => {
      const types = await admin
        .post('/api/admin/workspaces', {
          name: '',
          type: 'vm',
          enabled: 'yes',
          cores: 0,
          memoryMb: 1.5,
          extra: 1,
        })
        .expect(400);
      expect(Object.keys(types.body.error.details.fields).sort()).toEqual([
        'cores',
        'enabled',
        'extra',
        'memoryMb',
        'name',
        'type',
      ]);
      const image = await admin
        .post('/api/admin/workspaces', { name: unique('x'), type: 'container' })
        .expect(400);
      expect(image.body.error.details.fields).toEqual({ image: expect.any(String) });
      const badImage = await admin
        .post('/api/admin/workspaces', { name: unique('x'), type: 'container', image: 'Not A/Reference' })
        .expect(400);
      expect(badImage.body.error.details.fields).toHaveProperty('image');
      const srv = await admin
        .post('/api/admin/workspaces', { name: unique('x'), type: 'server', server: { port: 0 } })
        .expect(400);
      expect(srv.body.error.details.fields).toHaveProperty(['server.port']);
      const srv2 = await admin
        .post('/api/admin/workspaces', { name: unique('x'), type: 'server' })
        .expect(400);
      expect(Object.keys(srv2.body.error.details.fields).sort()).toEqual(['server.host', 'server.protocol']);
      const link = await admin
        .post('/api/admin/workspaces', { name: unique('x'), type: 'link', url: 'javascript:alert(1)' })
        .expect(400);
      expect(link.body.error.details.fields).toEqual({ url: 'must be an http(s) URL' });
    });

    it('refuses fields of another type that carry a value, and ignores empty ones', async () => {
      const refused = await admin
        .post('/api/admin/workspaces', {
          name: unique('x'),
          type: 'link',
          url: 'https://example.org',
          image: 'alpine',
          poolServerIds: [UNKNOWN_ID],
        })
        .expect(400);
      expect(refused.body.error.details.fields).toEqual({
        image: 'not used by link workspaces',
        poolServerIds: 'not used by link workspaces',
      });
      const ignored = await admin
        .post('/api/admin/workspaces', {
          name: unique('x'),
          type: 'link',
          url: 'https://example.org',
          image: null,
          env: {},
          allowedNetworks: [],
          allowNetworkSelection: false,
          server: null,
        })
        .expect(201);
      expect(ignored.body).toMatchObject({ image: null, env: null, allowedNetworks: null, server: null });
    });

    it('refuses a taken name with NAME_TAKEN', async () => {
      const name = unique('Same');
      await admin.post('/api/admin/workspaces', { name, type: 'link', url: 'https://a.example' }).expect(201);
      const res = await admin
        .post('/api/admin/workspaces', { name: name.toUpperCase(), type: 'link', url: 'https://b.example' })
        .expect(409);
      expect(res.body.error.code).toBe('NAME_TAKEN');
    });

    it('refuses unknown group ids and saves nothing', async () => {
      const name = unique('NoGroup');
      const res = await admin
        .post('/api/admin/workspaces', {
          name,
          type: 'link',
          url: 'https://a.example',
          groupIds: [UNKNOWN_ID],
        })
        .expect(400);
      expect(res.body.error.details.fields.groupIds).toContain(UNKNOWN_ID);
      expect((await admin.get(`/api/admin/workspaces?q=${name}`).expect(200)).body.total).toBe(0);
    });
  });

  describe('server workspaces', () => {
    it('keep their password write-only', async () => {
      const created = await admin
        .post('/api/admin/workspaces', {
          name: unique('Win'),
          type: 'server',
          server: {
            host: '10.1.2.3',
            protocol: 'rdp',
            username: 'bob',
            password: 's3cret-pw',
            domain: 'CORP',
          },
        })
        .expect(201);
      expect(created.body.server).toEqual({
        host: '10.1.2.3',
        port: 3389,
        protocol: 'rdp',
        username: 'bob',
        domain: 'CORP',
        hasPassword: true,
        ignoreCertificate: false,
      });
      expect(JSON.stringify(created.body)).not.toContain('s3cret-pw');
      const list = await admin.get('/api/admin/workspaces?type=server').expect(200);
      expect(JSON.stringify(list.body)).not.toContain('s3cret-pw');
      // Changing another key keeps the password; null clears it.
      const renamed = await admin
        .patch(`/api/admin/workspaces/${created.body.id}`, { server: { username: 'alice' } })
        .expect(200);
      expect(renamed.body.server).toMatchObject({ username: 'alice', hasPassword: true, host: '10.1.2.3' });
      const cleared = await admin
        .put(`/api/admin/workspaces/${created.body.id}`, { server: { password: null } })
        .expect(200);
      expect(cleared.body.server.hasPassword).toBe(false);
    });
  });

  describe('pool workspaces', () => {
    it('hold server workspaces only, and lose a member when it is deleted', async () => {
      const a = await server();
      const b = await server({ server: { host: '192.0.2.10', protocol: 'vnc' } });
      const container = await admin
        .post('/api/admin/workspaces', { name: unique('c'), type: 'container', image: 'alpine' })
        .expect(201);
      const pool = await admin
        .post('/api/admin/workspaces', { name: unique('Pool'), type: 'pool', poolServerIds: [a.id, b.id] })
        .expect(201);
      expect([...pool.body.poolServerIds].sort()).toEqual([a.id, b.id].sort());
      const notServer = await admin
        .patch(`/api/admin/workspaces/${pool.body.id}`, { poolServerIds: [container.body.id] })
        .expect(400);
      expect(notServer.body.error.details.fields.poolServerIds).toContain('not server');
      const unknown = await admin
        .patch(`/api/admin/workspaces/${pool.body.id}`, { poolServerIds: [UNKNOWN_ID] })
        .expect(400);
      expect(unknown.body.error.details.fields.poolServerIds).toContain(UNKNOWN_ID);
      const empty = await admin
        .patch(`/api/admin/workspaces/${pool.body.id}`, { poolServerIds: [] })
        .expect(400);
      expect(empty.body.error.details.fields).toHaveProperty('poolServerIds');

      // A pool member cannot stop being a server while it is in a pool.
      const retype = await admin
        .patch(`/api/admin/workspaces/${a.id}`, { type: 'link', url: 'https://example.org' })
        .expect(400);
      expect(retype.body.error.details.fields).toHaveProperty('type');

      await admin.delete(`/api/admin/workspaces/${a.id}`).expect(204);
      expect(
        (await admin.get(`/api/admin/workspaces/${pool.body.id}`).expect(200)).body.poolServerIds,
      ).toEqual([b.id]);
    });
  });

  describe('PATCH and PUT /api/admin/workspaces/:id', () => {
    it("changes only the fields sent; a type change clears the old type's fields", async () => {
      const created = await admin
        .post('/api/admin/workspaces', {
          name: unique('Morph'),
          type: 'container',
          image: 'alpine',
          env: { A: '1' },
          sessionTimeLimitSec: 600,
        })
        .expect(201);
      const id = created.body.id as string;
      const patched = await admin
        .patch(`/api/admin/workspaces/${id}`, { description: 'now described', enabled: false })
        .expect(200);
      expect(patched.body).toMatchObject({
        description: 'now described',
        enabled: false,
        image: 'alpine',
        env: { A: '1' },
      });
      const link = await admin
        .put(`/api/admin/workspaces/${id}`, { type: 'link', url: 'https://example.org/app' })
        .expect(200);
      expect(link.body).toMatchObject({
        type: 'link',
        url: 'https://example.org/app',
        image: null,
        env: null,
        cores: null,
        sessionTimeLimitSec: null,
        description: 'now described',
      });
      const bad = await admin.patch(`/api/admin/workspaces/${id}`, { image: 'alpine' }).expect(400);
      expect(bad.body.error.details.fields).toEqual({ image: 'not used by link workspaces' });
      const nulled = await admin.patch(`/api/admin/workspaces/${id}`, { name: null, type: null }).expect(400);
      expect(Object.keys(nulled.body.error.details.fields).sort()).toEqual(['name', 'type']);
    });

    it('answers NOT_FOUND for unknown and malformed ids', async () => {
      await admin.get(`/api/admin/workspaces/${UNKNOWN_ID}`).expect(404);
      await admin.patch(`/api/admin/workspaces/${UNKNOWN_ID}`, { enabled: false }).expect(404);
      await admin.put(`/api/admin/workspaces/${UNKNOWN_ID}`, { enabled: false }).expect(404);
      await admin.delete(`/api/admin/workspaces/${UNKNOWN_ID}`).expect(404);
      await admin.get('/api/admin/workspaces/42').expect(404);
    });
  });

  describe('GET /api/admin/workspaces', () => {
    it('pages, searches, filters by type and sorts', async () => {
      const prefix = unique('list');
      for (const suffix of ['b', 'a', 'c']) {
        await admin
          .post('/api/admin/workspaces', {
            name: `${prefix}-${suffix}`,
            type: 'link',
            url: 'https://x.example',
          })
          .expect(201);
      }
      const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((w) => w.name);
      expect(names(await admin.get(`/api/admin/workspaces?q=${prefix}`).expect(200))).toEqual([
        `${prefix}-a`,
        `${prefix}-b`,
        `${prefix}-c`,
      ]);
      expect(
        names(await admin.get(`/api/admin/workspaces?q=${prefix}&order=desc&pageSize=2`).expect(200)),
      ).toEqual([`${prefix}-c`, `${prefix}-b`]);
      expect(
        (await admin.get(`/api/admin/workspaces?q=${prefix}&type=container`).expect(200)).body.total,
      ).toBe(0);
      const bad = await admin.get('/api/admin/workspaces?type=vm&sort=size').expect(400);
      expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['sort', 'type']);
    });
  });

  describe('GET /api/workspaces (user dashboard)', () => {
    it("lists the enabled workspaces the caller's groups may launch", async () => {
      const group = await admin.post('/api/admin/groups', { name: unique('Lab') }).expect(201);
      const member = await createUser(t, admin, { groupIds: [group.body.id] });
      const outsider = await createUser(t, admin);
      const mk = async (name: string, extra: Record<string, unknown>) =>
        (
          await admin
            .post('/api/admin/workspaces', { name, type: 'link', url: 'https://x.example', ...extra })
            .expect(201)
        ).body.id as string;
      const prefix = unique('dash');
      const everyone = await mk(`${prefix}-everyone`, { description: 'for all' });
      const labOnly = await mk(`${prefix}-lab`, { groupIds: [group.body.id] });
      const nobody = await mk(`${prefix}-nobody`, { groupIds: [] });
      const disabled = await mk(`${prefix}-off`, { enabled: false });

      const ours = (body: { items: { id: string }[] }) =>
        body.items.filter((w) => [everyone, labOnly, nobody, disabled].includes(w.id));
      const forMember = await member.client.get('/api/workspaces').expect(200);
      expect(ours(forMember.body)).toEqual([
        { id: everyone, name: `${prefix}-everyone`, description: 'for all', type: 'link' },
        { id: labOnly, name: `${prefix}-lab`, description: '', type: 'link' },
      ]);
      expect(forMember.body.total).toBe(forMember.body.items.length);
      expect(ours((await outsider.client.get('/api/workspaces').expect(200)).body).map((w) => w.id)).toEqual([
        everyone,
      ]);

      // Granting through the group's side works the same way.
      await admin
        .patch(`/api/admin/groups/${group.body.id}`, { workspaceIds: [labOnly, nobody] })
        .expect(200);
      expect(ours((await member.client.get('/api/workspaces').expect(200)).body).map((w) => w.id)).toEqual([
        everyone,
        labOnly,
        nobody,
      ]);
      await t.http().get('/api/workspaces').expect(401);
    });
  });

  it('refuses a plain user with 403 on every admin workspaces route', async () => {
    const user = await createUser(t, admin);
    const ws = await server();
    for (const call of [
      user.client.get('/api/admin/workspaces'),
      user.client.get(`/api/admin/workspaces/${ws.id}`),
      user.client.post('/api/admin/workspaces', {
        name: unique('x'),
        type: 'link',
        url: 'https://x.example',
      }),
      user.client.patch(`/api/admin/workspaces/${ws.id}`, { enabled: false }),
      user.client.put(`/api/admin/workspaces/${ws.id}`, { enabled: false }),
      user.client.delete(`/api/admin/workspaces/${ws.id}`),
    ]) {
      expect((await call.expect(403)).body.error.code).toBe('FORBIDDEN');
    }
  });
});
