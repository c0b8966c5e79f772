import { describe, expect, it } from 'vitest';
import {
  checkEnv,
  checkExecConfig,
  checkNetworks,
  checkProfilePath,
  checkRunConfig,
  isDockerImageReference,
  isInsideVolumeRoots,
} from './docker-options';

const ROOTS = ['/srv/caster/volumes', '/mnt/shared'];

describe('checkRunConfig', () => {
  it('accepts the safe options of a typical Kasm run config', () => {
    expect(
      checkRunConfig(
        {
          hostname: 'kasm',
          user: '1000:1000',
          environment: { TZ: 'Europe/Paris', LANG: 'en_US.UTF-8' },
          labels: { team: 'qa' },
          shm_size: '512m',
          tmpfs: { '/run': 'rw,size=64m' },
          dns: ['1.1.1.1', '2606:4700:4700::1111'],
          extra_hosts: { 'intranet.local': '10.0.0.5' },
          network_mode: 'bridge',
          ipc_mode: 'private',
          privileged: false,
          cap_drop: ['ALL'],
          security_opt: ['no-new-privileges'],
          read_only: true,
          init: true,
          pids_limit: 512,
          ulimits: [{ name: 'nofile', soft: 1024, hard: 4096 }],
          command: ['/bin/sh', '-c', 'echo hi'],
        },
        ROOTS,
      ),
    ).toEqual({});
  });

  it.each([
    ['privileged', true, 'privileged'],
    ['cap_add', ['SYS_ADMIN'], 'capabilities'],
    ['devices', ['/dev/kvm:/dev/kvm'], 'devices'],
    ['device_requests', [{ count: -1 }], 'devices'],
    ['pid_mode', 'host', 'PID'],
    ['userns_mode', 'host', 'namespace'],
    ['network_mode', 'host', 'host network'],
    ['network_mode', 'container:abc', "another container's network"],
    ['ipc_mode', 'host', 'IPC'],
    ['security_opt', ['seccomp=unconfined'], 'no-new-privileges'],
    ['security_opt', ['apparmor=unconfined'], 'no-new-privileges'],
    ['sysctls', { 'net.ipv4.ip_forward': '1' }, 'kernel'],
    ['ports', { '22/tcp': 2222 }, 'session port'],
    ['mounts', [{ type: 'bind', source: '/' }], 'volumes'],
    ['volumes_from', ['other'], 'volumes'],
    ['labels', { 'org.caster.session': 'forged' }, 'reserved'],
    ['runtime', 'runc', 'runtime'],
    ['mem_limit', '8g', 'memoryMb'],
  ])('refuses %s = %j and says why', (key, value, reason) => {
    const problems = checkRunConfig({ [key]: value }, ROOTS);
    const text = Object.entries(problems)
      .filter(([path]) => path.startsWith(`runConfig.${key}`))
      .map(([, why]) => why)
      .join(' ');
    expect(text).toContain(reason);
  });

  it('refuses options nobody reviewed (allow-list, not deny-list)', () => {
    expect(checkRunConfig({ some_future_option: true }, ROOTS)).toEqual({
      'runConfig.some_future_option': 'not an allowed Docker option',
    });
  });

  it('allows bind mounts only inside the volume roots', () => {
    expect(
      checkRunConfig(
        {
          volumes: {
            '/srv/caster/volumes/data': { bind: '/data', mode: 'ro' },
            '/mnt/shared': { bind: '/shared', mode: 'rw' },
          },
        },
        ROOTS,
      ),
    ).toEqual({});
    expect(checkRunConfig({ volumes: ['/mnt/shared/x:/x:ro'] }, ROOTS)).toEqual({});
    const bad = checkRunConfig(
      {
        volumes: {
          '/var/run/docker.sock': { bind: '/var/run/docker.sock' },
          '/srv/caster/volumes/../../etc': { bind: '/etc2' },
          '/srv/caster/volumesX': { bind: '/x' },
          'named-volume': { bind: '/y' },
          '/mnt/shared/ok': { bind: 'relative' },
          '/mnt/shared/mode': { bind: '/m', mode: 'z' },
        },
      },
      ROOTS,
    );
    expect(Object.keys(bad).sort()).toEqual(
      [
        'runConfig.volumes./var/run/docker.sock',
        'runConfig.volumes./srv/caster/volumes/../../etc',
        'runConfig.volumes./srv/caster/volumesX',
        'runConfig.volumes.named-volume',
        'runConfig.volumes./mnt/shared/ok',
        'runConfig.volumes./mnt/shared/mode',
      ].sort(),
    );
  });

  it('allows no bind mount at all when no volume roots are configured', () => {
    expect(checkRunConfig({ volumes: { '/srv/caster/volumes/a': { bind: '/a' } } }, [])).toEqual({
      'runConfig.volumes./srv/caster/volumes/a': expect.stringContaining('VOLUME_ROOTS'),
    });
  });

  it('checks value types of allowed options', () => {
    const problems = checkRunConfig(
      {
        hostname: 'not a host!',
        shm_size: 'lots',
        read_only: 'yes',
        pids_limit: 0,
        dns: ['dns.example.com'],
        ulimits: [{ name: 'memlock', soft: 1, hard: 1 }],
        environment: { 'lower-case': 'x' },
      },
      ROOTS,
    );
    expect(Object.keys(problems).sort()).toEqual(
      [
        'runConfig.hostname',
        'runConfig.shm_size',
        'runConfig.read_only',
        'runConfig.pids_limit',
        'runConfig.dns[0]',
        'runConfig.ulimits[0]',
        'runConfig.environment.lower-case',
      ].sort(),
    );
  });

  it('refuses something that is not an object', () => {
    expect(checkRunConfig(['privileged'], ROOTS)).toEqual({ runConfig: 'must be a JSON object' });
  });
});

