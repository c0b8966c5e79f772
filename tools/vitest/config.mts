// One place that knows how the monorepo's vitest projects are configured: path aliases from
// tsconfig.base.json, decorator metadata for Nest DI (SWC), and which files each kind of run takes.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig, type UserConfig } from 'vitest/config';

const workspaceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function workspaceAliases(): { find: RegExp; replacement: string }[] {
  const tsconfig = JSON.parse(readFileSync(resolve(workspaceRoot, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return Object.entries(tsconfig.compilerOptions.paths).map(([name, [target]]) => ({
    find: new RegExp(`^${name.replace(/[/]/g, '\\/')}$`),
    replacement: resolve(workspaceRoot, target),
  }));
}

type Kind = 'unit' | 'int' | 'web';

export function projectConfig(configUrl: string, kind: Kind, extra: UserConfig['test'] = {}): UserConfig {
  const root = dirname(fileURLToPath(configUrl));
  const include =
    kind === 'int'
      ? ['**/*.int-spec.ts']
      : kind === 'web'
        ? ['**/*.spec.ts', '**/*.spec.tsx']
        : ['**/*.spec.ts'];
  return defineConfig({
    root,
    plugins: [
      swc.vite({
        jsc: {
          parser: { syntax: 'typescript', decorators: true, tsx: kind === 'web' },
          transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
          target: 'es2022',
        },
      }),
    ],
    resolve: { alias: workspaceAliases() },
    test: {
      include,
      exclude: ['**/node_modules/**', '**/dist/**'],
      environment: kind === 'web' ? 'jsdom' : 'node',
      passWithNoTests: kind !== 'int',
      pool: 'forks',
      testTimeout: kind === 'int' ? 60_000 : 10_000,
      hookTimeout: kind === 'int' ? 120_000 : 10_000,
      setupFiles: kind === 'web' ? [resolve(workspaceRoot, 'tools/vitest/web-setup.ts')] : [],
      ...(kind === 'int' ? { fileParallelism: true, maxWorkers: 2 } : {}),
      ...extra,
    },
  });
}

export { workspaceRoot };
