// Time to the first painted frame of the desktop, in Chromium (Playwright, Debian's /usr/bin/chromium),
// side by side in one run:
//   baseline  `docker run` of the desktop image, then noVNC opened straight on the container's port
//             (the clock starts before the container is created)
//   cold      opening `#/cast/<key>` of an anonymous casting link: the session is made on demand
//   staged    the same from a staging pool of ready sessions
// "First painted frame" is the first animation frame in which noVNC's screen canvas holds a pixel
// (noVNC's canvas is transparent until the first FramebufferUpdate is drawn). Each visit is a fresh
// browser context (nothing cached), as a first-time visitor; `staged (cached)` repeats the staged
// visit in a context that has already opened one (same pool, refilled): what the browser cache saves.
// Each visit also records when the milestones on the way happened (the cast answer, the session's
// state, the frame's entry, the viewer's page, its WebSocket), so a slow series shows where its
// time goes. Numbers are printed, never asserted.
import { chromium } from 'playwright-core';

const DESKTOP_IMAGE = process.env.CASTER_BENCH_DESKTOP_IMAGE ?? 'caster/desktop:latest';
const CHROMIUM = process.env.CASTER_CHROMIUM ?? '/usr/bin/chromium';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.error('[first-frame]', ...a);

/** p50 and spread (min–max) of a series, in ms. */
export function summary(xs) {
  const failed = xs.filter((x) => Number.isNaN(x)).length;
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return { p50: NaN, min: NaN, max: NaN, n: 0, failed };
  return {
    p50: Math.round(s[Math.floor((s.length - 1) / 2)]),
    min: Math.round(s[0]),
    max: Math.round(s[s.length - 1]),
    n: s.length,
    failed,
  };
}

/**
 * Runs in every frame before its scripts: watches for noVNC's screen canvas and reports (once per
 * frame) the epoch time of the first animation frame in which it shows a pixel.
 */
const FIRST_FRAME_PROBE = () => {
  let reported = false;
  const painted = (canvas) => {
    if (canvas.width < 16 || canvas.height < 16) return false;
    const ctx = canvas.getContext('2d');
    if (!ctx) return false;
    // A handful of points: the first update is a whole screen, so any of them has a pixel.
    for (const [fx, fy] of [
      [0.5, 0.5],
      [0.1, 0.1],
      [0.9, 0.9],
      [0.1, 0.9],
      [0.9, 0.1],
    ]) {
      const px = ctx.getImageData(Math.floor(canvas.width * fx), Math.floor(canvas.height * fy), 1, 1);
      if (px.data[3] !== 0) return true;
    }
    return false;
  };
  const tick = () => {
    if (reported) return;
    const canvas = document.querySelector('#noVNC_container canvas, .noVNC_screen canvas');
    if (canvas && painted(canvas)) {
      reported = true;
      window.__casterFirstFrame?.(performance.timeOrigin + performance.now());
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

/** One visit: opens `url` in `context` and answers the ms to the first painted frame and the milestones. */
async function visit(context, url, t0 = Date.now(), timeoutMs = 60_000) {
  const page = await context.newPage();
  const marks = {};
  const mark = (name, at = Date.now()) => {
    if (marks[name] === undefined) marks[name] = at - t0;
  };
  page.on('response', (res) => {
    const u = new URL(res.url());
    if (u.pathname === '/' && res.request().resourceType() === 'document') mark('spa_page');
    else if (/\/assets\/index-[^/]+\.js$/.test(u.pathname)) mark('spa_script');
    else if (/^\/api\/cast\/[^/]+$/.test(u.pathname) && res.request().method() === 'GET') mark('cast_info');
    else if (/^\/api\/cast\/[^/]+$/.test(u.pathname) && res.request().method() === 'POST')
      mark('cast_answer');
    else if (/^\/api\/sessions\/[^/]+$/.test(u.pathname)) mark('session_state');
    else if (/^\/api\/sessions\/[^/]+\/access$/.test(u.pathname)) mark('access_answer');
    else if (u.pathname === '/.caster/enter') mark('frame_enter');
    else if (u.pathname.endsWith('/vnc.html')) mark('viewer_page');
    else if (u.pathname.endsWith('/rfb.js')) mark('viewer_rfb_js');
  });
  page.on('websocket', (ws) => {
    if (ws.url().includes('websockify')) mark('rfb_socket');
  });
  const problems = [];
  page.on('requestfailed', (req) => problems.push(`${req.url()}: ${req.failure()?.errorText}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console: ${m.text()}`);
  });
  const frame = new Promise((ok) => {
    page.__firstFrame = ok;
  });
  try {
    mark('start', t0);
    await page.goto(url, { waitUntil: 'commit' });
    const at = await Promise.race([frame, sleep(timeoutMs).then(() => null)]);
    if (at === null) {
      // Counted as a failed visit, not measured (Chromium on the Docker host can abort a load
      // with ERR_NETWORK_CHANGED while a container's veth appears).
      log(
        `no frame painted within ${timeoutMs} ms at ${page.url()}`,
        JSON.stringify(marks),
        problems.slice(0, 8),
      );
      return {
        ms: NaN,
        marks,
        failed: true,
        networkChanged: problems.some((p) => p.includes('ERR_NETWORK_CHANGED')),
      };
    }
    mark('first_frame', at);
    return { ms: at - t0, marks };
  } finally {
    await page.close();
  }
}

/** A fresh browser context whose frames report their first painted frame to the visit's page. */
async function freshContext(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.exposeBinding('__casterFirstFrame', (source, at) => source.page.__firstFrame?.(at));
  await context.addInitScript(FIRST_FRAME_PROBE);
  return context;
}

/** HTTP on the container's port answers (websockify's web server is up). */
async function portAnswers(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/vnc.html`);
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** The baseline: `docker run` of the desktop image, then noVNC straight on its port. */
async function baselineVisit(docker, browser, label) {
  const t0 = Date.now();
  const c = await docker.createContainer({
    Image: DESKTOP_IMAGE,
    Labels: { 'org.caster.test-run': label },
    ExposedPorts: { '6901/tcp': {} },
    HostConfig: {
      PortBindings: { '6901/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
      NanoCpus: 1e9,
      Memory: 512 * 1024 * 1024,
    },
  });
  try {
    await c.start();
    const port = Number((await c.inspect()).NetworkSettings.Ports['6901/tcp'][0].HostPort);
    while (!(await portAnswers(port))) await sleep(15);
    const context = await freshContext(browser);
    try {
      const r = await visit(context, `http://127.0.0.1:${port}/`, t0);
      return r;
    } finally {
      await context.close();
    }
  } finally {
    await c.remove({ force: true });
  }
}

