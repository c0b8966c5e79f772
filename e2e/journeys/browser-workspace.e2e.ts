import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goto, launchBrowser, viewerConnected } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import {
  apiClient,
  buildImage,
  containersOf,
  docker,
  removeSessionContainers,
  TEST_LABEL,
} from '../support/stack';

const run = promisify(execFile);
const RUN = randomBytes(3).toString('hex');
const BROWSER_IMAGE = 'caster/browser:latest';
const DESKTOP_IMAGE = 'caster/desktop:latest';
/** The product images plus this run's test CA, built here: no test material in the product image. */
const TRUSTING_IMAGE = `caster-e2e/browser-test-ca:${RUN}`;
const TRUSTING_DESKTOP = `caster-e2e/desktop-test-ca:${RUN}`;
const SESSION_URL = /#\/session\/([0-9a-f-]{36})$/;
/** The page fills the screen with this colour, so the viewer's canvas shows whether it is there. */
const PAGE_RGB = [255, 0, 170] as const;

/** The HTTPS server's stdout: one JSON line per request or failed TLS handshake. */
interface Seen {
  kind: 'request' | 'tls-error';
  path?: string;
  error?: string;
}

const HTTPS_SERVER = `
const https = require('node:https');
const fs = require('node:fs');
const [key, cert, port] = process.argv.slice(1);
const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
  console.log(JSON.stringify({ kind: 'request', path: req.url }));
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<!doctype html><title>Caster HTTPS test page</title>' +
    '<style>html,body{margin:0;height:100%;background:rgb(${PAGE_RGB.join(',')})}</style><h1>marker</h1>');
});
server.on('tlsClientError', (e) => console.log(JSON.stringify({ kind: 'tls-error', error: String(e && e.code || e) })));
server.listen(Number(port), '0.0.0.0', () => console.log(JSON.stringify({ kind: 'listening' })));
`;

/**
 * "A site on the internet" with a certificate from a CA made for this run: an HTTPS server in a
 * network namespace of this test's own, routed from the host through a veth pair (sessions may
 * reach the outside, but neither the host nor other Docker networks).
 */
class Site {
  readonly ns = `cstr-https-${RUN}`;
  readonly hostIf = `csh${RUN}`;
  readonly address = `198.19.${parseInt(RUN.slice(0, 2), 16)}.2`;
  readonly port = 8443;
  readonly seen: Seen[] = [];
  dir = '';
  private server?: ChildProcess;

  get url(): string {
    return `https://${this.address}:${this.port}`;
  }

