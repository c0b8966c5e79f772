import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CastConfig } from '@caster/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goto, launchBrowser, signIn } from '../support/browser';
import { ADMIN_PASSWORD, ROOT, startServer, type RunningServer } from '../support/server';
import { apiClient, execIn, removeSessionContainers } from '../support/stack';

const DESKTOP_IMAGE = process.env['CASTER_DESKTOP_IMAGE'] ?? 'caster/desktop:latest';
const RUN = randomBytes(3).toString('hex');
/** Screenshots kept as test artefacts (CASTER_E2E_SHOTS, else tmp/e2e-artefacts/<journey>). */
const SHOTS = process.env['CASTER_E2E_SHOTS'] ?? join(ROOT, 'tmp/e2e-artefacts/admin-live-session');
const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'mobile', width: 390, height: 844 },
] as const;
const FRAME = 'iframe[data-testid="session-frame"]';

/** Full-page screenshots of the admin page at `path` at both sizes, in a context of their own. */
async function shoot(browser: Browser, server: RunningServer, path: string, name: string): Promise<void> {
  for (const size of SIZES) {
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
    try {
      const page = await context.newPage();
      await signIn(page, server.url, { username: 'admin', password: ADMIN_PASSWORD }, path);
      await goto(page, `${server.url}/#${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      // The thumbnails are fetched after the rows: wait for one when the page shows any.
      await page
        .locator('img[data-testid^="session-thumbnail-"]')
        .first()
        .waitFor({ timeout: 15_000 })
        .catch(() => undefined);
      await writeFile(
        join(SHOTS, `${name}-${size.width}x${size.height}.png`),
        await page.screenshot({ fullPage: true }),
      );
    } finally {
      await context.close();
    }
  }
}

/**
 * Waits until noVNC in the page's frame is connected; `retry` opens it again (a new single-use
 * enter URL) when not — Chromium on the Docker host drops loads while a container's network appears.
 */
async function waitForDesktop(page: Page, retry: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await page
        .frameLocator(FRAME)
        .locator('html.noVNC_connected')
        .waitFor({ state: 'attached', timeout: 20_000 });
      return;
    } catch (e) {
      await page.screenshot({ path: join(SHOTS, `not-connected-${attempt}.png`) }).catch(() => undefined);
      if (attempt >= 3) throw e;
      await retry();
    }
  }
}

/** Whether the frame's picture changes within 15 s of `act` (two screenshots compared). */
async function framePixelsChange(page: Page, act: () => Promise<void>): Promise<boolean> {
  const frame = page.locator(FRAME);
  const before = await frame.screenshot();
  await act();
  for (let i = 0; i < 30; i++) {
    await page.waitForTimeout(500);
    if (Buffer.compare(before, await frame.screenshot()) !== 0) return true;
  }
  return false;
}

/**
 * An administrator opens a casting link visitor's live desktop view-only from the sessions list
 * and its detail page, sees it change, stops it; the visitor lands on the ended page.
 */
describe('an administrator watches and stops a visitor’s live session', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const sessionIds = new Set<string>();

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await removeSessionContainers(sessionIds);
    await browser?.close();
    await server?.stop();
  });

  it('list → detail → thumbnail → view-only pixels (no input) → stop → the visitor sees the end', async () => {
    const api = apiClient(server);
    const admin = await api.adminToken();
    const workspaceId = await api.createWorkspace(admin, `E2E live desktop ${RUN}`, DESKTOP_IMAGE);
    const link = await api.call<CastConfig>(admin, 'POST', '/api/admin/casting', {
      name: `Live ${RUN}`,
      key: `live-${RUN}`,
      workspaceId,
      allowAnonymous: true,
    });
    expect(link.status, JSON.stringify(link.body)).toBe(201);

    // The visitor: an anonymous browser opening the casting link.
    const visitorContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    contexts.push(visitorContext);
    const visitor = await visitorContext.newPage();
    await goto(visitor, `${server.url}/#/cast/${link.body.key}`);
    await visitor.waitForURL(/#\/session\/[0-9a-f-]{36}/, { timeout: 60_000 });
    const sessionId = /#\/session\/([0-9a-f-]{36})/.exec(visitor.url())![1];
    sessionIds.add(sessionId);
    const viewerUrl = visitor.url();
    await waitForDesktop(visitor, async () => {
      await goto(visitor, 'about:blank');
      await goto(visitor, viewerUrl);
    });

    // The administrator: the sessions list shows the visitor's session with its screen.
    const adminContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(adminContext);
    const page = await adminContext.newPage();
    await signIn(page, server.url, { username: 'admin', password: ADMIN_PASSWORD }, '/admin/sessions');
    await goto(page, `${server.url}/#/admin/sessions`);
    const row = page.getByTestId(`session-row-${sessionId}`);
    await row.waitFor({ timeout: 30_000 });
    const thumb = row.locator(`img[data-testid="session-thumbnail-${sessionId}"]`);
    await thumb.waitFor({ timeout: 30_000 });
    expect(await thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
    await shoot(browser, server, '/admin/sessions', 'sessions-list');

    // Its detail page: link, visitor IP, history.
    await row.getByRole('link', { name: /^Details of the session/ }).click();
    await page.waitForURL(new RegExp(`#/admin/sessions/${sessionId}$`));
    const detail = page.getByTestId('admin-page-session-detail');
    await detail.getByRole('link', { name: `Live ${RUN}` }).waitFor();
    expect(await detail.getByText('127.0.0.1').count()).toBeGreaterThan(0);
    expect(await detail.getByTestId('session-history-row').count()).toBeGreaterThanOrEqual(3);
    await detail.locator(`img[data-testid="session-thumbnail-${sessionId}"]`).waitFor({ timeout: 30_000 });
    await shoot(browser, server, `/admin/sessions/${sessionId}`, 'session-detail');

    // Watch view-only: the desktop's pixels reach the admin's frame…
    await page.getByRole('button', { name: 'Watch view-only' }).click();
    await page.getByTestId('view-only-badge').waitFor();
    await waitForDesktop(page, () => page.getByRole('button', { name: 'Reconnect' }).click());
    const changed = await framePixelsChange(page, async () => {
      await execIn(sessionId, ['xterm', '-bg', 'red', '-geometry', '120x40+0+0'], true);
    });
    expect(changed).toBe(true);
    // …while the admin's keyboard reaches nothing.
    const frame = page.locator(FRAME);
    const box = (await frame.boundingBox())!;
    await page.mouse.click(box.x + 100, box.y + 100);
    await page.keyboard.type('touch /tmp/admin-typed');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1_500);
    expect((await execIn(sessionId, ['ls', '/tmp'])).split('\n')).not.toContain('admin-typed');
    // The look is in the history, by the administrator.
    await expect
      .poll(async () => detail.getByText('Watched view-only by an administrator').count(), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);

    // The visitor's own view is unaffected by the administrator's look.
    expect(await visitor.frameLocator(FRAME).locator('html.noVNC_connected').count()).toBe(1);

    // Stop it: the visitor's page says the session ended.
    await page.getByRole('button', { name: 'Stop session' }).click();
    await page
      .getByRole('dialog', { name: 'Stop this session?' })
      .getByRole('button', { name: 'Stop session' })
      .click();
    await visitor.getByTestId('session-ended').waitFor({ timeout: 30_000 });
    await expect
      .poll(async () => detail.getByText('Stopped by an administrator').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
  }, 300_000);
});
