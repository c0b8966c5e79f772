import { describe, expect, it } from 'vitest';
import { LABELS } from '../labels';
import { ProvisionError } from '../provision-error';
import type { ContainerLaunchSpec } from '../session-agent';
import { dockerRunOptions } from '../docker/run-config';
import { swarmServiceSpec } from './service-spec';

const base: ContainerLaunchSpec = {
  name: 'caster-s1',
  image: 'caster/tiny-app:latest',
  env: { KASM_URL: 'https://example.org/', CASTER_SESSION_ID: 's1' },
  labels: { [LABELS.instance]: 'i1', [LABELS.session]: 's1' },
  cores: 1.5,
  memoryMb: 512,
  containerPort: 6901,
};

describe('swarmServiceSpec', () => {
  it('makes one never-restarted replica with limits, equal reservations, labels and a host-mode port', () => {
    const { service, ignored } = swarmServiceSpec(
      { ...base, placement: ['node.labels.gpu==true', 'node.role!=manager'] },
      { agentId: 'swarm', network: null },
    );
    expect(ignored).toEqual([]);
    const labels = {
      [LABELS.instance]: 'i1',
      [LABELS.session]: 's1',
      [LABELS.managed]: 'true',
      [LABELS.agent]: 'swarm',
    };
    expect(service).toEqual({
      Name: 'caster-s1',
      Labels: labels,
      Mode: { Replicated: { Replicas: 1 } },
      TaskTemplate: {
        ContainerSpec: {
          Image: 'caster/tiny-app:latest',
          Labels: labels,
          Env: ['KASM_URL=https://example.org/', 'CASTER_SESSION_ID=s1'],
          CapabilityDrop: ['ALL'],
          Ulimits: [{ Name: 'nofile', Soft: 8192, Hard: 16384 }],
        },
        Resources: {
          Limits: { NanoCPUs: 1.5e9, MemoryBytes: 512 * 1024 * 1024, Pids: 512 },
          Reservations: { NanoCPUs: 1.5e9, MemoryBytes: 512 * 1024 * 1024 },
        },
        RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
        Placement: { Constraints: ['node.labels.gpu==true', 'node.role!=manager'] },
      },
      EndpointSpec: {
        Mode: 'vip',
        Ports: [{ Protocol: 'tcp', TargetPort: 6901, PublishMode: 'host' }],
      },
    });
  });

  it('joins the reach network (and a chosen one) instead of publishing', () => {
    const { service } = swarmServiceSpec(
      { ...base, network: 'team-net' },
      { agentId: 'swarm', network: 'caster_sessions' },
    );
    expect(service.TaskTemplate).toMatchObject({
      Networks: [{ Target: 'caster_sessions' }, { Target: 'team-net' }],
    });
    expect(service.EndpointSpec).toEqual({ Mode: 'dnsrr' });
  });

  it('maps the workspace run options Swarm has fields for', () => {
    const run = dockerRunOptions({
      hostname: 'desk',
      user: '1000:1000',
      working_dir: '/home/kasm-user',
      entrypoint: ['/init'],
      command: ['--kiosk', 'a b'],
      labels: { team: 'a' },
      shm_size: '512m',
      tmpfs: { '/run': 'size=64m,mode=755' },
      dns: ['10.0.0.2'],
      dns_search: ['corp.example'],
      extra_hosts: { 'db.corp': '10.0.0.9' },
      cap_drop: ['NET_RAW'],
      cap_add: ['chown', 'CAP_SETUID', 'SYS_ADMIN'],
      volumes: { '/srv/data': { bind: '/data', mode: 'ro' } },
      read_only: true,
      init: true,
      stop_signal: 'SIGINT',
      pids_limit: 300,
      ulimits: [{ name: 'nofile', soft: 1024, hard: 2048 }],
    });
    const { service, ignored } = swarmServiceSpec(
      { ...base, hostConfig: run.hostConfig, containerConfig: run.containerConfig },
      { agentId: 'swarm', network: null },
    );
    expect(ignored).toEqual([]);
    const task = service.TaskTemplate as { ContainerSpec: Record<string, unknown>; Resources: unknown };
    expect(task.ContainerSpec).toMatchObject({
      Hostname: 'desk',
      User: '1000:1000',
      Dir: '/home/kasm-user',
      Command: ['/init'],
      Args: ['--kiosk', 'a b'],
      StopSignal: 'SIGINT',
      Init: true,
      ReadOnly: true,
      DNSConfig: { Nameservers: ['10.0.0.2'], Search: ['corp.example'] },
      Hosts: ['10.0.0.9 db.corp'],
      CapabilityDrop: ['ALL'],
      CapabilityAdd: ['CHOWN', 'SETUID'],
      Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 2048 }],
      Mounts: [
        { Type: 'bind', Source: '/srv/data', Target: '/data', ReadOnly: true },
        {
          Type: 'tmpfs',
          Source: '',
          Target: '/run',
          TmpfsOptions: { SizeBytes: 64 * 1024 ** 2, Mode: 0o755 },
        },
        {
          Type: 'tmpfs',
          Source: '',
          Target: '/dev/shm',
          TmpfsOptions: { SizeBytes: 512 * 1024 ** 2, Mode: 0o1777 },
        },
      ],
    });
    expect((task.ContainerSpec['Labels'] as Record<string, string>)['team']).toBe('a');
    expect(task.Resources).toMatchObject({ Limits: { Pids: 300 } });
  });

  it('lists the options Swarm lacks instead of applying them', () => {
    const run = dockerRunOptions({ domainname: 'corp.example', ipc_mode: 'none', network_mode: 'team-net' });
    const { ignored } = swarmServiceSpec(
      { ...base, hostConfig: run.hostConfig, containerConfig: run.containerConfig },
      { agentId: 'swarm', network: null },
    );
    expect(ignored.sort()).toEqual(['Domainname', 'HostConfig.IpcMode', 'HostConfig.NetworkMode']);
  });

  it('refuses security options rather than launching a weaker container', () => {
    const run = dockerRunOptions({ security_opt: ['no-new-privileges'] });
    let error: unknown;
    try {
      swarmServiceSpec({ ...base, hostConfig: run.hostConfig }, { agentId: 'swarm', network: null });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProvisionError);
    expect((error as ProvisionError).reason).toBe('UNSUPPORTED_OPTION');
  });

  it('the caller labels win over workspace labels', () => {
    const { service } = swarmServiceSpec(
      { ...base, containerConfig: { Labels: { [LABELS.session]: 'spoofed', team: 'a' } } },
      { agentId: 'swarm', network: null },
    );
    expect(service.Labels?.[LABELS.session]).toBe('s1');
  });
});
