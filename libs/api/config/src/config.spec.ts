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
        network: null,
      },
      {
        id: 'tls',
        url: 'https://engine.example:2376',
        capacity: 50,
        reachHost: null,
        tlsDir: '/etc/caster/engine',
        publishIp: null,
        network: null,
      },
    ]);
    expect(() => parseConfig({ DOCKER_AGENTS: '[{"id":"a b","url":"ftp://x","capacity":0}]' })).toThrow(
      /DOCKER_AGENTS\[0\]\.id[\s\S]*\.url[\s\S]*\.capacity/,
    );
    expect(() => parseConfig({ DOCKER_AGENTS: 'not json' })).toThrow(/DOCKER_AGENTS/);
    expect(() => parseConfig({ DOCKER_AGENTS: '[{"id":"swarm","url":"tcp://h:2375"}]' })).toThrow(
      /DOCKER_AGENTS\[0\]\.id: "swarm"/,
    );
  });
});

describe('parseConfig: cluster, swarm and metrics', () => {
  it('defaults to the docker provider, a host:port replica name and admin-only metrics', () => {
    const c = parseConfig({ PORT: '3100' });
    expect(c.docker.provider).toBe('docker');
    expect(c.replicaName).toMatch(/:3100$/);
    expect(c.metricsToken).toBeNull();
    expect(c.jobs.heartbeatSeconds).toBe(5);
    expect(c.databasePoolSize).toBe(20);
    expect(parseConfig({ DATABASE_POOL_SIZE: '50' }).databasePoolSize).toBe(50);
    expect(() => parseConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(c.jobs.reconcileIntervalSeconds).toBe(30);
    expect(c.jobs.failedLaunchGraceSeconds).toBe(120);
    expect(c.swarm).toEqual({ url: null, network: null, reachHost: null, capacity: 50 });
  });

  it('reads the swarm settings, an agent network and the metrics token', () => {
    const c = parseConfig({
      SESSION_PROVIDER: 'swarm',
      SWARM_HOST: 'tcp://manager:2375',
      SWARM_NETWORK: 'caster_sessions',
      SWARM_CAPACITY: '200',
      REPLICA_NAME: 'api-1',
      METRICS_TOKEN: 'a-long-enough-token',
      DOCKER_AGENTS: '[{"id":"a","url":"unix:///var/run/docker.sock","network":"caster_sessions"}]',
    });
    expect(c.docker.provider).toBe('swarm');
    expect(c.swarm).toMatchObject({ url: 'tcp://manager:2375', network: 'caster_sessions', capacity: 200 });
    expect(c.replicaName).toBe('api-1');
    expect(c.metricsToken).toBe('a-long-enough-token');
    expect(c.docker.agents[0].network).toBe('caster_sessions');
  });

  it('reports every bad cluster, swarm and metrics variable', () => {
    let error: unknown;
    try {
      parseConfig({
        SESSION_PROVIDER: 'kubernetes',
        SWARM_HOST: 'ftp://x',
        SWARM_NETWORK: 'bad name',
        REPLICA_NAME: 'a b',
        METRICS_TOKEN: 'short',
      });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'METRICS_TOKEN',
      'REPLICA_NAME',
      'SESSION_PROVIDER',
      'SWARM_HOST',
      'SWARM_NETWORK',
    ]);
  });
});

describe('parseConfig: session isolation', () => {
  it('refuses launches on unisolated engines unless ALLOW_UNISOLATED_SESSIONS=true', () => {
    expect(parseConfig({}).docker.allowUnisolated).toBe(false);
    expect(parseConfig({ ALLOW_UNISOLATED_SESSIONS: 'true' }).docker.allowUnisolated).toBe(true);
    expect(parseConfig({ ALLOW_UNISOLATED_SESSIONS: 'FALSE' }).docker.allowUnisolated).toBe(false);
    expect(() => parseConfig({ ALLOW_UNISOLATED_SESSIONS: 'yes' })).toThrow(
      /ALLOW_UNISOLATED_SESSIONS: expected true or false, got "yes"/,
    );
  });
});
