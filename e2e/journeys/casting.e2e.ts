import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Docker from 'dockerode';
import {
  CSRF_HEADER,
  type CastClaim,
  type CastConfig,
  type CastResponse,
  type LoginResponse,
} from '@caster/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goto, launchBrowser, signIn } from '../support/browser';
import { apiClient } from '../support/stack';
import { ADMIN_PASSWORD, startServer, type RunningServer } from '../support/server';

const TINY_IMAGE = 'caster/tiny-app:latest';
const RUN = randomBytes(3).toString('hex');
/** The API labels each session's container with its id; clean-up selects by that label only. */
const SESSION_LABEL = 'org.caster.session-id';
const SESSION_URL = /#\/session\/([0-9a-f-]{36})$/;
const SITE_KEY = 'e2e-site-key';
const SECRET_KEY = 'e2e-secret-key';
const GOOD_TOKEN = 'good-token';

const docker = new Docker();

/**
 * What the journeys need from "the rest of the internet", on 127.0.0.1: the page an Error URL
 * points at, and a stand-in CAPTCHA provider (a widget script defining `window.turnstile`, and
 * its siteverify endpoint, which accepts only GOOD_TOKEN with the right secret).
 */
interface Outside {
  url: string;
  verifications: { secret: string | null; response: string | null }[];
  server: Server;
}

const WIDGET_JS = `
window.turnstile = {
  render: function (el, opts) {
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'I am human';
    button.setAttribute('data-sitekey', opts.sitekey);
    button.addEventListener('click', function () { opts.callback(${JSON.stringify(GOOD_TOKEN)}); });
    el.appendChild(button);
    return 'stand-in-1';
  },
  remove: function () {}
};`;

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

async function startOutside(): Promise<Outside> {
  const verifications: Outside['verifications'] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'GET' && path === '/widget.js') {
      res.writeHead(200, { 'Content-Type': 'application/javascript' }).end(WIDGET_JS);
    } else if (req.method === 'POST' && path === '/siteverify') {
      void readBody(req).then((body) => {
        const form = new URLSearchParams(body);
        const entry = { secret: form.get('secret'), response: form.get('response') };
        verifications.push(entry);
        const success = entry.secret === SECRET_KEY && entry.response === GOOD_TOKEN;
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ success }));
      });
    } else if (req.method === 'GET' && path === '/oops') {
      res
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end('<!doctype html><title>Partner error page</title><h1>Partner error page</h1>');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, verifications, server };
}

/** A Mantine switch, named by its label (its explanation follows in the accessible name). */
async function toggle(page: Page, label: string): Promise<void> {
  const input = page.getByRole('switch', { name: new RegExp(`^${label}`) });
  const before = await input.isChecked();
  await page
    .locator('label', { has: input })
    .or(page.locator(`label[for="${await input.getAttribute('id')}"]`))
    .first()
    .click();
  expect(await input.isChecked()).toBe(!before);
}

