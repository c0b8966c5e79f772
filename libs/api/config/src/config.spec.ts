import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

describe('parseConfig', () => {
  it('gives documented defaults for an empty environment', () => {
    const c = parseConfig({}, '/srv/caster');
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeNull();
    expect(c.redisUrl).toBeNull();
    expect(c.dataDir).toBe('/srv/caster/data');
    expect(c.trustedProxies).toEqual([]);
    expect(c.adminPassword).toBeNull();
    expect(c.auth.tokenTtlHours).toBe(12);
    expect(c.docker.volumeRoots).toEqual([]);
  });

  it('parses VOLUME_ROOTS into normalised absolute roots and refuses unsafe ones', () => {
    expect(parseConfig({ VOLUME_ROOTS: '/srv/caster/volumes/, /mnt//profiles' }).docker.volumeRoots).toEqual([
      '/srv/caster/volumes',
      '/mnt/profiles',
    ]);
    let error: unknown;
    try {
      parseConfig({ VOLUME_ROOTS: 'relative/dir,/,/srv/../etc' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.filter((p) => p.startsWith('VOLUME_ROOTS'))).toHaveLength(3);
  });

  it('parses every variable it knows', () => {
    const c = parseConfig(
      {
        PORT: '8080',
        DATABASE_URL: 'postgres://u:p@db:5432/caster',
        REDIS_URL: 'redis://cache:6379',
        DATA_DIR: '/var/lib/caster',
        PUBLIC_URL: 'https://caster.example.com/',
        TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1,::1',
        ADMIN_PASSWORD: 'correct horse',
        DOCKER_HOST: 'tcp://docker:2375',
        LOG_LEVEL: 'debug',
      },
      '/',
    );
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBe('postgres://u:p@db:5432/caster');
    expect(c.publicUrl).toBe('https://caster.example.com');
    expect(c.trustedProxies).toEqual(['10.0.0.0/8', '127.0.0.1/32', '::1/128']);
    expect(c.docker.host).toBe('tcp://docker:2375');
    expect(c.logLevel).toBe('debug');
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      parseConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        TRUSTED_PROXIES: '10.0.0.0/99,nonsense',
        ADMIN_PASSWORD: 'short',
        LOG_LEVEL: 'loud',
        PUBLIC_URL: 'ftp://x',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).message;
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'TRUSTED_PROXIES',
      'ADMIN_PASSWORD',
      'LOG_LEVEL',
      'PUBLIC_URL',
    ]) {
      expect(text).toContain(name);
    }
    expect((error as ConfigError).problems.filter((p) => p.startsWith('TRUSTED_PROXIES'))).toHaveLength(2);
  });

  it('reads more Docker engines from DOCKER_AGENTS and names what is wrong with them', () => {
    const c = parseConfig({
      DOCKER_AGENTS: JSON.stringify([
        { id: 'gpu-1', url: 'tcp://10.0.0.5:2375', capacity: 8, reachHost: '10.0.0.5' },
        { id: 'tls', url: 'https://engine.example:2376', tlsDir: '/etc/caster/engine' },
      ]),
    });
    expect(c.docker.agents).toEqual([
      {
        id: 'gpu-1',
        url: 'tcp://10.0.0.5:2375',
        capacity: 8,
        reachHost: '10.0.0.5',
        tlsDir: null,
        publishIp: null,
      },
      {
        id: 'tls',
        url: 'https://engine.example:2376',
        capacity: 50,
        reachHost: null,
        tlsDir: '/etc/caster/engine',
        publishIp: null,
      },
    ]);
    expect(() => parseConfig({ DOCKER_AGENTS: '[{"id":"a b","url":"ftp://x","capacity":0}]' })).toThrow(
      /DOCKER_AGENTS\[0\]\.id[\s\S]*\.url[\s\S]*\.capacity/,
    );
    expect(() => parseConfig({ DOCKER_AGENTS: 'not json' })).toThrow(/DOCKER_AGENTS/);
  });
});
