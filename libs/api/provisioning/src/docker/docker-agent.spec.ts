import { describe, expect, it } from 'vitest';
import { LABELS } from '../labels';
import type { ContainerLaunchSpec } from '../session-agent';
import { DockerAgent, containerCreateOptions, localAgent } from './docker-agent';

const spec: ContainerLaunchSpec = {
  name: 'caster-s1',
  image: 'caster/tiny-app:latest',
  env: { A: '1' },
  labels: { [LABELS.session]: 's1' },
  cores: 0.5,
  memoryMb: 128,
  containerPort: 6901,
  containerConfig: { Labels: { team: 'a' } },
};

describe('containerCreateOptions', () => {
  it('publishes the web port on the agent address by default, on the session network if one was chosen', () => {
    const { create, connect } = containerCreateOptions(localAgent(null), { ...spec, network: 'team-net' });
    expect(connect).toEqual([]);
    expect(create.ExposedPorts).toEqual({ '6901/tcp': {} });
    expect(create.HostConfig).toMatchObject({
      PortBindings: { '6901/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
      NanoCpus: 5e8,
      Memory: 128 * 1024 * 1024,
      NetworkMode: 'team-net',
      RestartPolicy: { Name: 'no' },
    });
    expect(create.Labels).toEqual({
      team: 'a',
      [LABELS.session]: 's1',
      [LABELS.managed]: 'true',
      [LABELS.agent]: 'local',
    });
  });

  it('in network reach mode joins the agent network, publishes nothing and connects the chosen networks after', () => {
    const def = { ...localAgent(null), network: 'caster_sessions' };
    const { create, connect } = containerCreateOptions(def, {
      ...spec,
      network: 'team-net',
      hostConfig: { NetworkMode: 'bridge' },
    });
    expect(create.ExposedPorts).toBeUndefined();
    expect(create.HostConfig?.PortBindings).toBeUndefined();
    expect(create.HostConfig?.NetworkMode).toBe('caster_sessions');
    expect(create.HostConfig).toMatchObject({ NanoCpus: 5e8, Memory: 128 * 1024 * 1024 });
    expect(connect).toEqual(['team-net']);
    expect(containerCreateOptions(def, { ...spec, network: 'caster_sessions' }).connect).toEqual([]);
  });
});

describe('DockerAgent.isRunning', () => {
  const agentAnswering = (inspect: () => Promise<unknown>): DockerAgent => {
    const agent = new DockerAgent(localAgent(null));
    (agent.docker as unknown as { getContainer: () => unknown }).getContainer = () => ({ inspect });
    return agent;
  };

  it('says no only when the engine says the container is stopped or gone', async () => {
    expect(await agentAnswering(() => Promise.resolve({ State: { Running: true } })).isRunning('c')).toBe(
      true,
    );
    expect(await agentAnswering(() => Promise.resolve({ State: { Running: false } })).isRunning('c')).toBe(
      false,
    );
    const gone = Object.assign(new Error('no such container'), { statusCode: 404 });
    expect(await agentAnswering(() => Promise.reject(gone)).isRunning('c')).toBe(false);
  });

  it('does not take a slow or unreachable engine for a dead container', async () => {
    const slow = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(await agentAnswering(() => Promise.reject(slow)).isRunning('c')).toBe(true);
    const busy = Object.assign(new Error('server error'), { statusCode: 500 });
    expect(await agentAnswering(() => Promise.reject(busy)).isRunning('c')).toBe(true);
  });
});
