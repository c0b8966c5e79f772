import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { LABELS } from '../labels';
import { ProvisionError } from '../provision-error';
import { waitForHttp } from '../readiness';
import { SwarmAgent } from './swarm-agent';

const runId = `swarm-${randomBytes(4).toString('hex')}`;
const warnings: string[] = [];
const agent = new SwarmAgent({
  id: 'swarm',
  name: 'swarm',
  dockerUrl: null,
  network: null,
  reachHost: null,
  capacity: 10,
  noNodeGraceMs: 1_000,
  onWarning: (m) => warnings.push(m),
});
const labels = { [LABELS.instance]: runId, [LABELS.testRun]: runId };
const docker = new Docker();

/** Services of this run, found by the test-run label (whatever the agent thinks). */
const servicesOfRun = () => docker.listServices({ filters: { label: [`${LABELS.testRun}=${runId}`] } });

describe('SwarmAgent on the real single-node swarm', () => {
  afterAll(async () => {
    for (const s of await servicesOfRun())
      await docker
        .getService(s.ID)
        .remove()
        .catch(() => undefined);
  });

  it('is a manager', async () => {
    expect(await agent.ping()).toBe(true);
  });

  it('launches the tiny image as a service with limits, reservations and labels, answers on 127.0.0.1, execs argv without a shell, removes it', async () => {
    const launched = await agent.launch({
      name: `caster-${runId}`,
      image: 'caster/tiny-app:latest',
      env: { KASM_URL: 'https://example.org/$(id)' },
      labels,
      cores: 0.5,
      memoryMb: 96,
      containerPort: 6901,
      containerConfig: { Domainname: 'example.org' },
    });
    expect(launched.host).toBe('127.0.0.1');
    expect(warnings.join()).toContain('Domainname');
    await waitForHttp(launched.host, launched.port, { timeoutMs: 10_000 });
    const page = await (await fetch(`http://127.0.0.1:${launched.port}/`)).text();
    expect(page).toContain('https://example.org/$(id)');

    const service = await docker.getService(launched.containerId).inspect();
    expect(service.Spec.Name).toBe(`caster-${runId}`);
    expect(service.Spec.Labels[LABELS.managed]).toBe('true');
    expect(service.Spec.Labels[LABELS.agent]).toBe('swarm');
    expect(service.Spec.Mode.Replicated.Replicas).toBe(1);
    const task = service.Spec.TaskTemplate;
    expect(task.RestartPolicy.Condition).toBe('none');
    expect(task.ContainerSpec.Labels[LABELS.testRun]).toBe(runId);
    expect(task.Resources.Limits).toMatchObject({ NanoCPUs: 5e8, MemoryBytes: 96 * 1024 * 1024 });
    expect(task.Resources.Reservations).toMatchObject({ NanoCPUs: 5e8, MemoryBytes: 96 * 1024 * 1024 });
    expect(await agent.isRunning(launched.containerId)).toBe(true);

    // argv is passed as-is: a shell metacharacter is just a character.
    const echoed = await agent.exec(launched.containerId, ['echo', 'a; touch /tmp/pwned']);
    expect(echoed.output.trim()).toBe('a; touch /tmp/pwned');
    expect((await agent.exec(launched.containerId, ['test', '-e', '/tmp/pwned'])).exitCode).not.toBe(0);

    // File transfer streams through the same task container: stdin in, stdout out, as a user.
    const run = await agent.execStream(launched.containerId, ['/bin/sh', '-c', 'id -u; cat'], {
      user: '1000:1000',
      stdin: Buffer.from('through the task\n'),
    });
    const chunks: Buffer[] = [];
    for await (const chunk of run.stdout) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe('1000\nthrough the task\n');
    expect((await run.done).exitCode).toBe(0);
    expect(await agent.containerUser(launched.containerId)).toBe('');

    const listed = await agent.listManaged(runId);
    expect(listed).toEqual([expect.objectContaining({ id: launched.containerId, state: 'running' })]);
    expect(listed[0].labels[LABELS.testRun]).toBe(runId);

    await agent.remove(launched.containerId);
    await agent.remove(launched.containerId); // already gone is fine
    expect(await agent.listManaged(runId)).toEqual([]);
    expect(await agent.isRunning(launched.containerId)).toBe(false);
  });

  it('fails with NO_NODE for a placement nothing satisfies and leaves no service', async () => {
    const error = await agent
      .launch({
        image: 'caster/tiny-app:latest',
        env: {},
        labels,
        containerPort: 6901,
        placement: [`node.labels.caster-${runId}==true`],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisionError);
    expect((error as ProvisionError).reason).toBe('NO_NODE');
    expect((error as ProvisionError).message).toContain(`node.labels.caster-${runId}==true`);
    expect(await servicesOfRun()).toEqual([]);
  });

  it('fails with IMAGE_NOT_FOUND for a missing image and leaves no service', async () => {
    const error = await agent
      .launch({ image: `caster/does-not-exist:${runId}`, env: {}, labels, containerPort: 6901 })
      .catch((e: unknown) => e);
    expect((error as ProvisionError).reason).toBe('IMAGE_NOT_FOUND');
    expect(await servicesOfRun()).toEqual([]);
  });

  it('refuses security options it cannot apply before creating anything', async () => {
    const error = await agent
      .launch({
        image: 'caster/tiny-app:latest',
        env: {},
        labels,
        containerPort: 6901,
        hostConfig: { SecurityOpt: ['no-new-privileges'] },
      })
      .catch((e: unknown) => e);
    expect((error as ProvisionError).reason).toBe('UNSUPPORTED_OPTION');
    expect(await servicesOfRun()).toEqual([]);
  });

  it('is down when the engine cannot be reached', async () => {
    const down = new SwarmAgent({ ...agent.def, dockerUrl: 'tcp://127.0.0.1:1' });
    expect(await down.ping()).toBe(false);
    const error = await down
      .launch({ image: 'caster/tiny-app:latest', env: {}, labels, containerPort: 6901 })
      .catch((e: unknown) => e);
    expect((error as ProvisionError).reason).toBe('ENGINE_UNAVAILABLE');
  });
});
