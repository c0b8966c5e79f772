import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import { SESSION_NETWORKS, type DockerAgent } from '@caster/api/provisioning';
import { enterAsOwner } from './support/session-origin';
import { startTestApp, type TestApp } from './support/test-app';
import {
  TINY_IMAGE,
  containersOf,
  createCastLink,
  createContainerWorkspace,
  docker,
  removeContainersOf,
  setAllUsersSettings,
  waitForSession,
} from './support/sessions';

const run = promisify(execFile);
const RUN_ID = randomBytes(3).toString('hex');
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Opens a TCP connection from inside a container (busybox nc); true when it connected. */
async function connects(containerId: string, host: string, port: number): Promise<boolean> {
  try {
    await run('docker', ['exec', containerId, 'nc', '-w', '2', host, String(port)], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** A TCP listener on every host address, standing in for "the host's other services". */
async function hostService(): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => s.end('hello\n'));
  await new Promise<void>((r) => server.listen(0, '0.0.0.0', r));
  return { server, port: (server.address() as AddressInfo).port };
}

/**
 * "The internet": a network namespace of this test's own, routed from the host through a veth
 * pair (not a Docker network, whose isolation rules would block it anyway), with a listener.
 */
class Outside {
  readonly ns = `cstr-out-${RUN_ID}`;
  readonly hostIf = `cso${RUN_ID}`;
  readonly address = `198.18.${parseInt(RUN_ID.slice(0, 2), 16)}.2`;
  readonly port = 18080;
  private listener?: ChildProcess;

  async start(): Promise<void> {
    const net = this.address.replace(/\.2$/, '');
    const sh = async (...argv: string[]) => run('ip', argv);
    await sh('netns', 'add', this.ns);
    await sh('link', 'add', this.hostIf, 'type', 'veth', 'peer', 'name', `${this.hostIf}p`);
    await sh('link', 'set', `${this.hostIf}p`, 'netns', this.ns);
    await sh('addr', 'add', `${net}.1/30`, 'dev', this.hostIf);
    await sh('link', 'set', this.hostIf, 'up');
    await sh('netns', 'exec', this.ns, 'ip', 'addr', 'add', `${this.address}/30`, 'dev', `${this.hostIf}p`);
    await sh('netns', 'exec', this.ns, 'ip', 'link', 'set', `${this.hostIf}p`, 'up');
    await sh('netns', 'exec', this.ns, 'ip', 'link', 'set', 'lo', 'up');
    await sh('netns', 'exec', this.ns, 'ip', 'route', 'add', 'default', 'via', `${net}.1`);
    this.listener = spawn(
      'ip',
      [
        'netns',
        'exec',
        this.ns,
        'python3',
        '-c',
        `import socket\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(('0.0.0.0',${this.port}))\ns.listen()\nwhile True:\n  c,_=s.accept();c.sendall(b'outside\\n');c.close()`,
      ],
      { stdio: 'ignore' },
    );
    await new Promise((r) => setTimeout(r, 300));
  }

  async stop(): Promise<void> {
    if (this.listener?.pid) process.kill(this.listener.pid);
    await run('ip', ['link', 'del', this.hostIf]).catch(() => undefined);
    await run('ip', ['netns', 'del', this.ns]).catch(() => undefined);
  }
}

async function containerOf(installation: string, sessionId: string) {
  const c = (await containersOf(installation)).find((x) => x.Labels['org.caster.session-id'] === sessionId);
  if (!c) throw new Error(`no container for session ${sessionId}`);
  return docker.getContainer(c.Id).inspect();
}

describe('session isolation on a plain engine', () => {
  let t: TestApp;
  let admin: string;
  let installation: string;
  let online: string;
  let offline: string;
  let service: { server: Server; port: number };
  const outside = new Outside();
  const controls: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    installation = t.app.get(AgentsService).instanceId;
    await setAllUsersSettings(t, admin, { max_kasms_per_user: 0 });
    online = await createContainerWorkspace(t, admin);
    offline = await createContainerWorkspace(t, admin, { internetAccess: false });
    service = await hostService();
    await outside.start();
  });
  afterAll(async () => {
    await t?.close();
    if (installation) await removeContainersOf(installation);
    for (const id of controls)
      await docker
        .getContainer(id)
        .remove({ force: true })
        .catch(() => undefined);
    service?.server.close();
    await outside.stop();
  });

  async function launch(workspaceId: string): Promise<SessionView> {
    const res = await t.http().post('/api/sessions').set(auth(admin)).send({ workspaceId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return waitForSession(t, admin, (res.body as SessionView).id, ['running']);
  }

  /** A plain container on Docker's default bridge, outside Caster: shows what is reachable without the rules. */
  async function control(): Promise<string> {
    const c = await docker.createContainer({
      Image: TINY_IMAGE,
      Labels: { 'org.caster.test-run': `isolation-${RUN_ID}` },
    });
    controls.push(c.id);
    await c.start();
    return c.id;
  }

  it('keeps a session away from other sessions, the host, the API and link-local addresses', async () => {
    const [a, b] = await Promise.all([launch(online), launch(online)]);
    const [ca, cb] = await Promise.all([containerOf(installation, a.id), containerOf(installation, b.id)]);
    const network = await docker.getNetwork(SESSION_NETWORKS.online).inspect();
    const gateway = (network.IPAM?.Config as { Gateway: string }[])[0].Gateway;
    const bAddress = cb.NetworkSettings.Networks[SESSION_NETWORKS.online].IPAddress;
    expect(ca.HostConfig.NetworkMode).toBe(network.Id);
    expect(network.Options?.['com.docker.network.bridge.enable_icc']).toBe('false');

    // B answers (the API reaches it), and a container outside Caster reaches the host service.
    expect(await connects(ca.Id, '127.0.0.1', 6901)).toBe(true);
    const probe = await control();
    expect(await connects(probe, '172.17.0.1', service.port)).toBe(true);

    const apiPort = Number(new URL(t.url).port);
    expect(await connects(ca.Id, bAddress, 6901)).toBe(false);
    expect(await connects(ca.Id, gateway, service.port)).toBe(false);
    expect(await connects(ca.Id, gateway, apiPort)).toBe(false);
    expect(await connects(ca.Id, gateway, 5432)).toBe(false);
    expect(await connects(ca.Id, gateway, 2375)).toBe(false);
    expect(await connects(ca.Id, '172.17.0.1', service.port)).toBe(false);
    expect(await connects(ca.Id, '169.254.169.254', 80)).toBe(false);

    // The proxied page still works.
    await (await enterAsOwner(t, admin, a.id)).get('/').expect(200);
  }, 60_000);

  it('lets an online session reach the outside, and an internet-off one reach nothing', async () => {
    const [on, off] = await Promise.all([launch(online), launch(offline)]);
    const [con, coff] = await Promise.all([
      containerOf(installation, on.id),
      containerOf(installation, off.id),
    ]);
    const offNet = await docker.getNetwork(SESSION_NETWORKS.offline).inspect();
    expect(coff.HostConfig.NetworkMode).toBe(offNet.Id);
    expect(await connects(con.Id, outside.address, outside.port)).toBe(true);
    expect(await connects(coff.Id, outside.address, outside.port)).toBe(false);
    // The internet-off session is still served through the proxy.
    await (await enterAsOwner(t, admin, off.id)).get('/').expect(200);
  }, 60_000);

  it('runs sessions without capabilities, without new privileges and with a pids limit and ulimits', async () => {
    const s = await launch(online);
    const c = await containerOf(installation, s.id);
    expect(c.HostConfig.PidsLimit).toBe(512);
    expect(c.HostConfig.SecurityOpt).toEqual(['no-new-privileges:true']);
    expect(c.HostConfig.CapDrop).toEqual(['ALL']);
    expect(c.HostConfig.CapAdd ?? []).toEqual([]);
    expect(c.HostConfig.Privileged).toBe(false);
    expect(c.HostConfig.Ulimits).toEqual([{ Name: 'nofile', Soft: 8192, Hard: 16384 }]);
    // Inside: no effective capabilities, and the pids cgroup really bounds it.
    const { stdout } = await run('docker', [
      'exec',
      c.Id,
      'grep',
      '-E',
      '^(CapEff|NoNewPrivs)',
      '/proc/self/status',
    ]);
    expect(stdout).toMatch(/CapEff:\s+0000000000000000/);
    expect(stdout).toMatch(/NoNewPrivs:\s+1/);
  }, 60_000);

  it('a workspace may lower the limits and give back a grantable capability, never more', async () => {
    const ws = await createContainerWorkspace(t, admin, {
      runConfig: { pids_limit: 64, cap_add: ['CHOWN'], ulimits: [{ name: 'nofile', soft: 256, hard: 512 }] },
    });
    const s = await launch(ws);
    const c = await containerOf(installation, s.id);
    expect(c.HostConfig.PidsLimit).toBe(64);
    expect(c.HostConfig.CapAdd).toEqual(['CHOWN']);
    expect(c.HostConfig.Ulimits).toEqual([{ Name: 'nofile', Soft: 256, Hard: 512 }]);
    const refused = await t
      .http()
      .post('/api/admin/workspaces')
      .set(auth(admin))
      .send({
        name: `evil-${RUN_ID}`,
        type: 'container',
        image: TINY_IMAGE,
        runConfig: { cap_add: ['NET_RAW'] },
      })
      .expect(400);
    expect(Object.keys(refused.body.error.details.fields)).toEqual(['runConfig.cap_add[0]']);
  }, 60_000);

  it('installs its rules once, however often it is asked, and says so in health', async () => {
    const agent = t.app.get(AgentsService).get('local') as DockerAgent;
    await agent.isolate(true);
    await agent.isolate(true);
    const network = await docker.getNetwork(SESSION_NETWORKS.online).inspect();
    const bridge = `br-${network.Id.slice(0, 12)}`;
    const { stdout } = await run('iptables', ['-S']);
    const jumps = stdout.split('\n').filter((l) => l.endsWith(`-i ${bridge} -j CSTR-IN-${bridge}`));
    expect(jumps).toEqual([`-A INPUT -i ${bridge} -j CSTR-IN-${bridge}`]);
    expect(stdout.split('\n').filter((l) => l.startsWith(`-A CSTR-IN-${bridge} `))).toHaveLength(3);
    const health = await t.http().get('/api/health');
    expect(health.body.details.networkIsolation).toEqual({ status: 'up', engines: { local: 'isolated' } });
  });
});

describe('session isolation unavailable', () => {
  let t: TestApp;
  let admin: string;
  let workspaceId: string;

  beforeAll(async () => {
    // A reach network that does not exist: the engine cannot be isolated.
    t = await startTestApp({
      env: {
        DOCKER_AGENTS: JSON.stringify([
          { id: 'nowhere', url: 'unix:///var/run/docker.sock', network: `no-such-net-${RUN_ID}` },
        ]),
      },
    });
    admin = await t.login();
    workspaceId = await createContainerWorkspace(t, admin);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses launches with a coded 503 and reports it in health', async () => {
    const res = await t.http().post('/api/sessions').set(auth(admin)).send({ workspaceId });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('ISOLATION_UNAVAILABLE');
    const health = await t.http().get('/api/health');
    expect(health.body.details.networkIsolation).toEqual({ status: 'down', engines: { nowhere: 'failed' } });
  });
});

describe('agent capacity under a burst', () => {
  let t: TestApp;
  let admin: string;
  let installation: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { AGENT_CAPACITY: '3' } });
    admin = await t.login();
    installation = t.app.get(AgentsService).instanceId;
    await setAllUsersSettings(t, admin, { max_kasms_per_user: 0 });
  });
  afterAll(async () => {
    await t?.close();
    if (installation) await removeContainersOf(installation);
  });

  it('N concurrent launches on capacity K < N give exactly K sessions and N − K NO_CAPACITY', async () => {
    const workspaceId = await createContainerWorkspace(t, admin);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => t.http().post('/api/sessions').set(auth(admin)).send({ workspaceId })),
    );
    const ok = answers.filter((r) => r.status === 201);
    const refused = answers.filter((r) => r.status === 503);
    expect(ok).toHaveLength(3);
    expect(refused.map((r) => (r.body as { error: { code: string } }).error.code)).toEqual(
      Array(5).fill('NO_CAPACITY'),
    );
    await Promise.all(ok.map((r) => waitForSession(t, admin, r.body.id, ['running'])));
    expect(await containersOf(installation)).toHaveLength(3);

    // A stopped session gives its slot back.
    await t.http().delete(`/api/sessions/${ok[0].body.id}`).set(auth(admin)).expect(204);
    await waitForSession(t, admin, ok[0].body.id, ['stopped']);
    const again = await t.http().post('/api/sessions').set(auth(admin)).send({ workspaceId });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
  }, 90_000);
});

