import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { posix, resolve } from 'node:path';
import { parseCidr } from './cidr';
import {
  defaultDashboardOrigins,
  defaultSessionsTemplate,
  sessionsUrlRequired,
  parseSessionOrigins,
  type SessionOrigins,
} from './session-origins';

/** Everything Caster reads from its environment, parsed once at boot. */
export interface CasterConfig {
  env: 'production' | 'development' | 'test';
  port: number;
  host: string;
  publicUrl: string | null;
  dataDir: string;
  /** null → embedded PostgreSQL (PGlite) persisted under dataDir/pglite. */
  databaseUrl: string | null;
  /** DATABASE_POOL_SIZE: connections each replica keeps to the PostgreSQL server. */
  databasePoolSize: number;
  /** null → in-memory rate-limit store (single instance only). */
  redisUrl: string | null;
  docker: {
    host: string | null;
    /**
     * Host directories under which workspaces may bind-mount (VOLUME_ROOTS, comma-separated
     * absolute paths). Empty: no bind mounts and no persistent profiles at all.
     */
    volumeRoots: string[];
    /** Most sessions the local engine runs at once (AGENT_CAPACITY). */
    agentCapacity: number;
    /** More engines (DOCKER_AGENTS, a JSON list); empty = only DOCKER_HOST / the local socket. */
    agents: DockerAgentConfig[];
    /** Where sessions run unless a workspace says otherwise (SESSION_PROVIDER). */
    provider: SessionProviderKind;
    /**
     * ALLOW_UNISOLATED_SESSIONS: launch even on an engine whose sessions could not be fenced in
     * (network and host rules missing). Default false: such launches are refused with a coded 503.
     */
    allowUnisolated: boolean;
    /**
     * RDP_GATEWAY_IMAGE: what a server or pool workspace's session runs (FreeRDP on a streamed
     * display; `npm run images -- rdp-gateway`).
     */
    rdpGatewayImage: string;
  };
  /** The Docker Swarm provider (a manager engine; each session one service). */
  swarm: {
    /** SWARM_HOST: the manager's address; null = DOCKER_HOST / the local socket. */
    url: string | null;
    /** SWARM_NETWORK: an attachable overlay network sessions join; null = publish a port instead. */
    network: string | null;
    /** SWARM_REACH_HOST: where the API reaches published ports (default: the manager's host). */
    reachHost: string | null;
    /** SWARM_CAPACITY: most sessions on the swarm at once. */
    capacity: number;
  };
  /** This API process among several sharing one database (REPLICA_NAME; default host:port). */
  replicaName: string;
  /** Background jobs; 0 turns a job's timer off (tests drive them directly). */
  jobs: {
    reaperIntervalSeconds: number;
    stagingIntervalSeconds: number;
    /** How often a replica says it is alive; a replica silent for 4 beats is taken for dead. */
    heartbeatSeconds: number;
    /** How often one replica of the cluster compares engines with the database (0 = only at start). */
    reconcileIntervalSeconds: number;
    /**
     * How long the anonymous account of a visitor whose launch failed after the cast answered is
     * kept, so their page can still read why (then it is removed; 0 = at once).
     */
    failedLaunchGraceSeconds: number;
  };
  /** METRICS_TOKEN: bearer token Prometheus sends to /metrics; null = admins only. */
  metricsToken: string | null;
  trustedProxies: string[];
  adminPassword: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** LOG_FORMAT: `auto` = human-readable lines when stdout is a terminal, JSON otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  auth: {
    tokenTtlHours: number;
    loginLimitPerIp: number;
    loginLimitPerUser: number;
    loginWindowSeconds: number;
  };
  web: { distDir: string | null };
  /** SESSIONS_URL: the origin each session's content is served from (see session-origins.ts). */
  sessions: SessionOrigins;
}

/** One Docker engine that runs sessions, from DOCKER_AGENTS. */
export interface DockerAgentConfig {
  id: string;
  /** unix:///…, tcp://host:2375 or https://host:2376 */
  url: string;
  /** Folder with ca.pem, cert.pem, key.pem for TLS. */
  tlsDir: string | null;
  /** Where the engine publishes session ports (default: 127.0.0.1 for a local socket, else 0.0.0.0). */
  publishIp: string | null;
  /** Address the API reaches published ports at (default: the engine's host). */
  reachHost: string | null;
  /**
   * A Docker network sessions join instead of publishing a port; the API (on the same network)
   * reaches them at their address on it. For an API that itself runs in a container.
   */
  network: string | null;
  capacity: number;
}

export type SessionProviderKind = 'docker' | 'swarm';
export const SESSION_PROVIDERS: readonly SessionProviderKind[] = ['docker', 'swarm'];

