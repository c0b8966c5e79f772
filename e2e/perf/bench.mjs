// `npm run bench`: measures Caster against raw Docker on the tiny image, side by side in one run,
// prints a table and writes e2e/perf/results/latest.json. Numbers are measured, never asserted.
//   BENCH_RUNS (default 10)   launches per series
//   BENCH_RFB_SECONDS (6)     seconds of RFB full frames per path (direct, relay owner, relay view-only)
//   CASTER_BENCH_PG_URL       run the API on this PostgreSQL database
//   CASTER_BENCH_DB=embedded  run it on the embedded database (PGlite) instead
//   BENCH_ONLY=proxy          only the session-proxy lines (viewer files, RFB relay), printed as JSON
//   BENCH_ONLY=rdp            only cast → first RDP frame (gateway vs FreeRDP run by hand), as JSON
//   BENCH_RDP_RUNS (5)        launches per RDP path
//   BENCH_ONLY=first-frame    only the browser series (first painted frame, first-frame-bench.mjs)
//   BENCH_FIRST_FRAME=0       leave the browser series out of the full run
//   BENCH_ONLY=audio          only the sound latency (click in the session → heard, audio-latency.mjs)
//   BENCH_AUDIO=0             leave the sound latency out of the full run
//   CASTER_CHROMIUM           the browser for that series (default /usr/bin/chromium)
// By default the API runs as in production, on PostgreSQL: a throw-away database on the local server
// (127.0.0.1:5432, user postgres) when one answers, else the embedded database, and the table says which.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import pg from 'pg';
import { measureAudio } from './audio-latency.mjs';
import { measureRdp } from './rdp-bench.mjs';
import { firstFrameRows, measureFirstFrame } from './first-frame-bench.mjs';
import { measureRfb } from './rfb-bench.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const RDP_RUNS = Number(process.env.BENCH_RDP_RUNS ?? 5);
const IMAGE = 'caster/tiny-app:latest';
const docker = new Docker();
const runLabel = `bench-${randomBytes(4).toString('hex')}`;

