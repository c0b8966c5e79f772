import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CastClaim, CastConfig, LoginResponse } from '@caster/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goto, launchBrowser, signIn } from '../support/browser';
import { apiClient } from '../support/stack';
import { ADMIN_PASSWORD, startServer, type RunningServer } from '../support/server';

const TINY_IMAGE = 'caster/tiny-app:latest';
/** An image no engine has: the launch is accepted (201), then fails while provisioning. */
const MISSING_IMAGE = `caster/no-such-image-${randomBytes(3).toString('hex')}:never`;
const RUN = randomBytes(3).toString('hex');

/**
 * A launch that fails after the cast answered reaches the visitor as the coded error page or the
 * link's Error URL (not the administrators' sign-in); the administrator sees the failure in the
 * audit and the links that refuse everyone by their health badges and what to do.
 */
describe('failed launches and link health in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let outside: { url: string; server: Server };
  let token = '';
  let healthyWs = '';
  let brokenWs = '';
  const contexts: BrowserContext[] = [];

  /** The REST API as the signed-in administrator (`token`) calls it. */
  const api = <T>(method: string, path: string, body?: unknown) =>
    apiClient(server).call<T>(token, method, path, body);

  const createWorkspace = async (name: string, image: string): Promise<string> => {
    const ws = await api<{ id: string }>('POST', '/api/admin/workspaces', {
      name: `${name} ${RUN}`,
      type: 'container',
      image,
      cores: 0.5,
      memoryMb: 128,
    });
    expect(ws.status, JSON.stringify(ws.body)).toBe(201);
    return ws.body.id;
  };

  const createLink = async (name: string, workspaceId: string, options: Partial<CastConfig> = {}) => {
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

  const visitor = async (): Promise<Page> => {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  };

  beforeAll(async () => {
    const partner = createServer((req, res) => {
      if (req.method === 'GET' && (req.url ?? '').startsWith('/oops'))
        res
          .writeHead(200, { 'Content-Type': 'text/html' })
          .end('<!doctype html><title>Partner error page</title><h1>Partner error page</h1>');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
    outside = { url: `http://127.0.0.1:${(partner.address() as AddressInfo).port}`, server: partner };
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    token = ((await login.json()) as LoginResponse).token;
    healthyWs = await createWorkspace('E2E health tiny app', TINY_IMAGE);
    brokenWs = await createWorkspace('E2E health missing image', MISSING_IMAGE);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await new Promise((resolve) => (outside ? outside.server.close(resolve) : resolve(undefined)));
    await server?.stop();
  });

  it('a launch that fails after the 201 shows the visitor the coded error page, and the audit says why', async () => {
    const link = await createLink('Broken', brokenWs);
    const page = await visitor();
    await goto(page, `${server.url}/#/cast/${link.key}`);
    await page.waitForURL(/#\/error\?code=PROVISION_FAILED(&|$)/, { timeout: 60_000 });
    await page.getByTestId('error-message').waitFor();
    expect(page.url()).not.toContain('#/login');
    // The claim said "ok" when the cast answered; it now carries the failure.
    const deadline = Date.now() + 15_000;
    let claims: CastClaim[] = [];
    while (Date.now() < deadline) {
      claims = (await api<CastClaim[]>('GET', `/api/admin/casting/${link.id}/claims`)).body;
      if (claims[0]?.outcome === 'PROVISION_FAILED') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(claims.map((c) => c.outcome)).toEqual(['PROVISION_FAILED']);
  });

  it("a launch that fails after the 201 sends the visitor to the link's Error URL with the code", async () => {
    const link = await createLink('Broken partner', brokenWs, {
      errorUrl: `${outside.url}/oops?from=caster`,
    });
    const page = await visitor();
    await goto(page, `${server.url}/#/cast/${link.key}`);
    await page.waitForURL((url) => url.href.startsWith(`${outside.url}/oops`), { timeout: 60_000 });
    const landed = new URL(page.url());
    expect(landed.searchParams.get('from')).toBe('caster');
    expect(landed.searchParams.get('code')).toBe('PROVISION_FAILED');
    await page.getByRole('heading', { name: 'Partner error page' }).waitFor();
  });

  it('the casting list and the link page show why links refuse every visitor, and what to do', async () => {
    const captcha = await createLink('Captcha without keys', healthyWs, { requireCaptcha: true });
    const missing = await createLink('Missing image', brokenWs);
    const healthy = await createLink('Healthy', healthyWs);

    const page = await visitor();
    await signIn(
      page,
      server.url,
      { username: 'admin', password: ADMIN_PASSWORD },
      `/admin/casting?q=${RUN}`,
    );
    const status = (key: string) => page.getByTestId(`casting-row-${key}`).getByTestId('cast-status');
    await status(healthy.key).waitFor({ timeout: 15_000 });
    expect(await status(healthy.key).textContent()).toBe('Active');
    expect(await status(captcha.key).textContent()).toBe('CAPTCHA not set up');
    expect(await status(missing.key).textContent()).toBe('Image missing');

    await page.getByRole('link', { name: captcha.name }).click();
    const panel = page.getByTestId('cast-health');
    await panel.waitFor({ timeout: 15_000 });
    expect(await panel.textContent()).toContain('This link refuses every visitor');
    expect(await panel.textContent()).toMatch(/no CAPTCHA keys are set.*Settings/);

    // Once CAPTCHA keys are set the link serves again, and its badge says so.
    const saved = await api('PUT', '/api/admin/settings', {
      captchaProvider: 'turnstile',
      captchaSiteKey: 'e2e-site',
      captchaSecretKey: 'e2e-secret',
    });
    expect(saved.status).toBe(200);
    await page.reload();
    await page.getByTestId('cast-status').getByText('Active').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('cast-health').count()).toBe(0);
  });
});