  async start(): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'caster-e2e-ca-'));
    const file = (name: string) => join(this.dir, name);
    const ssl = (...argv: string[]) => run('openssl', argv, { cwd: this.dir });
    await ssl(
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=Caster e2e test CA ${RUN}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
      '-keyout', file('ca.key'), '-out', file('test-ca.crt'),
    ); // prettier-ignore
    await ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${this.address}`,
      '-keyout', file('site.key'), '-out', file('site.csr')); // prettier-ignore
    await writeFile(
      file('ext.cnf'),
      `subjectAltName=IP:${this.address}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
    );
    await ssl('x509', '-req', '-in', file('site.csr'), '-CA', file('test-ca.crt'), '-CAkey', file('ca.key'),
      '-CAcreateserial', '-days', '2', '-out', file('site.crt'), '-extfile', file('ext.cnf')); // prettier-ignore
    const net = this.address.replace(/\.2$/, '');
    const sh = (...argv: string[]) => run('ip', argv);
    await sh('netns', 'add', this.ns);
    await sh('link', 'add', this.hostIf, 'type', 'veth', 'peer', 'name', `${this.hostIf}p`);
    await sh('link', 'set', `${this.hostIf}p`, 'netns', this.ns);
    await sh('addr', 'add', `${net}.1/30`, 'dev', this.hostIf);
    await sh('link', 'set', this.hostIf, 'up');
    await sh('netns', 'exec', this.ns, 'ip', 'addr', 'add', `${this.address}/30`, 'dev', `${this.hostIf}p`);
    await sh('netns', 'exec', this.ns, 'ip', 'link', 'set', `${this.hostIf}p`, 'up');
    await sh('netns', 'exec', this.ns, 'ip', 'link', 'set', 'lo', 'up');
    await sh('netns', 'exec', this.ns, 'ip', 'route', 'add', 'default', 'via', `${net}.1`);
    this.server = spawn(
      'ip',
      [
        'netns',
        'exec',
        this.ns,
        process.execPath,
        '-e',
        HTTPS_SERVER,
        file('site.key'),
        file('site.crt'),
        String(this.port),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let buffered = '';
    const listening = new Promise<void>((ok) => {
      this.server?.stdout?.on('data', (d: Buffer) => {
        buffered += d.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const entry = JSON.parse(line) as Seen | { kind: 'listening' };
          if (entry.kind === 'listening') ok();
          else this.seen.push(entry);
        }
      });
    });
    await listening;
  }

  requests(path: string): number {
    return this.seen.filter((s) => s.kind === 'request' && s.path === path).length;
  }

  async stop(): Promise<void> {
    this.server?.kill();
    await run('ip', ['link', 'del', this.hostIf]).catch(() => undefined);
    await run('ip', ['netns', 'del', this.ns]).catch(() => undefined);
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * The colour of one pixel of the viewer's canvas (noVNC draws the session's screen there), a
 * quarter in from the left and from the bottom: not the centre, where the remote pointer starts
 * (Xvnc puts it there and it is drawn into the picture), and below any browser toolbar.
 */
async function pagePixel(page: Page): Promise<number[]> {
  const frame = page.frames().find((f) => f.url().includes('vnc.html'));
  if (!frame) return [];
  return frame.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('#noVNC_container canvas');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || canvas.width === 0) return [];
    return Array.from(ctx.getImageData(canvas.width >> 2, (canvas.height * 3) >> 2, 1, 1).data.slice(0, 3));
  });
}