describe('a casting link’s share of capacity (maxConcurrent)', () => {
  let t: TestApp;
  let admin: string;
  let installation: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    installation = t.app.get(AgentsService).instanceId;
  });
  afterAll(async () => {
    await t?.close();
    if (installation) await removeContainersOf(installation);
  });

  const anonymousUsers = async () =>
    Number(
      (
        await t.app.get(DataSource).query<{ n: string }[]>('SELECT count(*) AS n FROM users WHERE anonymous')
      )[0].n,
    );

  it('holds at most maxConcurrent live sessions; a refusal takes no unit and leaves no account', async () => {
    const workspaceId = await createContainerWorkspace(t, admin);
    const link = await createCastLink(t, admin, workspaceId, {
      maxConcurrent: 2,
      limitSessions: true,
      sessionsRemaining: 10,
    });
    expect(link.maxConcurrent).toBe(2);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => t.http().post(`/api/cast/${link.key}`).send({})),
    );
    const ok = answers.filter((r) => r.status === 201);
    expect(ok).toHaveLength(2);
    expect(
      answers.filter((r) => r.status === 503).map((r) => (r.body as { error: { code: string } }).error.code),
    ).toEqual(Array(4).fill('LINK_AT_CAPACITY'));
    expect(await anonymousUsers()).toBe(2);
    const after = await t.http().get(`/api/admin/casting/${link.id}`).set(auth(admin)).expect(200);
    expect(after.body.sessionsRemaining).toBe(8);

    // A session that ends frees the link's slot.
    const first = ok[0].body.sessionId as string;
    await t.http().delete(`/api/admin/sessions/${first}`).set(auth(admin)).expect(204);
    for (let state = ''; state !== 'stopped'; await new Promise((r) => setTimeout(r, 50)))
      state = (await t.http().get(`/api/admin/sessions/${first}`).set(auth(admin))).body.state;
    await t.http().post(`/api/cast/${link.key}`).send({}).expect(201);
  }, 60_000);

  it('refuses a bad maxConcurrent with a coded 400', async () => {
    const workspaceId = await createContainerWorkspace(t, admin);
    const res = await t
      .http()
      .post('/api/admin/casting')
      .set(auth(admin))
      .send({ name: `bad-${RUN_ID}`, workspaceId, maxConcurrent: 0 })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.error.details.fields)).toEqual(['maxConcurrent']);
  });
});
