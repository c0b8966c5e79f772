import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import { startTestApp, type TestApp } from './support/test-app';
import {
  containersOf,
  createContainerWorkspace,
  docker,
  removeContainersOf,
  setAllUsersSettings,
  waitForSession,
} from './support/sessions';
import { RFB_ECHO_IMAGE, RfbTestClient, buildRfbEchoImage, c } from './support/rfb';
import { enterAsOwner, enterShare, type SessionOriginClient } from './support/session-origin';

const GROUP = {
  allow_kasm_sharing: true,
  allow_kasm_clipboard_up: true,
  allow_kasm_clipboard_down: true,
  max_kasms_per_user: 0,
};

/**
 * The RFB relay on the real path: a session container on the Docker engine, the API's proxy over
 * real HTTP/WebSocket on the session's own origin, a share viewer's cookie or the owner's. The echo image records every client
 * message that reaches it, so what the relay let through can be read back from the container.
 */
describe('RFB relay through the session proxy', () => {
  let t: TestApp;
  let admin: string;
  let installation: string;
  let echoWorkspace: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    await buildRfbEchoImage();
    t = await startTestApp();
    admin = await t.login();
    installation = t.app.get(AgentsService).instanceId;
    await setAllUsersSettings(t, admin, GROUP);
    echoWorkspace = await createContainerWorkspace(t, admin, { image: RFB_ECHO_IMAGE, memoryMb: 256 });
  });
  afterAll(async () => {
    await t?.close();
    if (installation) await removeContainersOf(installation);
  });

  async function launch(workspaceId = echoWorkspace): Promise<SessionView> {
    const res = await t.http().post('/api/sessions').set(auth(admin)).send({ workspaceId }).expect(201);
    return waitForSession(t, admin, (res.body as SessionView).id, ['running'], 60_000);
  }
  // Every session is reached on its own origin: the Host header names it, the cookie admits.
  const wsUrl = (): string => `${t.url.replace('http', 'ws')}/websockify`;
  const headersOf = (c: SessionOriginClient): Record<string, string> => ({
    Host: c.host,
    Origin: c.origin,
    Cookie: c.cookie,
  });

  async function viewerHeaders(id: string): Promise<Record<string, string>> {
    const share = await t.http().post(`/api/sessions/${id}/share`).set(auth(admin)).expect(201);
    return headersOf(await enterShare(t, share.body.shareId as string));
  }
  async function ownerHeaders(id: string): Promise<Record<string, string>> {
    return headersOf(await enterAsOwner(t, admin, id));
  }

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
    // Docker multiplexes stdout/stderr with 8-byte frame headers.
    const raw = Buffer.concat(chunks);
    let text = '';
    for (let i = 0; i + 8 <= raw.length;) {
      const n = raw.readUInt32BE(i + 4);
      if (raw[i] === 1) text += raw.subarray(i + 8, i + 8 + n).toString('latin1');
      i += 8 + n;
    }
    return text.split('\n').filter(Boolean);
  }

  it('a share viewer speaking RFB 3.3 gets pictures while its keys, pointer and clipboard reach nothing', async () => {
    const s = await launch();
    const viewer = await RfbTestClient.open(wsUrl(), await viewerHeaders(s.id), 3);
    await viewer.handshake();
    viewer.send(
      c.setEncodings([0, -223]),
      c.key(1, 0x61),
      c.key(0, 0x61),
      c.pointer(1, 5, 5),
      c.pointer(0, 5, 5),
      c.cutText('typed by a viewer'),
      c.qemuKey(),
      c.setDesktopSize(),
      c.xvp(),
      c.fbur(0, 64, 48),
    );
    await viewer.until(() => viewer.events.some((e) => e.type === 'update'));
    // The echo server sends ServerCutText after each update: view-only viewers never get it.
    viewer.send(c.fbur(0, 64, 48));
    await viewer.until(() => viewer.events.filter((e) => e.type === 'update').length >= 2);
    viewer.close();
    const log = await received(s.id);
    expect(log).toContain('version RFB 003.003');
    expect(log).toContain('clientinit 1');
    expect(log.filter((l) => l === 'FramebufferUpdateRequest')).toHaveLength(2);
    expect(log.filter((l) => /Key|Pointer|CutText|QEMU|SetDesktopSize|xvp/.test(l))).toEqual([]);
    expect(viewer.events.filter((e) => e.type === 'cut')).toEqual([]);
    await t.http().delete(`/api/sessions/${s.id}`).set(auth(admin)).expect(204);
  });

  it('closes on a ClientCutText announcing 2 GiB, and the API keeps answering', async () => {
    const s = await launch();
    const owner = await RfbTestClient.open(wsUrl(), await ownerHeaders(s.id));
    await owner.handshake();
    owner.send(c.cutTextHeader(0x7fffffff));
    // Keep streaming "clipboard" bytes as the attacker would; the relay must have closed already.
    const junk = Buffer.alloc(64 * 1024, 0x41);
    for (let i = 0; i < 640 && !owner.closed; i++) {
      if (owner.ws.readyState === owner.ws.OPEN) owner.ws.send(junk);
      if (i % 64 === 0) await new Promise((r) => setImmediate(r));
    }
    const closed = await owner.untilClosed();
    expect(closed.code).toBe(1008);
    const health = await t.http().get('/api/health');
    expect(health.status).toBe(200);
    expect((await received(s.id)).filter((l) => l.startsWith('ClientCutText'))).toEqual([]);
    await t.http().delete(`/api/sessions/${s.id}`).set(auth(admin)).expect(204);
  });

  it('enforces clipboard settings for the owner on any image: up drops ClientCutText, down drops ServerCutText', async () => {
    // Control: allowed both ways, the echo server sees the owner's clipboard and the owner gets its.
    const open = await launch();
    const a = await RfbTestClient.open(wsUrl(), await ownerHeaders(open.id));
    await a.handshake();
    a.send(c.cutText('owner paste'), c.key(), c.fbur(0, 64, 48));
    await a.until(() => a.events.some((e) => e.type === 'cut'));
    a.close();
    expect(await received(open.id)).toEqual(
      expect.arrayContaining(['ClientCutText 11 owner paste', 'KeyEvent']),
    );
    await t.http().delete(`/api/sessions/${open.id}`).set(auth(admin)).expect(204);

    await setAllUsersSettings(t, admin, { allow_kasm_clipboard_up: false, allow_kasm_clipboard_down: false });
    try {
      const shut = await launch();
      const b = await RfbTestClient.open(wsUrl(), await ownerHeaders(shut.id));
      await b.handshake();
      b.send(
        c.setEncodings([0, 0xc0a1e5ce | 0]),
        c.cutText('owner paste'),
        c.extendedCutText(Buffer.from([0x10, 0, 0, 1])),
        c.key(),
        c.fbur(0, 64, 48),
      );
      await b.until(() => b.events.some((e) => e.type === 'update'));
      b.send(c.fbur(0, 64, 48));
      await b.until(() => b.events.filter((e) => e.type === 'update').length >= 2);
      b.close();
      const log = await received(shut.id);
      expect(log).toContain('KeyEvent'); // the owner still types
      expect(log).toContain('SetEncodings 0'); // the extended clipboard was taken out
      expect(log.filter((l) => l.startsWith('ClientCutText'))).toEqual([]);
      expect(b.events.filter((e) => e.type === 'cut')).toEqual([]);
      await t.http().delete(`/api/sessions/${shut.id}`).set(auth(admin)).expect(204);
    } finally {
      await setAllUsersSettings(t, admin, GROUP);
    }
  });

  it('a view-only viewer of the real desktop (TigerVNC) gets updates after ClientFence and EnableContinuousUpdates', async () => {
    const desktop = await createContainerWorkspace(t, admin, {
      image: 'caster/desktop:latest',
      memoryMb: 512,
      cores: 1,
    });
    const s = await launch(desktop);
    const viewer = await RfbTestClient.open(wsUrl(), await viewerHeaders(s.id));
    await viewer.handshake();
    viewer.send(
      c.setPixelFormat(),
      // Raw plus the pseudo-encodings noVNC announces for fences and continuous updates.
      c.setEncodings([0, -223, -224, -312, -313]),
      c.fence(),
      c.enableContinuousUpdates(1),
      c.fbur(0, 1280, 800),
      c.key(1, 0x61),
      c.pointer(1, 100, 100),
    );
    await viewer.until(() => viewer.events.some((e) => e.type === 'update'), 20_000);
    expect(viewer.events.some((e) => e.type === 'fence')).toBe(true);
    expect(viewer.closed).toBeNull();
    viewer.close();
    await t.http().delete(`/api/sessions/${s.id}`).set(auth(admin)).expect(204);
  });

  it('streams back-to-back full-screen Raw updates of the real desktop (~4 MB each) to the owner and a view-only viewer', async () => {
    const desktop = await createContainerWorkspace(t, admin, {
      image: 'caster/desktop:latest',
      memoryMb: 512,
      cores: 1,
    });
    const s = await launch(desktop);
    for (const headers of [await ownerHeaders(s.id), await viewerHeaders(s.id)]) {
      const viewer = await RfbTestClient.open(wsUrl(), headers);
      await viewer.handshake();
      viewer.send(c.setPixelFormat(), c.setEncodings([0]), c.fbur(0, 1280, 800));
      // Each update asked for only once the previous one is complete, as the benchmark does.
      let asked = 1;
      await viewer.until(() => {
        const updates = viewer.events.filter((e) => e.type === 'update').length;
        if (updates === asked && asked < 5) {
          asked++;
          viewer.send(c.fbur(0, 1280, 800));
        }
        return updates >= 5;
      }, 30_000);
      const updates = viewer.events.filter((e) => e.type === 'update');
      expect(updates).toHaveLength(5);
      // Non-incremental: every update repaints the whole screen.
      for (const u of updates) expect(u).toMatchObject({ pixels: 1280 * 800 });
      expect(viewer.closed).toBeNull();
      viewer.close();
    }
    await t.http().delete(`/api/sessions/${s.id}`).set(auth(admin)).expect(204);
  });

  it("the desktop's own port answers only to the proxy's per-session secret", async () => {
    const desktop = await createContainerWorkspace(t, admin, {
      image: 'caster/desktop:latest',
      memoryMb: 512,
      cores: 1,
    });
    const s = await launch(desktop);
    const other = await launch();
    const secretOf = async (id: string): Promise<{ secret: string; port: number }> => {
      const info = (await containersOf(installation)).find((x) => x.Labels['org.caster.session-id'] === id);
      if (!info) throw new Error('no container');
      const inspected = await docker.getContainer(info.Id).inspect();
      const env = (inspected.Config.Env ?? []).find((e) => e.startsWith('CASTER_PROXY_SECRET='));
      const published = Object.values(inspected.NetworkSettings.Ports ?? {})[0]?.[0]?.HostPort;
      return { secret: (env ?? '').split('=')[1] ?? '', port: Number(published) };
    };
    const { secret, port } = await secretOf(s.id);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await secretOf(other.id)).secret).not.toBe(secret);
    const basic = (pw: string) => `Basic ${Buffer.from(`caster:${pw}`).toString('base64')}`;
    const direct = (headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${port}/vnc.html`, { headers }).then((r) => r.status);
    // Straight to the container's port: nothing without the secret, the page with it.
    expect(await direct({})).toBe(401);
    expect(await direct({ Authorization: basic('wrong') })).toBe(401);
    expect(await direct({ Authorization: basic(secret) })).toBe(200);
    const wsStatus = await new Promise<number>((ok, fail) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/websockify`, ['binary']);
      ws.once('open', () => {
        ws.close();
        ok(101);
      });
      ws.once('unexpected-response', (_req, res) => ok(res.statusCode ?? 0));
      ws.once('error', fail);
    });
    expect(wsStatus).toBe(401);
    // Through the session's origin the proxy presents it; the viewer never sees it or a challenge.
    const owner = await enterAsOwner(t, admin, s.id);
    const page = await owner.get('/vnc.html').expect(200);
    expect(page.headers['www-authenticate']).toBeUndefined();
    const rfb = await RfbTestClient.open(wsUrl(), headersOf(owner));
    await rfb.handshake();
    rfb.close();
    const view = await t.http().get(`/api/sessions/${s.id}`).set(auth(admin)).expect(200);
    expect(JSON.stringify(view.body)).not.toContain(secret);
    await t.http().delete(`/api/sessions/${s.id}`).set(auth(admin)).expect(204);
    await t.http().delete(`/api/sessions/${other.id}`).set(auth(admin)).expect(204);
  });

  it('owners keep a plain pass-through to a socket that is not RFB; view-only viewers are closed', async () => {
    const tiny = await createContainerWorkspace(t, admin);
    const s = await launch(tiny);
    const owner = await ownerHeaders(s.id);
    const echoed = await new Promise<string>((ok, fail) => {
      const ws = new WebSocket(wsUrl(), { headers: owner });
      ws.on('open', () => ws.send('hello, not RFB'));
      ws.on('message', (d: Buffer) => {
        ok(d.toString().trim());
        ws.close();
      });
      ws.on('error', fail);
    });
    expect(echoed).toBe('hello, not RFB');
    // websocketd selects no subprotocol: the proxy asks again without the viewer's 'binary'.
    const viewer = await viewerHeaders(s.id);
    const viewerSaw: Buffer[] = [];
    const code = await new Promise<number>((ok, fail) => {
      const ws = new WebSocket(wsUrl(), { headers: viewer });
      ws.on('open', () => ws.send(Buffer.from('RFB 003.008\n')));
      ws.on('message', (d: Buffer) => viewerSaw.push(d));
      ws.on('close', (closeCode) => ok(closeCode));
      ws.on('error', fail);
    });
    expect(code).toBe(1008);
    expect(viewerSaw).toEqual([]);
    await t.http().delete(`/api/sessions/${s.id}`).set(auth(admin)).expect(204);
  });
});
