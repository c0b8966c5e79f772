// The README's test command: static checks, unit tests, builds, integration tests on the real
// PostgreSQL and Docker engine, browser journeys in Chromium, fault and load tests on two replicas,
// then the deployment smoke test (Caster's image and the compose stack). Ends with one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const reports = join(root, 'tmp/test-reports');
const env = { ...process.env, NX_DAEMON: 'false', FORCE_COLOR: process.env.FORCE_COLOR ?? '1' };

/** Steps that exited non-zero, named again in the summary. */
const failedSteps = [];

function run(title, command, args) {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  console.log(
    `=== ${title}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (r.status !== 0) failedSteps.push(title);
  return r.status === 0;
}

/** Checks counted by a shell script that ends with "<name>: N passed, M failed" (not a vitest run). */
const scriptCounts = { passed: 0, failed: 0 };

function runScript(title, script) {
  console.log(`\n=== ${title}: bash ${script}`);
  const started = Date.now();
  const r = spawnSync('bash', [script], {
    cwd: root,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write(r.stdout ?? '');
  const counted = /(\d+) passed, (\d+) failed\s*$/.exec((r.stdout ?? '').trim());
  if (counted) {
    scriptCounts.passed += Number(counted[1]);
    scriptCounts.failed += Number(counted[2]);
  } else scriptCounts.failed += 1;
  console.log(
    `=== ${title}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (r.status !== 0) failedSteps.push(title);
  return r.status === 0;
}

function summary() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  /** What failed, by report, file and test name: repeated at the end so a log cut to its tail still names it. */
  const failures = [];
  if (existsSync(reports)) {
    for (const file of readdirSync(reports)) {
      const r = JSON.parse(readFileSync(join(reports, file), 'utf8'));
      passed += r.numPassedTests ?? 0;
      failed += (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
      skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
      for (const suite of r.testResults ?? []) {
        const where = `${file.replace(/\.json$/, '')}: ${suite.name?.replace(`${root}/`, '') ?? '?'}`;
        const tests = (suite.assertionResults ?? []).filter((t) => t.status === 'failed');
        for (const t of tests) {
          const why = (t.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300);
          failures.push(`${where} > ${t.fullName ?? t.title}\n    ${why}`);
        }
        if (tests.length === 0 && suite.status === 'failed') {
          failures.push(
            `${where} (the file failed)\n    ${(suite.message ?? '').split('\n')[0].slice(0, 300)}`,
          );
        }
      }
    }
  }
  return { passed, failed, skipped, failures };
}

rmSync(reports, { recursive: true, force: true });
const nx = join(root, 'node_modules/.bin/nx');
const steps = [
  () => run('format', join(root, 'node_modules/.bin/prettier'), ['--check', '.', '--log-level', 'warn']),
  // No import cycle between files (Nx's boundaries rule covers the libraries themselves).
  () => run('import cycles', 'node', [join(root, 'tools/check-cycles.mjs')]),
  () =>
    run('lint, typecheck, unit tests, build', nx, [
      'run-many',
      '-t',
      'lint',
      'typecheck',
      'test',
      'build',
      '--skip-nx-cache',
      '--output-style=stream',
    ]),
  // The desktop image (TigerVNC + noVNC) is what the RFB relay and viewer tests run against, the
  // browser image (Chromium kiosk, built on the desktop's root filesystem) what the browser journey
  // runs; the root filesystems are cached in /var/cache/caster-images, so only a fresh machine pays
  // debootstrap and apt (about 6 min together here), and an unchanged browser image is not rebuilt.
  () => run('session images', 'bash', ['docker/session-images/build.sh', 'ci']),
  () =>
    run('integration tests (PostgreSQL, Docker)', nx, [
      'run-many',
      '-t',
      'int',
      '--parallel=1',
      '--skip-nx-cache',
      '--output-style=stream',
    ]),
  () =>
    run('browser journeys (Chromium)', nx, ['run', 'e2e:e2e', '--skip-nx-cache', '--output-style=stream']),
  () =>
    run('fault and load tests (two replicas)', nx, [
      'run',
      'e2e:fault',
      '--skip-nx-cache',
      '--output-style=stream',
    ]),
  () => runScript('deployment smoke (image + compose)', 'tools/ci/compose-smoke.sh'),
];
let ok = true;
for (const step of steps) {
  // Keep going after a failure so one run reports everything that is wrong.
  ok = step() && ok;
}
const counts = summary();
const passed = counts.passed + scriptCounts.passed;
const failed = counts.failed + scriptCounts.failed;
const skipped = counts.skipped;
if (counts.failures.length > 0) {
  console.log(`\nFailed:\n${counts.failures.map((f) => `  ${f}`).join('\n')}`);
}
if (failedSteps.length > 0) console.log(`\nSteps that failed: ${failedSteps.join('; ')}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok && failed === 0 ? 0 : 1);
