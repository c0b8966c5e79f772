// HTTP checks for tools/ci/compose-smoke.sh against a running compose stack, like an operator
// would do them after `docker-compose up`: health, the SPA, an admin sign-in, and one session
// launched on the host's engine and reached through Caster's proxy (HTTP and WebSocket).
// Prints one "PASS <check>" / "FAIL <check>: <why>" line per check; exits 1 if any failed.
// Usage: node compose-smoke-checks.mjs <base-url>   (env: ADMIN_PASSWORD, SMOKE_IMAGE)
import { request } from 'node:http';
import { createRequire } from 'node:module';

const base = process.argv[2];
const password = process.env.ADMIN_PASSWORD;
const image = process.env.SMOKE_IMAGE ?? 'caster/tiny-app:latest';
let failed = 0;

async function check(name, fn) {
  try {
    const detail = await fn();
    console.log(`PASS ${name}${detail ? ` (${detail})` : ''}`);
    return true;
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
}

async function http(method, path, { token, body, headers = {} } = {}) {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
    redirect: 'manual',
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

function expectStatus(res, status, what) {
  if (res.status !== status) throw new Error(`${what}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

await check('GET /api/health reports the database up', async () => {
  const res = await http('GET', '/api/health');
  expectStatus(res, 200, 'health');
  if (res.json?.status !== 'ok') throw new Error(`status ${res.json?.status}`);
  if (res.json?.details?.database?.status !== 'up')
    throw new Error(`database ${JSON.stringify(res.json?.details)}`);
  return `docker: ${JSON.stringify(res.json.details.docker?.engines ?? res.json.details.docker?.status)}`;
});

await check('GET / serves the SPA', async () => {
  const res = await http('GET', '/');
  expectStatus(res, 200, 'index');
  if (!/text\/html/.test(res.headers.get('content-type') ?? '')) throw new Error('not text/html');
  if (!res.text.includes('<div id="root">')) throw new Error('no <div id="root"> in the page');
  const script = res.text.match(/<script[^>]+src="\.?\/?([^"]+\.js)"/)?.[1];
  if (!script) throw new Error('no script tag');
  const js = await http('GET', `/${script}`);
  expectStatus(js, 200, script);
  return script;
});

let token;
await check('admin signs in with ADMIN_PASSWORD', async () => {
  const res = await http('POST', '/api/auth/login', { body: { username: 'admin', password } });
  expectStatus(res, 200, 'login');
  token = res.json?.token;
  if (!/^cst_/.test(token ?? '')) throw new Error('no token');
  const me = await http('GET', '/api/auth/me', { token });
  expectStatus(me, 200, 'me');
  if (me.json?.role !== 'admin') throw new Error(`role ${me.json?.role}`);
});

let sessionId;
const launched =
  token &&
  (await check('a session launches on the host engine and runs', async () => {
    const ws = await http('POST', '/api/admin/workspaces', {
      token,
      body: { name: `smoke-${Date.now()}`, type: 'container', image, cores: 0.5, memoryMb: 128 },
    });
    expectStatus(ws, 201, 'workspace');
    const started = Date.now();
    const created = await http('POST', '/api/sessions', { token, body: { workspaceId: ws.json.id } });
    expectStatus(created, 201, 'session');
    sessionId = created.json.id;
    for (;;) {
      const s = await http('GET', `/api/sessions/${sessionId}`, { token });
      if (s.json?.state === 'running') return `running in ${Date.now() - started} ms`;
      if (s.json?.state === 'failed' || s.json?.state === 'stopped')
        throw new Error(`state ${s.json.state}: ${JSON.stringify(s.json)}`);
      if (Date.now() - started > 30_000) throw new Error(`still ${s.json?.state} after 30 s`);
      await sleep(50);
    }
  }));

/**
 * A request to the session's own origin (http://<id>.localhost:<PORT>): sent to the published
 * port with that Host, as a browser resolving *.localhost to loopback would.
 */
function sessionHttp(sessionHost, path, headers = {}) {
  const target = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path,
        method: 'GET',
        headers: { Host: sessionHost, ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

if (launched) {
  let sessionHost = '';
  let cookie = '';
  await check('the session is reached on its own origin (HTTP, after the entry link)', async () => {
    const access = await http('POST', `/api/sessions/${sessionId}/access`, { token });
    expectStatus(access, 200, 'entry link');
    const enter = new URL(access.json.enterUrl);
    sessionHost = enter.host;
    const entered = await sessionHttp(sessionHost, `${enter.pathname}${enter.search}`);
    if (entered.status !== 303)
      throw new Error(`enter: HTTP ${entered.status} ${entered.text.slice(0, 200)}`);
    cookie = String(entered.headers['set-cookie']?.[0] ?? '').split(';')[0];
    const res = await sessionHttp(sessionHost, '/', { Cookie: cookie });
    if (res.status !== 200 || !res.text.includes('Caster tiny app'))
      throw new Error(`session page: HTTP ${res.status}`);
    const anonymous = await sessionHttp(sessionHost, '/', { Authorization: `Bearer ${token}` });
    if (anonymous.status !== 401)
      throw new Error(`with only the dashboard's Bearer: HTTP ${anonymous.status}`);
    const old = await http('GET', `/session/${sessionId}/`, { token });
    if (old.status !== 302) throw new Error(`the old dashboard path: HTTP ${old.status}`);
  });

  await check('the session is reached on its own origin (WebSocket)', async () => {
    // `ws` from the repository's node_modules (Node 20's WebSocket cannot send a header).
    const WebSocket = createRequire(import.meta.url)('ws');
    const url = `${base.replace(/^http/, 'ws')}/websockify`;
    const sock = new WebSocket(url, {
      headers: { Host: sessionHost, Cookie: cookie, Origin: `http://${sessionHost}` },
    });
    const echoed = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no echo within 10 s')), 10_000);
      sock.on('open', () => sock.send('caster-smoke\n'));
      sock.on('message', (data) => {
        clearTimeout(timer);
        resolve(String(data).trim());
      });
      sock.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      sock.on('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        reject(new Error(`upgrade refused: HTTP ${res.statusCode}`));
      });
    });
    sock.close();
    if (echoed !== 'caster-smoke') throw new Error(`echo was ${JSON.stringify(echoed)}`);
  });
}

if (sessionId && !launched) {
  await http('DELETE', `/api/sessions/${sessionId}`, { token }).catch(() => undefined);
} else if (sessionId) {
  await check('the session stops', async () => {
    const res = await http('DELETE', `/api/sessions/${sessionId}`, { token });
    expectStatus(res, 204, 'stop');
    const started = Date.now();
    for (;;) {
      const s = await http('GET', `/api/sessions/${sessionId}`, { token });
      if (s.json?.state === 'stopped') return;
      if (Date.now() - started > 20_000) throw new Error(`still ${s.json?.state} after 20 s`);
      await sleep(100);
    }
  });
}

process.exit(failed ? 1 : 0);