function parseAgents(raw: string | null, problems: string[]): DockerAgentConfig[] {
  if (raw === null) return [];
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    problems.push('DOCKER_AGENTS: not valid JSON (expected a list of { id, url, capacity, … })');
    return [];
  }
  if (!Array.isArray(list)) {
    problems.push('DOCKER_AGENTS: expected a JSON list');
    return [];
  }
  const agents: DockerAgentConfig[] = [];
  list.forEach((item: unknown, i) => {
    const a = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const at = `DOCKER_AGENTS[${i}]`;
    const id = a['id'];
    const url = a['url'];
    const capacity = a['capacity'] ?? 50;
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id))
      problems.push(`${at}.id: letters, digits, _ and - (1–64)`);
    else if (agents.some((x) => x.id === id)) problems.push(`${at}.id: "${id}" is used twice`);
    else if (id === 'swarm') problems.push(`${at}.id: "swarm" is the Swarm provider's own id`);
    if (typeof url !== 'string' || !/^(unix|tcp|https?):\/\//.test(url))
      problems.push(`${at}.url: expected unix://, tcp:// or https:// address`);
    if (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity < 1)
      problems.push(`${at}.capacity: a whole number from 1`);
    for (const key of ['tlsDir', 'publishIp', 'reachHost', 'network'] as const) {
      if (a[key] !== undefined && typeof a[key] !== 'string') problems.push(`${at}.${key}: must be text`);
    }
    if (a['publishIp'] !== undefined && typeof a['publishIp'] === 'string' && isIP(a['publishIp']) === 0)
      problems.push(`${at}.publishIp: must be an IP address`);
    agents.push({
      id: String(id),
      url: String(url),
      tlsDir: typeof a['tlsDir'] === 'string' ? a['tlsDir'] : null,
      publishIp: typeof a['publishIp'] === 'string' ? a['publishIp'] : null,
      reachHost: typeof a['reachHost'] === 'string' ? a['reachHost'] : null,
      network: typeof a['network'] === 'string' ? a['network'] : null,
      capacity: typeof capacity === 'number' ? capacity : 50,
    });
  });
  return agents;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