/**
 * A visit that Chromium aborted with ERR_NETWORK_CHANGED (a container's veth appeared on this host
 * mid-load: the staging pool refilling, the baseline's own container) is discarded and made again
 * with a fresh session or container; answers the visit and counts discards in `discarded`.
 */
async function measured(once, discarded) {
  for (let attempt = 0; ; attempt++) {
    const r = await once();
    if (!r.failed || !r.networkChanged || attempt >= 2) return r;
    discarded.count++;
  }
}

const median = (runs, key) => summary(runs.map((r) => r.marks[key]).filter((x) => x !== undefined));

/** Milestones of a series as "name p50" in the order they happen. */
function profile(all) {
  const runs = all.filter((r) => !r.failed);
  const keys = new Set(runs.flatMap((r) => Object.keys(r.marks)));
  return Object.fromEntries([...keys].map((k) => [k, median(runs, k).p50]).sort((a, b) => a[1] - b[1]));
}

/**
 * Measures the three series (and the cached staged one), alternating baseline and cold so that
 * load drifts touch both alike. `api(url, token, method, path, body)` is bench.mjs's JSON helper.
 */
export async function measureFirstFrame({ url, admin, api, docker, runs = 10, label = 'bench' }) {
  await docker
    .getImage(DESKTOP_IMAGE)
    .inspect()
    .catch(() => {
      throw new Error(`${DESKTOP_IMAGE} is missing: run npm run images`);
    });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const made = [];
  try {
    const ws = (
      await api(url, admin, 'POST', '/api/admin/workspaces', {
        name: `bench-first-frame-${Date.now()}`,
        type: 'container',
        image: DESKTOP_IMAGE,
        cores: 1,
        memoryMb: 512,
      })
    ).body;
    const mkCast = async (fields) =>
      (
        await api(url, admin, 'POST', '/api/admin/casting', {
          name: `bench-ff-${Date.now()}-${Math.random().toString(16).slice(2, 8)}`,
          workspaceId: ws.id,
          allowAnonymous: true,
          ...fields,
        })
      ).body;
    const cleanSessions = async () => {
      const left = (await api(url, admin, 'GET', '/api/admin/sessions?pageSize=200')).body.items;
      for (const s of left) await api(url, admin, 'DELETE', `/api/admin/sessions/${s.id}`);
    };

    const cold = await mkCast({});
    // Warm both paths once (image cache, the SPA's and noVNC's files on disk, the JIT).
    await baselineVisit(docker, browser, label);
    {
      const context = await freshContext(browser);
      await visit(context, `${url}/#/cast/${cold.key}`).finally(() => context.close());
      await cleanSessions();
    }
    const baseline = [];
    const coldRuns = [];
    const discarded = { count: 0 };
    const coldVisit = async () => {
      const context = await freshContext(browser);
      const r = await visit(context, `${url}/#/cast/${cold.key}`).finally(() => context.close());
      await cleanSessions();
      return r;
    };
    for (let i = 0; i < runs; i++) {
      baseline.push(await measured(() => baselineVisit(docker, browser, label), discarded));
      coldRuns.push(await measured(coldVisit, discarded));
      log(`baseline ${Math.round(baseline[i].ms)} ms, cold ${Math.round(coldRuns[i].ms)} ms`);
      await cleanSessions();
    }

    // Staged: a pool whose client settings match the link's enforced ones.
    const clientSettings = cold.clientSettings;
    const staged = await mkCast({ enforceClientSettings: true, clientSettings });
    const pool = (
      await api(url, admin, 'POST', '/api/admin/staging', {
        workspaceId: ws.id,
        desiredSessions: runs + 4,
        expirationHours: 1,
        clientSettings,
      })
    ).body;
    made.push(() => api(url, admin, 'DELETE', `/api/admin/staging/${pool.id}`));
    const untilReady = async (n) => {
      for (let i = 0; i < 2400; i++) {
        if ((await api(url, admin, 'GET', `/api/admin/staging/${pool.id}`)).body.ready >= n) return;
        await sleep(250);
      }
      throw new Error('the staging pool did not fill');
    };
    await untilReady(runs + 4);
    // The staged sessions' desktops have started; let them settle as a real pool's would have.
    await sleep(3000);
    const stagedRuns = [];
    const cachedRuns = [];
    const returning = await freshContext(browser);
    try {
      // One visit fills the returning visitor's cache.
      await visit(returning, `${url}/#/cast/${staged.key}`);
      log('staged: cache filled');
      for (let i = 0; i < runs; i++) {
        const stagedVisit = async () => {
          const context = await freshContext(browser);
          return visit(context, `${url}/#/cast/${staged.key}`).finally(() => context.close());
        };
        stagedRuns.push(await measured(stagedVisit, discarded));
        log(`staged ${Math.round(stagedRuns[i].ms)} ms ${JSON.stringify(stagedRuns[i].marks)}`);
      }
      // The same pool, refilled and settled again, for visitors whose browser cache is warm.
      await untilReady(runs + 4);
      await sleep(3000);
      for (let i = 0; i < runs; i++) {
        // Another visitor with the same cache: without the cookie, the cast is not a resume.
        const cachedVisit = async () => {
          await returning.clearCookies();
          return visit(returning, `${url}/#/cast/${staged.key}`);
        };
        cachedRuns.push(await measured(cachedVisit, discarded));
        log(`staged, cached ${Math.round(cachedRuns[i].ms)} ms`);
      }
    } finally {
      await returning.close();
      await api(url, admin, 'DELETE', `/api/admin/staging/${pool.id}`);
      made.pop();
      await cleanSessions();
    }

    const b = summary(baseline.map((r) => r.ms));
    const c = summary(coldRuns.map((r) => r.ms));
    return {
      first_frame_runs: runs,
      first_frame_discarded_network_changed: discarded.count,
      first_frame_baseline: b,
      first_frame_cold: c,
      first_frame_cold_ratio: Number((c.p50 / b.p50).toFixed(3)),
      first_frame_staged: summary(stagedRuns.map((r) => r.ms)),
      first_frame_staged_cached: summary(cachedRuns.map((r) => r.ms)),
      first_frame_profile: {
        baseline: profile(baseline),
        cold: profile(coldRuns),
        staged: profile(stagedRuns),
        staged_cached: profile(cachedRuns),
      },
    };
  } finally {
    for (const undo of made) await undo().catch(() => undefined);
    await browser.close();
  }
}

/** The table lines bench.mjs prints for these results. */
export function firstFrameRows(r) {
  const fmt = (s) => `${s.p50} ms`;
  const spread = (s) => `${s.min}–${s.max} ms over ${s.n}${s.failed ? `, ${s.failed} failed` : ''}`;
  return [
    ['first frame: docker run + noVNC', fmt(r.first_frame_baseline), spread(r.first_frame_baseline)],
    [
      'first frame: #/cast cold',
      fmt(r.first_frame_cold),
      `${spread(r.first_frame_cold)}, ratio ${r.first_frame_cold_ratio} (target ≤ 1.3)`,
    ],
    [
      'first frame: #/cast staged',
      fmt(r.first_frame_staged),
      `${spread(r.first_frame_staged)} (target ≤ 500 ms)`,
    ],
    [
      'first frame: staged, browser cache warm',
      fmt(r.first_frame_staged_cached),
      spread(r.first_frame_staged_cached),
    ],
  ];
}
