import { describe, expect, it } from 'vitest';
import { dockerRunOptions } from './run-config';

describe('dockerRunOptions', () => {
  it('translates docker-py names to the engine API', () => {
    const o = dockerRunOptions({
      hostname: 'desk',
      user: 1000,
      command: ['sleep', '1'],
      environment: { LANG: 'C.UTF-8' },
      shm_size: '512m',
      volumes: { '/srv/data': { bind: '/data', mode: 'ro' } },
      ulimits: [{ name: 'nofile', soft: 1024, hard: 2048 }],
      security_opt: ['no-new-privileges'],
      pids_limit: 200,
    });
    expect(o.containerConfig).toMatchObject({ Hostname: 'desk', User: '1000', Cmd: ['sleep', '1'] });
    expect(o.env).toEqual({ LANG: 'C.UTF-8' });
    expect(o.hostConfig).toMatchObject({
      ShmSize: 512 * 1024 ** 2,
      Binds: ['/srv/data:/data:ro'],
      Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 2048 }],
      SecurityOpt: ['no-new-privileges'],
      PidsLimit: 200,
      Privileged: false,
    });
  });

  it('never translates dangerous options, even if they reach it', () => {
    const o = dockerRunOptions({
      privileged: true,
      network_mode: 'host',
      ipc_mode: 'host',
      pid_mode: 'host',
      devices: ['/dev/sda'],
      cap_add: ['SYS_ADMIN'],
      security_opt: ['seccomp=unconfined', 'apparmor=unconfined'],
      labels: { 'org.caster.session-id': 'spoofed', team: 'a' },
    });
    expect(o.hostConfig.Privileged).toBe(false);
    expect(o.hostConfig.NetworkMode).toBeUndefined();
    expect(o.hostConfig.IpcMode).toBeUndefined();
    expect(o.hostConfig).not.toHaveProperty('PidMode');
    expect(o.hostConfig).not.toHaveProperty('Devices');
    expect(o.hostConfig).not.toHaveProperty('CapAdd');
    expect(o.hostConfig.SecurityOpt).toBeUndefined();
    expect(o.containerConfig.Labels).toEqual({ team: 'a' });
  });
});
