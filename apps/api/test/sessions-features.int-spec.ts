import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView, StagingConfigView } from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import { StagingService } from '@caster/api/sessions';
import { enterWith } from './support/session-origin';
import { startTestApp, type TestApp } from './support/test-app';
import {
  containersOf,
  createContainerWorkspace,
  removeContainersOf,
  setAllUsersSettings,
  uniqueName,
  waitForSession,
  ALL_ON,
  GROUP_ALL_ON,
} from './support/sessions';

describe('session features', () => {
  let t: TestApp;
  let admin: string;
  let workspaceId: string;
  let installation: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    // Staging is driven by the test (fillOnce), not by the timer.
    t = await startTestApp({ env: { STAGING_INTERVAL_SECONDS: '0' } });
    admin = await t.login();
    installation = t.app.get(AgentsService).instanceId;
    await setAllUsersSettings(t, admin, GROUP_ALL_ON);
    workspaceId = await createContainerWorkspace(t, admin);
  });
  afterAll(async () => {
    await t?.close();
    if (installation) await removeContainersOf(installation);
  });

  async function runningSession(): Promise<SessionView> {
    const res = await t.http().post('/api/sessions').set(auth(admin)).send({ workspaceId }).expect(201);
    return waitForSession(t, admin, (res.body as SessionView).id, ['running']);
  }

  it('hands 20 parallel launches 5 warm staged sessions and 15 cold ones, never the same one twice', async () => {
    const staged = await createContainerWorkspace(t, admin);
    const config = await t
      .http()
      .post('/api/admin/staging')
      .set(auth(admin))
      .send({ workspaceId: staged, desiredSessions: 5, expirationHours: 1, clientSettings: ALL_ON })
      .expect(201);
    const staging = t.app.get(StagingService);
    await staging.fillOnce();
    const deadline = Date.now() + 20_000;
    while (
      Date.now() < deadline &&
      ((await staging.get((config.body as StagingConfigView).id)).ready ?? 0) < 5
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await staging.get((config.body as StagingConfigView).id)).ready).toBe(5);

    const handedOverFrom = Date.now();
    const launches = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.http().post('/api/sessions').set(auth(admin)).send({ workspaceId: staged }),
      ),
    );
    expect(launches.map((r) => r.status)).toEqual(Array(20).fill(201));
    const sessions = launches.map((r) => r.body as SessionView);
    expect(new Set(sessions.map((s) => s.id)).size).toBe(20);
    const warm = sessions.filter((s) => s.state === 'running');
    expect(warm).toHaveLength(5);
    expect(sessions.filter((s) => s.state === 'provisioning')).toHaveLength(15);
    // A warm session is the caller's from its hand-over (the viewer's "Elapsed" counts from it),
    // not from when the pool made it; a cold one from its creation.
    for (const s of warm) {
      expect(Date.parse(s.createdAt)).toBeLessThan(handedOverFrom);
      expect(Date.parse(s.claimedAt)).toBeGreaterThanOrEqual(handedOverFrom - 5);
    }
    for (const s of sessions.filter((x) => x.state === 'provisioning')) expect(s.claimedAt).toBe(s.createdAt);
    for (const s of sessions) await waitForSession(t, admin, s.id, ['running']);
    const containers = (await containersOf(installation)).filter((c) =>
      sessions.some((s) => s.id === c.Labels['org.caster.session-id']),
    );
    expect(containers).toHaveLength(20);
    await Promise.all(sessions.map((s) => t.http().delete(`/api/sessions/${s.id}`).set(auth(admin))));
    await t
      .http()
      .delete(`/api/admin/staging/${(config.body as StagingConfigView).id}`)
      .set(auth(admin))
      .expect(204);
  });

  it('uploads into and downloads from the home directory, refusing paths outside it', async () => {
    const s = await runningSession();
    const up = await t
      .http()
      .post(`/api/sessions/${s.id}/files`)
      .set(auth(admin))
      .attach('file', Buffer.from('quarterly numbers\n'), 'report.txt')
      .expect(201);
    expect(up.body).toEqual({ path: '/home/kasm-user/report.txt', size: 18 });
    const down = await t
      .http()
      .get(`/api/sessions/${s.id}/files?path=report.txt`)
      .set(auth(admin))
      .buffer(true)
      .expect(200);
    expect(down.headers['content-disposition']).toContain('report.txt');
    expect(Buffer.from(down.body as Buffer).toString()).toBe('quarterly numbers\n');
    for (const bad of ['../../etc/passwd', '/etc/passwd', '/home/kasm-user/../../etc/shadow']) {
      const res = await t
        .http()
        .get(`/api/sessions/${s.id}/files`)
        .query({ path: bad })
        .set(auth(admin))
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    await t.http().get(`/api/sessions/${s.id}/files?path=missing.txt`).set(auth(admin)).expect(404);
    await t.http().delete(`/api/sessions/${s.id}`).set(auth(admin)).expect(204);
  });

  it('refuses uploads and downloads with CLIENT_SETTING_DENIED when the groups do not allow them', async () => {
    await setAllUsersSettings(t, admin, { allow_kasm_uploads: false, allow_kasm_downloads: false });
    try {
      const s = await runningSession();
      const up = await t
        .http()
        .post(`/api/sessions/${s.id}/files`)
        .set(auth(admin))
        .attach('file', Buffer.from('x'), 'x.txt')
        .expect(403);
      expect(up.body.error.code).toBe('CLIENT_SETTING_DENIED');
      const down = await t.http().get(`/api/sessions/${s.id}/files?path=x.txt`).set(auth(admin)).expect(403);
      expect(down.body.error.code).toBe('CLIENT_SETTING_DENIED');
      await t.http().delete(`/api/sessions/${s.id}`).set(auth(admin)).expect(204);
    } finally {
      await setAllUsersSettings(t, admin, GROUP_ALL_ON);
    }
  });

  it('shares view-only: viewers may GET but not POST, their WebSocket input is filtered, revocation ends access', async () => {
    const s = await runningSession();
    const share = await t.http().post(`/api/sessions/${s.id}/share`).set(auth(admin)).expect(201);
    expect(share.body.url).toBe(`#/share/${share.body.shareId}`);
    const joined = await t.http().post(`/api/shares/${share.body.shareId}/join`).expect(200);
    expect(joined.body).toMatchObject({ sessionId: s.id, viewOnly: true });
    expect(joined.headers['set-cookie']).toBeUndefined();
    const viewer = await enterWith(t, joined.body.enterUrl as string);
    await viewer.get('/').expect(200);
    await viewer.request('post', '/').send('x').expect(404);

    // The viewer's socket goes through the RFB relay: the tiny app's echo socket is not RFB, so a
    // view-only viewer is cut (rfb-relay.int-spec.ts covers RFB sessions) and nothing reaches the app.
    const echoes: string[] = [];
    const ws = await viewer.ws('/websockify');
    if (!('send' in ws)) throw new Error(`refused: ${ws.status}`);
    const closeCode = await new Promise<number>((resolve, reject) => {
      ws.send(Buffer.from('RFB 003.008\n'));
      ws.send(Buffer.from([4, 1, 0, 0, 0, 0, 0, 0x61]));
      ws.on('message', (d: Buffer) => echoes.push(d.toString()));
      ws.on('close', (code) => resolve(code));
      ws.on('error', reject);
    });
    expect(closeCode).toBe(1008);
    expect(echoes).toEqual([]);

    await t.http().delete(`/api/sessions/${s.id}/share`).set(auth(admin)).expect(204);
    await viewer.get('/').expect(401);
    await t.http().post(`/api/shares/${share.body.shareId}/join`).expect(404);
    await t.http().delete(`/api/sessions/${s.id}`).set(auth(admin)).expect(204);
  });

  it('opens link workspaces at their URL', async () => {
    const link = await t
      .http()
      .post('/api/admin/workspaces')
      .set(auth(admin))
      .send({ name: uniqueName('link'), type: 'link', url: 'https://docs.example.com/start' })
      .expect(201);
    const res = await t
      .http()
      .post('/api/sessions')
      .set(auth(admin))
      .send({ workspaceId: link.body.id })
      .expect(201);
    expect(res.body).toMatchObject({
      state: 'running',
      workspaceType: 'link',
      viewerUrl: 'https://docs.example.com/start',
    });
  });
});
