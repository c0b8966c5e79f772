import 'reflect-metadata';
import { ConfigError, loadConfigFromEnv } from '@caster/api/config';
import { createApp } from './app';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfigFromEnv();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nCaster did not start. Fix the variables above and try again.\n`);
      process.exit(2);
    }
    throw e;
  }
  const started = Date.now();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const url = config.publicUrl ?? `http://localhost:${config.port}`;
  const db = config.databaseUrl ? 'PostgreSQL' : `embedded PostgreSQL in ${config.dataDir}`;
  process.stdout.write(
    `\n  Caster is running at ${url}  (database: ${db}; ready in ${Date.now() - started} ms)\n\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(
    `Caster failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exit(1);
});
