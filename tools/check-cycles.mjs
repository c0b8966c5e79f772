// Refuses import cycles between files inside a library or app (Nx's module-boundaries rule already
// refuses cycles between libraries). Follows relative imports of .ts/.tsx files, type-only ones
// included — a cycle of types still ties the files together for the next reader. Prints each
// cycle as a chain of files and exits 1 if there is any.
//   node tools/check-cycles.mjs [dir ...]        (default: apps libs e2e)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dirs = process.argv.slice(2).length ? process.argv.slice(2) : ['apps', 'libs', 'e2e'];

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function resolveImport(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ])
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return null;
}

const graph = new Map();
for (const dir of dirs) {
  const abs = resolve(root, dir);
  if (!existsSync(abs)) continue;
  for (const file of sourceFiles(abs)) {
    const text = readFileSync(file, 'utf8');
    const deps = new Set();
    for (const m of text.matchAll(IMPORT)) {
      const target = resolveImport(file, m[1] ?? m[2]);
      if (target) deps.add(target);
    }
    graph.set(file, deps);
  }
}

// Tarjan's strongly connected components: every component larger than one file (or a file that
// imports itself) is a cycle.
let index = 0;
const stack = [];
const onStack = new Set();
const indices = new Map();
const low = new Map();
const cycles = [];
function connect(v) {
  indices.set(v, index);
  low.set(v, index);
  index++;
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!graph.has(w)) continue;
    if (!indices.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indices.get(w)));
  }
  if (low.get(v) === indices.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.has(v)) cycles.push(component);
  }
}
for (const v of graph.keys()) if (!indices.has(v)) connect(v);

if (cycles.length === 0) {
  console.log(`import cycles: none in ${graph.size} files`);
} else {
  for (const c of cycles) console.error(`import cycle: ${c.map((f) => relative(root, f)).join(' ↔ ')}`);
  console.error(`import cycles: ${cycles.length} (break each by moving the shared part into its own file)`);
  process.exit(1);
}
