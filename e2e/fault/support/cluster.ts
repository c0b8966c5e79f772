// A small Caster cluster for fault tests: its own PostgreSQL and Redis (so a test may restart them
// without touching the machine's shared servers), a Docker endpoint the test can cut, and two API
// replicas built from dist. Every process here is a child of the test and is ended by its PID.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Docker from 'dockerode';
import pg from 'pg';
import { GiveUp, until } from './poll';

export const ROOT = resolve(__dirname, '../../..');
export const ADMIN_PASSWORD = 'fault-admin-password';
export const TINY_IMAGE = 'caster/tiny-app:latest';
/** The newest PostgreSQL server installed from Debian's packages (CASTER_PG_BIN overrides). */
const PG_BIN =
  process.env['CASTER_PG_BIN'] ??
  join(
    '/usr/lib/postgresql',
    (existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : ['15'])
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a))[0] ?? '15',
    'bin',
  );
const DOCKER_SOCKET = '/var/run/docker.sock';
const MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');

/** The machine's engine, reached directly (not through the cuttable endpoint) to check containers. */
export const engine = new Docker({ socketPath: DOCKER_SOCKET });

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/** Children still alive when the worker exits (a crashed test) are ended here, by PID. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Sends `signal`, then SIGKILL if the process is still there after `graceMs`. */
async function end(child: ChildProcess, signal: NodeJS.Signals, graceMs = 10_000): Promise<void> {
  if (exited(child)) return;
  const gone = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

/** Keeps the last part of a process's output for failure messages. */
function capture(child: ChildProcess): () => string {
  let out = '';
  const add = (d: Buffer): void => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return () => out;
}

function postgresIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('no postgres OS user: install the postgresql package');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** A private PostgreSQL 15 (initdb in a temp folder, trust auth, 127.0.0.1 only). */
export class Postgres {
  private child?: ChildProcess;
  private out: () => string = () => '';
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<Postgres> {
    const ids = postgresIds();
    const dir = mkdtempSync(join(tmpdir(), 'caster-fault-pg-'));
    chownSync(dir, ids.uid, ids.gid);
    const init = spawnSync(
      join(PG_BIN, 'initdb'),
      ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'],
      { ...ids, cwd: dir, env: { PATH: process.env['PATH'] ?? '', LANG: 'C.UTF-8' }, encoding: 'utf8' },
    );
    if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}\n${init.stderr}`);
    const db = new Postgres(dir, await freePort());
    await db.start();
    return db;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const ids = postgresIds();
    this.child = track(
      spawn(
        join(PG_BIN, 'postgres'),
        [
          '-D',
          join(this.dir, 'data'),
          '-p',
          String(this.port),
          '-k',
          this.dir,
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'max_connections=300',
          '-c',
          'fsync=off',
          '-c',
          'synchronous_commit=off',
          '-c',
          'full_page_writes=off',
        ],
        { ...ids, cwd: this.dir, env: { LANG: 'C.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );
    this.out = capture(this.child);
    const child = this.child;
    await until(
      'PostgreSQL accepts connections',
      async () => {
        if (exited(child)) throw new GiveUp(`postgres exited:\n${this.out()}`);
        return (
          (await this.query('SELECT 1')
            .then(() => true)
            .catch(() => false)) || undefined
        );
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  }

  /** Fast shutdown (SIGINT: clients are disconnected, as with `pg_ctl stop -m fast`). */
  async stop(): Promise<void> {
    if (this.child) await end(this.child, 'SIGINT', 20_000);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** One short-lived connection per query, so a restart never leaves the test holding a dead one. */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 3_000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  output(): string {
    return this.out();
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A private Redis (no persistence), for the replicas' shared rate-limit storage. */
export class Redis {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async create(): Promise<Redis> {
    const port = await freePort();
    const child = track(
      spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--daemonize',
          'no',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );
    const out = capture(child);
    await until(
      'Redis answers PING',
      async () => {
        if (exited(child)) throw new GiveUp(`redis-server exited:\n${out()}`);
        return (await ping(port)) || undefined;
      },
      { timeoutMs: 15_000, intervalMs: 50 },
    );
    return new Redis(child, port);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await end(this.child, 'SIGTERM');
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const s = connect(port, '127.0.0.1');
    s.setTimeout(1_000, () => s.destroy());
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => {
      ok(d.toString().startsWith('+PONG'));
      s.destroy();
    });
    s.once('error', () => ok(false));
    s.once('close', () => ok(false));
  });
}

/**
 * The replicas' Docker endpoint: a TCP forwarder in this process in front of the machine's
 * /var/run/docker.sock. `stop()` closes the listener and destroys every open connection, so the
 * API sees exactly what a stopped engine gives it (ECONNRESET on requests in flight, then
 * ECONNREFUSED); `start()` brings it back on the same port. This SIMULATES the engine stopping:
 * the machine's dockerd keeps running for the other users of this machine, and containers it was
 * already creating when the endpoint was cut may still appear, as they can with a real engine.
 */
export class DockerEndpoint {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private constructor(readonly port: number) {}

  static async create(): Promise<DockerEndpoint> {
    const endpoint = new DockerEndpoint(await freePort());
    await endpoint.start();
    return endpoint;
  }

  get url(): string {
    return `tcp://127.0.0.1:${this.port}`;
  }

  get up(): boolean {
    return this.server !== undefined;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = connect(DOCKER_SOCKET);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.once('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(this.port, '127.0.0.1', () => ok());
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((ok) => server.close(() => ok()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
  }
}

/** One API process from dist, started and restarted with the same name, port and environment. */
export class Replica {
  private child?: ChildProcess;
  private out: () => string = () => '';
  private log = '';

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return this.child !== undefined && !exited(this.child);
  }

  async start(): Promise<void> {
    if (this.alive) throw new Error(`${this.name} is already running`);
    const child = track(
      spawn(process.execPath, ['--enable-source-maps', MAIN], {
        cwd: ROOT,
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: process.env['HOME'] ?? '/tmp',
          PORT: String(this.port),
          HOST: '127.0.0.1',
          REPLICA_NAME: this.name,
          ...this.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    this.child = child;
    this.log += this.out();
    this.out = capture(child);
    await until(
      `${this.name} answers /api/health`,
      async () => {
        if (exited(child)) throw new GiveUp(`${this.name} exited (${child.exitCode}):\n${this.out()}`);
        const res = await fetch(`${this.url}/api/health`).catch(() => null);
        return res?.ok || undefined;
      },
      { timeoutMs: 90_000, intervalMs: 100 },
    );
  }

  /** SIGKILL: no shutdown hooks, launches in flight are simply cut off, as in a crash. */
  async kill(): Promise<void> {
    if (this.child) await end(this.child, 'SIGKILL');
  }

  async stop(): Promise<void> {
    if (this.child) await end(this.child, 'SIGTERM', 15_000);
  }

  /** Everything the replica printed, across restarts. */
  output(): string {
    return this.log + this.out();
  }
}

export interface Cluster {
  db: Postgres;
  redis: Redis;
  docker: DockerEndpoint;
  a: Replica;
  b: Replica;
  replicas: Replica[];
  /** The installation id of the test database: the `org.caster.instance` label on its containers. */
  installation: string;
  stop: () => Promise<void>;
}

/** Where each cluster leaves its processes' output: tmp/fault-logs/<label>/. */
export const LOG_ROOT = join(ROOT, 'tmp/fault-logs');

/**
 * Starts PostgreSQL, Redis, the Docker endpoint and replicas A then B. `label` names the folder
 * the processes' output is written to when the cluster stops.
 */
export async function startCluster(label: string, extraEnv: Record<string, string> = {}): Promise<Cluster> {
  if (!existsSync(MAIN)) throw new Error('Build the API first: npx nx run api:build');
  await engine
    .getImage(TINY_IMAGE)
    .inspect()
    .catch(() => {
      throw new Error(`${TINY_IMAGE} is missing: bash docker/session-images/build.sh tiny`);
    });
  const started = Date.now();
  const db = await Postgres.create();
  const redis = await Redis.create().catch(async (e: unknown) => {
    await db.destroy();
    throw e;
  });
  const docker = await DockerEndpoint.create();
  const env = (): Record<string, string> => ({
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    DOCKER_HOST: docker.url,
    // One agent behind the cuttable endpoint; ports published and reached on 127.0.0.1 only.
    DOCKER_AGENTS: JSON.stringify([
      { id: 'fault-engine', url: docker.url, capacity: 200, publishIp: '127.0.0.1', reachHost: '127.0.0.1' },
    ]),
    AGENT_CAPACITY: '200',
    ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    HEARTBEAT_SECONDS: '1',
    RECONCILE_INTERVAL_SECONDS: '2',
    REAPER_INTERVAL_SECONDS: '1',
    STAGING_INTERVAL_SECONDS: '0',
    TRUSTED_PROXIES: '127.0.0.1',
    LOGIN_LIMIT_PER_IP: '10000',
    ...extraEnv,
  });
  const a = new Replica('replica-a', await freePort(), env());
  const b = new Replica('replica-b', await freePort(), env());
  const stop = async (): Promise<void> => {
    await Promise.all([a.stop(), b.stop()]);
    await docker.stop();
    await redis.stop();
    await db.stop();
    const logs = join(LOG_ROOT, label);
    rmSync(logs, { recursive: true, force: true });
    mkdirSync(logs, { recursive: true });
    for (const r of [a, b]) writeFileSync(join(logs, `${r.name}.log`), r.output());
    writeFileSync(join(logs, 'postgres.log'), db.output());
    await db.destroy();
  };
  let installation = '';
  try {
    // One after the other: the first runs the migrations and creates the admin.
    await a.start();
    await b.start();
    const [row] = await db.query<{ id: string }>('SELECT id FROM installation LIMIT 1');
    installation = row.id;
  } catch (e) {
    await stop();
    throw e;
  }
  const cluster: Cluster = {
    db,
    redis,
    docker,
    a,
    b,
    replicas: [a, b],
    installation,
    stop: async () => {
      await stop();
      await removeContainersOf(installation);
    },
  };
  console.log(`cluster up in ${((Date.now() - started) / 1000).toFixed(1)} s (installation ${installation})`);
  return cluster;
}

/** Containers of this installation on the real engine, by session id. */
export async function containersOf(installation: string): Promise<Docker.ContainerInfo[]> {
  return engine.listContainers({ all: true, filters: { label: [`org.caster.instance=${installation}`] } });
}

export async function removeContainersOf(installation: string): Promise<void> {
  if (!installation) return;
  for (const c of await containersOf(installation))
    await engine
      .getContainer(c.Id)
      .remove({ force: true })
      .catch(() => undefined);
}