const p50 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function probe(port) {
  return new Promise((ok) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      ok(true);
    });
    req.on('error', () => ok(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/**
 * What a session container is made with beyond the plain baseline: the isolated sessions network
 * (a user-defined bridge with icc off) and the hardening defaults. The engine's own cost of these
 * is measured by the isolated baseline, so Caster's overhead can be read apart from it.
 */
const ISOLATED = {
  NetworkMode: 'caster-sessions',
  CapDrop: ['ALL'],
  SecurityOpt: ['no-new-privileges:true'],
  PidsLimit: 512,
  Ulimits: [{ Name: 'nofile', Soft: 8192, Hard: 16384 }],
};

/**
 * The baseline: what a script calling Docker directly needs to get the same app answering — on
 * the default bridge (`isolated` false), or with a session's network and hardening (true).
 */
async function rawDockerLaunch(isolated = false) {
  const t0 = performance.now();
  const c = await docker.createContainer({
    Image: IMAGE,
    Labels: { 'org.caster.test-run': runLabel },
    ExposedPorts: { '6901/tcp': {} },
    HostConfig: {
      PortBindings: { '6901/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
      NanoCpus: 5e8,
      Memory: 128 * 1024 * 1024,
      ...(isolated ? ISOLATED : {}),
    },
  });
  await c.start();
  const port = Number((await c.inspect()).NetworkSettings.Ports['6901/tcp'][0].HostPort);
  while (!(await probe(port))) await sleep(15);
  const ms = performance.now() - t0;
  await c.remove({ force: true });
  return ms;
}

async function freePort() {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Where the API keeps its data for this run; `drop` removes a database made for it. */
async function benchDatabase() {
  if (process.env.CASTER_BENCH_DB === 'embedded')
    return { env: { DATA_DIR: 'memory://' }, name: 'embedded (PGlite)' };
  if (process.env.CASTER_BENCH_PG_URL)
    return { env: { DATABASE_URL: process.env.CASTER_BENCH_PG_URL }, name: 'postgresql' };
  const server = process.env.CASTER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: server, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    console.log('no PostgreSQL server answered; measuring on the embedded database (PGlite)');
    return { env: { DATA_DIR: 'memory://' }, name: 'embedded (PGlite)' };
  }
  const dbName = `caster_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${dbName}`;
  return {
    env: { DATABASE_URL: url.toString() },
    name: 'postgresql',
    drop: async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function startApi(database) {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? '/tmp',
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_PASSWORD: 'bench-admin-password',
    LOG_LEVEL: 'warn',
    STAGING_INTERVAL_SECONDS: '1',
    AGENT_CAPACITY: '500',
    ...database.env,
  };
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/apps/api/src/main.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`API exited:\n${out}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, child };
    } catch {}
    await sleep(100);
  }
  throw new Error(`API not healthy:\n${out}`);
}

async function api(url, token, method, path, body) {
  const res = await fetch(url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Waits for the `running` event on the session's SSE stream. */
async function untilRunning(url, token, sessionId) {
  const res = await fetch(`${url}/api/sessions/${sessionId}/events`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const reader = res.body.getReader();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('event stream ended before running');
    text += new TextDecoder().decode(value);
    if (text.includes('"state":"running"')) break;
    if (text.includes('"state":"failed"')) throw new Error(`launch failed: ${text}`);
  }
  await reader.cancel();
}

/** Sends `total` requests with `concurrency` in flight; answers requests per second and statuses. */
async function flood(url, method, path, body, seconds, concurrency = 32) {
  const statuses = new Map();
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const res = await fetch(url + path, {
          method,
          headers: { 'content-type': 'application/json' },
          body: body ? JSON.stringify(body) : undefined,
        });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        done++;
      }
    }),
  );
  return { rps: done / ((performance.now() - started) / 1000), statuses: Object.fromEntries(statuses) };
}

function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

async function main() {
  await docker
    .getImage(IMAGE)
    .inspect()
    .catch(() => {
      throw new Error(`${IMAGE} is missing: run npm run images`);
    });
  const database = await benchDatabase();
  const { url, child } = await startApi(database);
  try {
    const admin = (
      await api(url, null, 'POST', '/api/auth/login', { username: 'admin', password: 'bench-admin-password' })
    ).body.token;
    const groups = (await api(url, admin, 'GET', '/api/admin/groups?pageSize=100')).body.items;
    const all = groups.find((g) => g.system);
    await api(url, admin, 'PATCH', `/api/admin/groups/${all.id}`, {
      settings: { ...all.settings, max_kasms_per_user: 0, allow_kasm_sharing: true },
    });
    const ws = (
      await api(url, admin, 'POST', '/api/admin/workspaces', {
        name: `bench-${runLabel}`,
        type: 'container',
        image: IMAGE,
        cores: 0.5,
        memoryMb: 128,
      })
    ).body;
    if (process.env.BENCH_ONLY === 'proxy') {
      const rfb = await measureRfb({
        url,
        admin,
        api,
        docker,
        seconds: Number(process.env.BENCH_RFB_SECONDS ?? 6),
      });
      const left = (await api(url, admin, 'GET', '/api/admin/sessions?pageSize=200')).body.items;
      for (const s of left) await api(url, admin, 'DELETE', `/api/admin/sessions/${s.id}`);
      console.log(
        JSON.stringify({ measured_at: new Date().toISOString(), database: database.name, ...rfb }, null, 2),
      );
      return;
    }
    if (process.env.BENCH_ONLY === 'rdp') {
      const rdp = await measureRdp({ url, admin, api, docker, label: runLabel, runs: RDP_RUNS });
      console.log(
        JSON.stringify({ measured_at: new Date().toISOString(), database: database.name, ...rdp }, null, 2),
      );
      return;
    }
    if (process.env.BENCH_ONLY === 'audio') {
      const audio = await measureAudio({ url, admin, api, docker });
      console.log(
        JSON.stringify({ measured_at: new Date().toISOString(), database: database.name, ...audio }, null, 2),
      );
      return;
    }
    if (process.env.BENCH_ONLY === 'first-frame') {
      const ff = await measureFirstFrame({ url, admin, api, docker, runs: RUNS, label: runLabel });
      console.log(
        JSON.stringify({ measured_at: new Date().toISOString(), database: database.name, ...ff }, null, 2),
      );
      console.log('');
      for (const [a, b, c] of firstFrameRows(ff)) console.log(`${a.padEnd(40)} ${b.padEnd(10)} ${c}`);
      return;
    }
    const mkCast = async (fields) =>
      (
        await api(url, admin, 'POST', '/api/admin/casting', {
          name: `bench-${randomBytes(4).toString('hex')}`,
          workspaceId: ws.id,
          allowAnonymous: true,
          ...fields,
        })
      ).body;

    // Warm both paths once (image cache, JIT), then alternate so load drifts hit both alike.
    await rawDockerLaunch();
    const cold = await mkCast({});
    const raw = [];
    const rawIsolated = [];
    const castCold = [];
    for (let i = 0; i < RUNS; i++) {
      raw.push(await rawDockerLaunch());
      // After the first cast the API has made the sessions network this baseline joins.
      if (i > 0) rawIsolated.push(await rawDockerLaunch(true));
      const t0 = performance.now();
      const res = await api(url, null, 'POST', `/api/cast/${cold.key}`, {});
      if (res.status !== 201) throw new Error(`cast: ${JSON.stringify(res.body)}`);
      await untilRunning(url, res.body.token, res.body.sessionId);
      castCold.push(performance.now() - t0);
      await api(url, admin, 'DELETE', `/api/admin/sessions/${res.body.sessionId}`);
    }

    // Staged: a pool of warm sessions whose client settings match the link's enforced ones.
    const clientSettings = cold.clientSettings;
    const staged = await mkCast({ enforceClientSettings: true, clientSettings });
    const pool = (
      await api(url, admin, 'POST', '/api/admin/staging', {
        workspaceId: ws.id,
        desiredSessions: RUNS,
        expirationHours: 1,
        clientSettings,
      })
    ).body;
    for (let i = 0; i < 300; i++) {
      if ((await api(url, admin, 'GET', `/api/admin/staging/${pool.id}`)).body.ready >= RUNS) break;
      await sleep(100);
    }
    const castStaged = [];
    const stagedIds = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const res = await api(url, null, 'POST', `/api/cast/${staged.key}`, {});
      if (res.status !== 201) throw new Error(`staged cast: ${JSON.stringify(res.body)}`);
      await untilRunning(url, res.body.token, res.body.sessionId);
      castStaged.push(performance.now() - t0);
      stagedIds.push(res.body.sessionId);
    }
    await api(url, admin, 'DELETE', `/api/admin/staging/${pool.id}`);
    for (const id of stagedIds) await api(url, admin, 'DELETE', `/api/admin/sessions/${id}`);

    // Burst: many concurrent visitors on a small budget.
    const burstBudget = 20;
    const burst = await mkCast({ limitSessions: true, sessionsRemaining: burstBudget });
    const burstResults = await Promise.all(
      Array.from({ length: 100 }, () => api(url, null, 'POST', `/api/cast/${burst.key}`, {})),
    );
    const burstCreated = burstResults.filter((r) => r.status === 201);
    const sessions = (await api(url, admin, 'GET', '/api/admin/sessions?pageSize=200')).body.items;
    for (const s of sessions) await api(url, admin, 'DELETE', `/api/admin/sessions/${s.id}`);

    // Refusals: a link whose per-IP allowance is used up, against the bare health endpoint.
    const limited = await mkCast({
      limitIps: true,
      ipRequestLimit: 1,
      ipRequestSeconds: 3600,
      workspaceId: ws.id,
    });
    await api(url, null, 'POST', `/api/cast/${limited.key}`, {});
    const bare = await flood(url, 'GET', '/api/health', null, 5);
    const refusal = await flood(url, 'POST', `/api/cast/${limited.key}`, {}, 5);
    const rss = rssMb(child.pid);
    // The proxied viewer: RFB full frames straight from the desktop container vs through the relay.
    const rfb = await measureRfb({
      url,
      admin,
      api,
      docker,
      seconds: Number(process.env.BENCH_RFB_SECONDS ?? 6),
    });
    // RDP: cast → the remote desktop on screen through the gateway, vs the gateway run by hand.
    const rdp = await measureRdp({ url, admin, api, docker, label: runLabel, runs: RDP_RUNS });
    // The browser series: time to the first painted frame (Chromium), baseline / cold / staged.
    const ff =
      process.env.BENCH_FIRST_FRAME === '0'
        ? null
        : await measureFirstFrame({ url, admin, api, docker, runs: RUNS, label: runLabel });
    // Sound: a click played in a desktop session → heard by a listener, straight and through the proxy.
    const audio = process.env.BENCH_AUDIO === '0' ? null : await measureAudio({ url, admin, api, docker });
    const after = (await api(url, admin, 'GET', '/api/admin/sessions?pageSize=200')).body.items;
    for (const s of after) await api(url, admin, 'DELETE', `/api/admin/sessions/${s.id}`);

    const results = {
      measured_at: new Date().toISOString(),
      runs: RUNS,
      database: database.name,
      raw_docker_p50_ms: Math.round(p50(raw)),
      cold_cast_p50_ms: Math.round(p50(castCold)),
      cold_ratio: Number((p50(castCold) / p50(raw)).toFixed(3)),
      raw_docker_isolated_p50_ms: Math.round(p50(rawIsolated)),
      cold_ratio_isolated: Number((p50(castCold) / p50(rawIsolated)).toFixed(3)),
      staged_cast_p50_ms: Math.round(p50(castStaged)),
      burst_requests: 100,
      burst_budget: burstBudget,
      burst_sessions_created: burstCreated.length,
      refusal_rps: Math.round(refusal.rps),
      refusal_statuses: refusal.statuses,
      bare_rps: Math.round(bare.rps),
      refusal_ratio: Number((refusal.rps / bare.rps).toFixed(3)),
      api_rss_mb: rss,
      ...rfb,
      ...rdp,
      ...(ff ?? {}),
      ...(audio ?? {}),
    };
    mkdirSync(join(ROOT, 'e2e/perf/results'), { recursive: true });
    writeFileSync(join(ROOT, 'e2e/perf/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log('\nCaster benchmark (tiny image, side by side in one run)\n');
    const rows = [
      ['raw Docker create+start+ready p50', `${results.raw_docker_p50_ms} ms`, ''],
      [
        'cold cast → running p50',
        `${results.cold_cast_p50_ms} ms`,
        `ratio ${results.cold_ratio} (target ≤ 1.15)`,
      ],
      [
        'raw Docker, session network+hardening',
        `${results.raw_docker_isolated_p50_ms} ms`,
        `cold cast ratio ${results.cold_ratio_isolated} (Caster's own overhead)`,
      ],
      ['staged cast → running p50', `${results.staged_cast_p50_ms} ms`, 'target ≤ 30 ms'],
      [
        'burst: sessions created',
        `${results.burst_sessions_created} of budget ${burstBudget}`,
        'must not exceed the budget',
      ],
      ['refusals (429) per second', `${results.refusal_rps}`, ''],
      ['bare /api/health per second', `${results.bare_rps}`, `ratio ${results.refusal_ratio} (target ≥ 0.6)`],
      ['API resident memory', `${results.api_rss_mb} MB`, ''],
      [
        `noVNC viewer's ${results.viewer_files} files, straight`,
        `${results.viewer_files_direct_ms} ms`,
        `${results.viewer_files_kb} KB, p50 of a load`,
      ],
      [
        "noVNC viewer's files, session origin",
        `${results.viewer_files_proxied_ms} ms`,
        `ratio ${results.viewer_files_ratio}`,
      ],
      [
        'RFB full frames/s, straight (Raw)',
        `${results.rfb_direct_fps}`,
        `${results.rfb_frame_mb} MB a frame`,
      ],
      [
        'RFB full frames/s, relay (owner)',
        `${results.rfb_relay_owner_fps}`,
        `ratio ${results.rfb_relay_owner_ratio} (target ≥ 0.8)`,
      ],
      [
        'RFB full frames/s, relay (view-only)',
        `${results.rfb_relay_viewer_fps}`,
        `ratio ${results.rfb_relay_viewer_ratio} (server stream parsed)`,
      ],
      [
        'RDP: gateway by hand → remote screen',
        `${results.rdp_direct_p50_ms} ms`,
        `p50, spread ${results.rdp_direct_spread_ms} ms`,
      ],
      [
        'RDP: cast → remote screen p50',
        `${results.rdp_cast_p50_ms} ms`,
        `ratio ${results.rdp_ratio} (target ≤ 1.3), spread ${results.rdp_cast_spread_ms} ms`,
      ],
    ];
    if (ff) rows.push(...firstFrameRows(ff));
    if (audio)
      rows.push(
        [
          'sound: click → heard, straight p50',
          `${audio.audio_direct_p50_ms} ms`,
          `p90 ${audio.audio_direct_p90_ms} ms`,
        ],
        [
          'sound: click → heard, via proxy p50',
          `${audio.audio_proxied_p50_ms} ms`,
          `p90 ${audio.audio_proxied_p90_ms} ms; + ${audio.audio_viewer_jitter_buffer_ms} ms viewer buffer`,
        ],
      );
    for (const [a, b, c] of rows) console.log(`${a.padEnd(38)} ${b.padEnd(22)} ${c}`);
    if (ff) console.log(`\nfirst-frame milestones, ms p50: ${JSON.stringify(ff.first_frame_profile)}`);
    console.log(`\nwritten to e2e/perf/results/latest.json (${results.database})`);
  } finally {
    child.kill('SIGTERM');
    const leftovers = await docker.listContainers({
      all: true,
      filters: { label: [`org.caster.test-run=${runLabel}`] },
    });
    for (const c of leftovers) await docker.getContainer(c.Id).remove({ force: true });
    await new Promise((ok) => (child.exitCode !== null ? ok() : child.once('exit', ok)));
    await database.drop?.();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
