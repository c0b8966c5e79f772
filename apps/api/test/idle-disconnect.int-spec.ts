import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import { startTestApp, type TestApp } from './support/test-app';
import {
  createContainerWorkspace,
  removeContainersOf,
  setAllUsersSettings,
  waitForSession,
} from './support/sessions';
import { RfbTestClient, c } from './support/rfb';
import { enterAsOwner, enterShare, type SessionOriginClient } from './support/session-origin';

/** CASTER_DESKTOP_IMAGE: a locally built variant of the desktop image (default: what build.sh makes). */
const DESKTOP_IMAGE = process.env['CASTER_DESKTOP_IMAGE'] ?? 'caster/desktop:latest';
const IDLE_SECONDS = 3;
const GROUP = { allow_kasm_sharing: true, max_kasms_per_user: 0, idle_disconnect: IDLE_SECONDS };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Idle disconnect on the real path: the desktop image (TigerVNC behind websockify) on the Docker
 * engine, the API's proxy and RFB relay over real WebSockets on the session's own origin, and the
 * owner's effective idle_disconnect from the All Users group.
 */
describe('idle disconnect through the session proxy', () => {
  let t: TestApp;
  let admin: string;
  let installation: string;
  let workspace: string;
  let session: SessionView;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const wsUrl = (): string => `${t.url.replace('http', 'ws')}/websockify`;
  const headersOf = (o: SessionOriginClient): Record<string, string> => ({
    Host: o.host,
    Origin: o.origin,
    Cookie: o.cookie,
  });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    installation = t.app.get(AgentsService).instanceId;
    await setAllUsersSettings(t, admin, GROUP);
    workspace = await createContainerWorkspace(t, admin, { image: DESKTOP_IMAGE, memoryMb: 512, cores: 1 });
    const res = await t
      .http()
      .post('/api/sessions')
      .set(auth(admin))
      .send({ workspaceId: workspace })
      .expect(201);
    session = await waitForSession(t, admin, (res.body as SessionView).id, ['running'], 60_000);
  });
  afterAll(async () => {
    if (t && admin) await setAllUsersSettings(t, admin, { idle_disconnect: null }).catch(() => undefined);
    await t?.close();
    if (installation) await removeContainersOf(installation);
  });

  async function owner(): Promise<RfbTestClient> {
    const client = await RfbTestClient.open(wsUrl(), headersOf(await enterAsOwner(t, admin, session.id)));
    await client.handshake();
    return client;
  }

  it('keeps an owner who types and moves the mouse connected past the limit, then closes with 4000 "idle"', async () => {
    const o = await owner();
    o.send(c.setEncodings([0]), c.fbur(0, 64, 48));
    await o.until(() => o.events.some((e) => e.type === 'update'));
    // Twice the limit of steady input: still open.
    for (let i = 0; i < 2 * IDLE_SECONDS * 2; i++) {
      await sleep(500);
      o.send(i % 2 ? c.pointer(0, 10 + i, 10) : c.key(1, 0xffe1), c.key(0, 0xffe1));
    }
    expect(o.closed).toBeNull();
    // The session still answers pictures: the connection is really alive.
    const before = o.events.length;
    o.send(c.fbur(0, 64, 48));
    await o.until(() => o.events.length > before);
    // Then nothing: cut for idleness (the timer checks at the deadline, so within a second of it).
    const closed = await o.untilClosed((IDLE_SECONDS + 5) * 1000);
    expect(closed).toEqual({ code: 4000, reason: 'idle' });
    // Idleness ends the connection, not the session.
    expect((await waitForSession(t, admin, session.id, ['running'])).state).toBe('running');
  });

  it('picture requests are not input: an owner who only watches is cut', async () => {
    const o = await owner();
    o.send(c.setEncodings([0]));
    const watching = setInterval(() => {
      if (o.ws.readyState === o.ws.OPEN) o.send(c.fbur(1, 64, 48));
    }, 300);
    try {
      expect(await o.untilClosed((IDLE_SECONDS + 5) * 1000)).toEqual({ code: 4000, reason: 'idle' });
    } finally {
      clearInterval(watching);
    }
  });

  it('a share viewer’s keys and pointer (dropped by the relay) keep nobody awake, and it is not cut itself', async () => {
    const share = await t.http().post(`/api/sessions/${session.id}/share`).set(auth(admin)).expect(201);
    const viewer = await RfbTestClient.open(
      wsUrl(),
      headersOf(await enterShare(t, share.body.shareId as string)),
    );
    await viewer.handshake();
    const o = await owner();
    const typing = setInterval(() => {
      if (viewer.ws.readyState === viewer.ws.OPEN)
        viewer.send(c.key(1, 0x61), c.key(0, 0x61), c.pointer(1, 5, 5));
    }, 200);
    try {
      expect(await o.untilClosed((IDLE_SECONDS + 5) * 1000)).toEqual({ code: 4000, reason: 'idle' });
      expect(viewer.closed).toBeNull();
      // Still served: a picture request after the owner's cut gets an update.
      viewer.send(c.setEncodings([0]), c.fbur(0, 32, 32));
      await viewer.until(() => viewer.events.some((e) => e.type === 'update'));
      await sleep(IDLE_SECONDS * 1000 + 500);
      expect(viewer.closed).toBeNull();
    } finally {
      clearInterval(typing);
      viewer.close();
    }
  });

  it('Reconnect works: a new owner connection after the cut gets the desktop, and the clock starts afresh', async () => {
    const first = await owner();
    expect((await first.untilClosed((IDLE_SECONDS + 5) * 1000)).code).toBe(4000);
    const again = await owner();
    again.send(c.setEncodings([0]), c.fbur(0, 64, 48));
    await again.until(() => again.events.some((e) => e.type === 'update'));
    expect(again.closed).toBeNull();
    again.send(c.pointer(0, 1, 1));
    expect((await again.untilClosed((IDLE_SECONDS + 5) * 1000)).code).toBe(4000);
  });

  it('idle_disconnect 0 never cuts', async () => {
    await setAllUsersSettings(t, admin, { idle_disconnect: 0 });
    try {
      const o = await owner();
      await sleep((IDLE_SECONDS + 2) * 1000);
      expect(o.closed).toBeNull();
      o.close();
    } finally {
      await setAllUsersSettings(t, admin, GROUP);
    }
  });
});
