import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming.strategy';
import { PGLITE_PARSERS, pgliteDriver } from './pglite-pool';

export interface DatabaseTarget {
  /** postgres://… → that server; null → embedded PGlite. */
  databaseUrl: string | null;
  /** Where PGlite keeps its files ("memory://" keeps nothing). */
  dataDir: string;
  /** Connections to the PostgreSQL server (DATABASE_POOL_SIZE). */
  databasePoolSize?: number;
}

type Entities = NonNullable<DataSourceOptions['entities']>;
type PostgresConnectionOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

/** Options shared by the server and the embedded database; only the driver differs. */
export async function buildDataSourceOptions(
  target: DatabaseTarget,
  entities: Entities = [],
): Promise<PostgresConnectionOptions> {
  const common = {
    type: 'postgres' as const,
    entities,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL 13+ and PGlite: no extension to install.
    uuidExtension: 'pgcrypto' as const,
    installExtensions: false,
    logging: false,
  };
  if (target.databaseUrl) {
    return {
      ...common,
      url: target.databaseUrl,
      poolSize: target.databasePoolSize ?? 20,
      // Also how long a request may wait for a pooled connection. A burst (hundreds of visitors on
      // one link) queues here and drains in seconds; 5 s turned such a queue into 503s. A database
      // that is down still fails at once (connection refused) and answers a coded 503.
      connectTimeoutMS: 30_000,
      extra: { idleTimeoutMillis: 30_000 },
    };
  }
  const db = await openPGlite(target.dataDir);
  return { ...common, driver: pgliteDriver(db) };
}

export async function openPGlite(dataDir: string): Promise<PGlite> {
  if (dataDir.startsWith('memory://')) return PGlite.create({ parsers: PGLITE_PARSERS });
  const dir = join(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  return PGlite.create(dir, { parsers: PGLITE_PARSERS });
}

/** Fixed key of the advisory lock that serialises migrations across replicas. */
const MIGRATION_LOCK_KEY = 7_263_001;

/**
 * Runs pending migrations. On a PostgreSQL server several replicas may start at once, so they
 * take a session-level advisory lock first and the others wait for the first to finish.
 * (PGlite has one process and one connection: no lock needed, and a second runner would wait.)
 */
export async function migrate(dataSource: DataSource, embedded: boolean): Promise<string[]> {
  if (embedded) {
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/** Opens a data source and brings its schema up to date (used by the API and by scripts). */
export async function openDataSource(target: DatabaseTarget, entities: Entities = []): Promise<DataSource> {
  const ds = new DataSource(await buildDataSourceOptions(target, entities));
  await ds.initialize();
  await migrate(ds, !target.databaseUrl);
  return ds;
}
