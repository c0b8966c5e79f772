import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { LABELS } from '../labels';
import { waitForHttp } from '../readiness';
import { ProvisionError } from '../provision-error';
import { DockerAgent, localAgent } from './docker-agent';

const runId = `agent-${randomBytes(4).toString('hex')}`;
const agent = new DockerAgent(localAgent(null));
const labels = { [LABELS.instance]: runId, [LABELS.testRun]: runId };

describe('DockerAgent on the real engine', () => {
  afterAll(async () => {
    for (const c of await agent.listManaged(runId)) await agent.remove(c.id);
  });

  it('launches the tiny image with limits and labels, answers on 127.0.0.1, execs argv without a shell, removes it', async () => {
    const launched = await agent.launch({
      image: 'caster/tiny-app:latest',
      env: { KASM_URL: 'https://example.org/$(id)' },
      labels,
      cores: 0.5,
      memoryMb: 96,
      containerPort: 6901,
    });
    expect(launched.host).toBe('127.0.0.1');
    const waited = await waitForHttp(launched.host, launched.port, { timeoutMs: 10_000 });
    expect(waited).toBeLessThan(10_000);

    const info = await agent.docker.getContainer(launched.containerId).inspect();
    expect(info.HostConfig.NanoCpus).toBe(5e8);
    expect(info.HostConfig.Memory).toBe(96 * 1024 * 1024);
    expect(info.Config.Labels[LABELS.managed]).toBe('true');
    expect(info.HostConfig.PortBindings['6901/tcp'][0].HostIp).toBe('127.0.0.1');

    const page = await (await fetch(`http://127.0.0.1:${launched.port}/`)).text();
    expect(page).toContain('https://example.org/$(id)'); // the value arrives verbatim, never evaluated

    // argv is passed as-is: a shell metacharacter is just a character.
    const echoed = await agent.exec(launched.containerId, ['echo', 'a; touch /tmp/pwned']);
    expect(echoed.output.trim()).toBe('a; touch /tmp/pwned');
    expect((await agent.exec(launched.containerId, ['test', '-e', '/tmp/pwned'])).exitCode).not.toBe(0);

    expect((await agent.listManaged(runId)).map((c) => c.id)).toContain(launched.containerId);
    await agent.remove(launched.containerId);
    await agent.remove(launched.containerId); // already gone is fine
    expect(await agent.listManaged(runId)).toEqual([]);
  });

  it('fails with IMAGE_NOT_FOUND for a missing image and leaves no container', async () => {
    const error = await agent
      .launch({ image: `caster/does-not-exist:${runId}`, env: {}, labels, containerPort: 6901 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisionError);
    expect((error as ProvisionError).reason).toBe('IMAGE_NOT_FOUND');
    expect(await agent.listManaged(runId)).toEqual([]);
  });

  it('in network reach mode joins the network, publishes nothing and answers at its address there', async () => {
    const network = `caster-${runId}`;
    await agent.docker.createNetwork({ Name: network, Labels: labels });
    try {
      const onNetwork = new DockerAgent({ ...localAgent(null), id: 'net', network });
      const launched = await onNetwork.launch({
        image: 'caster/tiny-app:latest',
        env: {},
        labels,
        containerPort: 6901,
      });
      const info = await agent.docker.getContainer(launched.containerId).inspect();
      expect(info.HostConfig.NetworkMode).toBe(network);
      expect(info.NetworkSettings.Ports['6901/tcp'] ?? null).toBeNull();
      expect(launched).toMatchObject({ host: info.NetworkSettings.Networks[network].IPAddress, port: 6901 });
      // The host reaches a bridge network's addresses on Linux, as an API on that network would.
      await waitForHttp(launched.host, launched.port, { timeoutMs: 10_000 });
      await onNetwork.remove(launched.containerId);
    } finally {
      await agent.docker.getNetwork(network).remove();
    }
  });

  it('fails with ENGINE_UNAVAILABLE when the engine cannot be reached', async () => {
    const down = new DockerAgent(localAgent('tcp://127.0.0.1:1'));
    expect(await down.ping()).toBe(false);
    const error = await down
      .launch({ image: 'caster/tiny-app:latest', env: {}, labels, containerPort: 6901 })
      .catch((e: unknown) => e);
    expect((error as ProvisionError).reason).toBe('ENGINE_UNAVAILABLE');
  });
});
