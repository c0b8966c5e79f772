import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goto, launchBrowser, signIn } from '../support/browser';
import { ADMIN_PASSWORD, startServer, type RunningServer } from '../support/server';
import { apiClient, buildImage, docker, removeSessionContainers } from '../support/stack';

/** Built FROM the tiny app by this test, under a tag of its own (others use caster/tiny-app). */
const HOSTILE_IMAGE = 'caster/hostile-app:test';
const run = randomBytes(3).toString('hex');

/**
 * A workspace page that tries, as soon as anyone views it, what issue 11 found worked: create an
 * administrator with the viewer's credentials (on its own origin and on the dashboard's), read the
 * viewer's cookies, read the parent page, install a service worker for `/`, and take over the
 * tab. It writes each outcome into the page, where the test reads it through the frame.
 */
const HOSTILE_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Hostile app</title></head>
<body><h1>Hostile app</h1>
<dl>
<dt>own</dt><dd id="own">…</dd>
<dt>dashboard</dt><dd id="dashboard">…</dd>
<dt>cookie</dt><dd id="cookie">…</dd>
<dt>received</dt><dd id="received">…</dd>
<dt>parent</dt><dd id="parent">…</dd>
<dt>sw</dt><dd id="sw">…</dd>
<dt>sw script</dt><dd id="swScript">…</dd>
<dt>top</dt><dd id="top">…</dd>
</dl><p id="done"></p>
<script>
(async function () {
  var out = function (id, text) { document.getElementById(id).textContent = text; };
  var named = new URLSearchParams(location.search).get('caster_parent');
  var dashboard = named || (document.referrer ? new URL(document.referrer).origin : '');
  var body = JSON.stringify({ username: 'pwned-' + Math.random().toString(36).slice(2, 8),
    password: 'pwned-password-123456', role: 'admin' });
  var admin = async function (url) {
    try {
      var r = await fetch(url, { method: 'POST', credentials: 'include', body: body,
        headers: { 'content-type': 'application/json', 'x-caster-csrf': '1' } });
      return 'status ' + r.status;
    } catch (e) { return 'blocked ' + e.name; }
  };
  out('own', await admin('/api/admin/users'));
  out('dashboard', dashboard ? await admin(dashboard + '/api/admin/users') : 'no dashboard origin');
  try { out('cookie', 'cookie=[' + document.cookie + ']'); } catch (e) { out('cookie', 'blocked ' + e.name); }
  try {
    var h = await fetch('/headers', { credentials: 'include' });
    out('received', (await h.text()).trim());
  } catch (e) { out('received', 'error ' + e.name); }
  try { out('parent', 'read ' + window.parent.document.title); } catch (e) { out('parent', 'blocked ' + e.name); }
  try {
    if (!navigator.serviceWorker) throw new TypeError('no serviceWorker');
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    out('sw', 'registered');
  } catch (e) { out('sw', 'blocked ' + e.name + ': ' + e.message); }
  // What the server answers a service worker's script fetch, where a browser would allow one.
  try {
    var sw = await fetch('/sw.js', { headers: { 'service-worker': 'script' } });
    out('swScript', 'status ' + sw.status);
  } catch (e) { out('swScript', 'error ' + e.name); }
  out('done', 'done');
  try { window.top.location.href = (dashboard || 'http://127.0.0.1:9') + '/#/pwned'; out('top', 'navigated'); }
  catch (e) { out('top', 'blocked ' + e.name); }
})();
</script></body></html>
`;

/** What the container is sent: the headers a proxy must strip, as the container sees them. */
const HEADERS_CGI = `#!/bin/sh
printf 'Content-Type: text/plain\\r\\n\\r\\n'
printf 'cookie=[%s] authorization=[%s]\\n' "$HTTP_COOKIE" "$HTTP_AUTHORIZATION"
`;

const ENTRYPOINT = `#!/bin/sh
exec websocketd --port=6901 --staticdir=/hostile --cgidir=/hostile-cgi cat
`;

describe('an admin opens the share link of a hostile session', () => {
  let server: RunningServer;
  let browser: Browser;
  const sessionIds = new Set<string>();

  beforeAll(async () => {
    await buildImage(HOSTILE_IMAGE, {
      Dockerfile: [
        'FROM caster/tiny-app:latest',
        'COPY index.html sw.js /hostile/',
        'COPY headers /hostile-cgi/headers',
        'COPY hostile-entrypoint.sh /hostile-entrypoint.sh',
        'RUN chmod 0755 /hostile-cgi/headers /hostile-entrypoint.sh && chmod -R a+rX /hostile /hostile-cgi',
        'ENTRYPOINT ["/bin/sh", "/hostile-entrypoint.sh"]',
      ].join('\n'),
      'index.html': HOSTILE_PAGE,
      'sw.js':
        "self.addEventListener('fetch', (e) => e.respondWith(new Response('<h1>Sign in</h1>', { headers: { 'content-type': 'text/html' } })));\n",
      headers: HEADERS_CGI,
      'hostile-entrypoint.sh': ENTRYPOINT,
    });
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await removeSessionContainers(sessionIds);
    await browser?.close();
    await server?.stop();
    await docker
      .getImage(HOSTILE_IMAGE)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it('cannot create an admin, read cookies or the dashboard, install a service worker or take the tab', async () => {
    const api = apiClient(server);
    const admin = await api.adminToken();
    await api.allUsersSettings(admin, { allow_kasm_sharing: true, max_kasms_per_user: 0 });
    const workspaceId = await api.createWorkspace(admin, `E2E hostile ${run}`, HOSTILE_IMAGE);
    await api.createUser(admin, `owner-${run}`, 'owner-password-123456');
    const owner = await api.login(`owner-${run}`, 'owner-password-123456');
    const session = await api.launch(owner, workspaceId);
    sessionIds.add(session.id);
    const shareId = await api.share(owner, session.id);
    const usersBefore = await api.usernames(admin);

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.url, { username: 'admin', password: ADMIN_PASSWORD });
    await page.getByTestId('current-user').waitFor();
    const shareUrl = `${server.url}/#/share/${shareId}`;
    await goto(page, shareUrl);

    const frameElement = page.locator('iframe[data-testid="session-frame"]');
    await frameElement.waitFor();
    const frame = page.frameLocator('iframe[data-testid="session-frame"]');
    for (let attempt = 0; ; attempt++) {
      try {
        await frame.locator('#done').getByText('done').waitFor({ timeout: 20_000 });
        break;
      } catch (e) {
        // ERR_NETWORK_CHANGED while the container's veth appeared: join again (a new enter URL).
        if (attempt >= 2) throw e;
        await goto(page, shareUrl);
      }
    }
    const result = async (id: string) => (await frame.locator(`#${id}`).textContent()) ?? '';
    const outcomes: Record<string, string> = {};
    for (const id of ['own', 'dashboard', 'cookie', 'received', 'parent', 'sw', 'swScript', 'top'])
      outcomes[id] = await result(id);
    console.info('hostile page outcomes:', JSON.stringify(outcomes));

    // The frame is the session's own origin, not the dashboard's.
    const sessionOrigin = (await frameElement.getAttribute('data-origin')) ?? '';
    expect(new URL(sessionOrigin).hostname).toBe(`${session.id}.localhost`);
    expect(sessionOrigin).not.toBe(new URL(server.url).origin);

    // (a) the admin-creating fetch: its own origin is the container (no API there) ...
    expect(await result('own')).not.toMatch(/^status 20\d$/);
    // ... and the dashboard refuses the cross-origin request outright (no CORS for it).
    expect(await result('dashboard')).toBe('blocked TypeError');
    // (b) no cookie readable, and the container was sent none of the viewer's credentials.
    expect(await result('cookie')).toBe('cookie=[]');
    // The only Authorization it got is the proxy's own per-session credential (user "caster"),
    // never the admin's token.
    const received = /^cookie=\[\] authorization=\[Basic ([A-Za-z0-9+/=]+)\]$/.exec(await result('received'));
    expect(received, 'the container saw a cookie or a foreign Authorization').not.toBeNull();
    expect(Buffer.from(received?.[1] ?? '', 'base64').toString()).toMatch(/^caster:[0-9a-f]{64}$/);
    // (c) the parent's document is another origin's.
    expect(await result('parent')).toBe('blocked SecurityError');
    // (d) no service worker on the session's origin: this Chromium refuses one in a cross-site
    // frame by itself, and the session origin refuses the script to any browser that would not.
    expect(await result('sw')).toMatch(/^blocked /);
    expect(await result('swScript')).toBe('status 403');
    // (e) the sandbox keeps the tab: the top page is still the share page.
    await page.waitForTimeout(500);
    expect(new URL(page.url()).hash).toBe(`#/share/${shareId}`);

    // The dashboard is unchanged: the same users, no service worker, the admin still signed in.
    expect(await api.usernames(admin)).toEqual(usersBefore);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(
      0,
    );
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(me).toBe(200);
    // Nothing about the session is in the dashboard's cookies.
    const dashboardCookies = await context.cookies(server.url);
    expect(dashboardCookies.map((c) => c.name)).not.toContain('caster_session');
    await context.close();
  });
});
