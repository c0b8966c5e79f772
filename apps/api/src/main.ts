import 'reflect-metadata';
import { AdminBootstrapService } from '@caster/api/auth';
import { ConfigError, loadConfigFromEnv } from '@caster/api/config';
import { createApp } from './app';
import { startupBanner } from './startup-banner';

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
  // Straight to stdout, not through the logger: the first password must not land in collected logs.
  process.stdout.write(
    startupBanner({
      url: config.publicUrl ?? `http://localhost:${config.port}`,
      database: config.databaseUrl ? 'PostgreSQL' : `embedded PostgreSQL in ${config.dataDir}`,
      readyMs: Date.now() - started,
      credentials: app.get(AdminBootstrapService).takeFirstStartCredentials(),
      color: process.stdout.isTTY === true,
    }),
  );
}

main().catch((e: unknown) => {
  process.stderr.write(
    `Caster failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exit(1);
});
