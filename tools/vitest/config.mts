// One place that knows how the monorepo's vitest projects are configured: path aliases from
// tsconfig.base.json, decorator metadata for Nest DI (SWC), and which files each kind of run takes.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
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

type Kind = 'unit' | 'int' | 'web' | 'e2e' | 'fault';

/** Each run also writes a JSON report that tools/test.mjs adds up into one closing line. */
function reporters(root: string, kind: Kind): NonNullable<UserConfig['test']>['reporters'] {
  const name = `${relative(workspaceRoot, root).replace(/[\\/]/g, '_') || 'root'}-${kind}.json`;
  return ['default', ['json', { outputFile: resolve(workspaceRoot, 'tmp/test-reports', name) }]];
}

export function projectConfig(configUrl: string, kind: Kind, extra: UserConfig['test'] = {}): UserConfig {
  const root = dirname(fileURLToPath(configUrl));
  const include = {
    int: ['**/*.int-spec.ts'],
    e2e: ['**/*.e2e.ts'],
    fault: ['**/*.fault.ts'],
    web: ['**/*.spec.ts', '**/*.spec.tsx'],
    unit: ['**/*.spec.ts'],
  }[kind];
  const slow = kind === 'int' || kind === 'e2e' || kind === 'fault';
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
    resolve: {
      alias: [
        ...workspaceAliases(),
        // Under vitest, react-router/dom would load react-router's CommonJS copy next to the ES one
        // the app imports, and hooks then miss the router context; pin both to the ES modules.
        ...(kind === 'web'
          ? [
              {
                find: /^react-router\/dom$/,
                replacement: resolve(
                  workspaceRoot,
                  'node_modules/react-router/dist/development/dom-export.mjs',
                ),
              },
              {
                find: /^react-router$/,
                replacement: resolve(workspaceRoot, 'node_modules/react-router/dist/development/index.mjs'),
              },
            ]
          : []),
      ],
    },
    test: {
      include,
      exclude: ['**/node_modules/**', '**/dist/**'],
      environment: kind === 'web' ? 'jsdom' : 'node',
      passWithNoTests: !slow,
      reporters: reporters(root, kind),
      pool: 'forks',
      testTimeout: slow ? 60_000 : 10_000,
      hookTimeout: slow ? 180_000 : 10_000,
      setupFiles: kind === 'web' ? [resolve(workspaceRoot, 'tools/vitest/web-setup.ts')] : [],
      ...(kind === 'int' ? { fileParallelism: true, maxWorkers: 2 } : {}),
      ...(kind === 'e2e' || kind === 'fault' ? { fileParallelism: false } : {}),
      ...extra,
    },
  });
}

export { workspaceRoot };
