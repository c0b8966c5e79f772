import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinShareResponse, SessionEntryResponse, SessionView } from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import { SessionAccessService } from '@caster/api/sessions';
import { startTestApp, type TestApp } from './support/test-app';
import {
  createContainerWorkspace,
  createUser,
  removeContainersOf,
  setAllUsersSettings,
  waitForSession,
} from './support/sessions';
import {
  closed,
  enterAsOwner,
  enterShare,
  enterWith,
  messagesSoFar,
  sessionOrigin,
} from './support/session-origin';

/** The tiny app plus CGI scripts that show what reached the container and try what must not pass. */
const ECHO_IMAGE = 'caster-test/session-origin-echo:latest';

function buildEchoImage(): void {
  execFileSync(
    'docker',
    ['build', '-q', '-t', ECHO_IMAGE, join(__dirname, 'support/images/session-origin-echo')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
}

/** A plain HTTP server (busybox httpd) on the session port: answers pages, takes no WebSocket. */
const PLAIN_IMAGE = 'caster-test/session-origin-plain:latest';

function buildPlainImage(): void {
  const dockerfile = [
    'FROM caster/tiny-app:latest',
    'ENTRYPOINT ["/bin/sh", "-c", "mkdir -p /www && echo ok > /www/index.html && exec busybox httpd -f -p 6901 -h /www"]',
  ].join('\n');
  execFileSync('docker', ['build', '-q', '-t', PLAIN_IMAGE, '-'], {
    input: dockerfile,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
}

/** The lines a WebSocket of the echo image sends first: the request headers it was opened with. */
function headersOverWs(ws: import('ws').WebSocket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const add = (d: Buffer): void => {
      // websocketd sends each line as a message of its own.
      text += `${d.toString().trimEnd()}\n`;
      if (/^--$/m.test(text)) resolve(text);
    };
    // Lines that came with the handshake, then the rest.
    for (const d of messagesSoFar(ws)) add(d);
    ws.on('message', add);
  });
}

/** The Authorization lines of the echo image's header dump. */
function authorizationLines(dump: string): string[] {
  return dump.split('\n').filter((l) => l.startsWith('HTTP_AUTHORIZATION'));
}

describe('session content on its own origin', () => {
  let t: TestApp;
  let admin: string;
  let workspaceId: string;
  let installation: string;
  let session: SessionView;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  const proxySecretOf = async (id: string): Promise<string | undefined> => {
    const rows = await t.app
      .get(DataSource)
      .query<{ proxy_secret: string }[]>('SELECT proxy_secret FROM sessions WHERE id = $1', [id]);
    return rows[0]?.proxy_secret;
  };

  beforeAll(async () => {
    buildEchoImage();
    t = await startTestApp();
    admin = await t.login();
    installation = t.app.get(AgentsService).instanceId;
    await setAllUsersSettings(t, admin, { max_kasms_per_user: 0, allow_kasm_sharing: true });
    workspaceId = await createContainerWorkspace(t, admin, { image: ECHO_IMAGE });
    session = await launch();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    if (installation) await removeContainersOf(installation);
  });

  async function launch(token = admin): Promise<SessionView> {
    const res = await t.http().post('/api/sessions').set(auth(token)).send({ workspaceId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return waitForSession(t, token, (res.body as SessionView).id, ['running']);
  }

  async function entry(id = session.id, token = admin): Promise<SessionEntryResponse> {
    const res = await t.http().post(`/api/sessions/${id}/access`).set(auth(token)).expect(200);
    return res.body as SessionEntryResponse;
  }

  it("names the session's own origin as its viewer URL and hands out an entry link, no cookie", async () => {
    const origin = `http://${session.id}.localhost:${new URL(t.url).port}`;
    expect(session.viewerUrl).toBe(`${origin}/`);
    expect(session.viewerOrigin).toBe(origin);
    const res = await t.http().post(`/api/sessions/${session.id}/access`).set(auth(admin)).expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    const body = res.body as SessionEntryResponse;
    expect(body.origin).toBe(origin);
    expect(body.enterUrl).toMatch(new RegExp(`^${origin}/\\.caster/enter\\?grant=cse_[A-Za-z0-9_-]{43}$`));
    expect(Date.parse(body.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it('trades the code once for a host-only HttpOnly cookie and lands on next', async () => {
    const { enterUrl } = await entry();
    const path = new URL(enterUrl);
    const host = path.host;
    const first = await t
      .http()
      .get(`${path.pathname}${path.search}&next=${encodeURIComponent('/?resize=scale&view_only=1')}`)
      .set('Host', host)
      .expect(303);
    expect(first.headers['location']).toBe('/?resize=scale&view_only=1');
    const cookie = (first.headers['set-cookie'] as unknown as string[])[0];
    expect(cookie).toMatch(/^caster_session=css_[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; /);
    expect(cookie).toContain('SameSite=None; Secure; Partitioned');
    expect(cookie.toLowerCase()).not.toContain('domain=');
    // The same code again: refused, and no cookie.
    const again = await t.http().get(`${path.pathname}${path.search}`).set('Host', host).expect(401);
    expect(again.body.error.code).toBe('GRANT_INVALID');
    expect(again.headers['set-cookie']).toBeUndefined();
    // The code of this session on another session's host: refused too.
    const other = await launch();
    const foreign = new URL((await entry()).enterUrl);
    await t
      .http()
      .get(`${foreign.pathname}${foreign.search}`)
      .set('Host', sessionOrigin(t, other.id).host)
      .expect(401);
    // Unknown and malformed codes.
    await t.http().get('/.caster/enter?grant=cse_nope').set('Host', host).expect(401);
    await t.http().get('/.caster/enter').set('Host', host).expect(401);
  });

  it('refuses an entry code after it expired', async () => {
    const { enterUrl } = await entry();
    const code = new URL(enterUrl).searchParams.get('grant') ?? '';
    await t.app
      .get(DataSource)
      .query(
        `UPDATE session_grants SET expires_at = now() - interval '1 second' WHERE kind = 'enter' AND token_hash = encode(sha256($1::bytea), 'hex')`,
        [code],
      );
    const res = await t
      .http()
      .get(new URL(enterUrl).pathname + new URL(enterUrl).search)
      .set('Host', new URL(enterUrl).host);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('GRANT_INVALID');
  });

  it('sends only a path on the session origin as next', async () => {
    for (const [next, location] of [
      ['/files/a.txt?x=1', '/files/a.txt?x=1'],
      ['//evil.example/', '/'],
      ['/\\evil.example/', '/'],
      ['https://evil.example/', '/'],
      ['javascript:alert(1)', '/'],
      ['/ok\r\nSet-Cookie: x=1', '/'],
      ['', '/'],
    ] as const) {
      const u = new URL((await entry()).enterUrl);
      const res = await t
        .http()
        .get(`${u.pathname}${u.search}&next=${encodeURIComponent(next)}`)
        .set('Host', u.host)
        .expect(303);
      expect(res.headers['location'], next).toBe(location);
    }
  });

  it('admits only its own cookie: no Bearer, no dashboard cookie, no cookie of another session', async () => {
    const client = sessionOrigin(t, session.id);
    const none = await client.get('/').expect(401);
    expect(none.body.error.code).toBe('AUTH_REQUIRED');
    await client.get('/').set(auth(admin)).expect(401);
    await client.get('/').set('Cookie', `caster_token=${admin}`).expect(401);
    const other = await launch();
    const otherViewer = await enterAsOwner(t, admin, other.id);
    await client.get('/').set('Cookie', otherViewer.cookie).expect(401);
    const viewer = await enterAsOwner(t, admin, session.id);
    const page = await viewer.get('/').expect(200);
    expect(page.text).toContain('Caster tiny app');
    // A session that does not exist.
    await sessionOrigin(t, '00000000-0000-4000-8000-000000000000')
      .get('/')
      .set('Cookie', viewer.cookie)
      .expect(401);
  });

  it('forwards no dashboard credential to the container, HTTP and WebSocket', async () => {
    const viewer = await enterAsOwner(t, admin, session.id);
    const res = await viewer
      .get('/headers')
      .set('Cookie', `${viewer.cookie}; caster_token=${admin}; app_pref=dark`)
      .set('Authorization', `Bearer ${admin}`)
      .set('X-Forwarded-For', '6.6.6.6')
      .set('X-Forwarded-Host', 'evil.example')
      .set('Forwarded', 'for=6.6.6.6')
      .expect(200);
    expect(res.text).toContain('HTTP_COOKIE=app_pref=dark');
    expect(res.text).not.toContain('caster_');
    expect(res.text).not.toContain(admin);
    // The only Authorization the container sees is the proxy's per-session credential.
    const secret = (await proxySecretOf(session.id)) ?? '';
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const proxyAuth = `HTTP_AUTHORIZATION=Basic ${Buffer.from(`caster:${secret}`).toString('base64')}`;
    expect(authorizationLines(res.text)).toEqual([proxyAuth]);
    expect(res.text).not.toContain('6.6.6.6');
    expect(res.text).not.toContain('evil.example');

    const ws = await viewer.ws('/websockify', {
      Cookie: `${viewer.cookie}; caster_token=${admin}; app_pref=dark`,
      Authorization: `Bearer ${admin}`,
    });
    if (!('send' in ws)) throw new Error(`refused: ${ws.status}`);
    const seen = await headersOverWs(ws);
    ws.close();
    expect(seen).toContain('HTTP_COOKIE=app_pref=dark');
    expect(seen).not.toContain('caster_');
    expect(authorizationLines(seen)).toEqual([proxyAuth]);
  });

  it("returns none of the container's cross-origin tricks and lets only the dashboard frame it", async () => {
    const viewer = await enterAsOwner(t, admin, session.id);
    const res = await viewer.get('/tricks').expect(200);
    expect(res.text).toContain('tricks');
    expect(res.headers['set-cookie']).toEqual(['app_pref=dark; Path=/']);
    expect(res.headers['service-worker-allowed']).toBeUndefined();
    expect(res.headers['clear-site-data']).toBeUndefined();
    expect(res.headers['x-frame-options']).toBeUndefined();
    const csp = String(res.headers['content-security-policy']);
    // Both policies arrive (joined by ", " in one header line is the same to a browser).
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`frame-ancestors ${t.config.sessions.dashboardOrigins.join(' ')}`);
    expect((await viewer.get('/').expect(200)).headers['content-security-policy']).toBe(
      `frame-ancestors ${t.config.sessions.dashboardOrigins.join(' ')}`,
    );
    // No service worker can be registered on a session origin.
    const sw = await viewer.get('/sw.js').set('Service-Worker', 'script').expect(403);
    expect(sw.body.error.code).toBe('FORBIDDEN');
  });

  it('survives malformed WebSocket subprotocols from a viewer, and keeps answering', async () => {
    const viewer = await enterAsOwner(t, admin, session.id);
    const upgradeStatus = (protocols: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const req = request({
          host: '127.0.0.1',
          port: Number(new URL(t.url).port),
          path: '/websockify',
          headers: {
            Host: viewer.host,
            Origin: viewer.origin,
            Cookie: viewer.cookie,
            Connection: 'Upgrade',
            Upgrade: 'websocket',
            'Sec-WebSocket-Version': '13',
            'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
            'Sec-WebSocket-Protocol': protocols,
          },
        });
        req.on('upgrade', (res, socket) => {
          socket.destroy();
          resolve(res.statusCode ?? 0);
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        // The proxy may also just close the socket: that is a refusal too.
        req.on('error', () => resolve(0));
        req.setTimeout(10_000, () => reject(new Error('no answer')));
        req.end();
      });
    // Duplicated and malformed tokens made the upstream WebSocket client throw inside the upgrade
    // handler, an unhandled rejection that ended the API process.
    for (const protocols of ['binary, binary', 'a b', 'binary, \u00e9']) {
      expect([0, 101, 400]).toContain(await upgradeStatus(protocols));
      await t.http().get('/api/health').expect(200);
    }
  });

  it('refuses cross-origin WebSockets and cross-site requests; lets navigations in', async () => {
    const viewer = await enterAsOwner(t, admin, session.id);
    const open = await viewer.ws('/websockify');
    if (!('send' in open)) throw new Error(`own origin refused: ${open.status}`);
    open.close();
    for (const origin of [
      'https://evil.example',
      t.config.sessions.dashboardOrigins[0],
      sessionOrigin(t, '00000000-0000-4000-8000-000000000000').origin,
    ]) {
      const refused = await viewer.ws('/websockify', { Origin: origin });
      expect('status' in refused && refused.status, origin).toBe(403);
    }
    const noOrigin = await sessionOrigin(t, session.id, viewer.cookie).ws('/websockify', { Origin: '' });
    expect('status' in noOrigin && noOrigin.status).toBe(403);
    // A cross-site POST (a form or fetch from another site) never reaches the app.
    await viewer.request('post', '/').set('Origin', 'https://evil.example').send('x').expect(403);
    // A cross-site subresource read (no-cors script/img) is refused; the frame's navigation is not.
    await viewer
      .get('/')
      .unset('Origin')
      .set('Sec-Fetch-Site', 'cross-site')
      .set('Sec-Fetch-Mode', 'no-cors')
      .expect(403);
    await viewer
      .get('/')
      .unset('Origin')
      .set('Sec-Fetch-Site', 'cross-site')
      .set('Sec-Fetch-Mode', 'navigate')
      .set('Sec-Fetch-Dest', 'iframe')
      .expect(200);
    await viewer.get('/').set('Sec-Fetch-Site', 'same-origin').set('Sec-Fetch-Mode', 'cors').expect(200);
  });

  it('never serves session content on the dashboard host, and never the API on a session host', async () => {
    const viewer = await enterAsOwner(t, admin, session.id);
    // The old path: a GET goes to the session origin, anything else is told it moved.
    const moved = await t
      .http()
      .get(`/session/${session.id}/headers?x=1`)
      .set('Cookie', viewer.cookie)
      .expect(302);
    expect(moved.headers['location']).toBe(`${viewer.origin}/headers?x=1`);
    expect((await t.http().get(`/session/${session.id}`).expect(302)).headers['location']).toBe(
      `${viewer.origin}/`,
    );
    const post = await t.http().post(`/session/${session.id}/`).set(auth(admin)).send('x').expect(410);
    expect(post.body.error.code).toBe('SESSION_MOVED');
    const ws = await sessionOrigin(t, session.id, viewer.cookie).ws(`/session/${session.id}/websockify`, {
      Host: new URL(t.url).host,
      Origin: t.url,
    });
    expect('status' in ws && ws.status).toBe(410);
    // A session host answers every path from the container, /api included: never from Nest.
    const api = await viewer.get('/api/auth/me').set(auth(admin)).expect(404);
    expect(api.text).not.toContain('"username"');
    await viewer.get('/api/health').expect(404);
    await sessionOrigin(t, session.id).get('/api/health').expect(401);
    await sessionOrigin(t, session.id)
      .request('post', '/api/admin/users')
      .set(auth(admin))
      .set('x-caster-csrf', '1')
      .send({ username: 'evil', password: 'evil-password', role: 'admin' })
      .expect(401);
    // The dashboard host itself still serves the API.
    await t.http().get('/api/health').expect(200);
  });

  it('lets a share viewer in view-only through join, no dashboard cookie', async () => {
    const share = await t.http().post(`/api/sessions/${session.id}/share`).set(auth(admin)).expect(201);
    const res = await t
      .http()
      .post(`/api/shares/${share.body.shareId as string}/join`)
      .expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    const body = res.body as JoinShareResponse;
    expect(body).toMatchObject({
      sessionId: session.id,
      viewOnly: true,
      viewerUrl: session.viewerUrl,
      origin: session.viewerOrigin,
    });
    const viewer = await enterWith(t, body.enterUrl);
    await viewer.get('/').expect(200);
    await viewer.request('post', '/').send('x').expect(404);
    await t.http().delete(`/api/sessions/${session.id}/share`).set(auth(admin)).expect(204);
    await viewer.get('/').expect(401);
  });

  it("cuts an open viewer's WebSocket when its share is revoked", async () => {
    const share = await t.http().post(`/api/sessions/${session.id}/share`).set(auth(admin)).expect(201);
    const viewer = await enterShare(t, share.body.shareId as string);
    const owner = await enterAsOwner(t, admin, session.id);
    const viewerWs = await viewer.ws('/websockify');
    const ownerWs = await owner.ws('/websockify');
    if (!('send' in viewerWs) || !('send' in ownerWs)) throw new Error('WebSocket refused');
    await t.http().delete(`/api/sessions/${session.id}/share`).set(auth(admin)).expect(204);
    await closed(viewerWs);
    // The owner's own viewer stays.
    const echo = new Promise<string>((resolve) =>
      ownerWs.on('message', (d: Buffer) => {
        if (d.toString().includes('still here')) resolve(d.toString());
      }),
    );
    ownerWs.send('still here\n');
    expect(await echo).toContain('still here');
    ownerWs.close();
  }, 30_000);

  it("cuts a user's open viewers when their grants are revoked (disabling a user)", async () => {
    const user = await createUser(t, admin);
    const own = await launch(user.token);
    const viewer = await enterAsOwner(t, user.token, own.id);
    const ws = await viewer.ws('/websockify');
    if (!('send' in ws)) throw new Error('WebSocket refused');
    expect(await t.app.get(SessionAccessService).revokeGrantsForUser(user.id)).toBeGreaterThan(0);
    await closed(ws);
    await viewer.get('/').expect(401);
  }, 30_000);

  it('answers a WebSocket the session cannot take with a coded 502, not a hang-up', async () => {
    buildPlainImage();
    const plainWorkspace = await createContainerWorkspace(t, admin, { image: PLAIN_IMAGE });
    const res = await t.http().post('/api/sessions').set(auth(admin)).send({ workspaceId: plainWorkspace });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const plain = await waitForSession(t, admin, (res.body as SessionView).id, ['running']);
    const viewer = await enterAsOwner(t, admin, plain.id);
    await viewer.get('/').expect(200);
    const ws = await viewer.ws('/websockify');
    if ('send' in ws) throw new Error('a WebSocket opened to a server that takes none');
    expect(ws.status).toBe(502);
    expect(JSON.parse(ws.body)).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
    await t.http().delete(`/api/sessions/${plain.id}`).set(auth(admin)).expect(204);
  }, 60_000);

  it('cuts open viewers when the session stops', async () => {
    const s = await launch();
    const viewer = await enterAsOwner(t, admin, s.id);
    const ws = await viewer.ws('/websockify');
    if (!('send' in ws)) throw new Error('WebSocket refused');
    await t.http().delete(`/api/sessions/${s.id}`).set(auth(admin)).expect(204);
    await closed(ws);
    await viewer.get('/').expect(401);
  }, 30_000);
});
