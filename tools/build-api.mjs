// Compiles the API (apps/api + libs/api/* + libs/contracts) to CommonJS with SWC, one file per
// source file, keeping decorator metadata for Nest DI and rewriting @caster/* path aliases to
// relative requires. Output: dist/apps/api (entry: dist/apps/api/apps/api/src/main.js).
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile } from '@swc/core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/apps/api');
const sources = ['apps/api/src', 'libs/api', 'libs/contracts/src'];
const skip = /(\.spec|\.int-spec)\.ts$|\.d\.ts$|\/test\//;

const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
const paths = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([k, v]) => [k, v.map((p) => p.replace(/\.ts$/, ''))]),
);

function walk(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(full).isDirectory()) files.push(...walk(full));
    else if (full.endsWith('.ts') && !skip.test(full)) files.push(full);
  }
  return files;
}

const started = Date.now();
rmSync(out, { recursive: true, force: true });
const files = sources.flatMap((s) => walk(join(root, s)));
await Promise.all(
  files.map(async (file) => {
    const { code, map } = await transformFile(file, {
      swcrc: false,
      sourceMaps: true,
      module: { type: 'commonjs', strictMode: true },
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
        baseUrl: root,
        paths,
      },
    });
    const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
    writeFileSync(`${target}.map`, map);
  }),
);
console.log(`api: compiled ${files.length} files to ${relative(root, out)} in ${Date.now() - started} ms`);
