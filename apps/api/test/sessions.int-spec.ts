import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import { SessionReaperService } from '@caster/api/sessions';
import { enterAsOwner, sessionOrigin } from './support/session-origin';
import { startTestApp, type TestApp } from './support/test-app';
import {
  containersOf,
  createContainerWorkspace,
  createUser,
  docker,
  removeContainersOf,
  setAllUsersSettings,
  waitForSession,
} from './support/sessions';

describe('sessions on the Docker engine', () => {
  let t: TestApp;
  let admin: string;
  let workspaceId: string;
  let installation: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    installation = t.app.get(AgentsService).instanceId;
    await setAllUsersSettings(t, admin, { max_kasms_per_user: 0, allow_kasm_sharing: true });
    workspaceId = await createContainerWorkspace(t, admin);
  });
  afterAll(async () => {
    await t?.close();
    if (installation) await removeContainersOf(installation);
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  async function launch(
    token = admin,
    body: Record<string, unknown> = { workspaceId },
  ): Promise<SessionView> {
    const res = await t.http().post('/api/sessions').set(auth(token)).send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as SessionView;
  }

  it('launches → running, proxies HTTP to the owner only, stops and removes the container', async () => {
    const created = await launch(admin, { workspaceId, kasmUrl: 'https://example.org/start?a=1&b=2' });
    expect(created.state).toBe('provisioning');
    const running = await waitForSession(t, admin, created.id, ['running']);
    expect(running.viewerUrl).toBe(t.config.sessions.urlFor(created.id));

    const viewer = await enterAsOwner(t, admin, created.id);
    const page = await viewer.get('/').expect(200);
    expect(page.text).toContain('https://example.org/start?a=1&amp;b=2');

    // Nobody else: no cookie, the owner's Bearer, another user (who cannot get an entry link), a made-up id.
    await sessionOrigin(t, created.id).get('/').expect(401);
    await sessionOrigin(t, created.id).get('/').set(auth(admin)).expect(401);
    const other = await createUser(t, admin);
    await t.http().post(`/api/sessions/${created.id}/access`).set(auth(other.token)).expect(404);
    await t.http().get(`/api/sessions/${created.id}`).set(auth(other.token)).expect(404);
    await sessionOrigin(t, '00000000-0000-4000-8000-000000000000', viewer.cookie).get('/').expect(401);

    const [container] = (await containersOf(installation)).filter(
      (c) => c.Labels['org.caster.session-id'] === created.id,
    );
    const info = await docker.getContainer(container.Id).inspect();
    expect(info.HostConfig.Memory).toBe(128 * 1024 * 1024);
    expect(info.HostConfig.NanoCpus).toBe(5e8);
    expect(info.Config.Labels['org.caster.workspace-id']).toBe(workspaceId);
    expect(info.Config.Env).toContain('KASM_URL=https://example.org/start?a=1&b=2');
    expect(info.Config.Env).toContain('CASTER_USER=admin');

    await t.http().delete(`/api/sessions/${created.id}`).set(auth(admin)).expect(204);
    const stopped = await waitForSession(t, admin, created.id, ['stopped']).catch(() => null);
    expect(stopped?.state ?? 'stopped').toBe('stopped');
    expect(
      (await containersOf(installation)).filter((c) => c.Labels['org.caster.session-id'] === created.id),
    ).toEqual([]);
    await viewer.get('/').expect(401);
  });

  it('proxies WebSockets (cookie-authenticated like a browser) and refuses them without access', async () => {
    const s = await launch();
    await waitForSession(t, admin, s.id, ['running']);
    const viewer = await enterAsOwner(t, admin, s.id);
    const ws = await viewer.ws('/websockify');
    if (!('send' in ws)) throw new Error(`refused: ${ws.status}`);
    const echoed = await new Promise<string>((resolve, reject) => {
      ws.send('hello through the proxy');
      ws.on('message', (d) => {
        resolve((d as Buffer).toString().trim());
        ws.close();
      });
      ws.on('error', reject);
    });
    expect(echoed).toBe('hello through the proxy');

    const refused = await sessionOrigin(t, s.id).ws('/websockify');
    expect('status' in refused && refused.status).toBe(401);
    await t.http().delete(`/api/sessions/${s.id}`).set(auth(admin)).expect(204);
  });

  it('streams state changes as server-sent events', async () => {
    const s = await launch();
    const res = await fetch(`${t.url}/api/sessions/${s.id}/events`, { headers: auth(admin) });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('"running"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
    expect(text).toMatch(/event: state/);
    expect(text).toContain('"running"');
    await t.http().delete(`/api/sessions/${s.id}`).set(auth(admin)).expect(204);
  });

  it('fails with PROVISION_FAILED for a missing image and leaves nothing running', async () => {
    const missing = await createContainerWorkspace(t, admin, { image: 'caster/no-such-image:never' });
    const s = await launch(admin, { workspaceId: missing });
    const failed = await waitForSession(t, admin, s.id, ['failed']);
    expect(failed.failure?.code).toBe('PROVISION_FAILED');
    expect(failed.failure?.message).toContain('IMAGE_NOT_FOUND');
    expect(
      (await containersOf(installation)).filter((c) => c.Labels['org.caster.session-id'] === s.id),
    ).toEqual([]);
  });

  it('extends keepalive and the reaper stops expired sessions', async () => {
    const s = await launch();
    await waitForSession(t, admin, s.id, ['running']);
    const before = (await t.http().get(`/api/sessions/${s.id}`).set(auth(admin))).body as SessionView;
    await new Promise((r) => setTimeout(r, 20));
    const kept = await t.http().post(`/api/sessions/${s.id}/keepalive`).set(auth(admin)).expect(200);
    expect(new Date(kept.body.expiresAt).getTime()).toBeGreaterThan(new Date(before.expiresAt!).getTime());

    await t.app.get(SessionReaperService).reapOnce(new Date(Date.now() + 400 * 86_400_000));
    const after = await waitForSession(t, admin, s.id, ['stopped']);
    expect(after.state).toBe('stopped');
    expect(
      (await containersOf(installation)).filter((c) => c.Labels['org.caster.session-id'] === s.id),
    ).toEqual([]);
  });

  it('enforces max_kasms_per_user at launch with 409 SESSION_LIMIT_REACHED', async () => {
    const user = await createUser(t, admin);
    await setAllUsersSettings(t, admin, { max_kasms_per_user: 1 });
    try {
      const first = await launch(user.token);
      const res = await t
        .http()
        .post('/api/sessions')
        .set(auth(user.token))
        .send({ workspaceId })
        .expect(409);
      expect(res.body.error.code).toBe('SESSION_LIMIT_REACHED');
      await t.http().delete(`/api/sessions/${first.id}`).set(auth(user.token)).expect(204);
    } finally {
      await setAllUsersSettings(t, admin, { max_kasms_per_user: 0 });
    }
  });

  it('reconciles after a crash: orphan containers removed, sessions without containers stopped', async () => {
    const s = await launch();
    await waitForSession(t, admin, s.id, ['running']);
    const [container] = (await containersOf(installation)).filter(
      (c) => c.Labels['org.caster.session-id'] === s.id,
    );
    // The container vanishes behind the API's back; and a container appears that no session owns.
    await docker.getContainer(container.Id).remove({ force: true });
    const orphan = await docker.createContainer({
      Image: 'caster/tiny-app:latest',
      Labels: {
        'org.caster.managed': 'true',
        'org.caster.instance': installation,
        'org.caster.session-id': '00000000-0000-4000-8000-000000000001',
      },
    });
    await orphan.start();
    const result = await t.app.get(SessionReaperService).reconcile();
    expect(result.removedContainers).toBeGreaterThanOrEqual(1);
    expect(result.stoppedSessions).toBeGreaterThanOrEqual(1);
    expect((await containersOf(installation)).map((c) => c.Id)).not.toContain(orphan.id);
    expect((await t.http().get(`/api/sessions/${s.id}`).set(auth(admin))).body.state).toBe('stopped');
  });
});