async function containersOf(sessionId: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${SESSION_LABEL}=${sessionId}`] } });
}

describe('casting links in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let outside: Outside;
  let token = '';
  let workspaceId = '';
  const sessionIds = new Set<string>();
  const contexts: BrowserContext[] = [];
  /** The link the administrator made with the form: one session, spent by the first visitor. */
  let kioskId = '';

  /** The REST API as the signed-in administrator (`token`) calls it. */
  const api = <T>(method: string, path: string, body?: unknown) =>
    apiClient(server).call<T>(token, method, path, body);

  const createLink = async (name: string, options: Partial<CastConfig> = {}): Promise<CastConfig> => {
    const created = await api<CastConfig>('POST', '/api/admin/casting', {
      name: `${name} ${RUN}`,
      key: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${RUN}`,
      workspaceId,
      allowAnonymous: true,
      ...options,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };

  /** A visitor with no cookies of their own: a fresh browser context per journey. */
  const visitor = async (): Promise<Page> => {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  };

  /**
   * The session is running and, when the viewer frames it, the tiny app shows inside. Chromium on
   * the Docker host can abort the frame's first load with ERR_NETWORK_CHANGED while the
   * container's veth appears; reloading the viewer frames the session again.
   */
  const expectRunningSession = async (page: Page, sessionId: string): Promise<void> => {
    const deadline = Date.now() + 60_000;
    let state = '';
    while (Date.now() < deadline) {
      state = (await api<{ state: string }>('GET', `/api/admin/sessions/${sessionId}`)).body.state;
      if (state === 'running' || state === 'failed') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(state).toBe('running');
    for (let attempt = 0; ; attempt++) {
      try {
        await page
          .frameLocator('iframe[data-testid="session-frame"]')
          .getByRole('heading', { name: 'Caster tiny app' })
          .waitFor({ timeout: 20_000 });
        return;
      } catch (e) {
        if (attempt >= 2) throw e;
        await goto(page, `${server.url}/#/session/${sessionId}`);
      }
    }
  };

  const sessionIdOf = (page: Page): string => {
    const id = SESSION_URL.exec(page.url())?.[1] ?? '';
    if (id) sessionIds.add(id);
    return id;
  };

  beforeAll(async () => {
    [server, browser, outside] = await Promise.all([startServer(), launchBrowser(), startOutside()]);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    token = ((await login.json()) as LoginResponse).token;
    const workspace = await api<{ id: string }>('POST', '/api/admin/workspaces', {
      name: `E2E cast tiny app ${RUN}`,
      type: 'container',
      image: TINY_IMAGE,
      cores: 0.5,
      memoryMb: 128,
    });
    expect(workspace.status, JSON.stringify(workspace.body)).toBe(201);
    workspaceId = workspace.body.id;
  });

  afterAll(async () => {
    // Stop through the API first, then remove anything left, selected by its session label only.
    for (const id of sessionIds) {
      if (server) await api('DELETE', `/api/admin/sessions/${id}`).catch(() => undefined);
      for (const c of await containersOf(id).catch(() => []))
        await docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined);
    }
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await new Promise((resolve) => (outside ? outside.server.close(resolve) : resolve(undefined)));
    await server?.stop();
  });

  it('an anonymous visitor opens a cast link and lands in a running session', async () => {
    const link = await createLink('Open', { limitSessions: true, sessionsRemaining: 2 });
    const page = await visitor();
    await goto(page, `${server.url}/#/cast/${link.key}?utm_source=e2e`);
    await page.waitForURL(SESSION_URL, { timeout: 30_000 });
    const sessionId = sessionIdOf(page);
    await expectRunningSession(page, sessionId);

    // One request, one session, one unit of the budget.
    const claims = await api<CastClaim[]>('GET', `/api/admin/casting/${link.id}/claims`);
    expect(claims.body.map((c) => [c.outcome, c.sessionId])).toEqual([['ok', sessionId]]);
    expect((await api<CastConfig>('GET', `/api/admin/casting/${link.id}`)).body.sessionsRemaining).toBe(1);
  });

  it('the administrator creates a link with the form and reads its audit and chart', async () => {
    const page = await visitor();
    await signIn(page, server.url, { username: 'admin', password: ADMIN_PASSWORD }, '/admin/casting/new');

    const name = `Kiosk ${RUN}`;
    await page.getByRole('textbox', { name: 'Configuration name' }).fill(name);
    await page.getByRole('textbox', { name: 'URL key' }).fill(`kiosk-${RUN}`);
    await page.getByRole('combobox', { name: 'Workspace' }).click();
    await page.getByRole('option', { name: `E2E cast tiny app ${RUN}` }).click();
    await toggle(page, 'Allow anonymous');
    // The CAPTCHA choice appears with anonymous access.
    await page.getByRole('switch', { name: /^Require CAPTCHA/ }).waitFor();
    await toggle(page, 'Limit total sessions');
    await page.getByRole('textbox', { name: 'Sessions remaining' }).fill('1');
    await page.getByRole('button', { name: 'Create link' }).click();

    await page.waitForURL(/#\/admin\/casting\/[0-9a-f-]{36}$/, { timeout: 15_000 });
    kioskId = page.url().split('/').pop() ?? '';
    await page.getByRole('heading', { name }).waitFor();
    expect(await page.getByTestId('cast-url').textContent()).toBe(`${server.url}/#/cast/kiosk-${RUN}`);
    await page.getByText('No requests yet').waitFor();

    // A visitor spends the only session of its budget (straight through the API here).
    const cast = await fetch(`${server.url}/api/cast/kiosk-${RUN}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [CSRF_HEADER]: '1' },
      body: JSON.stringify({ params: {} }),
    });
    expect(cast.status).toBe(201);
    sessionIds.add(((await cast.json()) as CastResponse).sessionId);

    // The list now shows it exhausted; its page charts and lists the request.
    await goto(page, `${server.url}/#/admin/casting`);
    const row = page.getByTestId(`casting-row-kiosk-${RUN}`);
    await row.waitFor();
    expect(await row.getByTestId('cast-status').textContent()).toBe('Exhausted');
    expect(await row.getByText('0 left').count()).toBe(1);
    await row.getByRole('link', { name }).click();
    const audit = page.getByRole('table', { name: 'Cast requests' });
    await audit.waitFor();
    expect(await audit.getByTestId('claim-outcome').allTextContents()).toEqual(['ok']);
    await page.getByTestId('claims-chart').locator('.recharts-bar-rectangle').first().waitFor();
  });

  it('an expired link shows the error page explaining it expired', async () => {
    const link = await createLink('Expired', { validUntil: new Date(Date.now() - 60_000).toISOString() });
    const page = await visitor();
    await goto(page, `${server.url}/#/cast/${link.key}`);
    await page.waitForURL(/#\/error\?code=CAST_EXPIRED(&|$)/, { timeout: 15_000 });
    const message = page.getByTestId('error-message');
    await message.waitFor();
    expect(await message.textContent()).toMatch(/expired/i);
  });

  it("a refused visitor is sent to the link's Error URL with the code in its query", async () => {
    const link = await createLink('Error URL', {
      validUntil: new Date(Date.now() - 60_000).toISOString(),
      errorUrl: `${outside.url}/oops?from=caster`,
    });
    const page = await visitor();
    await goto(page, `${server.url}/#/cast/${link.key}`);
    await page.waitForURL((url) => url.href.startsWith(`${outside.url}/oops`), { timeout: 15_000 });
    const landed = new URL(page.url());
    expect(landed.searchParams.get('from')).toBe('caster');
    expect(landed.searchParams.get('code')).toBe('CAST_EXPIRED');
    await page.getByRole('heading', { name: 'Partner error page' }).waitFor();
  });

  it('the admin overview charts the casts and names the link that refused', async () => {
    expect(kioskId).toMatch(/^[0-9a-f-]{36}$/);
    // A second visitor finds the kiosk link's only session spent: a refusal in its audit.
    const refused = await fetch(`${server.url}/api/cast/kiosk-${RUN}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [CSRF_HEADER]: '1' },
      body: JSON.stringify({ params: {} }),
    });
    expect(refused.status).toBe(409);

    const page = await visitor();
    await signIn(page, server.url, { username: 'admin', password: ADMIN_PASSWORD }, '/admin');

    await page.getByTestId('overview').waitFor({ timeout: 15_000 });
    // The window's casts are drawn (an accessible SVG figure), not the empty state.
    await page.getByTestId('casts-chart').getByRole('img').waitFor();
    expect(await page.getByTestId('casts-empty').count()).toBe(0);
    const refusing = page.getByRole('table', { name: 'Links refusing the most requests' });
    const row = refusing.getByTestId(`refusing-${kioskId}`);
    await row.waitFor();
    expect(await row.textContent()).toContain(`kiosk-${RUN}`);
    expect(await row.textContent()).toContain('SESSIONS_EXHAUSTED');
  });

  it('a visitor passes the CAPTCHA (stand-in widget and verifier) and lands in the session', async () => {
    const settings = await api('PUT', '/api/admin/settings', {
      captchaProvider: 'turnstile',
      captchaSiteKey: SITE_KEY,
      captchaSecretKey: SECRET_KEY,
      captchaVerifyUrl: `${outside.url}/siteverify`,
      captchaScriptUrl: `${outside.url}/widget.js`,
    });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    const link = await createLink('Captcha', { requireCaptcha: true });

    const page = await visitor();
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await goto(page, `${server.url}/#/cast/${link.key}`);
    const widget = page.getByRole('button', { name: 'I am human' });
    await widget.waitFor({ timeout: 15_000 }).catch(() => {
      throw new Error(
        `the stand-in CAPTCHA widget never showed; CSP: ${cspViolations.join(' | ') || 'none'}`,
      );
    });
    expect(await widget.getAttribute('data-sitekey')).toBe(SITE_KEY);
    // Nothing is cast before the CAPTCHA is answered.
    expect((await api<CastClaim[]>('GET', `/api/admin/casting/${link.id}/claims`)).body).toEqual([]);

    await widget.click();
    await page.waitForURL(SESSION_URL, { timeout: 30_000 });
    const sessionId = sessionIdOf(page);
    expect(outside.verifications).toEqual([{ secret: SECRET_KEY, response: GOOD_TOKEN }]);
    await expectRunningSession(page, sessionId);
  });
});
