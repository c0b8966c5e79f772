import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import { enterAsOwner } from './support/session-origin';
import { startTestApp, type TestApp } from './support/test-app';
import {
  containersOf,
  createContainerWorkspace,
  docker,
  setAllUsersSettings,
  waitForSession,
} from './support/sessions';

const servicesOf = (installation: string) =>
  docker.listServices({ filters: { label: [`org.caster.instance=${installation}`] } });

/** Sessions of a workspace whose provider is 'swarm', on the engine's single-node swarm. */
describe('sessions on Docker Swarm', () => {
  let t: TestApp;
  let admin: string;
  let installation: string;

  beforeAll(async () => {
    // The installation's default stays plain Docker: the workspace alone asks for Swarm.
    t = await startTestApp();
    admin = await t.login();
    installation = t.app.get(AgentsService).instanceId;
    await setAllUsersSettings(t, admin, { max_kasms_per_user: 0 });
  });
  afterAll(async () => {
    await t?.close();
    if (installation) {
      for (const s of await servicesOf(installation))
        await docker
          .getService(s.ID)
          .remove()
          .catch(() => undefined);
    }
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const launch = async (workspaceId: string): Promise<SessionView> => {
    const res = await t.http().post('/api/sessions').set(auth(admin)).send({ workspaceId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as SessionView;
  };

  it('launches a service → running, proxies to it, stops and removes the service', async () => {
    const workspaceId = await createContainerWorkspace(t, admin, {
      provider: 'swarm',
      placementConstraints: ['node.role==manager'],
      env: { TZ: 'UTC' },
    });
    const created = await launch(workspaceId);
    const running = await waitForSession(t, admin, created.id, ['running'], 30_000);
    expect(running.viewerUrl).toBe(t.config.sessions.urlFor(created.id));

    const viewer = await enterAsOwner(t, admin, created.id);
    const page = await viewer.get('/').expect(200);
    expect(page.text).toContain('Caster tiny app');

    const [service] = await servicesOf(installation);
    expect(service.Spec?.Name).toBe(`caster-${created.id}`);
    expect(service.Spec?.Labels?.['org.caster.session-id']).toBe(created.id);
    expect(service.Spec?.Labels?.['org.caster.agent']).toBe('swarm');
    const task = service.Spec?.TaskTemplate as {
      Resources: { Limits: object; Reservations: object };
      Placement: { Constraints: string[] };
      ContainerSpec: { Env: string[] };
    };
    expect(task.Resources.Limits).toMatchObject({ NanoCPUs: 5e8, MemoryBytes: 128 * 1024 * 1024 });
    expect(task.Resources.Reservations).toMatchObject({ NanoCPUs: 5e8, MemoryBytes: 128 * 1024 * 1024 });
    expect(task.Placement.Constraints).toEqual(['node.role==manager']);
    expect(task.ContainerSpec.Env).toContain('TZ=UTC');
    expect(task.ContainerSpec.Env).toContain(`CASTER_SESSION_ID=${created.id}`);
    // The plain-Docker agent leaves the service's container to the Swarm provider.
    expect(await t.app.get(AgentsService).get('local')?.listManaged(installation)).toEqual([]);
    expect(t.app.get(AgentsService).agents.map((a) => a.def.id)).toContain('swarm');

    await t.http().delete(`/api/sessions/${created.id}`).set(auth(admin)).expect(204);
    await waitForSession(t, admin, created.id, ['stopped']);
    expect(await servicesOf(installation)).toEqual([]);
    await viewer.get('/').expect(401);
  });

  it('fails with PROVISION_FAILED (NO_NODE) when no node satisfies the placement, leaving no service', async () => {
    const workspaceId = await createContainerWorkspace(t, admin, {
      provider: 'swarm',
      placementConstraints: ['node.labels.caster-test-nowhere==true'],
    });
    const created = await launch(workspaceId);
    const failed = await waitForSession(t, admin, created.id, ['failed'], 30_000);
    expect(failed.failure?.code).toBe('PROVISION_FAILED');
    expect(failed.failure?.message).toContain('NO_NODE');
    expect(failed.failure?.message).toContain('node.labels.caster-test-nowhere==true');
    expect(await servicesOf(installation)).toEqual([]);
    expect(
      (await containersOf(installation)).filter((c) => c.Labels['org.caster.session-id'] === created.id),
    ).toEqual([]);
  });
});
