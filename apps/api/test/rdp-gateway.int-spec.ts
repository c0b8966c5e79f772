import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import type { PoolMembersResponse, SessionView } from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import { collect, execIn, playToneCmd, rms, sleep, until } from './support/audio';
import { c, RfbTestClient } from './support/rfb';
import { enterAsOwner } from './support/session-origin';
import {
  ALL_ON,
  containersOf,
  createCastLink,
  docker,
  removeContainersOf,
  setAllUsersSettings,
  uniqueName,
  waitForSession,
} from './support/sessions';
import { startTestApp, type TestApp } from './support/test-app';
import { execText, XRDP_BLUE, XRDP_USER, XrdpServer } from './support/xrdp';

const RUN_ID = randomBytes(4).toString('hex');
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const XK_RETURN = 0xff0d;

/**
 * Server and pool workspaces against real xrdp servers: the visitor's session is an RDP gateway
 * container (FreeRDP on a streamed display) behind the same proxy as every session.
 */
describe('RDP gateway sessions', () => {
  let t: TestApp;
  let admin: string;
  let installation: string;
  const single = new XrdpServer(RUN_ID, 0, 'pw-single-Zq7');
  const members = [new XrdpServer(RUN_ID, 1, 'pw-member-1'), new XrdpServer(RUN_ID, 2, 'pw-member-2')];
  /** A server that is not listening yet when its session starts. */
  const late = new XrdpServer(RUN_ID, 3, 'pw-late-4k', { hold: true });

  async function serverWorkspace(s: XrdpServer, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await t
      .http()
      .post('/api/admin/workspaces')
      .set(auth(admin))
      .send({
        name: uniqueName('xrdp'),
        type: 'server',
        server: {
          host: s.address,
          protocol: 'rdp',
          username: XRDP_USER,
          password: s.password,
          ignoreCertificate: true,
        },
        ...extra,
      });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }

  const cast = (key: string, body: Record<string, unknown> = {}) =>
    t.http().post(`/api/cast/${key}`).send(body);

  async function gatewayOf(sessionId: string): Promise<string> {
    const info = (await containersOf(installation)).find(
      (x) => x.Labels['org.caster.session-id'] === sessionId,
    );
    if (!info) throw new Error(`no gateway container for ${sessionId}`);
    return info.Id;
  }

  /** FreeRDP's argv as the gateway wrote it (it may follow the port's readiness by a moment). */
  async function freerdpArgs(gateway: string): Promise<string[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const text = await execText(gateway, ['sh', '-c', 'cat /tmp/caster-freerdp.args 2>/dev/null']);
      if (text.includes('/v:') || Date.now() > deadline) return text.split('\n');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    installation = t.app.get(AgentsService).instanceId;
    await setAllUsersSettings(t, admin, { max_kasms_per_user: 0 });
    await Promise.all([single, ...members, late].map((s) => s.start()));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    if (installation) await removeContainersOf(installation);
    await Promise.all([single, ...members, late].map((s) => s.stop()));
  });

  it("streams the server's desktop to an anonymous visitor, who never sees the server or its credentials", async () => {
    const workspaceId = await serverWorkspace(single);
    const link = await createCastLink(t, admin, workspaceId);
    const res = await cast(link.key).expect(201);
    const { sessionId, token } = res.body as { sessionId: string; token: string };
    const view = await waitForSession(t, token, sessionId, ['running'], 60_000);

    // Every answer the visitor gets: the cast and the session (its token reaches nothing else).
    for (const body of [res.body, view]) {
      const text = JSON.stringify(body);
      for (const secret of [single.address, XRDP_USER, single.password, '3389'])
        expect(text).not.toContain(secret);
    }
    expect((await t.http().get(`/api/sessions/${sessionId}/rdp`).set(auth(token))).body.error.code).toBe(
      'RDP_FILE_ADMIN_ONLY',
    );

    // The remote desktop's pixels come through the proxy on the session's own origin.
    const origin = await enterAsOwner(t, token, sessionId);
    const viewer = await RfbTestClient.open(`${t.url.replace('http', 'ws')}/websockify`, {
      Host: origin.host,
      Origin: origin.origin,
      Cookie: origin.cookie,
    });
    await viewer.handshake();
    viewer.send(c.setPixelFormat(), c.setEncodings([0]), c.fbur(0, 200, 200));
    // As noVNC does: after each update, ask for what changed since (FreeRDP paints once connected).
    // The top-left corner is enough to see the remote desktop's background in Raw pixels.
    let answered = 0;
    await viewer.until(() => {
      if ((viewer.colours.get(XRDP_BLUE) ?? 0) > 100) return true;
      const updates = viewer.events.filter((e) => e.type === 'update').length;
      if (updates > answered) {
        answered = updates;
        viewer.send(c.fbur(1, 200, 200));
      }
      return false;
    }, 45_000);

    // Keys typed into the viewer reach the xrdp session (its xterm appends lines to typed.txt).
    for (const ch of 'caster') viewer.send(c.key(1, ch.charCodeAt(0)), c.key(0, ch.charCodeAt(0)));
    viewer.send(c.key(1, XK_RETURN), c.key(0, XK_RETURN));
    const deadline = Date.now() + 20_000;
    while (!(await single.home('typed.txt')).includes('caster') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(await single.home('typed.txt')).toContain('caster');
    viewer.close();

    // The password reached FreeRDP only through a file that is gone, never env, argv, labels or logs.
    const gateway = await gatewayOf(sessionId);
    const inspect = JSON.stringify(await docker.getContainer(gateway).inspect());
    expect(inspect).not.toContain(single.password);
    const ps = await execText(gateway, ['ps', '-eo', 'args']);
    expect(ps).toContain('xfreerdp');
    expect(ps).not.toContain(single.password);
    expect(await execText(gateway, ['sh', '-c', 'ls /run/caster-secrets; echo end'])).toBe('end\n');
    const logs = (await docker.getContainer(gateway).logs({ stdout: true, stderr: true })).toString('latin1');
    expect(logs).not.toContain(single.password);

    // The gateway is the visitor's: it reaches its own server's RDP port and nothing else — not
    // another RDP server that is reachable from the sessions network, not another port of its own.
    const reach = async (address: string, port: number) =>
      (
        await execText(gateway, [
          'bash',
          '-c',
          `timeout 5 bash -c 'exec 3<>/dev/tcp/${address}/${port}' 2>/dev/null && echo open || echo closed`,
        ])
      ).trim();
    expect(await reach(single.address, 3389)).toBe('open');
    expect(await reach(members[0].address, 3389)).toBe('closed');
    expect(await reach(single.address, 22)).toBe('closed');
    await t.http().delete(`/api/sessions/${sessionId}`).set(auth(token)).expect(204);
  }, 120_000);

  it('waits out a server that is not listening yet: the connection is tried again and the desktop comes', async () => {
    const workspaceId = await serverWorkspace(late);
    const link = await createCastLink(t, admin, workspaceId);
    const { sessionId, token } = (await cast(link.key).expect(201)).body as {
      sessionId: string;
      token: string;
    };
    await waitForSession(t, token, sessionId, ['running'], 60_000);
    const gateway = await gatewayOf(sessionId);
    const logs = async () =>
      (await docker.getContainer(gateway).logs({ stdout: true, stderr: true })).toString('latin1');
    // The first attempt is refused (nothing listens): the gateway says so and keeps the session.
    const poll = { timeout: 30_000, interval: 200 };
    await expect.poll(logs, poll).toMatch(/could not connect \(code \d+, attempt 1 of 3\)/);
    await late.release();
    // xrdp's session starts (its xterm records when, started.txt): a later attempt got in.
    await expect.poll(() => late.home('started.txt'), poll).not.toBe('');
    expect(await logs()).not.toMatch(/ending the session/);
    expect((await waitForSession(t, token, sessionId, ['running'], 5_000)).state).toBe('running');
    await t.http().delete(`/api/sessions/${sessionId}`).set(auth(token)).expect(204);
  }, 120_000);

  it('hands FreeRDP /app: and /app-cmd: exactly as the casting link built them', async () => {
    const workspaceId = await serverWorkspace(single);
    const pattern = String.raw`([a-zA-Z]:\\)([^\x00-\x1F\*\"/:<>\?\\\|]+\\)*([^\x00-\x1F\*\"/:<>\?\\\|]+\.(xls|xlsx|csv))`;
    const link = await createCastLink(t, admin, workspaceId, {
      remoteAppConfig: {
        remote_app_name: '||Microsoft Excel',
        args: [{ url_param_name: 'file', value_pattern: pattern, required: true }],
      },
    });
    const file = 'C:\\Users\\Public\\Documents\\Q3 & Q4.xlsx';
    const res = await cast(link.key, { params: { file } }).expect(201);
    const { sessionId, token } = res.body as { sessionId: string; token: string };
    await waitForSession(t, token, sessionId, ['running'], 60_000);
    const gateway = await gatewayOf(sessionId);
    const args = await freerdpArgs(gateway);
    expect(args).toContain('/app:||Microsoft Excel');
    expect(args).toContain('/app-cmd:"C:\\Users\\Public\\Documents\\Q3 & Q4.xlsx"');
    expect(args).toContain(`/v:${single.address}:3389`);
    expect(args).toContain(`/u:${XRDP_USER}`);
    expect(args).toContain('/from-stdin:force');
    expect(args.join('\n')).not.toContain(single.password);
    await t.http().delete(`/api/sessions/${sessionId}`).set(auth(token)).expect(204);
  }, 120_000);

  it("with every client setting on: uploads and downloads stay in the redirected Transfers folder, and the gateway's sound is the session's /audio", async () => {
    const workspaceId = await serverWorkspace(single);
    const link = await createCastLink(t, admin, workspaceId, {
      enforceClientSettings: true,
      clientSettings: { ...ALL_ON, allowSharing: false },
    });
    const res = await cast(link.key).expect(201);
    const { sessionId, token } = res.body as { sessionId: string; token: string };
    await waitForSession(t, token, sessionId, ['running'], 60_000);
    const gateway = await gatewayOf(sessionId);
    const args = await freerdpArgs(gateway);
    expect(args).toContain('/drive:Transfers,/home/kasm-user/Transfers');
    // Sound and microphone: FreeRDP plays and records through the gateway's PulseAudio, whose
    // speaker is the session's /audio stream like a desktop's. (xrdp has no sound module in
    // Debian, so the server's side of rdpsnd is not exercised here: a tone played in the gateway is.)
    expect(args).toContain('/sound:sys:pulse');
    expect(args).toContain('/microphone:sys:pulse');
    const listener = await enterAsOwner(t, token, sessionId);
    let stream: WebSocket | undefined;
    for (let i = 0; i < 40 && !stream; i++) {
      const ws = await listener.ws('/audio');
      if (!(ws instanceof WebSocket)) throw new Error(`/audio refused: ${JSON.stringify(ws)}`);
      const early = await Promise.race([
        new Promise<boolean>((r) => ws.once('close', () => r(true))),
        sleep(700).then(() => false),
      ]);
      if (early) await sleep(250);
      else stream = ws;
    }
    if (!stream) throw new Error('/audio kept closing');
    const heard = collect(stream);
    await until(() => heard.length() > 0, 20_000, 'the first sound bytes');
    const before = heard.length();
    await execIn(docker, gateway, playToneCmd(1.2));
    await until(() => rms(heard.since(before)) > 1000, 10_000, 'the tone');
    stream.close();

    // Uploads land in, and downloads come from, the folder FreeRDP redirects (/drive:Transfers).
    // That the server then sees it as a drive is not checked: xrdp 0.9 gets no device announce
    // from FreeRDP 2.11 here (docker/session-images/README.md, "Verified only against xrdp").
    const inGateway = (cmd: string) => execText(gateway, ['sh', '-c', cmd]);
    const upload = await t
      .http()
      .post(`/api/sessions/${sessionId}/files`)
      .set(auth(token))
      .attach('file', Buffer.from(`from the visitor ${RUN_ID}\n`), 'to-server.txt')
      .expect(201);
    expect(upload.body.path).toBe('/home/kasm-user/Transfers/to-server.txt');
    expect(await inGateway('cat /home/kasm-user/Transfers/to-server.txt')).toBe(
      `from the visitor ${RUN_ID}\n`,
    );

    // A file saved in that folder is the visitor's to download, and nothing else is: paths are
    // taken inside the Transfers folder, never the gateway's home around it.
    await inGateway(`printf 'saved on the drive %s\\n' ${RUN_ID} > /home/kasm-user/Transfers/report.txt`);
    const download = await t
      .http()
      .get(`/api/sessions/${sessionId}/files`)
      .query({ path: 'report.txt' })
      .set(auth(token))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (d: Buffer) => chunks.push(d));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(download.status).toBe(200);
    expect((download.body as Buffer).toString()).toBe(`saved on the drive ${RUN_ID}\n`);
    const outside = await t
      .http()
      .get(`/api/sessions/${sessionId}/files`)
      .query({ path: '/home/kasm-user/.bashrc' })
      .set(auth(token));
    expect(outside.status).toBe(400);
    await t.http().delete(`/api/sessions/${sessionId}`).set(auth(token)).expect(204);
  }, 150_000);

  it('gives each visitor a free pool member, refuses with NO_CAPACITY when all are busy, and reuses a freed one', async () => {
    const [a, b] = await Promise.all(members.map((m) => serverWorkspace(m)));
    const pool = await t
      .http()
      .post('/api/admin/workspaces')
      .set(auth(admin))
      .send({ name: uniqueName('pool'), type: 'pool', poolServerIds: [a, b] })
      .expect(201);
    expect(pool.body.poolSessionsPerServer).toBe(1);
    const link = await createCastLink(t, admin, pool.body.id as string, {
      limitSessions: true,
      sessionsRemaining: 10,
    });
    const anonymous = async (): Promise<number> =>
      Number(
        (
          await t.app
            .get(DataSource)
            .query<{ n: string }[]>('SELECT count(*) AS n FROM users WHERE anonymous')
        )[0].n,
      );
    const serverOf = async (id: string): Promise<string> =>
      (await t.http().get(`/api/admin/sessions/${id}`).set(auth(admin)).expect(200)).body.serverId as string;

    const first = (await cast(link.key).expect(201)).body as { sessionId: string; token: string };
    const second = (await cast(link.key).expect(201)).body as { sessionId: string; token: string };
    const used = [await serverOf(first.sessionId), await serverOf(second.sessionId)];
    expect(new Set(used)).toEqual(new Set([a, b]));
    await Promise.all(
      [first, second].map((v) => waitForSession(t, v.token, v.sessionId, ['running'], 60_000)),
    );
    const busy = await t.http().get(`/api/admin/workspaces/${pool.body.id}/pool-members`).set(auth(admin));
    expect(
      (busy.body as PoolMembersResponse).members.map((m) => [m.serverId, m.state, m.activeSessions]),
    ).toEqual(
      expect.arrayContaining([
        [a, 'busy', 1],
        [b, 'busy', 1],
      ]),
    );

    // Both members taken: the third visitor is refused, and nothing was consumed or left behind.
    const before = { anonymous: await anonymous(), containers: (await containersOf(installation)).length };
    const third = await cast(link.key).expect(503);
    expect(third.body.error.code).toBe('NO_CAPACITY');
    expect(await anonymous()).toBe(before.anonymous);
    expect((await containersOf(installation)).length).toBe(before.containers);
    expect(
      (await t.http().get(`/api/admin/casting/${link.id}`).set(auth(admin))).body.sessionsRemaining,
    ).toBe(8);

    // The first visitor leaves: their server is given back and the next visitor gets it.
    await t.http().delete(`/api/sessions/${first.sessionId}`).set(auth(first.token)).expect(204);
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      const state = (await t.http().get(`/api/admin/sessions/${first.sessionId}`).set(auth(admin))).body
        .state;
      if (state === 'stopped') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const fourth = (await cast(link.key).expect(201)).body as { sessionId: string; token: string };
    expect(await serverOf(fourth.sessionId)).toBe(used[0]);
    const view: SessionView = await waitForSession(t, fourth.token, fourth.sessionId, ['running'], 60_000);
    expect(JSON.stringify(view)).not.toContain(members[0].address);
    expect(JSON.stringify(view)).not.toContain(members[1].address);
  }, 180_000);
});
