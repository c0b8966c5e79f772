// Lists the longest functions (declarations, methods, arrow functions and function expressions)
// in the given folders, by lines from the function's first line to its last, so that "the largest
// function in the cast and launch path" is a number anyone can re-measure. Spec files are left out.
//   node tools/function-lengths.mjs [--top N] [--over N] dir ...
// Prints `lines  file:line  name`, longest first; exits 1 when --over is given and a function
// is longer than it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

const args = process.argv.slice(2);
let top = 10;
let over = null;
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--top') top = Number(args[++i]);
  else if (args[i] === '--over') over = Number(args[++i]);
  else dirs.push(args[i]);
}
if (dirs.length === 0) {
  console.error('usage: node tools/function-lengths.mjs [--top N] [--over N] dir ...');
  process.exit(2);
}

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx)$/.test(name) && !/\.(spec|int-spec|d)\.tsx?$/.test(name)) yield path;
  }
}

function nameOf(node) {
  if (node.name && ts.isIdentifier(node.name)) {
    const owner =
      node.parent && ts.isClassLike(node.parent) && node.parent.name ? `${node.parent.name.text}.` : '';
    return owner + node.name.text;
  }
  if (ts.isConstructorDeclaration(node)) return `${node.parent.name?.text ?? '?'}.constructor`;
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return '(anonymous)';
}

const found = [];
const root = process.cwd();
for (const dir of dirs) {
  for (const file of sourceFiles(resolve(dir))) {
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        found.push({
          lines: end - start + 1,
          at: `${relative(root, file)}:${start + 1}`,
          name: nameOf(node),
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
}
found.sort((a, b) => b.lines - a.lines);
for (const f of found.slice(0, top)) console.log(`${String(f.lines).padStart(5)}  ${f.at}  ${f.name}`);
if (over !== null && found.some((f) => f.lines > over)) process.exit(1);
