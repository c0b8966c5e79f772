import { describe, expect, it } from 'vitest';
import { containerCreateOptions, localAgent } from './docker/docker-agent';
import { dockerRunOptions } from './docker/run-config';
import { MAX_PIDS_LIMIT, SESSION_DEFAULTS, hardenedHostConfig } from './hardening';

const spec = { name: 'caster-s1', image: 'caster/tiny-app:latest', env: {}, labels: {}, containerPort: 6901 };

describe('hardenedHostConfig', () => {
  it('drops every capability, forbids new privileges and bounds processes by default', () => {
    expect(hardenedHostConfig({})).toEqual({
      Privileged: false,
      CapDrop: ['ALL'],
      CapAdd: [],
      SecurityOpt: ['no-new-privileges:true'],
      PidsLimit: SESSION_DEFAULTS.pidsLimit,
      Ulimits: [{ Name: 'nofile', Soft: 8192, Hard: 16384 }],
    });
  });

  it('lets a workspace set its own pids limit and ulimits, never unlimited or above the ceiling', () => {
    const run = dockerRunOptions({
      pids_limit: 100,
      ulimits: [
        { name: 'nofile', soft: 512, hard: 1024 },
        { name: 'nproc', soft: 200, hard: 200 },
      ],
    });
    expect(hardenedHostConfig(run.hostConfig)).toMatchObject({
      PidsLimit: 100,
      Ulimits: [
        { Name: 'nofile', Soft: 512, Hard: 1024 },
        { Name: 'nproc', Soft: 200, Hard: 200 },
      ],
    });
    expect(hardenedHostConfig({ PidsLimit: -1 }).PidsLimit).toBe(SESSION_DEFAULTS.pidsLimit);
    expect(hardenedHostConfig({ PidsLimit: 0 }).PidsLimit).toBe(SESSION_DEFAULTS.pidsLimit);
    expect(hardenedHostConfig({ PidsLimit: 10_000_000 }).PidsLimit).toBe(MAX_PIDS_LIMIT);
  });

  it('grants back only capabilities of the grantable set, whatever the spelling', () => {
    const run = dockerRunOptions({ cap_add: ['chown', 'CAP_SETGID', 'SYS_ADMIN', 'NET_RAW', 'NET_ADMIN'] });
    expect(hardenedHostConfig(run.hostConfig).CapAdd).toEqual(['CHOWN', 'SETGID']);
  });

  it('cannot be undone by the workspace options in the create call', () => {
    const { create } = containerCreateOptions(localAgent(null), {
      ...spec,
      hostConfig: {
        Privileged: true,
        CapDrop: ['NET_RAW'],
        CapAdd: ['SYS_ADMIN'],
        SecurityOpt: ['seccomp=unconfined'],
      },
    });
    expect(create.HostConfig).toMatchObject({
      Privileged: false,
      CapDrop: ['ALL'],
      CapAdd: [],
      SecurityOpt: ['no-new-privileges:true'],
      PidsLimit: 512,
    });
  });

  it('puts the session on the isolated sessions network and joins chosen networks in addition', () => {
    const { create, connect } = containerCreateOptions(
      localAgent(null),
      { ...spec, network: 'team-net', hostConfig: { NetworkMode: 'bridge' } },
      'net-id-online',
    );
    expect(create.HostConfig?.NetworkMode).toBe('net-id-online');
    expect(create.HostConfig?.PortBindings).toEqual({ '6901/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
    expect(connect).toEqual(['team-net']);
  });
});
