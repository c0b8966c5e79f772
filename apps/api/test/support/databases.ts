import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Server used by integration tests; CI starts it (see .ci/run). Never skipped: a missing server fails. */
export const TEST_PG_URL = process.env['CASTER_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(
      `Integration tests need PostgreSQL at ${TEST_PG_URL} (set CASTER_TEST_PG_URL): ${(e as Error).message}`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database for one test file; the returned function drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `caster_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
