import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { LABELS } from '../labels';
import { DockerAgent, localAgent } from './docker-agent';
import { ensureSessionNetwork } from './session-network';

const run = promisify(execFile);
const runId = `netguard-${randomBytes(4).toString('hex')}`;
const labels = { [LABELS.instance]: runId, [LABELS.testRun]: runId };
const octet = 20 + (parseInt(runId.slice(-2), 16) % 200);
const network = `caster-reach-${runId}`;

async function connects(containerId: string, host: string, port: number): Promise<boolean> {
  try {
    await run('docker', ['exec', containerId, 'nc', '-w', '2', host, String(port)], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * The compose layout without compose: a reach network with icc off and a dynamic range, and a
 * container at a fixed address outside the range standing in for the API.
 */
describe('reach-network isolation (the API in a container on the sessions network)', () => {
  const base = new DockerAgent(localAgent(null));
  const removals: string[] = [];
  afterAll(async () => {
    for (const id of removals)
      await base.docker
        .getContainer(id)
        .remove({ force: true })
        .catch(() => undefined);
    await base.docker
      .getNetwork(network)
      .remove()
      .catch(() => undefined);
  });

  it('lets only the fixed address reach sessions, and keeps sessions from each other and from it', async () => {
    await base.docker.createNetwork({
      Name: network,
      Labels: labels,
      Options: { 'com.docker.network.bridge.enable_icc': 'false' },
      IPAM: { Config: [{ Subnet: `10.214.${octet}.0/24`, IPRange: `10.214.${octet}.128/25` }] },
    });
    const api = await base.docker.createContainer({
      Image: 'caster/tiny-app:latest',
      Labels: labels,
      HostConfig: { NetworkMode: network },
      NetworkingConfig: {
        EndpointsConfig: { [network]: { IPAMConfig: { IPv4Address: `10.214.${octet}.2` } } },
      },
    });
    removals.push(api.id);
    await api.start();

    const agent = new DockerAgent({ ...localAgent(null), id: 'reach', network });
    const status = await agent.isolate();
    expect(status.state, status.detail).toBe('isolated');
    expect(status.rules).toEqual([
      expect.stringMatching(
        new RegExp(`^br-[0-9a-f]{12}:online:10\\.214\\.${octet}\\.0/24:10\\.214\\.${octet}\\.128/25$`),
      ),
    ]);
    const spec = { image: 'caster/tiny-app:latest', env: {}, labels, containerPort: 6901 };
    const [a, b] = await Promise.all([agent.launch(spec), agent.launch(spec)]);
    removals.push(a.containerId, b.containerId);
    expect(a.host.startsWith(`10.214.${octet}.`)).toBe(true);
    await new Promise((r) => setTimeout(r, 500));

    expect(await connects(api.id, a.host, 6901)).toBe(true);
    expect(await connects(api.id, b.host, 6901)).toBe(true);
    expect(await connects(a.containerId, b.host, 6901)).toBe(false);
    expect(await connects(a.containerId, `10.214.${octet}.2`, 6901)).toBe(false);
    expect(await connects(a.containerId, `10.214.${octet}.1`, 6901)).toBe(false);

    // Without a dynamic range the fixed address could not be told apart: not isolated.
    const loose = `${network}-loose`;
    await base.docker.createNetwork({
      Name: loose,
      Labels: labels,
      Options: { 'com.docker.network.bridge.enable_icc': 'false' },
    });
    try {
      const status2 = await new DockerAgent({ ...localAgent(null), id: 'loose', network: loose }).isolate();
      expect(status2.state).toBe('failed');
      expect(status2.detail).toContain('ip_range');
    } finally {
      await base.docker.getNetwork(loose).remove();
    }
  }, 60_000);
});

describe('the sessions network of a plain engine', () => {
  const docker = new DockerAgent(localAgent(null)).docker;
  const name = `caster-dup-${runId}`;
  afterAll(async () => {
    for (const n of (await docker.listNetworks({ filters: { name: [name] } })).filter((x) => x.Name === name))
      await docker
        .getNetwork(n.Id)
        .remove()
        .catch(() => undefined);
  });

  it('ends with one network of its name when racers made two, or when two already exist', async () => {
    const named = async () =>
      (await docker.listNetworks({ filters: { name: [name] } })).filter((x) => x.Name === name);
    // Eight launches on a fresh engine at once, as replicas or parallel test files do.
    const facts = await Promise.all(Array.from({ length: 8 }, () => ensureSessionNetwork(docker, name)));
    expect(new Set(facts.map((f) => f.id)).size).toBe(1);
    expect((await named()).map((n) => n.Id)).toEqual([facts[0].id]);
    expect(facts[0].icc).toBe(false);
    // A duplicate left by an older version goes at the next call; the oldest is kept.
    await docker.createNetwork({ Name: name, Driver: 'bridge', CheckDuplicate: false });
    expect(await named()).toHaveLength(2);
    expect((await ensureSessionNetwork(docker, name)).id).toBe(facts[0].id);
    expect(await named()).toHaveLength(1);
  });
});