describe('checkExecConfig', () => {
  it('accepts the Kasm stages', () => {
    expect(
      checkExecConfig({
        first_launch: { cmd: 'bash -c "setup"', user: 'root', workdir: '/home/kasm-user' },
        go: { cmd: 'firefox', environment: { DISPLAY: ':1' } },
        assign: { cmd: 'echo', privileged: false },
      }),
    ).toEqual({});
  });

  it('refuses privileged execs, unknown stages and options, and a missing command', () => {
    expect(
      Object.keys(
        checkExecConfig({
          first_launch: { cmd: 'x', privileged: true },
          go: { user: 'root' },
          boot: { cmd: 'x' },
          assign: { cmd: 'x', detach: true },
        }),
      ).sort(),
    ).toEqual(
      [
        'execConfig.first_launch.privileged',
        'execConfig.go.cmd',
        'execConfig.boot',
        'execConfig.assign.detach',
      ].sort(),
    );
  });
});

describe('isDockerImageReference', () => {
  it.each([
    'ubuntu',
    'ubuntu:24.04',
    'kasmweb/firefox:1.16.0',
    'caster/tiny-app:latest',
    'ghcr.io/org/team/app:v1.2_3',
    'localhost:5000/app',
    'registry.example.com:443/a/b',
    `alpine@sha256:${'a'.repeat(64)}`,
    `docker.io/library/alpine:3.20@sha256:${'0'.repeat(64)}`,
  ])('accepts %s', (ref) => expect(isDockerImageReference(ref)).toBe(true));

  it.each([
    '',
    'Ubuntu',
    'kasmweb/Firefox',
    'ubuntu:',
    ':latest',
    'a//b',
    'app:-bad',
    'app@sha256:short',
    'has space',
    '-leading/dash',
    `x:${'t'.repeat(129)}`,
  ])('refuses %j', (ref) => expect(isDockerImageReference(ref)).toBe(false));
});

describe('checkEnv', () => {
  it('requires upper-case names and string values', () => {
    expect(checkEnv({ KASM_URL: 'https://x', _UNDERSCORE: '1', A1: '' }, 'env')).toEqual({});
    expect(Object.keys(checkEnv({ lower: 'x', '1ABC': 'x', OK: 3 }, 'env')).sort()).toEqual([
      'env.1ABC',
      'env.OK',
      'env.lower',
    ]);
  });
});

describe('volume roots and profile paths', () => {
  it('isInsideVolumeRoots matches the root or below, never a sibling prefix or "..", never relative', () => {
    expect(isInsideVolumeRoots('/mnt/shared', ROOTS)).toBe(true);
    expect(isInsideVolumeRoots('/mnt/shared/a/b/', ROOTS)).toBe(true);
    expect(isInsideVolumeRoots('/mnt/shared-other', ROOTS)).toBe(false);
    expect(isInsideVolumeRoots('/mnt/shared/../../etc', ROOTS)).toBe(false);
    expect(isInsideVolumeRoots('mnt/shared', ROOTS)).toBe(false);
  });

  it('checkProfilePath takes placeholders as whole components inside a root', () => {
    expect(checkProfilePath('/mnt/shared/profiles/{username}/{image_id}', ROOTS)).toEqual({});
    expect(checkProfilePath('/mnt/shared/{user_id}', ROOTS)).toEqual({});
    expect(checkProfilePath('/home/{username}', ROOTS)).toHaveProperty('persistentProfilePath');
    expect(checkProfilePath('/mnt/shared/x{username}', ROOTS)).toHaveProperty('persistentProfilePath');
    expect(checkProfilePath('/mnt/shared/{password}', ROOTS)).toHaveProperty('persistentProfilePath');
    expect(checkProfilePath('/mnt/shared', ROOTS)).toHaveProperty('persistentProfilePath');
    expect(checkProfilePath('/mnt/shared/p', [])).toEqual({
      persistentProfilePath: expect.stringContaining('VOLUME_ROOTS'),
    });
  });

  it('checkNetworks refuses the host network and bad names', () => {
    expect(checkNetworks(['bridge', 'caster_net', 'lab.vlan-2'])).toEqual({});
    expect(Object.keys(checkNetworks(['host', 'bad name']))).toEqual([
      'allowedNetworks[0]',
      'allowedNetworks[1]',
    ]);
  });
});