describe('the browser workspace and the desktop open the casting link’s https kasm_url', () => {
  let server: RunningServer;
  let browser: Browser;
  const site = new Site();
  const sessionIds = new Set<string>();
  const contexts: BrowserContext[] = [];
  let api: ReturnType<typeof apiClient>;
  let admin = '';

  beforeAll(async () => {
    await site.start();
    const ca = await readFile(join(site.dir, 'test-ca.crt'), 'utf8');
    for (const [tag, from] of [
      [TRUSTING_IMAGE, BROWSER_IMAGE],
      [TRUSTING_DESKTOP, DESKTOP_IMAGE],
    ])
      await buildImage(tag, {
        Dockerfile: `FROM ${from}\nCOPY test-ca.crt /usr/local/share/ca-certificates/caster-e2e.crt\n`,
        'test-ca.crt': ca,
      });
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    api = apiClient(server);
    admin = await api.adminToken();
    await api.allUsersSettings(admin, { max_kasms_per_user: 0 });
  }, 240_000);

  afterAll(async () => {
    for (const id of sessionIds)
      if (server) await api.call(admin, 'DELETE', `/api/admin/sessions/${id}`).catch(() => undefined);
    await removeSessionContainers(sessionIds);
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    await site.stop();
    for (const tag of [TRUSTING_IMAGE, TRUSTING_DESKTOP])
      await docker
        .getImage(tag)
        .remove({ force: true })
        .catch(() => undefined);
  });

  /** A workspace on `image`, a casting link on it with `kasmUrl`, and a visitor who opens it. */
  async function castTo(
    image: string,
    name: string,
    kasmUrl: string,
  ): Promise<{ page: Page; sessionId: string }> {
    const workspace = await api.call<{ id: string }>(admin, 'POST', '/api/admin/workspaces', {
      name: `E2E browser ${name} ${RUN}`,
      type: 'container',
      image,
      cores: 1,
      memoryMb: 1536,
    });
    expect(workspace.status, JSON.stringify(workspace.body)).toBe(201);
    const key = `browser-${name}-${RUN}`;
    const link = await api.call(admin, 'POST', '/api/admin/casting', {
      name: `E2E browser ${name} ${RUN}`,
      key,
      workspaceId: workspace.body.id,
      allowAnonymous: true,
      kasmUrl,
    });
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await goto(page, `${server.url}/#/cast/${key}`);
    await page.waitForURL(SESSION_URL, { timeout: 60_000 });
    const sessionId = SESSION_URL.exec(page.url())?.[1] ?? '';
    sessionIds.add(sessionId);
    // (the session page can appear before the container is listed)
    await expect.poll(async () => (await containersOf(sessionId))[0]?.Image, { timeout: 30_000 }).toBe(image);
    return { page, sessionId };
  }

  /** Ends a case's session: two Chromiums in sessions at once are more than this machine needs. */
  async function end(sessionId: string, page: Page): Promise<void> {
    await page.context().close();
    await api.call(admin, 'DELETE', `/api/admin/sessions/${sessionId}`);
    await removeSessionContainers(new Set([sessionId]));
  }

  /** Casts `kasmUrl` of this test's site to `image` and checks that the visitor sees the page. */
  async function showsSite(image: string, name: string): Promise<void> {
    const path = `/${name}-${RUN}`;
    const { page, sessionId } = await castTo(image, name, `${site.url}${path}`);
    // Chromium in the session fetched it: the TLS handshake with the test CA's certificate passed.
    await expect.poll(() => site.requests(path), { timeout: 60_000, interval: 250 }).toBeGreaterThan(0);
    await viewerConnected(page, `${server.url}/#/session/${sessionId}`, { attempts: 4, timeoutMs: 45_000 });
    // And the visitor sees it: the page's colour fills the viewer's canvas (in the desktop, below
    // the maximized window's tab strip and address bar).
    await expect.poll(() => pagePixel(page), { timeout: 60_000, interval: 500 }).toEqual([...PAGE_RGB]);
    await end(sessionId, page);
  }

  it('fetches the page over TLS with the CA the derived image trusts, and the viewer shows it', async () => {
    await showsSite(TRUSTING_IMAGE, 'trusted');
  }, 240_000);

  it('the desktop opens kasm_url in Chromium, its default browser, over TLS, and shows it', async () => {
    await showsSite(TRUSTING_DESKTOP, 'desktop');
  }, 240_000);

  it('refuses the same page in the product image, which does not know the test CA', async () => {
    const path = `/untrusted-${RUN}`;
    const errorsBefore = site.seen.filter((s) => s.kind === 'tls-error').length;
    const { page, sessionId } = await castTo(BROWSER_IMAGE, 'untrusted', `${site.url}${path}`);
    await viewerConnected(page, `${server.url}/#/session/${sessionId}`, { attempts: 4, timeoutMs: 45_000 });
    // Chromium reached the server and gave up in the handshake (unknown CA): no request, no page.
    await expect
      .poll(() => site.seen.filter((s) => s.kind === 'tls-error').length, { timeout: 60_000, interval: 250 })
      .toBeGreaterThan(errorsBefore);
    await page.waitForTimeout(2_000);
    expect(site.requests(path)).toBe(0);
    expect(await pagePixel(page)).not.toEqual([...PAGE_RGB]);
    await end(sessionId, page);
  }, 240_000);

  it('labels what it built as this test’s', async () => {
    for (const tag of [TRUSTING_IMAGE, TRUSTING_DESKTOP]) {
      const info = await docker.getImage(tag).inspect();
      expect(info.Config.Labels?.[TEST_LABEL]).toBe('1');
    }
  });
});
