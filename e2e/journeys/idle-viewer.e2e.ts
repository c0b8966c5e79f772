import { randomBytes } from 'node:crypto';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dismissTips, goto, launchBrowser, signIn } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { apiClient, execIn, removeSessionContainers } from '../support/stack';

/** CASTER_E2E_DESKTOP_IMAGE: a locally built variant of the desktop image (default: what build.sh makes). */
const DESKTOP_IMAGE = process.env['CASTER_E2E_DESKTOP_IMAGE'] ?? 'caster/desktop:latest';
const IDLE_SECONDS = 5;
const FRAME = 'iframe[data-testid="session-frame"]';
const run = randomBytes(3).toString('hex');

/** Waits until noVNC in the page's frame is connected; reloads the page (a new enter URL) if not. */
async function waitForDesktop(page: Page, url: string): Promise<FrameLocator> {
  const frame = page.frameLocator(FRAME);
  for (let attempt = 0; ; attempt++) {
    try {
      await frame.locator('html.noVNC_connected').waitFor({ state: 'attached', timeout: 20_000 });
      return frame;
    } catch (e) {
      if (attempt >= 3) throw e;
      await goto(page, url);
    }
  }
}

/**
 * A visitor's session in Chromium on the real desktop image: idle disconnect after a short
 * configured idle time, Reconnect, then Caster's own controls (not noVNC's): full screen, a fixed
 * resolution, the on-screen keyboard and the IME box, whose text reaches the desktop.
 */
describe('the viewer: idle disconnect, reconnect and Caster’s controls on a real desktop', () => {
  let server: RunningServer;
  let browser: Browser;
  const sessionIds = new Set<string>();

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await removeSessionContainers(sessionIds);
    await browser?.close();
    await server?.stop();
  });

  it('shows “You were idle” after the idle time, Reconnect brings the desktop back, and typed text reaches it', async () => {
    const api = apiClient(server);
    const admin = await api.adminToken();
    await api.allUsersSettings(admin, { idle_disconnect: IDLE_SECONDS, max_kasms_per_user: 0 });
    const workspaceId = await api.createWorkspace(admin, `E2E idle ${run}`, DESKTOP_IMAGE);
    const username = `idler-${run}`;
    const password = 'idler-password-123456';
    await api.createUser(admin, username, password);
    const owner = await api.login(username, password);
    const session = await api.launch(owner, workspaceId);
    sessionIds.add(session.id);
    await new Promise((r) => setTimeout(r, 2_500));

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await signIn(page, server.url, { username, password });
    const url = `${server.url}/#/session/${session.id}`;
    await goto(page, url);
    let frame = await waitForDesktop(page, url);
    await dismissTips(page);

    // No input at all: the proxy cuts the viewer, the viewer says why.
    const idle = page.getByTestId('session-idle');
    await idle.waitFor({ timeout: (IDLE_SECONDS + 15) * 1000 });
    expect(await idle.textContent()).toContain('You were idle');
    expect(await page.locator(FRAME).count()).toBe(0);

    // Long enough for the rest of the journey; a new connection reads the limit afresh.
    await api.allUsersSettings(admin, { idle_disconnect: 3_600 });
    await page.getByRole('button', { name: 'Reconnect' }).click();
    frame = await waitForDesktop(page, url);
    expect(await idle.count()).toBe(0);

    // Caster's viewer, not noVNC's: no sidebar, no "Connected (unencrypted) to …" banner, and the
    // visitor's name is nowhere in the desktop's name.
    expect(await frame.locator('#noVNC_control_bar_anchor').isVisible()).toBe(false);
    expect(await frame.locator('#noVNC_status').isVisible()).toBe(false);
    const title = await frame.locator('html').evaluate(() => document.title);
    expect(title).not.toContain(username);

    // Focus the terminal inside the desktop (X focus stays there while the dashboard's box has
    // the browser's focus).
    await page.mouse.click(300, 200);

    // The on-screen keyboard: text typed into its box, then its Enter key.
    await page.getByRole('button', { name: 'Controls' }).click();
    await page
      .getByRole('region', { name: 'On-screen keyboard' })
      .getByRole('button', { name: 'Show the on-screen keyboard' })
      .click();
    const box = page.getByTestId('typing-bar').getByRole('textbox', { name: 'Type into the session' });
    await box.waitFor();
    await box.pressSequentially('touch /tmp/osk-typed', { delay: 20 });
    await page.getByTestId('typing-bar').getByRole('button', { name: 'Enter' }).click();
    const files = async () => (await execIn(session.id, ['ls', '/tmp'])).split('\n');
    await expect.poll(files, { timeout: 15_000 }).toContain('osk-typed');
    await page.getByTestId('typing-bar').getByRole('button', { name: 'Close On-screen keyboard' }).click();

    // IME mode: committed text (here Latin-1 beyond ASCII, as a keysym the desktop maps itself).
    await page.getByRole('button', { name: 'Controls' }).click();
    // The switch's input sits under its label: operate it with the keyboard, as a user can.
    const imeSwitch = page.getByRole('region', { name: 'IME input mode' }).getByRole('switch');
    await imeSwitch.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => imeSwitch.isChecked()).toBe(true);
    // Close the drawer by its overlay (left of it, above the session).
    await page.mouse.click(100, 300);
    await page
      .getByTestId('control-panel')
      .waitFor({ state: 'hidden' })
      .catch(() => undefined);
    const imeBox = page.getByTestId('typing-bar').getByRole('textbox', { name: 'Type into the session' });
    await imeBox.waitFor();
    await imeBox.focus();
    await page.keyboard.insertText('touch /tmp/ime-café');
    await page.keyboard.press('Enter');
    await expect.poll(files, { timeout: 15_000 }).toContain('ime-café');
    await page.getByTestId('typing-bar').getByRole('button', { name: 'Close IME input' }).click();

    // Resolution: a fixed size is what the desktop becomes (noVNC's canvas is the framebuffer).
    const canvasSize = () =>
      frame
        .locator('#noVNC_container canvas')
        .evaluate((c) => `${(c as HTMLCanvasElement).width}x${(c as HTMLCanvasElement).height}`);
    await page.getByRole('button', { name: 'Controls' }).click();
    const display = page.getByRole('region', { name: 'Display' });
    await display.getByRole('combobox', { name: 'Resolution' }).click();
    await page.getByRole('option', { name: '1024 × 768 (scaled to my window)' }).click();
    await expect.poll(canvasSize, { timeout: 15_000 }).toBe('1024x768');
    await display.getByRole('combobox', { name: 'Resolution' }).click();
    await page.getByRole('option', { name: 'Fit the desktop to my window' }).click();
    await expect.poll(canvasSize, { timeout: 15_000 }).not.toBe('1024x768');

    // Full screen: the whole page (the controls stay on top), and back.
    await display.getByRole('button', { name: 'Full screen' }).click();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
    await display.getByRole('button', { name: 'Leave full screen' }).click();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(false);
    await page.close();
  }, 300_000);
});
