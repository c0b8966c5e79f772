// `npm start`: builds what is missing or stale (API, SPA), then runs Caster on PORT (default 3000).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const full = join(dir, name);
    const s = statSync(full);
    latest = Math.max(latest, s.isDirectory() ? newest(full) : s.mtimeMs);
  }
  return latest;
}

function build(label, output, sources, command, args) {
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  if (built > Math.max(...sources.map((s) => newest(join(root, s))))) return;
  process.stdout.write(`Building ${label}…\n`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

build(
  'the API',
  join(root, 'dist/apps/api/apps/api/src/main.js'),
  ['apps/api/src', 'libs/api', 'libs/contracts'],
  process.execPath,
  [join(root, 'tools/build-api.mjs')],
);
build(
  'the web app',
  join(root, 'dist/apps/web/index.html'),
  ['apps/web', 'libs/web', 'libs/contracts'],
  process.execPath,
  [
    join(root, 'node_modules/vite/bin/vite.js'),
    'build',
    '--config',
    join(root, 'apps/web/vite.config.mts'),
    '--logLevel',
    'warn',
  ],
);

const child = spawn(
  process.execPath,
  ['--enable-source-maps', join(root, 'dist/apps/api/apps/api/src/main.js')],
  {
    cwd: root,
    stdio: 'inherit',
    env: { WEB_DIST_DIR: join(root, 'dist/apps/web'), ...process.env },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
