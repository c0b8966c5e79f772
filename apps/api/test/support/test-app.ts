import { createServer, type AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import supertest from 'supertest';
import { parseConfig, type CasterConfig } from '@caster/api/config';
import { createApp } from '../../src/app';
import { createTestDatabase } from './databases';

export type DbKind = 'postgres' | 'pglite';
export const DB_KINDS: DbKind[] = ['postgres', 'pglite'];
export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface TestApp {
  app: NestExpressApplication;
  config: CasterConfig;
  /** http://127.0.0.1:<port> — the app really listens; requests go over TCP. */
  url: string;
  http: () => ReturnType<typeof supertest>;
  /** Signs in and returns the bearer token. */
  login: (username?: string, password?: string) => Promise<string>;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  db?: DbKind;
  env?: Record<string, string>;
  /** Reuse a database between two app starts (restart tests). */
  databaseUrl?: string;
  dataDir?: string;
}

export async function startTestApp(
  options: TestAppOptions = {},
): Promise<TestApp & { databaseUrl: string | null }> {
  const kind = options.db ?? 'postgres';
  let drop: (() => Promise<void>) | undefined;
  let databaseUrl: string | null = null;
  if (kind === 'postgres') {
    if (options.databaseUrl) databaseUrl = options.databaseUrl;
    else {
      const created = await createTestDatabase();
      databaseUrl = created.url;
      drop = created.drop;
    }
  }
  // The port is chosen before the config is read, so SESSIONS_URL's default
  // (http://{id}.localhost:<PORT>) names the port the app really listens on.
  const port = Number(options.env?.['PORT'] ?? (await freePort()));
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    LOG_LEVEL: process.env['CASTER_TEST_LOG_LEVEL'] ?? 'silent',
    ADMIN_PASSWORD,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: options.dataDir ?? 'memory://' }),
    ...options.env,
  });
  const app = await createApp(config);
  await app.listen(port, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const http = () => supertest(url);
  return {
    app,
    config,
    url,
    databaseUrl,
    http,
    login: async (username = 'admin', password = ADMIN_PASSWORD) => {
      const res = await http().post('/api/auth/login').send({ username, password });
      if (res.status !== 200)
        throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { token: string }).token;
    },
    close: async () => {
      await app.close();
      await drop?.();
    },
  };
}

/** A port free on 127.0.0.1 now (the app binds it a moment later). */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => ok(port));
    });
  });
}
