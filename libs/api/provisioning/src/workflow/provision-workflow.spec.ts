import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsPort } from '@caster/api/core';
import { ProvisionError } from '../provision-error';
import type { SessionAgent } from '../session-agent';
import type { AgentsService } from './agents.service';
import { ProvisionWorkflow, type LaunchProgress, type ProvisionJob } from './provision-workflow';

/** An agent that "runs" every container as the HTTP server below (or a closed port). */
function fakeAgent(port: number, launchError?: Error) {
  const removed: string[] = [];
  const agent = {
    kind: 'docker',
    def: { id: 'local', name: 'local', capacity: 10 },
    launch: () =>
      launchError
        ? Promise.reject(launchError)
        : Promise.resolve({ containerId: 'c1', host: '127.0.0.1', port }),
    isRunning: () => Promise.resolve(port !== 1),
    remove: (id: string) => Promise.resolve(void removed.push(id)),
  } as unknown as SessionAgent;
  return { agent, removed };
}

function recorder(answers: Partial<Record<'started' | 'ready' | 'isOver', boolean>> = {}) {
  const steps: string[] = [];
  const step = <T>(name: string, answer: T): Promise<T> => (steps.push(name), Promise.resolve(answer));
  const progress: LaunchProgress = {
    started: (p) => step(`started ${p.agentId} ${p.containerId}`, answers.started ?? true),
    ready: () => step('ready', answers.ready ?? true),
    failed: (code, message) => step(`failed ${code} ${message}`, undefined),
    isOver: () => step('isOver', answers.isOver ?? false),
  };
  return { progress, steps };
}

function workflow(agent: SessionAgent | null) {
  const ready: number[] = [];
  const agents = {
    get: () => agent ?? undefined,
    reserveFor: () => Promise.resolve(agent),
  } as unknown as AgentsService;
  const metrics = { sessionReady: (_l: unknown, s: number) => void ready.push(s) } as unknown as MetricsPort;
  return { wf: new ProvisionWorkflow(agents, metrics), ready };
}

const job = (over: Partial<ProvisionJob> = {}): ProvisionJob => ({
  sessionId: 's1',
  agentId: 'local',
  provider: null,
  spec: { image: 'x', env: {}, labels: {} } as ProvisionJob['spec'],
  recordedAt: new Date(Date.now() - 1000),
  staged: false,
  ...over,
});

describe('ProvisionWorkflow', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((_q, r) => r.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('runs a launch through started and ready, and records the time to ready', async () => {
    const { agent, removed } = fakeAgent(port);
    const { wf, ready } = workflow(agent);
    const { progress, steps } = recorder();
    await wf.run(job(), progress);
    expect(steps).toEqual(['started local c1', 'ready']);
    expect(removed).toEqual([]);
    expect(ready).toHaveLength(1);
    expect(ready[0]).toBeGreaterThanOrEqual(1);
  });

  it('does not count a warm staged session as a visitor waiting', async () => {
    const { agent } = fakeAgent(port);
    const { wf, ready } = workflow(agent);
    await wf.run(job({ staged: true }), recorder().progress);
    expect(ready).toEqual([]);
  });

  it('fails with NO_CAPACITY when no agent has a slot, before any container exists', async () => {
    const { wf } = workflow(null);
    const { progress, steps } = recorder();
    await wf.run(job({ agentId: null }), progress);
    expect(steps).toEqual(['failed NO_CAPACITY every session host is full']);
  });

  it('fails with the engine’s reason when the container cannot be created', async () => {
    const { agent } = fakeAgent(port, new ProvisionError('IMAGE_NOT_FOUND', 'no such image: x'));
    const { wf } = workflow(agent);
    const { progress, steps } = recorder();
    await wf.run(job(), progress);
    expect(steps).toEqual(['failed PROVISION_FAILED IMAGE_NOT_FOUND: no such image: x']);
  });

  it('removes the container of a session stopped while it was being created', async () => {
    const { agent, removed } = fakeAgent(port);
    const { wf } = workflow(agent);
    const { progress, steps } = recorder({ started: false });
    await wf.run(job(), progress);
    expect(steps).toEqual(['started local c1']);
    expect(removed).toEqual(['c1']);
  });

  it('removes the container and fails the launch when its app never answers', async () => {
    const { agent, removed } = fakeAgent(1); // port 1: nothing listens; isRunning answers false
    const { wf } = workflow(agent);
    const { progress, steps } = recorder();
    await wf.run(job(), progress);
    expect(removed).toEqual(['c1']);
    expect(steps.at(-1)).toMatch(/^failed PROVISION_FAILED NOT_READY: the session container exited/);
  });

  it('removes the container when the session was stopped while it became ready', async () => {
    const { agent, removed } = fakeAgent(port);
    const { wf, ready } = workflow(agent);
    const { progress, steps } = recorder({ ready: false, isOver: true });
    await wf.run(job(), progress);
    expect(steps).toEqual(['started local c1', 'ready', 'isOver']);
    expect(removed).toEqual(['c1']);
    expect(ready).toEqual([]);
  });
});
