import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AdminSessionDetail,
  EngineImagesResponse,
  JoinShareResponse,
  SessionView,
} from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import { SessionThumbnailsService } from '@caster/api/sessions';
import { startTestApp, type TestApp } from './support/test-app';
import {
  TINY_IMAGE,
  containersOf,
  createCastLink,
  createContainerWorkspace,
  createUser,
  docker,
  removeContainersOf,
  setAllUsersSettings,
  waitForSession,
} from './support/sessions';
import { RFB_ECHO_IMAGE, RfbTestClient, buildRfbEchoImage, c } from './support/rfb';
import { enterAsOwner, enterWith, type SessionOriginClient } from './support/session-origin';

/** CASTER_DESKTOP_IMAGE: a locally built variant under another tag. */
const DESKTOP_IMAGE = process.env['CASTER_DESKTOP_IMAGE'] ?? 'caster/desktop:latest';

/**
 * The admin's operating views on the real path: images on the real Docker engine, a session's
 * state history written by the repository's own state changes, an administrator's view-only look
 * through the relay (the echo image records what reaches the session) and thumbnails taken
 * through the session's own WebSocket.
 */
describe('admin: engine images, session detail, view-only look, thumbnails', () => {
  let t: TestApp;
  let admin: string;
  let installation: string;
  let echoWorkspace: string;
  let owner: { id: string; token: string };
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    await buildRfbEchoImage();
    t = await startTestApp();
    admin = await t.login();
    installation = t.app.get(AgentsService).instanceId;
    await setAllUsersSettings(t, admin, { allow_kasm_sharing: true, max_kasms_per_user: 0 });
    echoWorkspace = await createContainerWorkspace(t, admin, { image: RFB_ECHO_IMAGE, memoryMb: 256 });
    owner = await createUser(t, admin);
  });
  afterAll(async () => {
    await t?.close();
    if (installation) await removeContainersOf(installation);
  });

  async function launch(token: string, workspaceId = echoWorkspace): Promise<SessionView> {
    const res = await t.http().post('/api/sessions').set(auth(token)).send({ workspaceId }).expect(201);
    return waitForSession(t, token, (res.body as SessionView).id, ['running'], 60_000);
  }
  const detail = async (id: string): Promise<AdminSessionDetail> =>
    (await t.http().get(`/api/admin/sessions/${id}/detail`).set(auth(admin)).expect(200))
      .body as AdminSessionDetail;
  const headersOf = (o: SessionOriginClient): Record<string, string> => ({
    Host: o.host,
    Origin: o.origin,
    Cookie: o.cookie,
  });
  const wsUrl = (): string => `${t.url.replace('http', 'ws')}/websockify`;

  /** What the echo server recorded, one client message per line. */
  async function received(id: string): Promise<string[]> {
    const info = (await containersOf(installation)).find((x) => x.Labels['org.caster.session-id'] === id);
    if (!info) throw new Error('no container');
    const exec = await docker.getContainer(info.Id).exec({
      Cmd: ['cat', '/tmp/rfb-echo.log'],
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = await exec.start({ hijack: true, stdin: false });
    const chunks: Buffer[] = [];
    stream.on('data', (d: Buffer) => chunks.push(d));
    await new Promise((r) => stream.on('end', r));
    const raw = Buffer.concat(chunks);
    let text = '';
    for (let i = 0; i + 8 <= raw.length;) {
      const n = raw.readUInt32BE(i + 4);
      if (raw[i] === 1) text += raw.subarray(i + 8, i + 8 + n).toString('latin1');
      i += 8 + n;
    }
    return text.split('\n').filter(Boolean);
  }

  it('lists the tagged images of the real engine: a present image is there, a missing one is not', async () => {
    const res = await t.http().get('/api/admin/engines/images').set(auth(admin)).expect(200);
    const { engines } = res.body as EngineImagesResponse;
    expect(engines.length).toBeGreaterThan(0);
    const [local] = engines;
    expect(local.reachable).toBe(true);
    expect(local.kind).toBe('docker');
    expect(local.images).toContain(RFB_ECHO_IMAGE);
    expect(local.images).toContain(TINY_IMAGE);
    expect(local.images).not.toContain('caster/no-such-image:missing');
    expect(local.images.some((i) => i.startsWith('<none>'))).toBe(false);
    expect([...local.images].sort()).toEqual(local.images);
    // Administrators only.
    await t.http().get('/api/admin/engines/images').set(auth(owner.token)).expect(403);
    await t.http().get('/api/admin/engines/images').expect(401);
  });

  it("records each state change with its reason and the admin's stop, shown on the detail page", async () => {
    const s = await launch(owner.token);
    let d = await detail(s.id);
    expect(d.username).toBe((await t.http().get('/api/auth/me').set(auth(owner.token))).body.username);
    expect(d.history.map((h) => [h.fromState, h.toState])).toEqual([
      [null, 'provisioning'],
      ['provisioning', 'starting'],
      ['starting', 'running'],
    ]);
    expect(d.history[0].reason).toBe('launched');
    expect(d.link).toBeNull();
    expect(d.clientIp).toBeNull();
    expect(d.thumbnailAvailable).toBe(true);
    await t.http().delete(`/api/admin/sessions/${s.id}`).set(auth(admin)).expect(204);
    d = await detail(s.id);
    expect(d.state).toBe('stopped');
    expect(d.stoppedAt).not.toBeNull();
    const tail = d.history.slice(3);
    expect(tail.map((h) => [h.kind, h.fromState, h.toState])).toEqual([
      ['admin-stop', null, null],
      ['state', 'running', 'stopping'],
      ['state', 'stopping', 'stopped'],
    ]);
    expect(tail[0].actorName).toBe('admin');
    expect(tail[2].reason).toMatch(/stopped by an administrator \(admin\)/);
    expect(d.thumbnailAvailable).toBe(false);
    await t.http().get(`/api/admin/sessions/${s.id}/thumbnail`).set(auth(admin)).expect(409);
    await t.http().post(`/api/admin/sessions/${s.id}/view`).set(auth(admin)).expect(409);
    await t.http().get(`/api/admin/sessions/${s.id}/detail`).set(auth(owner.token)).expect(403);
  });

  it("a cast session's detail names its link and the visitor's IP", async () => {
    const link = await createCastLink(t, admin, echoWorkspace);
    const res = await t
      .http()
      .post(`/api/cast/${link.key}`)
      .set('Content-Type', 'application/json')
      .send({ params: {}, referrer: '' })
      .expect(201);
    const id = (res.body as { sessionId: string }).sessionId;
    const d = await detail(id);
    expect(d.link).toEqual({ id: link.id, name: link.name });
    expect(d.clientIp).toMatch(/127\.0\.0\.1/);
    expect(d.history[0].reason).toBe('cast by a link');
    await t.http().delete(`/api/admin/sessions/${id}`).set(auth(admin)).expect(204);
  });

  it("an admin's view-only look sends no input and is audited; the owner's view is unaffected", async () => {
    const s = await launch(owner.token);
    // Not a share: the session is not in sharing mode and the owner never shared it.
    const view = await t.http().post(`/api/admin/sessions/${s.id}/view`).set(auth(admin)).expect(200);
    const entry = view.body as JoinShareResponse;
    expect(entry.viewOnly).toBe(true);
    expect(entry.enterUrl).toContain(`${s.id}.localhost`);
    // Non-admins cannot ask for it.
    await t.http().post(`/api/admin/sessions/${s.id}/view`).set(auth(owner.token)).expect(403);

    const adminOrigin = await enterWith(t, entry.enterUrl);
    const watcher = await RfbTestClient.open(wsUrl(), headersOf(adminOrigin), 8);
    await watcher.handshake();
    watcher.send(
      c.setEncodings([0]),
      c.key(1, 0x62),
      c.key(0, 0x62),
      c.pointer(1, 7, 7),
      c.cutText('typed by the admin'),
      c.fbur(0, 64, 48),
    );
    await watcher.until(() => watcher.events.some((e) => e.type === 'update'));

    const ownerOrigin = await enterAsOwner(t, owner.token, s.id);
    const ownerViewer = await RfbTestClient.open(wsUrl(), headersOf(ownerOrigin), 8);
    await ownerViewer.handshake();
    ownerViewer.send(c.setEncodings([0]), c.key(1, 0x61), c.key(0, 0x61), c.fbur(0, 64, 48));
    await ownerViewer.until(() => ownerViewer.events.some((e) => e.type === 'update'));
    // The admin's socket is still open and still gets pictures after the owner typed.
    watcher.send(c.fbur(0, 64, 48));
    await watcher.until(() => watcher.events.filter((e) => e.type === 'update').length >= 2);
    const log = await received(s.id);
    watcher.close();
    ownerViewer.close();
    const keys = log.filter((l) => /Key|Pointer|CutText/.test(l));
    // Exactly the owner's two key events; none of the admin's key, pointer or clipboard.
    expect(keys).toHaveLength(2);
    expect(keys.every((l) => /Key/.test(l))).toBe(true);
    expect(log.join('\n')).not.toContain('typed by the admin');

    const d = await detail(s.id);
    const look = d.history.find((h) => h.kind === 'admin-view');
    expect(look?.actorName).toBe('admin');
    const adminGrant = d.grants.find((g) => g.kind === 'origin' && g.username === 'admin');
    expect(adminGrant?.viewOnly).toBe(true);
    const ownerGrant = d.grants.find((g) => g.kind === 'origin' && g.userId === owner.id);
    expect(ownerGrant?.viewOnly).toBe(false);
    expect(d.flags.sharing).toBe(false);
    await t.http().delete(`/api/admin/sessions/${s.id}`).set(auth(admin)).expect(204);
  });

  it('takes a thumbnail through the session, one capture for many askers', async () => {
    const s = await launch(owner.token);
    const thumbnails = t.app.get(SessionThumbnailsService);
    const before = thumbnails.captures;
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() =>
        t
          .http()
          .get(`/api/admin/sessions/${s.id}/thumbnail`)
          .set(auth(admin))
          .buffer(true)
          .parse((res, done) => {
            const chunks: Buffer[] = [];
            res.on('data', (d: Buffer) => chunks.push(d));
            res.on('end', () => done(null, Buffer.concat(chunks)));
          }),
      ),
    );
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.headers['content-type']).toBe('image/png');
    }
    expect(thumbnails.captures - before).toBe(1);
    const png = answers[0].body as Buffer;
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // The echo server's framebuffer is 64×48 (not enlarged to the thumbnail width).
    expect(png.readUInt32BE(16)).toBe(64);
    expect(png.readUInt32BE(20)).toBe(48);
    // What reached the session: a handshake and one update request, never input.
    const log = await received(s.id);
    expect(log).toContain('clientinit 1'); // shared: the owner stays connected
    expect(log.filter((l) => l === 'FramebufferUpdateRequest').length).toBeGreaterThanOrEqual(1);
    expect(log.filter((l) => /Key|Pointer|CutText/.test(l))).toEqual([]);
    await t.http().get(`/api/admin/sessions/${s.id}/thumbnail`).set(auth(owner.token)).expect(403);
    await t.http().delete(`/api/admin/sessions/${s.id}`).set(auth(admin)).expect(204);
  });

  it("pictures a real desktop (TigerVNC behind websockify), shrunk to the thumbnail's width", async () => {
    const desktop = await createContainerWorkspace(t, admin, { image: DESKTOP_IMAGE, memoryMb: 512 });
    const s = await launch(owner.token, desktop);
    let res: { status: number; body: unknown } = { status: 0, body: null };
    // The display may still be drawing its first frame right after `running`.
    for (let i = 0; i < 5 && res.status !== 200; i++) {
      res = await t
        .http()
        .get(`/api/admin/sessions/${s.id}/thumbnail`)
        .set(auth(admin))
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (d: Buffer) => chunks.push(d));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      if (res.status !== 200) await new Promise((r) => setTimeout(r, 31_000));
    }
    expect(res.status).toBe(200);
    const png = res.body as Buffer;
    expect(png.readUInt32BE(16)).toBe(320);
    expect(png.readUInt32BE(20)).toBeGreaterThan(100);
    await t.http().delete(`/api/admin/sessions/${s.id}`).set(auth(admin)).expect(204);
  }, 240_000);

  it('a session that does not speak RFB gives no thumbnail (503), nothing half-made', async () => {
    const tiny = await createContainerWorkspace(t, admin);
    const s = await launch(owner.token, tiny);
    const res = await t.http().get(`/api/admin/sessions/${s.id}/thumbnail`).set(auth(admin)).expect(503);
    expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
    await t.http().delete(`/api/admin/sessions/${s.id}`).set(auth(admin)).expect(204);
  });
});
