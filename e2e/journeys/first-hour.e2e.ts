import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { CastClaim, CastConfig, LoginResponse } from '@caster/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goto, launchBrowser, signIn } from '../support/browser';
import { apiClient } from '../support/stack';
import { ADMIN_PASSWORD, ROOT, startServer, type RunningServer } from '../support/server';

const TINY_IMAGE = process.env['CASTER_TEST_TINY_IMAGE'] ?? 'caster/tiny-app:latest';
const RUN = randomBytes(3).toString('hex');
/** Screenshots kept as test artefacts (CI collects the folder). */
const SHOTS = process.env['CASTER_E2E_SHOTS'] ?? join(ROOT, 'tmp/e2e-shots');
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'mobile', width: 390, height: 844 },
] as const;

/**
 * An administrator's first hour in Chromium on the real stack: the overview's checklist ticks off
 * as they make a workspace and a link and try it with "Open as a visitor" (a test claim in the
 * audit); the visitor's error page per code with "Try again"; changing one's own password.
 */
describe('first hour in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let token = '';
  const contexts: BrowserContext[] = [];

  /** The REST API as the signed-in administrator (`token`) calls it. */
  const api = <T>(method: string, path: string, body?: unknown) =>
    apiClient(server).call<T>(token, method, path, body);
  const newPage = async (viewport: { width: number; height: number } = VIEWPORTS[0]): Promise<Page> => {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    return context.newPage();
  };
  const shoot = async (page: Page, name: string) => {
    for (const v of VIEWPORTS) {
      await page.setViewportSize({ width: v.width, height: v.height });
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(SHOTS, `${name}-${v.width}x${v.height}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: VIEWPORTS[0].width, height: VIEWPORTS[0].height });
  };
  const stepDone = (page: Page, id: string) =>
    page.getByTestId(`getting-started-${id}`).getAttribute('data-done', { timeout: 30_000 });
  const waitStep = async (page: Page, id: string, done: boolean) => {
    await page.waitForSelector(`[data-testid="getting-started-${id}"][data-done="${done}"]`, {
      timeout: 40_000,
    });
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer({ STAGING_INTERVAL_SECONDS: '0' });
    browser = await launchBrowser();
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    token = ((await login.json()) as LoginResponse).token;
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    // Sessions this journey started are stopped with the server (it removes its containers).
    await server?.stop();
  });

  it('ticks the checklist off as the admin makes a workspace and a link, and tries it as a visitor (a test claim)', async () => {
    const admin = await newPage();
    await signIn(admin, server.url, { username: 'admin', password: ADMIN_PASSWORD }, '/admin');
    await admin.getByTestId('getting-started').waitFor({ timeout: 30_000 });
    expect(await admin.title()).toBe('Overview · Caster');
    await waitStep(admin, 'image', true);
    expect(await stepDone(admin, 'workspace')).toBe('false');
    expect(await stepDone(admin, 'link')).toBe('false');
    await shoot(admin, 'overview-checklist');

    // The workspace, through the form the checklist links to.
    await admin.getByTestId('getting-started-workspace').getByRole('link', { name: 'New workspace' }).click();
    await admin.waitForURL(/#\/admin\/workspaces\/new/);
    await admin.getByLabel(/^Name( \*)?$/).fill(`Tiny ${RUN}`);
    await admin.getByLabel(/^Docker image/).fill(TINY_IMAGE);
    await admin.getByRole('button', { name: 'Create workspace' }).click();
    await admin.waitForURL((u) => !u.hash.endsWith('/new'), { timeout: 20_000 });
    const workspaces = await api<{ items: { id: string; name: string }[] }>(
      'GET',
      `/api/admin/workspaces?q=${RUN}`,
    );
    const workspace = workspaces.body.items.find((w) => w.name === `Tiny ${RUN}`);
    expect(workspace).toBeDefined();

    await goto(admin, `${server.url}/#/admin`);
    await waitStep(admin, 'workspace', true);

    // The link, through the casting form (the past Valid Until warning shows on the way).
    await admin.getByTestId('getting-started-link').getByRole('link', { name: 'New casting link' }).click();
    await admin.waitForURL(/#\/admin\/casting\/new/);
    expect(await admin.title()).toContain('Caster');
    // Submitting empty puts the cursor on the first field with a problem, in words.
    await admin.getByRole('button', { name: 'Create link' }).click();
    await admin.getByText('Give the link a name').waitFor();
    expect(await admin.evaluate(() => document.activeElement?.getAttribute('data-path'))).toBe('name');
    await admin.getByLabel('Configuration name').fill(`Demo ${RUN}`);
    await admin.getByLabel('URL key').fill(`demo-${RUN}`);
    await admin.getByRole('combobox', { name: 'Workspace' }).click();
    await admin.getByRole('option', { name: `Tiny ${RUN}` }).click();
    // By keyboard: a click can land on the sticky top bar once the form has scrolled.
    const anonymous = admin.getByRole('switch', { name: /^Allow anonymous/ });
    await anonymous.focus();
    await admin.keyboard.press('Space');
    expect(await anonymous.isChecked()).toBe(true);
    await admin.getByLabel('Valid until').fill('2020-01-01T10:00');
    await admin.getByTestId('casting-valid-until-past').waitFor();
    await shoot(admin, 'casting-form');
    await admin.getByRole('button', { name: 'No end' }).click();
    expect(await admin.getByTestId('casting-valid-until-past').count()).toBe(0);
    await admin.getByRole('button', { name: 'Create link' }).click();
    await admin.waitForURL(/#\/admin\/casting\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    const linkId = /casting\/([0-9a-f-]{36})$/.exec(admin.url())?.[1] ?? '';

    await goto(admin, `${server.url}/#/admin`);
    await waitStep(admin, 'link', true);
    expect(await stepDone(admin, 'tried')).toBe('false');

    // "Open as a visitor": the test link, opened in a fresh context (a private window).
    await admin.getByTestId('getting-started-tried').getByRole('link', { name: 'Go to the link' }).click();
    await admin.getByTestId('open-as-visitor').click();
    const field = admin.getByTestId('test-visit-url');
    await admin.waitForFunction(() => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="test-visit-url"]');
      return Boolean(input?.value.includes('caster_test='));
    });
    const testUrl = await field.inputValue();
    expect(testUrl).toContain(`#/cast/demo-${RUN}?caster_test=ctv_`);
    await admin.keyboard.press('Escape');

    const visitor = await newPage();
    await goto(visitor, testUrl);
    await visitor.waitForURL(/#\/session\//, { timeout: 60_000 });
    const sessionId = /#\/session\/([0-9a-f-]+)/.exec(visitor.url())?.[1] ?? '';

    // The audit marks it as a test; the checklist is complete.
    const claims = await api<CastClaim[]>('GET', `/api/admin/casting/${linkId}/claims`);
    expect(claims.body.find((c) => c.sessionId === sessionId)).toMatchObject({ outcome: 'ok', test: true });
    await admin.reload();
    await admin.getByTestId('claim-test').first().waitFor({ timeout: 20_000 });
    await goto(admin, `${server.url}/#/admin`);
    await waitStep(admin, 'tried', true);
    expect(await admin.getByTestId('getting-started-progress').textContent()).toBe('4 of 4 done');
    await shoot(admin, 'overview-complete');
    await api('DELETE', `/api/admin/sessions/${sessionId}`);
  }, 300_000);

  it('shows each code its heading and next step on the error page, with Try again where it helps', async () => {
    const ws = await api<{ id: string }>('POST', '/api/admin/workspaces', {
      name: `Err ${RUN}`,
      type: 'container',
      image: TINY_IMAGE,
      cores: 0.5,
      memoryMb: 128,
    });
    const link = await api<CastConfig>('POST', '/api/admin/casting', {
      name: `Used up ${RUN}`,
      key: `used-up-${RUN}`,
      workspaceId: ws.body.id,
      allowAnonymous: true,
      limitSessions: true,
      sessionsRemaining: 0,
    });
    expect(link.status).toBe(201);
    const visitor = await newPage();
    await goto(visitor, `${server.url}/#/cast/used-up-${RUN}`);
    await visitor.waitForURL(/#\/error\?code=SESSIONS_EXHAUSTED/, { timeout: 30_000 });
    await visitor.getByText('This link has been used up').waitFor();
    expect(await visitor.title()).toBe('This link has been used up · Caster');
    // Retrying a used-up link cannot help, and an anonymous visitor gets no way into the dashboard.
    expect(await visitor.getByTestId('error-retry').count()).toBe(0);
    expect(await visitor.getByRole('link', { name: 'Go to the home page' }).count()).toBe(0);
    expect(await visitor.getByRole('link', { name: 'Caster home' }).count()).toBe(0);

    // Room is given back: "Try again" (offered for NO_CAPACITY) returns to the link and launches.
    await goto(
      visitor,
      `${server.url}/#/error?code=NO_CAPACITY&retry=${encodeURIComponent(`/cast/used-up-${RUN}`)}`,
    );
    await visitor.getByText('No room right now').waitFor();
    await shoot(visitor, 'error-page');
    await api('PUT', `/api/admin/casting/${link.body.id}`, { sessionsRemaining: 1 });
    await visitor.getByTestId('error-retry').click();
    await visitor.waitForURL(/#\/session\//, { timeout: 60_000 });
    const sessionId = /#\/session\/([0-9a-f-]+)/.exec(visitor.url())?.[1] ?? '';
    await api('DELETE', `/api/admin/sessions/${sessionId}`);
  }, 240_000);

  it('changes the password from the account menu: the old one is refused afterwards, the new one signs in', async () => {
    const username = `alice-${RUN}`;
    const created = await api('POST', '/api/admin/users', { username, password: 'first-password-1' });
    expect(created.status).toBe(201);
    const page = await newPage();
    await signIn(page, server.url, { username, password: 'first-password-1' });
    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: 'Change password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change your password' });
    await dialog.getByLabel('Current password').fill('wrong-password');
    await dialog.getByLabel('New password', { exact: true }).fill('second-password-2');
    await dialog.getByLabel('Repeat the new password').fill('second-password-2');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByText('This is not your current password.').waitFor();
    await dialog.getByLabel('Current password').fill('first-password-1');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed').waitFor();
    // Still signed in here.
    await page.reload();
    await page.getByTestId('current-user').waitFor();

    const signInAs = async (password: string) =>
      (
        await fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username, password }),
        })
      ).status;
    expect(await signInAs('first-password-1')).toBe(401);
    const fresh = await newPage();
    await signIn(fresh, server.url, { username, password: 'second-password-2' });
    await fresh.getByTestId('current-user').waitFor();
  }, 180_000);
});