/** Parses the environment; lists every bad variable at once rather than stopping at the first. */
export function parseConfig(env: Env, cwd: string = process.cwd()): CasterConfig {
  const problems: string[] = [];
  const str = (name: string): string | null => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? null : v.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = str(name);
    if (raw === null) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name}: expected a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return Number(raw);
  };
  const url = (name: string, protocols: string[]): string | null => {
    const raw = str(name);
    if (raw === null) return null;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) {
        problems.push(`${name}: expected a ${protocols.join(' or ')} URL, got "${u.protocol}"`);
        return null;
      }
      return raw;
    } catch {
      problems.push(`${name}: not a valid URL`);
      return null;
    }
  };

  const nodeEnv = str('NODE_ENV') ?? 'production';
  const envName: CasterConfig['env'] =
    nodeEnv === 'development' || nodeEnv === 'test' || nodeEnv === 'production' ? nodeEnv : 'production';

  const host = str('HOST') ?? '0.0.0.0';
  if (isIP(host) === 0 && host !== 'localhost') problems.push(`HOST: expected an IP address, got "${host}"`);

  const publicUrl = url('PUBLIC_URL', ['http:', 'https:']);

  const trustedProxies: string[] = [];
  for (const entry of (str('TRUSTED_PROXIES') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const parsed = parseCidr(entry);
    if (parsed) trustedProxies.push(parsed.text);
    else problems.push(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
  }

  const adminPassword = str('ADMIN_PASSWORD');
  if (adminPassword !== null && adminPassword.length < 8) {
    problems.push('ADMIN_PASSWORD: must be at least 8 characters');
  }

  const logLevelRaw = str('LOG_LEVEL') ?? (envName === 'test' ? 'warn' : 'info');
  const logLevel = (LOG_LEVELS as readonly string[]).includes(logLevelRaw)
    ? (logLevelRaw as CasterConfig['logLevel'])
    : (problems.push(`LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got "${logLevelRaw}"`), 'info');

  const logFormatRaw = str('LOG_FORMAT') ?? 'auto';
  const logFormat = (LOG_FORMATS as readonly string[]).includes(logFormatRaw)
    ? (logFormatRaw as CasterConfig['logFormat'])
    : (problems.push(`LOG_FORMAT: expected one of ${LOG_FORMATS.join(', ')}, got "${logFormatRaw}"`), 'auto');

  const dockerHost = str('DOCKER_HOST');
  if (dockerHost !== null && !/^(unix|tcp|https?|npipe):\/\//.test(dockerHost)) {
    problems.push(`DOCKER_HOST: expected unix://, tcp:// or https:// address, got "${dockerHost}"`);
  }

  const volumeRoots: string[] = [];
  for (const entry of (str('VOLUME_ROOTS') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const root = posix.normalize(entry).replace(/\/+$/, '');
    if (!entry.startsWith('/')) problems.push(`VOLUME_ROOTS: "${entry}" is not an absolute path`);
    else if (root === '') problems.push('VOLUME_ROOTS: "/" would allow mounting the whole host');
    else if (entry.split('/').includes('..')) problems.push(`VOLUME_ROOTS: "${entry}" must not contain ".."`);
    else if (!volumeRoots.includes(root)) volumeRoots.push(root);
  }

  const providerRaw = str('SESSION_PROVIDER') ?? 'docker';
  const provider = (SESSION_PROVIDERS as readonly string[]).includes(providerRaw)
    ? (providerRaw as SessionProviderKind)
    : (problems.push(`SESSION_PROVIDER: expected docker or swarm, got "${providerRaw}"`), 'docker');
  const swarmHost = str('SWARM_HOST');
  if (swarmHost !== null && !/^(unix|tcp|https?):\/\//.test(swarmHost)) {
    problems.push(`SWARM_HOST: expected unix://, tcp:// or https:// address, got "${swarmHost}"`);
  }
  const swarmNetwork = str('SWARM_NETWORK');
  if (swarmNetwork !== null && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(swarmNetwork)) {
    problems.push('SWARM_NETWORK: a Docker network name (letters, digits, _ . -)');
  }
  const replicaName = str('REPLICA_NAME');
  if (replicaName !== null && !/^[A-Za-z0-9_.:-]{1,100}$/.test(replicaName)) {
    problems.push('REPLICA_NAME: letters, digits and _ . : - (1–100)');
  }
  const metricsToken = str('METRICS_TOKEN');
  if (metricsToken !== null && metricsToken.length < 16) {
    problems.push('METRICS_TOKEN: must be at least 16 characters');
  }
  const port = int('PORT', 3000, 0, 65535);
  const allowUnisolatedRaw = (str('ALLOW_UNISOLATED_SESSIONS') ?? 'false').toLowerCase();
  if (allowUnisolatedRaw !== 'true' && allowUnisolatedRaw !== 'false')
    problems.push(`ALLOW_UNISOLATED_SESSIONS: expected true or false, got "${allowUnisolatedRaw}"`);
  const publicUrlClean = publicUrl ? publicUrl.replace(/\/+$/, '') : null;
  const sessionsUrlProblem = str('SESSIONS_URL') ? null : sessionsUrlRequired(publicUrlClean);
  if (sessionsUrlProblem) problems.push(sessionsUrlProblem);
  const sessionOrigins = parseSessionOrigins(
    str('SESSIONS_URL') ?? defaultSessionsTemplate(publicUrlClean, port),
    defaultDashboardOrigins(publicUrlClean, port),
  );
  if (typeof sessionOrigins === 'string') problems.push(sessionOrigins);

  const config: CasterConfig = {
    env: envName,
    port,
    host,
    publicUrl: publicUrlClean,
    // "memory://" keeps the embedded database in memory only (tests, demos).
    dataDir: str('DATA_DIR')?.startsWith('memory://')
      ? 'memory://'
      : resolve(cwd, str('DATA_DIR') ?? './data'),
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: int('DATABASE_POOL_SIZE', 20, 1, 1_000),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    docker: {
      host: dockerHost,
      volumeRoots,
      agentCapacity: int('AGENT_CAPACITY', 50, 1, 10_000),
      agents: parseAgents(str('DOCKER_AGENTS'), problems),
      provider,
      allowUnisolated: allowUnisolatedRaw === 'true',
      rdpGatewayImage: str('RDP_GATEWAY_IMAGE') ?? 'caster/rdp-gateway:latest',
    },
    swarm: {
      url: swarmHost,
      network: swarmNetwork,
      reachHost: str('SWARM_REACH_HOST'),
      capacity: int('SWARM_CAPACITY', 50, 1, 100_000),
    },
    replicaName: replicaName ?? `${hostname()}:${port}`,
    jobs: {
      reaperIntervalSeconds: int('REAPER_INTERVAL_SECONDS', 10, 0, 3_600),
      stagingIntervalSeconds: int('STAGING_INTERVAL_SECONDS', 5, 0, 3_600),
      heartbeatSeconds: int('HEARTBEAT_SECONDS', 5, 1, 300),
      reconcileIntervalSeconds: int('RECONCILE_INTERVAL_SECONDS', 30, 0, 3_600),
      failedLaunchGraceSeconds: int('FAILED_LAUNCH_GRACE_SECONDS', 120, 0, 3_600),
    },
    metricsToken,
    trustedProxies,
    adminPassword,
    logLevel,
    logFormat,
    auth: {
      tokenTtlHours: int('AUTH_TOKEN_TTL_HOURS', 12, 1, 24 * 90),
      loginLimitPerIp: int('LOGIN_LIMIT_PER_IP', 30, 1, 100_000),
      loginLimitPerUser: int('LOGIN_LIMIT_PER_USER', 10, 1, 100_000),
      loginWindowSeconds: int('LOGIN_WINDOW_SECONDS', 300, 1, 86_400),
    },
    web: { distDir: str('WEB_DIST_DIR') ? resolve(cwd, str('WEB_DIST_DIR') as string) : null },
    sessions: typeof sessionOrigins === 'string' ? (undefined as never) : sessionOrigins,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
